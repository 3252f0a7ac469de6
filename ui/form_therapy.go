package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
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
		bring:  lines(i18n.L("What I want to bring"), changed),
		cameUp: lines(i18n.L("What came up"), changed),
		try:    lines(i18n.L("Something to try before next time"), changed),
	}
	f.box = form(
		&widget.FormItem{Text: i18n.L("To bring"), Widget: f.bring},
		&widget.FormItem{Text: i18n.L("What came up"), Widget: f.cameUp},
		&widget.FormItem{Text: i18n.L("To try"), Widget: f.try},
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
