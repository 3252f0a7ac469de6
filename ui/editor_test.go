package ui

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/vault"
)

// newEditor returns an unlocked UI showing a new, empty free entry.
func newEditor(t *testing.T) (*UI, *vault.Vault, *editorScreen) {
	t.Helper()
	u, v := newUnlockedUI(t)
	u.newEntry(journal.KindFree)
	return u, v, u.shell.editor
}

// saveEntry stores an entry directly, as if written earlier.
func saveEntry(t *testing.T, v *vault.Vault, e *journal.Entry) journal.ID {
	t.Helper()
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	return e.ID
}

// getEntry reads an entry back from the vault.
func getEntry(t *testing.T, v *vault.Vault, id journal.ID) *journal.Entry {
	t.Helper()
	e, err := v.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// typeAtEnd types after the text already in an entry, where a person
// would click to carry on.
func typeAtEnd(e *field, s string) {
	lines := strings.Split(e.Text, "\n")
	e.CursorRow = len(lines) - 1
	e.CursorColumn = len([]rune(lines[len(lines)-1]))
	test.Type(e, s)
}

// pressEnter submits a single-line field.
func pressEnter(e *widget.Entry) { e.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn}) }

func TestEditorNewEntryAutosaves(t *testing.T) {
	u, v, ed := newEditor(t)
	if ed.autosaveDelay != 0 {
		t.Fatal("headless tests must not start autosave timers")
	}
	test.Type(ed.title, "Morning pages")
	test.Type(ed.body, "I slept well and woke up calm.")
	test.Type(ed.tags.input, "calm, Hope")
	pressEnter(&ed.tags.input.Entry)
	test.Type(ed.tags.input, "calm")
	pressEnter(&ed.tags.input.Entry) // the same tag twice is kept once
	ed.mood.SetSelected("Good")
	if ed.status.Text != "" {
		t.Fatalf("status %q before anything was saved", ed.status.Text)
	}
	if list, _ := v.List(vault.ListQuery{}); len(list) != 0 {
		t.Fatal("saved before the pause")
	}

	ed.autosaveNow()
	if ed.status.Text != "Saved" || ed.dirty {
		t.Fatalf("after autosave: status %q, dirty %v", ed.status.Text, ed.dirty)
	}
	list, _ := v.List(vault.ListQuery{})
	if len(list) != 1 {
		t.Fatalf("vault holds %d entries", len(list))
	}
	e := getEntry(t, v, list[0].ID)
	if e.Title != "Morning pages" || e.Body != "I slept well and woke up calm." || e.Mood != 4 ||
		strings.Join(e.Tags, ",") != "calm,Hope" || e.Date != journal.DateOf(u.now()) || e.Kind != journal.KindFree {
		t.Fatalf("saved %+v", e)
	}

	// More typing saves the same entry again, not a second one.
	test.Type(ed.body, " Then rain.")
	ed.autosaveNow()
	if list, _ := v.List(vault.ListQuery{}); len(list) != 1 {
		t.Fatalf("a second save made %d entries", len(list))
	}
	if e := getEntry(t, v, e.ID); e.Body != "I slept well and woke up calm. Then rain." || e.Rev != 2 {
		t.Fatalf("second save: %q rev %d", e.Body, e.Rev)
	}
}

func TestEditorEmptyEntryIsNotSaved(t *testing.T) {
	u, v, ed := newEditor(t)
	test.Type(ed.body, "x")
	ed.body.SetText("")
	u.showSection(secJournal)
	if list, _ := v.List(vault.ListQuery{}); len(list) != 0 {
		t.Fatal("an empty page was saved as an entry")
	}
}

func TestEditorEditsExistingEntry(t *testing.T) {
	u, v := newUnlockedUI(t)
	day := journal.Date{Year: 2025, Month: time.March, Day: 9}
	id := saveEntry(t, v, &journal.Entry{Title: "Old", Body: "Before.", Tags: []string{"family"}, Mood: 2, Date: day})
	created := getEntry(t, v, id).Created
	u.openEntry(id)
	ed := u.shell.editor
	if ed.title.Text != "Old" || ed.body.Text != "Before." || ed.date.Text != "2025-03-09" ||
		ed.mood.Selected != "Low" || strings.Join(ed.tags.Tags(), ",") != "family" {
		t.Fatalf("editor shows %q %q %q %q %v", ed.title.Text, ed.body.Text, ed.date.Text, ed.mood.Selected, ed.tags.Tags())
	}
	if ed.dirty || ed.status.Text != "" {
		t.Fatal("opening an entry counted as an edit")
	}
	test.Tap(ed.tags.chips["family"])
	typeAtEnd(ed.body, " And after.")
	ed.date.SetText("2025-03-10")
	u.showSection(secJournal) // leaving saves
	e := getEntry(t, v, id)
	if e.Body != "Before. And after." || len(e.Tags) != 0 || e.Date.Day != 10 || e.Rev != 2 || !e.Created.Equal(created) {
		t.Fatalf("after the edit: %+v", e)
	}
}

func TestEditorDateNeedsADay(t *testing.T) {
	u, v, ed := newEditor(t)
	test.Type(ed.body, "Words.")
	ed.date.SetText("next tuesday")
	if !ed.dateNote.Visible() || !strings.Contains(ed.dateNote.Text, "like") {
		t.Fatalf("no gentle note for a date that isn't one: %q", ed.dateNote.Text)
	}
	if err := ed.flush(); err != nil {
		t.Fatal(err)
	}
	if e := getEntry(t, v, ed.entry.ID); e.Date != journal.DateOf(u.now()) {
		t.Fatalf("a half-typed date moved the entry to %v", e.Date)
	}
	ed.date.SetText("2024-02-29")
	if ed.dateNote.Visible() {
		t.Fatal("the note stays after a good date")
	}
	_ = ed.flush()
	if e := getEntry(t, v, ed.entry.ID); e.Date.String() != "2024-02-29" {
		t.Fatalf("date saved as %v", e.Date)
	}
	// Half-typing the next day keeps the last good one, not the first.
	ed.date.SetText("2024-03")
	test.Type(ed.body, "More.")
	_ = ed.flush()
	if e := getEntry(t, v, ed.entry.ID); e.Date.String() != "2024-02-29" || !strings.Contains(ed.dateNote.Text, "29 February 2024") {
		t.Fatalf("date saved as %v; note %q", e.Date, ed.dateNote.Text)
	}
}

func TestEditorMoodCanBeTakenAway(t *testing.T) {
	_, v, ed := newEditor(t)
	test.Type(ed.body, "Words.")
	ed.mood.SetSelected("Very low")
	_ = ed.flush()
	ed.mood.SetSelected(moodNone())
	if ed.mood.Selected != "" {
		t.Fatalf("mood menu shows %q after No mood", ed.mood.Selected)
	}
	if err := ed.flush(); err != nil {
		t.Fatal(err)
	}
	if e := getEntry(t, v, ed.entry.ID); e.Mood != 0 {
		t.Fatalf("mood %d after taking it away", e.Mood)
	}
}

func TestEditorSaveFailureKeepsWords(t *testing.T) {
	u, _, ed := newEditor(t)
	test.Type(ed.body, "Words that must not be lost.")
	if err := u.sess.Lock(); err != nil {
		t.Fatal(err)
	}
	ed.autosaveNow()
	if !strings.HasPrefix(ed.status.Text, "Not saved yet") || !strings.Contains(ed.status.Text, "still here") {
		t.Fatalf("status %q after a failed save", ed.status.Text)
	}
	if ed.body.Text != "Words that must not be lost." || !ed.dirty {
		t.Fatal("a failed save lost the words")
	}
	// Leaving is refused rather than losing them.
	u.showSection(secJournal)
	if u.shell.current != secEditor || ed.body.Text == "" {
		t.Fatal("left the editor with unsaved words")
	}
}

func TestEditorDeleteAndUndo(t *testing.T) {
	u, v, ed := newEditor(t)
	test.Type(ed.body, "Something I may regret writing.")
	test.Tap(ed.deleteBtn)
	trash, _ := v.List(vault.ListQuery{Trash: true})
	if len(trash) != 1 {
		t.Fatalf("%d entries in the trash after Delete", len(trash))
	}
	id := trash[0].ID
	if u.shell.current != secJournal {
		t.Fatalf("after Delete the window shows %s", u.shell.current)
	}
	if ed.entry != nil || ed.body.Text != "" {
		t.Fatal("the editor still holds the deleted entry")
	}
	if !u.shell.toastBar.Visible() || !u.shell.toastUndo.Visible() {
		t.Fatal("no Undo offered after Delete")
	}
	test.Tap(u.shell.toastUndo)
	if e := getEntry(t, v, id); e.InTrash() {
		t.Fatal("Undo left the entry in the trash")
	}
	if u.shell.current != secEditor || ed.entry == nil || ed.entry.ID != id || ed.body.Text != "Something I may regret writing." {
		t.Fatal("Undo did not bring the entry back into the editor")
	}
}

func TestEditorDeleteNewEmptyPage(t *testing.T) {
	u, v, ed := newEditor(t)
	test.Tap(ed.deleteBtn)
	if u.shell.current != secJournal || u.shell.toastBar.Visible() {
		t.Fatal("deleting an empty page should just go back to the journal")
	}
	if trash, _ := v.List(vault.ListQuery{Trash: true}); len(trash) != 0 {
		t.Fatal("an empty page went to the trash")
	}
}

func TestEditorHistoryRestore(t *testing.T) {
	u, v, ed := newEditor(t)
	if !ed.historyBtn.Disabled() {
		t.Fatal("History is offered for a page never saved")
	}
	test.Type(ed.title, "Draft")
	test.Type(ed.body, "First words.")
	ed.mood.SetSelected("Low")
	ed.autosaveNow()
	ed.title.SetText("Final")
	ed.body.SetText("Second words.")
	ed.mood.SetSelected("Good")
	ed.autosaveNow()
	if ed.historyBtn.Disabled() {
		t.Fatal("History is not offered after a second save")
	}
	id := ed.entry.ID

	test.Tap(ed.historyBtn)
	h := ed.history
	if h == nil || len(h.versions) != 1 {
		t.Fatalf("history shows %v", h)
	}
	if h.title.Text != "Draft" || !strings.Contains(richText(h.body), "First words.") || !strings.Contains(h.meta.Text, "feeling low") {
		t.Fatalf("history preview: %q %q %q", h.title.Text, richText(h.body), h.meta.Text)
	}
	test.Tap(h.restore)
	if ed.history != nil {
		t.Fatal("the history stays open after restoring")
	}
	if ed.title.Text != "Draft" || ed.body.Text != "First words." || ed.mood.Selected != "Low" || ed.status.Text != "Saved" {
		t.Fatalf("editor after restore: %q %q %q %q", ed.title.Text, ed.body.Text, ed.mood.Selected, ed.status.Text)
	}
	if e := getEntry(t, v, id); e.Body != "First words." || e.Title != "Draft" || e.Mood != 2 {
		t.Fatalf("vault after restore: %+v", e)
	}
	// What restoring replaced is itself in the history.
	hist, err := v.History(id)
	if err != nil || len(hist) == 0 || hist[0].Body != "Second words." {
		t.Fatalf("history after restore: %v %v", hist, err)
	}
	if !u.shell.toastBar.Visible() {
		t.Fatal("restoring said nothing")
	}
}

func TestEditorHistoryForgottenOnLock(t *testing.T) {
	u, _, ed := newEditor(t)
	test.Type(ed.body, "SECRETHISTq7 one.")
	ed.autosaveNow()
	test.Type(ed.body, " two.")
	test.Tap(ed.historyBtn)
	if ed.history == nil {
		t.Fatal("no history")
	}
	h := ed.history
	u.lock()
	u.wait()
	if ed.history != nil || len(h.versions) != 0 || richText(h.body) != "" {
		t.Fatal("the history dialog still holds writing after lock")
	}
	for _, o := range u.win.Canvas().Overlays().List() {
		assertNoText(t, o, "SECRETHISTq7")
	}
}

func TestEditorWordCount(t *testing.T) {
	_, _, ed := newEditor(t)
	if ed.words.Text != "0 words" {
		t.Fatalf("empty page: %q", ed.words.Text)
	}
	test.Type(ed.body, "Breathe")
	if ed.words.Text != "1 word" {
		t.Fatalf("one word: %q", ed.words.Text)
	}
	test.Type(ed.body, " in, and out. It's okay.")
	if ed.words.Text != "6 words" {
		t.Fatalf("six words: %q", ed.words.Text)
	}
}

func TestEditorKeepsStructuredFields(t *testing.T) {
	u, v := newUnlockedUI(t)
	ci := &journal.CheckIn{Safety: 6, Emotions: []string{"tender", "hopeful"}, Attachment: journal.AttachAnxious, BodyNotes: "tight chest"}
	id := saveEntry(t, v, &journal.Entry{Kind: journal.KindCheckIn, Body: "Evening check-in.", Fields: journal.Fields{CheckIn: ci}})
	u.openEntry(id)
	ed := u.shell.editor
	if !ed.kind.Visible() || ed.kind.Text != "Check-in" {
		t.Fatalf("kind shown as %q", ed.kind.Text)
	}
	if ed.words.Text != "7 words" { // three in the body, four in the form
		t.Fatalf("word count %q", ed.words.Text)
	}
	typeAtEnd(ed.body, " Calmer now.")
	if err := ed.flush(); err != nil {
		t.Fatal(err)
	}
	e := getEntry(t, v, id)
	got := e.Fields.CheckIn
	if e.Kind != journal.KindCheckIn || got == nil || got.Safety != 6 || strings.Join(got.Emotions, ",") != "tender,hopeful" ||
		got.Attachment != journal.AttachAnxious || got.BodyNotes != "tight chest" || e.Body != "Evening check-in. Calmer now." {
		t.Fatalf("after an edit: %+v, check-in %+v", e, got)
	}
}

func TestEditorTitleLeadsToBody(t *testing.T) {
	u, _, ed := newEditor(t)
	c := u.win.Canvas()
	c.Focus(ed.title)
	c.FocusNext()
	if c.Focused() != ed.body {
		t.Fatalf("Tab from the title goes to %T", c.Focused())
	}
	c.Focus(ed.title)
	pressEnter(ed.title)
	if c.Focused() != ed.body {
		t.Fatalf("Enter in the title goes to %T", c.Focused())
	}
}

func TestEditorRender(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.now = func() time.Time { return time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC) }
	ed := newEditorScreen(u)
	ed.start(journal.KindFree)
	w := test.NewTempWindow(t, ed.buildUI())
	w.Resize(fyne.NewSize(640, 480))
	// Set, not typed, so no field shows focus or a cursor.
	ed.title.SetText("A quiet evening")
	ed.body.SetText("The house is still. I made tea and let the day settle.\n\nTomorrow can wait.")
	ed.tags.add("evening", "home")
	ed.mood.SetSelected("Okay")
	test.AssertRendersToMarkup(t, "editor/new.xml", w.Canvas())
}

// richText is the plain text a RichText shows.
func richText(rt *widget.RichText) string {
	var b strings.Builder
	var walk func([]widget.RichTextSegment)
	walk = func(segs []widget.RichTextSegment) {
		for _, s := range segs {
			switch s := s.(type) {
			case *widget.ListSegment:
				walk(s.Items)
			case *widget.ParagraphSegment:
				walk(s.Texts)
			default:
				b.WriteString(s.Textual())
			}
		}
	}
	walk(rt.Segments)
	return b.String()
}

func TestEditorDatePicker(t *testing.T) {
	_, v, ed := newEditor(t)
	test.Type(ed.body, "Words.")
	test.Tap(ed.date.ActionItem.(*iconButton))
	if ed.picker == nil || !ed.picker.Visible() {
		t.Fatal("the calendar did not open")
	}
	ed.picker.Content.(*widget.Calendar).OnChanged(time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC))
	if ed.picker != nil || ed.date.Text != "2026-11-02" {
		t.Fatalf("after picking: picker %v, date %q", ed.picker, ed.date.Text)
	}
	if err := ed.flush(); err != nil {
		t.Fatal(err)
	}
	if e := getEntry(t, v, ed.entry.ID); e.Date.String() != "2026-11-02" {
		t.Fatalf("picked day saved as %v", e.Date)
	}
}

func TestTagChips(t *testing.T) {
	test.NewTempApp(t)
	tc := newTagChips(nil)
	changes := 0
	tc.OnChanged = func() { changes++ }
	test.NewTempWindow(t, tc)
	test.Type(tc.input, "grief, Family, ")
	if got := strings.Join(tc.Tags(), ","); got != "grief,Family" || tc.input.Text != "" {
		t.Fatalf("tags %q, field %q", got, tc.input.Text)
	}
	test.Type(tc.input, "#family")
	pressEnter(&tc.input.Entry)
	if got := strings.Join(tc.Tags(), ","); got != "grief,Family" || changes != 2 {
		t.Fatalf("a tag already there was added again: %q (%d changes)", got, changes)
	}
	test.Tap(tc.chips["grief"])
	if got := strings.Join(tc.Tags(), ","); got != "Family" || changes != 3 {
		t.Fatalf("after removing: %q (%d changes)", got, changes)
	}
	tc.SetTags([]string{"a", "b"})
	if changes != 3 || len(tc.chips) != 2 {
		t.Fatal("loading tags counted as an edit")
	}
}

// Leaving a section takes the keyboard away from its fields: keys typed in
// another section never reach the hidden editor.
func TestLeavingASectionTakesTheKeyboard(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.newEntry(journal.KindFree)
	c := u.win.Canvas()
	if c.Focused() != u.shell.editor.body {
		t.Fatalf("a new entry focuses %T, not its page", c.Focused())
	}
	u.showSection(secJournal)
	if f := c.Focused(); f != nil {
		t.Fatalf("after going to the journal, keys go to %T", f)
	}
}

// focusProbe is a focusable widget that remembers losing the keyboard.
type focusProbe struct {
	widget.Label
	lost bool
}

func (p *focusProbe) FocusGained()            {}
func (p *focusProbe) FocusLost()              { p.lost = true }
func (p *focusProbe) TypedRune(rune)          {}
func (p *focusProbe) TypedKey(*fyne.KeyEvent) {}

// A field of a screen that goes is told it lost the keyboard, so a blinking
// cursor stops: one left blinking kept the old screen in memory and the
// window repainting for as long as the app ran.
func TestChangingScreenTellsTheFieldItLostTheKeyboard(t *testing.T) {
	u, _ := newUnlockedUI(t)
	p := &focusProbe{}
	p.ExtendBaseWidget(p)
	u.setContent(p, p)
	if u.win.Canvas().Focused() != p {
		t.Fatal("the probe did not get the keyboard")
	}
	u.setContent(widget.NewLabel("next"), nil)
	if !p.lost {
		t.Fatal("the field of the screen that went was never told it lost the keyboard")
	}
}

// The busy bar of the unlock screen is the very bar on the screen: shown
// while the key is derived, and still and hidden after.
func TestUnlockBusyBarShowsAndStops(t *testing.T) {
	u, s := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	u.lock()
	bar := u.unlock.busy
	startBusy(bar)
	if !onScreen(u.win.Content(), bar) || !bar.Visible() || !bar.Running() {
		t.Fatal("the busy bar is not on the unlock screen, showing and running")
	}
	stopBusy(bar)
	if bar.Visible() || bar.Running() {
		t.Fatal("the busy bar is still showing or running")
	}
}

// onScreen reports whether o is in the tree of objects under root.
func onScreen(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	var kids []fyne.CanvasObject
	switch c := root.(type) {
	case *fyne.Container:
		kids = c.Objects
	case fyne.Widget:
		kids = test.WidgetRenderer(c).Objects()
	}
	for _, k := range kids {
		if onScreen(k, o) {
			return true
		}
	}
	return false
}

// TestSaveRefusedAfterDamageSaysWhy: once a read found part of the journal
// damaged, the journal refuses every save until it is opened again; the
// editor says why and what to do, not that it will keep trying.
func TestSaveRefusedAfterDamageSaysWhy(t *testing.T) {
	got := saveProblem(fmt.Errorf("saving the entry: %w", vault.ErrWritingStopped))
	if !strings.Contains(got, "can't be read") || !strings.Contains(got, "Check my journal") || strings.Contains(got, "keep trying") {
		t.Fatalf("a save refused after damage says %q", got)
	}
}
