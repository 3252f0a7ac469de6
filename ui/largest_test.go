package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
)

// largestScale is the largest text size Settings offers.
func largestScale() float32 { return textSizes()[len(textSizes())-1].scale }

// TestSettingsRenderAtLargestText keeps the look of Settings at the
// largest text in a window on a 1280 px screen: everything inside it,
// nothing asking for more width (it once asked for 1609 px).
func TestSettingsRenderAtLargestText(t *testing.T) {
	u := unlockedUIAtScale(t, largestScale())
	u.win.Resize(fyne.NewSize(1280, 800))
	u.showSection(secSettings)
	if w := u.win.Content().MinSize().Width; w > 1280 {
		t.Fatalf("Settings at the largest text asks for %.0f px", w)
	}
	// The backups' folder is a new temporary one on every run. The label
	// is reached through its screen: walking the laid out tree would give
	// it a fresh renderer, which the window never draws.
	dir := filepath.Dir(u.sess.Dir())
	l := u.shell.settings.lastSnap
	if !strings.Contains(l.Text, dir) {
		t.Fatalf("Settings does not name the backups' folder: %q", l.Text)
	}
	l.SetText(strings.ReplaceAll(l.Text, dir, "/home/me"))
	test.AssertRendersToMarkup(t, "settings/largest.xml", u.win.Canvas())
}

// TestCheckInRenderInASmallWindow keeps the look of a new check-in in the
// whole window at 800x600, the smallest window every screen must fit.
func TestCheckInRenderInASmallWindow(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.now = func() time.Time { return time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC) }
	u.win.Resize(fyne.NewSize(800, 600))
	u.newEntry(journal.KindCheckIn)
	if w := u.win.Content().MinSize().Width; w > 800 {
		t.Fatalf("a check-in asks for %.0f px", w)
	}
	test.AssertRendersToMarkup(t, "forms/checkin-800x600.xml", u.win.Canvas())
}

// TestRecoveryKeyDialogFitsTheSmallestWindow shows a new recovery key at
// the largest text in an 800x600 window: the confirmation and Done are in
// view without scrolling, and the key's name is said once, in the title.
func TestRecoveryKeyDialogFitsTheSmallestWindow(t *testing.T) {
	u := unlockedUIAtScale(t, largestScale())
	u.win.Resize(fyne.NewSize(800, 600))
	rk, err := u.vault().RegenerateRecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	ks := u.showKeyDialog(rk, nil)
	top := u.win.Canvas().Overlays().Top()
	if top == nil {
		t.Fatal("no dialog shown")
	}
	room := u.win.Canvas().Size()
	d := fyne.CurrentApp().Driver()
	for _, o := range []fyne.CanvasObject{ks.stored, ks.done} {
		at := d.AbsolutePositionForObject(o)
		if !o.Visible() || at.Y < 0 || at.Y+o.Size().Height > room.Height || at.X+o.Size().Width > room.Width || o.Size().Height == 0 {
			t.Errorf("%T at %v, %v: out of the %v window", o, at, o.Size(), room)
		}
	}
	for _, o := range test.LaidOutObjects(top) {
		if l, ok := o.(*widget.Label); ok && l.Text == "Your recovery key" {
			t.Error("the dialog repeats its title as a heading")
		}
		if sc, ok := o.(*container.Scroll); ok {
			for _, in := range test.LaidOutObjects(sc.Content) {
				if in == ks.done || in == ks.stored {
					t.Errorf("%T scrolls with the key", in)
				}
			}
		}
	}
	ks.stored.SetChecked(true)
	test.Tap(ks.done)
	if u.win.Canvas().Overlays().Top() != nil {
		t.Error("Done did not close the dialog")
	}
}
