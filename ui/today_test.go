package ui

import (
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

func TestTodayGreetsByTimeOfDay(t *testing.T) {
	u, _ := newUnlockedUI(t)
	for hour, want := range map[int]string{2: "Still up?", 9: "Good morning.", 14: "Good afternoon.", 20: "Good evening."} {
		u.now = func() time.Time { return time.Date(2026, 11, 23, hour, 0, 0, 0, time.UTC) }
		u.showSection(secToday)
		if got := u.shell.today.greeting.Text; !strings.HasPrefix(got, want) {
			t.Errorf("at %d:00 the greeting is %q", hour, got)
		}
	}
}

func TestTodaySuggestsOneNewStepADay(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	if err := v.SetPrefs(journal.Prefs{Paths: []string{"inner-child"}}); err != nil {
		t.Fatal(err)
	}
	p := testPath(t, "inner-child")
	s := u.shell.today
	u.showSection(secToday)
	if s.suggestion.Step.ID != p.Steps[0].ID || !s.answer.Visible() {
		t.Fatalf("suggested %q, want %q", s.suggestion.Step.ID, p.Steps[0].ID)
	}
	prefs, _ := v.Prefs()
	if prefs.SuggestedOn != journal.DateOf(fixedNow) || prefs.SuggestedStep != p.Steps[0].ID {
		t.Fatalf("the day's step is not stored: %v %q", prefs.SuggestedOn, prefs.SuggestedStep)
	}
	// Answering it, then choosing another path, still brings nothing new
	// today: the same step is shown, marked as answered.
	answer(t, v, journal.DateOf(fixedNow), p, p.Steps[0])
	prefs.Paths = []string{"acceptance", "inner-child"}
	if err := v.SetPrefs(prefs); err != nil {
		t.Fatal(err)
	}
	u.showSection(secToday)
	u.showSection(secToday)
	if s.suggestion.Step.ID != p.Steps[0].ID || !s.suggestion.Done || !s.stepNote.Visible() {
		t.Fatalf("a second refresh today suggests %q (done %v)", s.suggestion.Step.ID, s.suggestion.Done)
	}
	if !strings.Contains(s.stepNote.Text, "tomorrow") {
		t.Fatalf("the note says %q", s.stepNote.Text)
	}
	u.now = func() time.Time { return fixedNow.Add(24 * time.Hour) }
	u.showSection(secToday)
	if s.suggestion.Step.ID != "acceptance-01" {
		t.Fatalf("the next day suggests %q", s.suggestion.Step.ID)
	}
}

// TestTodaySuggestsOnlyFromChosenPaths: with no path chosen Today offers
// no step, only the way to choose; letting go of the path of today's step
// takes that step away too.
func TestTodaySuggestsOnlyFromChosenPaths(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	s := u.shell.today
	u.showSection(secToday)
	if s.hasStep || s.answer.Visible() || !s.choose.Visible() || s.stepNote.Text != noPathsChosen() {
		t.Fatalf("with no path chosen Today offers %q (note %q)", s.suggestion.Step.ID, s.stepNote.Text)
	}
	if err := v.SetPrefs(journal.Prefs{Paths: []string{"origins"}}); err != nil {
		t.Fatal(err)
	}
	u.showSection(secToday)
	if s.suggestion.Path.ID != "origins" {
		t.Fatalf("Today offers a step of %q", s.suggestion.Path.ID)
	}
	prefs, _ := v.Prefs()
	prefs.Paths = []string{"therapy"}
	if err := v.SetPrefs(prefs); err != nil {
		t.Fatal(err)
	}
	u.showSection(secToday)
	if s.suggestion.Path.ID != "therapy" {
		t.Fatalf("after letting go of its path, Today still offers a step of %q", s.suggestion.Path.ID)
	}
}

func TestTodayAnswerOpensTheEditor(t *testing.T) {
	u, v := newUnlockedUI(t)
	if err := v.SetPrefs(journal.Prefs{Paths: []string{"acceptance"}}); err != nil {
		t.Fatal(err)
	}
	u.showSection(secToday)
	s := u.shell.today
	if s.suggestion.Step.Heavy {
		t.Skip("the first step of the path is heavy")
	}
	test.Tap(s.answer)
	if u.shell.current != secEditor {
		t.Fatal("answering today's step did not open the editor")
	}
}

func TestQuickCheckInFromToday(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	u.showSection(secToday)
	s := u.shell.today
	if !s.saveCheckIn.Disabled() {
		t.Fatal("an empty check-in can be saved")
	}
	test.Tap(s.safety.buttons[7])
	test.Tap(s.chips["hopeful"])
	test.Tap(s.chips["anxious"])
	test.Tap(s.chips["numb"])
	test.Tap(s.chips["numb"]) // changed their mind
	test.Tap(s.saveCheckIn)
	list, err := v.List(vault.ListQuery{Kind: journal.KindCheckIn})
	if err != nil || len(list) != 1 {
		t.Fatalf("%d check-ins stored (%v)", len(list), err)
	}
	e, err := v.Get(list[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	c := e.Fields.CheckIn
	if c == nil || c.Safety != 7 || !slices.Equal(c.Emotions, []string{"anxious", "hopeful"}) || e.Date != journal.DateOf(fixedNow) {
		t.Fatalf("stored check-in %+v on %v", c, e.Date)
	}
	if !s.saveCheckIn.Disabled() || s.chosen["hopeful"] || s.safety.value != -1 {
		t.Fatal("the check-in is not reset after saving")
	}
	if len(s.recent.Objects) != 1 || !hasText(s.recent, say.Kind(journal.KindCheckIn)) {
		t.Fatal("the new check-in is not among the recent entries")
	}
}

func TestCheckInWithoutSafetyStoresUnanswered(t *testing.T) {
	u, v := newUnlockedUI(t)
	s := u.shell.today
	test.Tap(s.chips["calm"])
	test.Tap(s.saveCheckIn)
	list, _ := v.List(vault.ListQuery{Kind: journal.KindCheckIn})
	if len(list) != 1 {
		t.Fatalf("%d check-ins", len(list))
	}
	e, _ := v.Get(list[0].ID)
	if e.Fields.CheckIn.Safety != -1 {
		t.Fatalf("an untouched slider stored safety %d", e.Fields.CheckIn.Safety)
	}
}

func TestTodayRecentAndOnThisDay(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	s := u.shell.today
	u.showSection(secToday)
	if !s.empty.Visible() || s.otd.box.Visible() {
		t.Fatal("an empty journal shows no calm empty state, or shows On This Day")
	}
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2025-11-23"), Title: "A year ago today"},
		&journal.Entry{Date: day(t, "2024-11-23"), Title: "Hidden", Tags: []string{"private"}},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Morning pages"},
	)
	if err := v.SetPrefs(journal.Prefs{HiddenTags: []string{"private"}}); err != nil {
		t.Fatal(err)
	}
	u.showSection(secToday)
	if s.empty.Visible() || len(s.recent.Objects) != 3 {
		t.Fatalf("%d recent entries", len(s.recent.Objects))
	}
	if cards := s.otd.memoryCards(); !s.otd.box.Visible() || len(cards) != 1 || cards[0].headline != "A year ago today" || cards[0].kicker != "A year ago · 2025" {
		t.Fatal("On This Day does not show the one memory it may")
	}
	s.recent.Objects[0].(*entryButton).TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if u.shell.current != secEditor || u.shell.editor.entry.Title != "Morning pages" {
		t.Fatal("a recent entry did not open")
	}
}

func TestSupportPageFromToday(t *testing.T) {
	u, _ := newUnlockedUI(t)
	s := u.shell.today
	s.support.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if s.supportPage == nil || !strings.Contains(s.supportPage.text(), "emergency services") {
		t.Fatal("the support page did not open from Today")
	}
}

func TestTodayForgetsOnLock(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2025-11-23"), Title: "PRIVATEmemory"},
		&journal.Entry{Date: day(t, "2026-11-22"), Title: "PRIVATErecent"},
	)
	u.showSection(secToday)
	s := u.shell.today
	s.clear()
	for _, secret := range []string{"PRIVATEmemory", "PRIVATErecent"} {
		if hasText(u.win.Content(), secret) {
			t.Fatalf("%q is still shown", secret)
		}
	}
}

// TestTodayRenders keeps Today as a person sees it: Lately lists entries,
// titled and untitled, of several kinds, each with its icon, headline, day
// and preview; On This Day shows its memories as cards.
func TestTodayRenders(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	if err := v.SetPrefs(journal.Prefs{Paths: []string{"acceptance"}}); err != nil {
		t.Fatal(err)
	}
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2025-11-23"), Title: "A year ago today", Body: "Snow on the roofs, and tea at the window.", Mood: 5},
		&journal.Entry{Date: day(t, "2026-11-22"), Title: "Before therapy", Kind: journal.KindTherapyNote},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Morning pages"},
		&journal.Entry{Date: day(t, "2026-11-21"), Body: "I have been carrying this around all week and I think I finally understand why it stung so much when Sam said it. The rest of the evening was quiet.", Mood: 3},
		&journal.Entry{Date: day(t, "2026-11-21"), Kind: journal.KindWordsActions, Fields: journal.Fields{WordsActions: &journal.WordsActions{Label: "Dan", Said: "I'll call on Sunday", Did: "No call"}}, Mood: 2},
	)
	s := newTodayScreen(u)
	w := test.NewTempWindow(t, s.buildUI())
	w.Resize(fyne.NewSize(800, 1100))
	s.refresh()
	w.Content().Refresh() // as the next frame lays out what refresh showed
	test.AssertRendersToMarkup(t, "today/entries.xml", w.Canvas())
}
