package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// wordsForm is one item of the words-and-actions ledger.
type wordsForm struct {
	label *personField
	said  *field
	did   *field
	match *radio[journal.Match]
	box   fyne.CanvasObject
}

func newWordsForm(changed func()) *wordsForm {
	f := &wordsForm{
		label: newPersonField(i18n.L("A person or a topic"), changed),
		said:  lines(i18n.L("What was said or promised"), changed),
		did:   lines(i18n.L("What was done"), changed),
		match: newRadio(changed, matchOptions),
	}
	f.box = form(
		&widget.FormItem{Text: i18n.L("About"), Widget: f.label.SelectEntry, HintText: i18n.L("The same words each time keep a ledger together.")},
		&widget.FormItem{Text: i18n.L("Words"), Widget: f.said},
		&widget.FormItem{Text: i18n.L("Actions"), Widget: f.did},
		&widget.FormItem{Text: i18n.L("Did they match?"), Widget: f.match.group},
	)
	return f
}

func (f *wordsForm) view() fyne.CanvasObject { return f.box }

func (f *wordsForm) setPeople(names []string) { f.label.setPeople(names) }

func (f *wordsForm) set(fs journal.Fields) {
	w := fs.WordsActions
	if w == nil {
		w = &journal.WordsActions{}
	}
	f.label.SetText(w.Label)
	f.said.SetText(w.Said)
	f.did.SetText(w.Did)
	f.match.setValue(w.Match)
}

func (f *wordsForm) put(fs *journal.Fields) {
	w := &journal.WordsActions{Label: f.label.value(), Said: trimmed(f.said.Text), Did: trimmed(f.did.Text), Match: f.match.value()}
	if *w == (journal.WordsActions{}) {
		w = nil
	}
	fs.WordsActions = w
}

// incidentForm records a breach of trust and the choice made for now.
type incidentForm struct {
	about  *personField
	what   *field
	repair *field
	felt   *field
	choice *radio[journal.Choice]
	// recurred is kept as loaded: the form does not ask it, but an entry
	// that says so must keep saying so.
	recurred bool
	box      fyne.CanvasObject
}

func newIncidentForm(changed func()) *incidentForm {
	f := &incidentForm{
		about:  newPersonField(i18n.L("A person or a topic"), changed),
		what:   lines(i18n.L("What happened"), changed),
		repair: lines(i18n.L("Did they try to make it right? How?"), changed),
		felt:   lines(i18n.L("How I felt"), changed),
		choice: newRadio(changed, choiceOptions),
	}
	f.box = form(
		&widget.FormItem{Text: i18n.L("About"), Widget: f.about.SelectEntry, HintText: i18n.L("Who or what it was about.")},
		&widget.FormItem{Text: i18n.L("What happened"), Widget: f.what},
		&widget.FormItem{Text: i18n.L("Repair"), Widget: f.repair},
		&widget.FormItem{Text: i18n.L("How I felt"), Widget: f.felt},
		&widget.FormItem{Text: i18n.L("For now I choose"), Widget: f.choice.group, HintText: i18n.L("Only for now. You can choose again later.")},
	)
	return f
}

func (f *incidentForm) view() fyne.CanvasObject { return f.box }

func (f *incidentForm) setPeople(names []string) { f.about.setPeople(names) }

func (f *incidentForm) set(fs journal.Fields) {
	i := fs.Incident
	if i == nil {
		i = &journal.Incident{}
	}
	f.about.SetText(i.About)
	f.what.SetText(i.What)
	f.repair.SetText(i.Repair)
	f.felt.SetText(i.Felt)
	f.choice.setValue(i.Choice)
	f.recurred = i.Recurred
}

func (f *incidentForm) put(fs *journal.Fields) {
	i := &journal.Incident{About: f.about.value(), What: trimmed(f.what.Text), Repair: trimmed(f.repair.Text), Felt: trimmed(f.felt.Text), Choice: f.choice.value(), Recurred: f.recurred}
	if *i == (journal.Incident{}) {
		i = nil
	}
	fs.Incident = i
}

// first is who or what the line is about.
func (f *wordsForm) first() fyne.Focusable { return f.label.SelectEntry }

// first is who or what it was about.
func (f *incidentForm) first() fyne.Focusable { return f.about.SelectEntry }
