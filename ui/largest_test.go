package ui

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

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
