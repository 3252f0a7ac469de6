package ui

import "fyne.io/fyne/v2/widget"

// busyBar is an infinite progress bar shown only while slow work runs.
//
// Fyne's bar starts its animation when it is shown but hiding it does not
// stop it: the animation then runs for as long as the app does, even after
// its screen is gone, and makes the window repaint a few times a second,
// which costs processor time and memory for nothing. So the bar is always
// shown with start and put away with stop, which stops the animation first.
type busyBar struct {
	*widget.ProgressBarInfinite
}

// newBusyBar returns a hidden, still bar.
func newBusyBar() busyBar {
	b := busyBar{widget.NewProgressBarInfinite()}
	b.stop()
	return b
}

// start shows the bar and runs its animation.
func (b busyBar) start() {
	b.Show()
	b.Start()
}

// stop ends the animation and hides the bar.
func (b busyBar) stop() {
	b.Stop()
	b.Hide()
}
