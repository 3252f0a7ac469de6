package ui

import "fyne.io/fyne/v2/widget"

// Busy bars are infinite progress bars shown only while slow work runs.
//
// Fyne's bar starts its animation when it is shown but hiding it does not
// stop it: the animation then runs for as long as the app does, even after
// its screen is gone, and makes the window repaint dozens of times a
// second, which costs processor time and memory for nothing. So a busy bar
// is always shown with startBusy and put away with stopBusy, which stops
// the animation first.

// newBusyBar returns a hidden, still bar.
func newBusyBar() *widget.ProgressBarInfinite {
	b := widget.NewProgressBarInfinite()
	stopBusy(b)
	return b
}

// startBusy shows the bar and runs its animation.
func startBusy(b *widget.ProgressBarInfinite) {
	b.Show()
	b.Start()
}

// stopBusy ends the animation and hides the bar.
func stopBusy(b *widget.ProgressBarInfinite) {
	b.Stop()
	b.Hide()
}
