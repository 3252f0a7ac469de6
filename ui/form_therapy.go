package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
)

// therapyForm prepares for a session and keeps what it brought.
type therapyForm struct {
	bring  *field
	cameUp *field
	try    *field
	box    fyne.CanvasObject
}

func newTherapyForm(changed func()) *therapyForm {
	f := &therapyForm{
		bring:  lines("What I want to bring", changed),
		cameUp: lines("What came up", changed),
		try:    lines("Something to try before next time", changed),
	}
	f.box = form(
		&widget.FormItem{Text: "To bring", Widget: f.bring},
		&widget.FormItem{Text: "What came up", Widget: f.cameUp},
		&widget.FormItem{Text: "To try", Widget: f.try},
	)
	return f
}

func (f *therapyForm) view() fyne.CanvasObject { return f.box }

func (f *therapyForm) set(fs journal.Fields) {
	t := fs.TherapyNote
	if t == nil {
		t = &journal.TherapyNote{}
	}
	f.bring.SetText(t.Bring)
	f.cameUp.SetText(t.CameUp)
	f.try.SetText(t.Try)
}

func (f *therapyForm) put(fs *journal.Fields) {
	t := &journal.TherapyNote{Bring: trimmed(f.bring.Text), CameUp: trimmed(f.cameUp.Text), Try: trimmed(f.try.Text)}
	if *t == (journal.TherapyNote{}) {
		t = nil
	}
	fs.TherapyNote = t
}

// first is what to bring, where a note begins.
func (f *therapyForm) first() fyne.Focusable { return f.bring }
