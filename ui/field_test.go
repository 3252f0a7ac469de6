package ui

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/test"

	"tend/journal"
)

// dialoguePage is an inner-child dialogue of many turns on a page that
// scrolls, in a window too short to show it whole, as the editor shows it.
func dialoguePage(t *testing.T, turns int) (*dialogueForm, *container.Scroll, fyne.Window) {
	t.Helper()
	test.NewTempApp(t)
	f := newDialogueForm(func() {})
	for i := range turns {
		f.input.SetText(fmt.Sprintf("Turn %d: %s", i, strings.Repeat("what I want to say to you ", 3)))
		f.add(f.next())
	}
	page := container.NewVScroll(f.view())
	linkPage(f.view(), page)
	w := test.NewWindow(page)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(500, 320))
	return f, page, w
}

// TestWheelOverAFormFieldScrollsThePage turns the mouse wheel with the
// pointer over the dialogue's field: the page scrolls, as it does over the
// turns. A plain text field took the wheel and did nothing with it.
func TestWheelOverAFormFieldScrollsThePage(t *testing.T) {
	f, page, w := dialoguePage(t, 10)
	page.ScrollToBottom()
	bottom := page.Offset.Y
	if bottom <= 0 {
		t.Fatal("the page is not taller than the window; the test shows nothing")
	}
	at := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.input).Add(fyne.NewPos(20, 10))
	test.Scroll(w.Canvas(), at, 0, 60)
	if page.Offset.Y >= bottom {
		t.Fatalf("the wheel over the field left the page at %.0f of %.0f", page.Offset.Y, bottom)
	}
}

// TestTabLeavesAFormField: Tab moves on from a form's field rather than
// typing a tab into the answer.
func TestTabLeavesAFormField(t *testing.T) {
	f, _, w := dialoguePage(t, 0)
	w.Canvas().Focus(f.input)
	if w.Canvas().Focused() != f.input {
		t.Fatalf("focus is on %T", w.Canvas().Focused())
	}
	test.Type(f.input, "I am here")
	w.Canvas().(software.WindowlessCanvas).FocusNext()
	if w.Canvas().Focused() == f.input {
		t.Fatal("the focus stayed in the field")
	}
	if tab, ok := any(f.input).(fyne.Tabbable); !ok || tab.AcceptsTab() {
		t.Fatal("the field takes Tab as text")
	}
	if strings.Contains(f.input.Text, "\t") {
		t.Fatalf("a tab was typed into the field: %q", f.input.Text)
	}
}

// TestFormFieldGrowsWithItsWords fills a field with more than its two rows
// hold: it grows so every line shows, and shrinks back when emptied.
func TestFormFieldGrowsWithItsWords(t *testing.T) {
	f, _, _ := dialoguePage(t, 0)
	empty := f.input.MinSize().Height
	f.input.SetText(strings.Repeat("A long thing that needed saying. ", 30))
	if grown := f.input.MinSize().Height; grown < 3*empty {
		t.Fatalf("a field holding about ten lines is %.0f high, two rows are %.0f", grown, empty)
	}
	f.input.SetText("")
	if h := f.input.MinSize().Height; h != empty {
		t.Fatalf("the emptied field stayed %.0f high, not %.0f", h, empty)
	}
}

// TestDebriefOpensWhereThePersonLooks: "Add how it went" at the end of a
// plan taller than the page brings the debrief into view, with the first
// answer ready for typing.
func TestDebriefOpensWhereThePersonLooks(t *testing.T) {
	test.NewTempApp(t)
	f := newConversationForm(func() {}, func() journal.Date { return journal.Date{Year: 2026, Month: 12, Day: 7} })
	f.observation.SetText(strings.Repeat("When plans changed on Friday without a word to me. ", 8))
	page := container.NewVScroll(f.view())
	linkPage(f.view(), page)
	w := test.NewWindow(page)
	t.Cleanup(w.Close)
	w.Resize(fyne.NewSize(500, 320))
	test.Tap(f.addDebrief)
	if page.Offset.Y <= 0 {
		t.Fatal("the page did not move to the debrief")
	}
	if w.Canvas().Focused() != f.response {
		t.Fatalf("the debrief's first answer does not have the keyboard (%T has)", w.Canvas().Focused())
	}
	top := fyne.CurrentApp().Driver().AbsolutePositionForObject(f.response).Y
	if top < 0 || top+f.response.Size().Height > w.Canvas().Size().Height {
		t.Fatalf("the debrief's answer is at %.0f, outside the window's %.0f", top, w.Canvas().Size().Height)
	}
}

// TestTextRowsStopsAtItsLimit: rows are counted on every keystroke, so a
// huge paste (one paragraph of 700 KB, or thousands of lines) counts only
// up to the limit, and a form field stops growing there.
func TestTextRowsStopsAtItsLimit(t *testing.T) {
	test.NewTempApp(t)
	if n := textRows("A short line", 700, fyne.TextStyle{}, 40); n != 1 {
		t.Fatalf("a short line takes %d rows", n)
	}
	if n := textRows("One\nTwo", 700, fyne.TextStyle{}, 40); n != 3 {
		t.Fatalf("two lines take %d rows, want 2 and one to spare", n)
	}
	huge := strings.Repeat("The long afternoon went slowly and I wrote it all down. ", 13000)
	if n := textRows(huge, 700, fyne.TextStyle{}, 40); n != 40 {
		t.Fatalf("700 KB in one paragraph counts %d rows, want the limit", n)
	}
	if n := textRows(strings.Repeat("a line\n", 20000), 700, fyne.TextStyle{}, 40); n != 40 {
		t.Fatalf("20,000 lines count %d rows, want the limit", n)
	}
	// The toolkit itself takes minutes to wrap 700 KB in one field, so
	// the field is given two hundred lines.
	f, _, _ := dialoguePage(t, 0)
	f.input.SetText(strings.Repeat("a line of what happened\n", 200))
	if f.input.rows != fieldMaxRows {
		t.Fatalf("a field holding 200 lines has %d rows, want %d", f.input.rows, fieldMaxRows)
	}
}
