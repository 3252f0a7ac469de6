package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tend/journal"
)

// seedMemories gives the journal two memories of 23 November and one entry
// of another day.
func seedMemories(t *testing.T, u *UI) {
	t.Helper()
	u.now = func() time.Time { return fixedNow } // 23 November 2026
	seedJournal(t, u.vault(),
		&journal.Entry{Date: day(t, "2025-11-23"), Body: "Snow on the roofs.\nI stood at the window with my tea.", Mood: 5},
		&journal.Entry{Date: day(t, "2024-11-23"), Kind: journal.KindCheckIn, Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: 3, Emotions: []string{"lonely"}}}},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Not a memory"},
	)
}

func setMemories(t *testing.T, u *UI, m journal.Memories) {
	t.Helper()
	p, err := u.vault().Prefs()
	if err == nil {
		p.OnThisDay = m
		err = u.vault().SetPrefs(p)
	}
	if err != nil {
		t.Fatal(err)
	}
}

func cardHeadlines(m *memoriesView) []string {
	var out []string
	for _, c := range m.memoryCards() {
		out = append(out, c.kicker+" | "+c.headline+" | "+c.preview)
	}
	return out
}

// TestOnThisDayShown: by default memories are shown, each as a card with
// when, its headline and preview, on Today and beside the journal.
func TestOnThisDayShown(t *testing.T) {
	u, _ := newUnlockedUI(t)
	seedMemories(t, u)
	want := "A year ago · 2025 | Snow on the roofs. | I stood at the window with my tea.|2 years ago · 2024 | Check-in: safety 3, lonely | "
	u.showSection(secToday)
	today := u.shell.today.otd
	if got := strings.Join(cardHeadlines(today), "|"); !today.box.Visible() || today.ask.Visible() || got != want {
		t.Fatalf("Today's memories: %q", got)
	}
	if c := today.memoryCards()[0]; !c.card || c.mood != 5 || c.kind != journal.KindFree {
		t.Fatalf("a card shows %+v", c)
	}
	u.showSection(secJournal)
	side := u.shell.timeline.otd
	if got := strings.Join(cardHeadlines(side), "|"); !side.box.Visible() || got != want {
		t.Fatalf("the journal's memories: %q", got)
	}
	// A card opens its entry.
	test.Tap(side.memoryCards()[0])
	if u.shell.current != secEditor || u.shell.editor.entry.Date != day(t, "2025-11-23") {
		t.Fatal("tapping a memory did not open it")
	}
}

// TestOnThisDayAsksFirst: asked to ask first, On This Day says there are
// memories and shows none until the person says yes; the yes holds until
// the journal locks.
func TestOnThisDayAsksFirst(t *testing.T) {
	u, _ := newUnlockedUI(t)
	seedMemories(t, u)
	setMemories(t, u, journal.MemoriesAsk)
	u.showSection(secToday)
	m := u.shell.today.otd
	if !m.box.Visible() || !m.ask.Visible() || m.cards.Visible() || len(m.memoryCards()) != 0 {
		t.Fatal("On This Day did not ask first")
	}
	if !hasText(m.box, askMemories()) {
		t.Fatal("the ask is not said")
	}
	for _, secret := range []string{"Snow on the roofs", "lonely"} {
		if hasText(m.box, secret) {
			t.Fatalf("%q shows before the person said yes", secret)
		}
	}
	test.Tap(m.show)
	if m.ask.Visible() || !m.cards.Visible() || len(m.memoryCards()) != 2 {
		t.Fatal("Show them did not show the memories")
	}
	// Coming back to Today does not ask again.
	u.showSection(secJournal)
	u.showSection(secToday)
	if m.ask.Visible() || len(m.memoryCards()) != 2 {
		t.Fatal("asked again after a yes")
	}
	// The journal's On This Day asks for itself.
	u.showSection(secJournal)
	if side := u.shell.timeline.otd; !side.ask.Visible() || len(side.memoryCards()) != 0 {
		t.Fatal("the journal's On This Day did not ask")
	}
	// Locking forgets the yes.
	m.clear()
	u.showSection(secToday)
	if !m.ask.Visible() || len(m.memoryCards()) != 0 {
		t.Fatal("a yes survived clearing")
	}
}

// TestOnThisDayOff: turned off, On This Day shows nothing, not even that
// there are memories; and a day with no memories never asks.
func TestOnThisDayOff(t *testing.T) {
	u, _ := newUnlockedUI(t)
	seedMemories(t, u)
	setMemories(t, u, journal.MemoriesOff)
	u.showSection(secToday)
	if m := u.shell.today.otd; m.box.Visible() || len(m.memoryCards()) != 0 {
		t.Fatal("Today shows memories that were turned off")
	}
	u.showSection(secJournal)
	if m := u.shell.timeline.otd; m.box.Visible() || len(m.memoryCards()) != 0 {
		t.Fatal("the journal shows memories that were turned off")
	}
	setMemories(t, u, journal.MemoriesAsk)
	u.now = func() time.Time { return fixedNow.AddDate(0, 0, 2) } // nothing then
	u.showSection(secToday)
	if u.shell.today.otd.box.Visible() {
		t.Fatal("asked about memories on a day that has none")
	}
}

// TestSettingsOnThisDayChoice: the choice in Settings is kept sealed in
// the journal's preferences, never in the app's plain preferences.
func TestSettingsOnThisDayChoice(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.showSection(secSettings)
	st := u.shell.settings
	if st.memories.Selected != "Show them" {
		t.Fatalf("the default shows %q", st.memories.Selected)
	}
	for _, c := range memoryChoices() {
		st.memories.SetSelected(c.label)
		if p, err := v.Prefs(); err != nil || p.OnThisDay != c.value {
			t.Fatalf("%q stored as %q (%v)", c.label, p.OnThisDay, err)
		}
	}
	st.memories.SetSelected("Ask me first")
	// Showing Settings again shows what is stored.
	u.showSection(secToday)
	u.showSection(secSettings)
	if st.memories.Selected != "Ask me first" {
		t.Fatalf("Settings shows %q", st.memories.Selected)
	}
	for _, k := range []string{"on_this_day", "onthisday", "memories"} {
		if u.app.Preferences().String(k) != "" {
			t.Fatal("the choice reached the plain preferences")
		}
	}
	st.clear()
	if st.memories.Selected != "" {
		t.Fatal("Settings still shows the journal's choice after locking")
	}
}
