package ui

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/assets"
	"tend/journal"
	"tend/vault"
)

// testPath returns a guided path by id.
func testPath(t *testing.T, id string) assets.Path {
	t.Helper()
	p, ok := assets.PathByID(id)
	if !ok {
		t.Fatalf("no path %q", id)
	}
	return p
}

// answer stores an entry that answers a step, as the editor would.
func answer(t *testing.T, v *vault.Vault, date journal.Date, p assets.Path, st assets.Step) {
	t.Helper()
	e := &journal.Entry{Kind: journal.KindPrompted, Date: date, Body: "An answer.", Prompt: &journal.PromptRef{Path: p.ID, Step: st.ID, Text: st.Prompt}}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
}

func TestChoosingAPathStoresIt(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.showSection(secPaths)
	s := u.shell.paths
	test.Tap(s.follow["inner-child"])
	test.Tap(s.follow["origins"])
	prefs, err := v.Prefs()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(prefs.Paths, []string{"inner-child", "origins"}) {
		t.Fatalf("chosen paths %q, want them in the order chosen", prefs.Paths)
	}
	test.Tap(s.follow["inner-child"])
	if prefs, _ = v.Prefs(); !slices.Equal(prefs.Paths, []string{"origins"}) {
		t.Fatalf("after unchoosing, paths %q", prefs.Paths)
	}
	// The choice is shown again after the screen is left and reopened.
	u.showSection(secToday)
	u.showSection(secPaths)
	if !s.follow["origins"].Checked || s.follow["inner-child"].Checked {
		t.Fatal("the checks do not show the stored choice")
	}
}

func TestPathsShowEveryStepWithItsWhy(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showSection(secPaths)
	s := u.shell.paths
	ps, err := assets.Paths()
	if err != nil {
		t.Fatal(err)
	}
	if len(s.acc.Items) != len(ps) {
		t.Fatalf("%d paths shown, want %d", len(s.acc.Items), len(ps))
	}
	p := ps[0]
	s.acc.Open(0)
	for _, want := range []string{p.Intro, p.Steps[0].Prompt, p.Steps[0].Why, p.Steps[len(p.Steps)-1].Why} {
		if !hasText(u.win.Content(), want) {
			t.Errorf("the first path does not show %q", want)
		}
	}
	for _, bad := range []string{"streak", "you're behind", "you missed"} {
		if hasText(u.win.Content(), bad) {
			t.Errorf("the Paths screen says %q", bad)
		}
	}
}

func TestAnsweringAStepMarksItDoneAndMovesOnTomorrow(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	p := testPath(t, "acceptance")
	u.showSection(secPaths)
	test.Tap(u.shell.paths.follow[p.ID])

	u.showSection(secToday)
	today := u.shell.today
	if today.suggestion.Step.ID != p.Steps[0].ID {
		t.Fatalf("suggested %q, want the first step", today.suggestion.Step.ID)
	}
	answer(t, v, journal.DateOf(fixedNow), p, p.Steps[0])

	u.showSection(secPaths)
	rows := u.shell.paths.steps
	if !rows[p.Steps[0].ID].done || rows[p.Steps[1].ID].done {
		t.Fatal("the answered step is not marked done, or another one is")
	}
	if !rows[p.Steps[0].ID].today {
		t.Fatal("today's step is not marked in Paths")
	}

	u.showSection(secToday)
	if today.suggestion.Step.ID != p.Steps[0].ID || !today.stepNote.Visible() {
		t.Fatal("a second new step was offered the same day")
	}
	u.now = func() time.Time { return fixedNow.Add(24 * time.Hour) }
	u.showSection(secToday)
	if today.suggestion.Step.ID != p.Steps[1].ID {
		t.Fatalf("the next day suggests %q, want the second step", today.suggestion.Step.ID)
	}
	// A step in the trash no longer counts as answered.
	list, _ := v.List(vault.ListQuery{})
	if err := v.Delete(list[0].ID); err != nil {
		t.Fatal(err)
	}
	u.showSection(secPaths)
	if rows[p.Steps[0].ID].done {
		t.Fatal("a step answered only by an entry in the trash shows as done")
	}
}

func TestHeavyStepOffersAPause(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showSection(secPaths)
	s := u.shell.paths
	var heavy *stepRow
	for _, p := range s.paths {
		for _, st := range p.Steps {
			if st.Heavy {
				heavy = s.steps[st.ID]
				break
			}
		}
		if heavy != nil {
			break
		}
	}
	if heavy == nil {
		t.Skip("no heavy step in the paths")
	}
	test.Tap(heavy.pick)
	test.Tap(heavy.view.answer)
	g := s.grounding
	if g == nil || !g.then.Visible() || u.shell.current != secPaths {
		t.Fatal("a heavy step opened without offering a pause")
	}
	test.Tap(g.then)
	if u.shell.current != secEditor {
		t.Fatal("going on from the pause did not open the editor")
	}
}

func TestGroundingStepsThroughItsCounts(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showSection(secPaths)
	s := u.shell.paths
	test.Tap(s.views["acceptance"].ground)
	g := s.grounding
	if g == nil || g.then.Visible() {
		t.Fatal("Pause and ground did not open, or offers to write")
	}
	b := g.ex.Breathing
	g.begin() // as Start does, without the ticker
	var seen []string
	for range b.Rounds * (b.In + b.Out) {
		seen = append(seen, g.count.Text)
		g.step()
	}
	want := []string{"Breathe in… 4", "Breathe in… 3", "Breathe in… 2", "Breathe in… 1", "Breathe out… 6", "Breathe out… 5"}
	if b.In == 4 && b.Out == 6 && !slices.Equal(seen[:6], want) {
		t.Fatalf("the count goes %q", seen[:6])
	}
	if n := strings.Count(strings.Join(seen, "|"), "Breathe in… 1"); n != b.Rounds {
		t.Fatalf("%d breaths in, want %d", n, b.Rounds)
	}
	if g.count.Text != "Well done." || g.rounds.Text != b.Closing {
		t.Fatalf("after the last round: %q, %q", g.count.Text, g.rounds.Text)
	}

	for i := 1; i < len(g.ex.Senses.Steps); i++ {
		test.Tap(g.nextSense)
		if g.sense.Text != g.ex.Senses.Steps[i] {
			t.Fatalf("senses step %d shows %q", i, g.sense.Text)
		}
	}
	test.Tap(g.nextSense)
	if g.sense.Text != g.ex.Senses.Closing {
		t.Fatalf("after the senses: %q", g.sense.Text)
	}
	test.Tap(g.back)
	if u.shell.current != secPaths {
		t.Fatal("leaving the pause did not lead back")
	}
}

func TestGroundingStopHaltsTheCount(t *testing.T) {
	u, _ := newUnlockedUI(t)
	g := u.showGrounding(nil)
	test.Tap(g.start)
	if g.stop == nil || g.start.Text != "Stop" {
		t.Fatal("Start did not start the count")
	}
	test.Tap(g.start)
	if g.stop != nil || g.start.Text != "Start" {
		t.Fatal("Stop did not stop the count")
	}
}

func TestSupportPageFromPaths(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showSection(secPaths)
	s := u.shell.paths
	s.support.TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	p := s.supportPage
	if p == nil {
		t.Fatal("no support page")
	}
	text := p.text()
	for _, want := range []string{"not therapy", "therapist or counsellor", "emergency services"} {
		if !strings.Contains(text, want) {
			t.Errorf("the support page does not say %q", want)
		}
	}
	if strings.Contains(text, "http") || strings.Contains(text, "www.") {
		t.Error("the support page holds a link")
	}
}

func TestPathsForgetOnLock(t *testing.T) {
	u, v := newUnlockedUI(t)
	p := testPath(t, "acceptance")
	answer(t, v, journal.Today(), p, p.Steps[0])
	u.showSection(secPaths)
	s := u.shell.paths
	test.Tap(s.follow[p.ID])
	s.clear()
	if s.follow[p.ID].Checked || s.steps[p.Steps[0].ID].done || s.steps[p.Steps[0].ID].state.Visible() {
		t.Fatal("the choice or progress survives clear")
	}
	if prefs, _ := v.Prefs(); !slices.Equal(prefs.Paths, []string{p.ID}) {
		t.Fatalf("clearing the screen changed the stored choice: %q", prefs.Paths)
	}
}

func TestPathsRenders(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	if err := v.SetPrefs(journal.Prefs{Paths: []string{"acceptance"}, SuggestedOn: journal.DateOf(fixedNow), SuggestedStep: "acceptance-02"}); err != nil {
		t.Fatal(err)
	}
	p := testPath(t, "acceptance")
	answer(t, v, day(t, "2026-11-22"), p, p.Steps[0])
	s := newPathsScreen(u.pathsDeps())
	w := test.NewTempWindow(t, s.buildUI())
	w.Resize(fyne.NewSize(800, 600))
	s.refresh()
	test.AssertRendersToMarkup(t, "paths/acceptance.xml", w.Canvas())
}

// hasText reports whether o shows s anywhere in its laid-out text.
func hasText(o fyne.CanvasObject, s string) bool {
	for _, obj := range test.LaidOutObjects(o) {
		if strings.Contains(textOf(obj), s) {
			return true
		}
	}
	return false
}

// textOf is the text an object shows, if it shows any.
func textOf(o fyne.CanvasObject) string {
	switch w := o.(type) {
	case *canvas.Text:
		return w.Text
	case *widget.Label:
		return w.Text
	case *widget.Button:
		return w.Text
	case *widget.Hyperlink:
		return w.Text
	case *widget.Check:
		return w.Text
	case *entryRow:
		return w.kicker + "\n" + w.headline + "\n" + w.meta + "\n" + w.preview
	case *entryButton:
		return w.kicker + "\n" + w.headline + "\n" + w.meta + "\n" + w.preview
	}
	return ""
}

// TestGroundingIsOneKeystrokeAway: Pause and ground is a menu item with
// Ctrl+G (menu shortcuts fire even while a text field has the keyboard),
// on the unlock screen, in the journal and in the editor alike.
func TestGroundingIsOneKeystrokeAway(t *testing.T) {
	u, _ := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	check := func(where string) {
		t.Helper()
		it := menuItem(t, u, "Pause and ground")
		sc, ok := it.Shortcut.(*desktop.CustomShortcut)
		if !ok || sc.KeyName != fyne.KeyG || sc.Modifier != fyne.KeyModifierShortcutDefault {
			t.Fatalf("%s: Pause and ground has the shortcut %v", where, it.Shortcut)
		}
		before := len(u.win.Canvas().Overlays().List())
		it.Action()
		if len(u.win.Canvas().Overlays().List()) != before+1 {
			t.Fatalf("%s: Pause and ground did not open", where)
		}
		u.win.Canvas().Overlays().Top().Hide()
		u.win.Canvas().Overlays().Remove(u.win.Canvas().Overlays().Top())
	}
	check("first run")
	createVault(t, u)
	check("the journal")
	u.newEntry(journal.KindFree)
	check("the editor")
	u.lock()
	check("the lock screen")
}

// TestGroundingShowsOneExerciseAtATime: the breathing and the senses were
// shown together; now one shows, and choosing the senses stops the count.
func TestGroundingShowsOneExerciseAtATime(t *testing.T) {
	u, _ := newUnlockedUI(t)
	g := u.showGrounding(nil)
	if !g.breathing.Visible() || g.senses.Visible() {
		t.Fatal("the dialog does not open on the breathing alone")
	}
	test.Tap(g.start)
	test.Tap(g.sensesBtn)
	if g.breathing.Visible() || !g.senses.Visible() {
		t.Fatal("choosing the senses did not show them alone")
	}
	if g.stop != nil || g.pacer.anim != nil {
		t.Fatal("the breathing count went on out of sight")
	}
	test.Tap(g.breatheBtn)
	if !g.breathing.Visible() || g.senses.Visible() {
		t.Fatal("choosing the breathing did not show it alone")
	}
	g.close()
}

// TestBreathPacerMovesOrHoldsStill: the circle grows with each breath in
// and shrinks with each breath out; with less motion chosen it changes
// size only between breaths, and nothing animates once the count stops.
func TestBreathPacerMovesOrHoldsStill(t *testing.T) {
	u, _ := newUnlockedUI(t)
	g := u.showGrounding(nil)
	g.begin()
	if g.pacer.anim == nil {
		t.Fatal("breathing in does not move the circle")
	}
	g.halt()
	if g.pacer.anim != nil || g.pacer.scale != 0 {
		t.Fatal("the circle still moves after the count stopped")
	}
	g.close()

	u.settings.SetReduceMotion(true)
	g = u.showGrounding(nil)
	g.begin()
	if g.pacer.anim != nil || g.pacer.scale != 1 {
		t.Fatalf("with less motion the circle animates (%v) or is not full (%v)", g.pacer.anim != nil, g.pacer.scale)
	}
	for range g.ex.Breathing.In {
		g.step()
	}
	if g.phase != breathOut || g.pacer.anim != nil || g.pacer.scale != 0 {
		t.Fatalf("breathing out with less motion: phase %v, animating %v, scale %v", g.phase, g.pacer.anim != nil, g.pacer.scale)
	}
	g.close()
}

// TestAPathShowsWhereThePersonIs: each step is marked answered, next or
// ahead, the path says how far along it the person is, and its two
// actions sit once, under the step offered, moving to any step picked.
func TestAPathShowsWhereThePersonIs(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	p := testPath(t, "origins")
	answer(t, v, journal.DateOf(fixedNow), p, p.Steps[0])
	u.showSection(secPaths)
	s := u.shell.paths
	pv := s.views[p.ID]
	first, second, third := pv.rows[0], pv.rows[1], pv.rows[2]
	if !first.done || first.state.Text != "Answered" || !second.next || second.state.Text != "Next" || third.state.Visible() {
		t.Fatalf("marks: %q, %q, %q", first.state.Text, second.state.Text, third.state.Text)
	}
	if want := fmt.Sprintf("You have answered 1 of %d steps. Next is step 2.", len(p.Steps)); pv.progress.Text != want {
		t.Fatalf("the path says %q", pv.progress.Text)
	}
	// The actions, once, under the next step.
	holders := 0
	for _, r := range pv.rows {
		if len(r.slot.Objects) > 0 {
			holders++
		}
	}
	if holders != 1 || len(second.slot.Objects) != 1 {
		t.Fatalf("the actions sit under %d steps, and under the next one: %v", holders, len(second.slot.Objects) == 1)
	}
	// Picking a step moves them there, and Write about this answers it.
	test.Tap(third.pick)
	if len(third.slot.Objects) != 1 || len(second.slot.Objects) != 0 {
		t.Fatal("picking a step did not move the actions to it")
	}
	u.showSection(secPaths) // a refresh keeps the person's pick
	if pv.chosen != third {
		t.Fatal("a refresh forgot the step picked")
	}
	if third.step.Heavy {
		return
	}
	test.Tap(pv.answer)
	ed := u.shell.editor
	if u.shell.current != secEditor || ed.entry.Prompt == nil || ed.entry.Prompt.Step != third.step.ID {
		t.Fatal("Write about this did not answer the step picked")
	}
	// An answered step offers to write more.
	test.Tap(first.pick)
	if pv.answer.Text != "Write more" {
		t.Fatalf("an answered step offers %q", pv.answer.Text)
	}
}
