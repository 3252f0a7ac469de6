package ui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
)

// sampleEntry is an entry of kind with every part written, as a person
// might have written it.
func sampleEntry(kind journal.Kind) *journal.Entry {
	e := &journal.Entry{
		ID: journal.NewID(), Kind: kind, Date: journal.Date{Year: 2026, Month: time.November, Day: 23},
		Mood: 3, Tags: []string{"evening"},
		Body: "Later I made tea and sat by the window.\n\nThe **light** was kind.",
	}
	switch kind {
	case journal.KindFree:
		e.Title = "A quiet evening"
	case journal.KindPrompted:
		e.Prompt = &journal.PromptRef{Path: "safety", Step: "one", Text: "When did you last feel safe?"}
	case journal.KindLetter:
		e.Fields.Letter = &journal.Letter{Age: 7, Opening: "Dear little one,"}
		e.Body = "You were never too much. I am here now, and I am staying."
	case journal.KindDialogue:
		e.Fields.Dialogue = &journal.Dialogue{Age: 7, Turns: []journal.Turn{
			{Voice: journal.VoiceNow, Text: "How are you feeling today?"},
			{Voice: journal.VoiceChild, Text: "Scared. Nobody came when I called."},
			{Voice: journal.VoiceNow, Text: "I came. I am listening now."},
		}}
	case journal.KindCheckIn:
		e.Fields.CheckIn = &journal.CheckIn{Safety: 6, Emotions: []string{"calm", "tired"}, Attachment: journal.AttachSteady, BodyNotes: "Shoulders loose", Context: "After a walk"}
	case journal.KindConversation:
		e.Fields.Conversation = &journal.Conversation{
			Observation: "You came home two hours late without a message.",
			Feeling:     "Worried, then hurt",
			Need:        "To be able to count on plans",
			Request:     "A message when plans change",
			Opening:     "Can we talk about last night?",
			Debrief:     &journal.Debrief{Date: journal.Date{Year: 2026, Month: time.November, Day: 25}, Response: "They listened and said sorry.", FeelingAfter: "Lighter"},
		}
	case journal.KindWordsActions:
		e.Fields.WordsActions = &journal.WordsActions{Label: "Dan", Said: "I will call on Sunday.", Did: "Called on Sunday.", Match: journal.Matched}
	case journal.KindIncident:
		e.Fields.Incident = &journal.Incident{About: "Dan", What: "Read my messages.", Repair: "An apology.", Felt: "Exposed", Choice: journal.ChoiceUndecided, Recurred: true}
	case journal.KindTherapyNote:
		e.Fields.TherapyNote = &journal.TherapyNote{Bring: "The dream about the house", CameUp: "Old fear of being left", Try: "Name the feeling out loud"}
	}
	return e
}

var everyKind = []journal.Kind{
	journal.KindFree, journal.KindPrompted, journal.KindLetter, journal.KindDialogue, journal.KindCheckIn,
	journal.KindConversation, journal.KindWordsActions, journal.KindIncident, journal.KindTherapyNote,
}

// readText is every word the reading page shows, in order.
func readText(o fyne.CanvasObject) string {
	var b strings.Builder
	var walk func(fyne.CanvasObject)
	walk = func(o fyne.CanvasObject) {
		if !o.Visible() {
			return
		}
		switch w := o.(type) {
		case *widget.Label:
			b.WriteString(w.Text + "\n")
			return
		case *widget.RichText:
			b.WriteString(richText(w) + "\n")
			return
		case *widget.Button:
			return
		case fyne.Widget:
			r := test.WidgetRenderer(w)
			for _, c := range r.Objects() {
				walk(c)
			}
			return
		case *fyne.Container:
			for _, c := range w.Objects {
				walk(c)
			}
		}
	}
	walk(o)
	return b.String()
}

// TestAnEntryOpensToRead opens a saved entry: it shows as a page to read,
// with its Markdown formatted and no field to type in, until Edit.
func TestAnEntryOpensToRead(t *testing.T) {
	u, v := newUnlockedUI(t)
	e := sampleEntry(journal.KindFree)
	saveEntry(t, v, e)
	u.openEntry(e.ID)
	ed := u.shell.editor
	if !ed.reading || !ed.reader.root.Visible() || ed.writing.Visible() {
		t.Fatal("a saved entry opened for writing, not to read")
	}
	got := readText(ed.reader.root)
	for _, want := range []string{"A quiet evening", "Monday, 23 November 2026", "feeling okay", "evening", "The light was kind."} {
		if !strings.Contains(got, want) {
			t.Errorf("the page does not show %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "**") {
		t.Errorf("the page shows Markdown marks:\n%s", got)
	}

	test.Tap(ed.reader.editBtn)
	if ed.reading || !ed.writing.Visible() || ed.reader.root.Visible() {
		t.Fatal("Edit did not open the entry for writing")
	}
	if u.win.Canvas().Focused() != ed.body {
		t.Fatalf("after Edit the keyboard is with %T, not the writing", u.win.Canvas().Focused())
	}
	typeAtEnd(ed.body, " Tomorrow can wait.")
	test.Tap(ed.doneBtn)
	if !ed.reading {
		t.Fatal("Done did not go back to reading")
	}
	if !strings.Contains(readText(ed.reader.root), "Tomorrow can wait.") {
		t.Fatal("the page does not show the words just written")
	}
	if got := getEntry(t, v, e.ID).Body; !strings.HasSuffix(got, "Tomorrow can wait.") {
		t.Fatalf("Done did not save first: the journal holds %q", got)
	}
}

// TestNewEntriesOpenForWriting: a new page is for writing at once.
func TestNewEntriesOpenForWriting(t *testing.T) {
	u, v := newUnlockedUI(t)
	saved := sampleEntry(journal.KindFree)
	saveEntry(t, v, saved)
	u.openEntry(saved.ID)
	for _, k := range everyKind {
		u.newEntry(k)
		if ed := u.shell.editor; ed.reading || !ed.writing.Visible() {
			t.Fatalf("a new %s entry opened to read", k)
		}
	}
}

// TestTheEditShortcutSwitchesBothWays is Ctrl+E: from reading to writing
// and back, only while an entry is open.
func TestTheEditShortcutSwitchesBothWays(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.showSection(secToday)
	u.toggleReading() // nothing open: nothing happens
	if u.shell.current != secToday {
		t.Fatal("the shortcut left Today with no entry open")
	}
	e := sampleEntry(journal.KindCheckIn)
	saveEntry(t, v, e)
	u.openEntry(e.ID)
	ed := u.shell.editor
	u.toggleReading()
	if ed.reading {
		t.Fatal("the shortcut did not open the entry for writing")
	}
	u.toggleReading()
	if !ed.reading {
		t.Fatal("the shortcut did not go back to reading")
	}
}

// TestReadingAfterAFailedSaveKeepsTheWords: when the words cannot be
// saved, Done stays with them in the fields rather than showing a page as
// if they were kept.
func TestReadingAfterAFailedSaveKeepsTheWords(t *testing.T) {
	u, v := newUnlockedUI(t)
	e := sampleEntry(journal.KindFree)
	saveEntry(t, v, e)
	u.openEntry(e.ID)
	ed := u.shell.editor
	ed.edit()
	typeAtEnd(ed.body, " Unsaved words.")
	if err := u.sess.Lock(); err != nil { // the store goes away under the editor
		t.Fatal(err)
	}
	test.Tap(ed.doneBtn)
	if ed.reading || !strings.HasSuffix(ed.body.Text, "Unsaved words.") || ed.status.Text == "" {
		t.Fatalf("after a failed save: reading %v, body %q, status %q", ed.reading, ed.body.Text, ed.status.Text)
	}
}

// TestUnlockReturnsToReadingOrWriting: the entry open at the lock comes
// back as it was shown, to read or to write.
func TestUnlockReturnsToReadingOrWriting(t *testing.T) {
	u, v := newUnlockedUI(t)
	e := sampleEntry(journal.KindLetter)
	saveEntry(t, v, e)
	for _, writing := range []bool{false, true} {
		u.openEntry(e.ID)
		if writing {
			u.shell.editor.edit()
		}
		u.lock()
		u.wait()
		unlockThroughScreen(t, u)
		ed := u.shell.editor
		if u.shell.current != secEditor || ed.entry == nil || ed.entry.ID != e.ID || ed.reading == writing {
			t.Fatalf("locked while writing=%v: after unlocking %q shows, reading=%v", writing, u.shell.current, ed.reading)
		}
	}
}

// TestThePageKeepsAComfortableMeasure: on a wide window the page is a
// column about seventy characters wide, centred; on a narrow one it
// takes the width there is.
func TestThePageKeepsAComfortableMeasure(t *testing.T) {
	u, v := newUnlockedUI(t)
	e := sampleEntry(journal.KindFree)
	e.Body = strings.Repeat("A long line of writing that goes on. ", 40)
	saveEntry(t, v, e)
	u.openEntry(e.ID)
	ed := u.shell.editor
	col := ed.reader.scroll.Content.(*fyne.Container).Objects[0]
	chars := readingWidth() / fyne.MeasureText("abcdefghij", 14, fyne.TextStyle{}).Width * 10
	if chars < 60 || chars > 85 {
		t.Fatalf("the column holds about %.0f characters, not about seventy", chars)
	}
	u.win.Resize(fyne.NewSize(1600, 800))
	if w := col.Size().Width; w > readingWidth()+1 {
		t.Fatalf("on a wide window the page is %.0f px wide, more than its measure %.0f", w, readingWidth())
	}
	if x := col.Position().X; x < 100 {
		t.Fatalf("the page is not centred: it starts at %.0f", x)
	}
	u.win.Resize(fyne.NewSize(620, 600))
	if w, room := col.Size().Width, ed.reader.scroll.Size().Width; w < room-1 || w > room+1 {
		t.Fatalf("on a narrow window the page is %.0f px in %.0f", w, room)
	}
	// The writing keeps the same measure.
	ed.edit()
	u.win.Resize(fyne.NewSize(1600, 800))
	if w := ed.root.Size().Width; w > readingWidth() {
		t.Fatalf("the editor is %.0f px wide, more than the measure %.0f", w, readingWidth())
	}
}

// TestEveryKindReadsAsADocument checks each kind's page in words: what was
// written, in the words of its form, and nothing of it left out.
func TestEveryKindReadsAsADocument(t *testing.T) {
	u, v := newUnlockedUI(t)
	want := map[journal.Kind][]string{
		journal.KindFree:         {"A quiet evening", "The light was kind."},
		journal.KindPrompted:     {"Guided prompt", "When did you last feel safe?", "The light was kind."},
		journal.KindLetter:       {"Letter to my younger self", "To myself at 7", "Dear little one,", "I am staying."},
		journal.KindDialogue:     {"A talk between me now and me at 7", "Me now", "Me at 7", "Nobody came when I called.", "Anything else"},
		journal.KindCheckIn:      {"6 out of 10, where 0 is not safe at all and 10 is completely safe", "calm, tired", "Steady", "Shoulders loose", "After a walk"},
		journal.KindConversation: {"What happened", "two hours late", "How I'll begin", "How it went, Wednesday, 25 November 2026", "They listened", "Lighter"},
		journal.KindWordsActions: {"About", "Dan", "I will call on Sunday.", "Called on Sunday.", "They matched"},
		journal.KindIncident:     {"Read my messages.", "An apology.", "Exposed", "Not decided yet", "Did it happen again?"},
		journal.KindTherapyNote:  {"To bring", "The dream about the house", "Old fear of being left", "Name the feeling out loud"},
	}
	for _, k := range everyKind {
		e := sampleEntry(k)
		saveEntry(t, v, e)
		u.openEntry(e.ID)
		got := readText(u.shell.editor.reader.root)
		for _, w := range want[k] {
			if !strings.Contains(got, w) {
				t.Errorf("%s: the page does not show %q:\n%s", k, w, got)
			}
		}
		if strings.Contains(got, "Untitled") {
			t.Errorf("%s: the page says Untitled", k)
		}
	}
	// An entry with nothing in it says so, calmly.
	empty := &journal.Entry{ID: journal.NewID(), Kind: journal.KindTherapyNote, Date: journal.Today(), Fields: journal.Fields{TherapyNote: &journal.TherapyNote{}}, Title: "Before Thursday"}
	saveEntry(t, v, empty)
	u.openEntry(empty.ID)
	if got := readText(u.shell.editor.reader.root); !strings.Contains(got, "Nothing written yet.") {
		t.Errorf("an empty note reads:\n%s", got)
	}
}

// TestReadingRender keeps the look of each kind's page, and of a
// dialogue of ten turns.
func TestReadingRender(t *testing.T) {
	u, _ := newUnlockedUI(t)
	render := func(name string, e *journal.Entry) {
		t.Helper()
		ed := newEditorScreen(u)
		w := test.NewTempWindow(t, ed.buildUI())
		w.Resize(fyne.NewSize(640, 480))
		ed.fill(e)
		ed.setReading(true)
		test.AssertRendersToMarkup(t, "read/"+name+".xml", w.Canvas())
	}
	for _, k := range everyKind {
		render(string(k), sampleEntry(k))
	}
	long := sampleEntry(journal.KindDialogue)
	long.Fields.Dialogue.Turns = nil
	for i := range 10 {
		v := journal.VoiceNow
		if i%2 == 1 {
			v = journal.VoiceChild
		}
		long.Fields.Dialogue.Turns = append(long.Fields.Dialogue.Turns, journal.Turn{Voice: v, Text: fmt.Sprintf("Turn %d: %s", i+1, strings.Repeat("words that wrap across the line ", 1+i%3))})
	}
	render("dialogue-ten-turns", long)
}
