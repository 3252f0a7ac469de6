package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// letterOpening is the first line a new letter offers. It is only a start:
// the person can change it or take it away.
func letterOpening() string { return i18n.L("Dear little one,") }

// letterForm is a letter to the writer's younger self: the age it goes to
// and its opening line. The letter itself is the body.
type letterForm struct {
	age     *widget.Entry
	opening *field
	box     fyne.CanvasObject
}

func newLetterForm(changed func()) *letterForm {
	f := &letterForm{age: ageField(changed), opening: line(i18n.L("How you would like to begin"), changed)}
	ageRow := container.NewHBox(container.New(minWidth{70}, f.age))
	f.box = form(
		&widget.FormItem{Text: i18n.L("To myself at"), Widget: ageRow, HintText: i18n.L("The age you want to write to.")},
		&widget.FormItem{Text: i18n.L("Opening"), Widget: f.opening},
	)
	return f
}

func (f *letterForm) view() fyne.CanvasObject { return f.box }

func (f *letterForm) set(fs journal.Fields) {
	l := fs.Letter
	if l == nil {
		l = &journal.Letter{}
	}
	f.age.SetText(ageText(l.Age))
	f.opening.SetText(l.Opening)
}

func (f *letterForm) put(fs *journal.Fields) {
	l := &journal.Letter{Age: ageOf(f.age), Opening: trimmed(f.opening.Text)}
	if *l == (journal.Letter{}) {
		l = nil
	}
	fs.Letter = l
}
