package ui

import (
	"reflect"

	"fyne.io/fyne/v2"

	"tend/assets"
	"tend/internal/i18n"
	"tend/journal"
)

// newEntryForStep opens the editor on a new entry answering a step of a
// guided path: of the step's kind, linked to the step, with the prompt
// shown above the page and, for a letter or dialogue, the suggested age
// already in its field.
func (u *UI) newEntryForStep(path assets.Path, step assets.Step) {
	if u.shell == nil {
		return
	}
	u.touch()
	if u.shell.editor.flush() != nil {
		u.shell.show(secEditor)
		return
	}
	kind := journal.Kind(step.Kind)
	if !kind.Valid() {
		// A path file with a kind this version does not know still opens
		// a page for the prompt rather than nothing.
		kind = journal.KindPrompted
	}
	ref := &journal.PromptRef{Path: path.ID, Step: step.ID, Text: step.Prompt}
	u.shell.editor.startFor(kind, ref, step.Age)
	u.shell.show(secEditor)
	u.win.Canvas().Focus(u.shell.editor.body)
}

// startFor begins a new entry of kind, written now, answering prompt when
// it is not nil. age is the younger self's age a step suggests, or 0.
func (s *editorScreen) startFor(kind journal.Kind, prompt *journal.PromptRef, age int) {
	if age < 0 || age > assets.MaxAge {
		age = 0
	}
	s.prefillAge = age
	now := s.u.now()
	s.fill(&journal.Entry{ID: journal.NewID(), Kind: kind, Journal: s.u.homeJournal(), Date: journal.DateOf(now), Written: journal.WrittenAt(now), Prompt: prompt, Fields: prefill(kind, age)})
	s.prefilled = s.currentFields()
	s.updateButtons()
}

// showForm puts up the form for e's kind with e's fields, and the prompt e
// answers. It is called while loading, so filling the form is no edit.
func (s *editorScreen) showForm(e *journal.Entry) {
	s.clearForm()
	s.form = newForm(e.Kind, s.onFormEdit, func() journal.Date { return journal.DateOf(s.u.now()) })
	if e.Prompt != nil && e.Prompt.Text != "" {
		s.prompt.SetText(e.Prompt.Text)
		s.prompt.Show()
	}
	objs := []fyne.CanvasObject{s.prompt}
	if s.form != nil {
		s.form.set(e.Fields)
		objs = append(objs, s.form.view())
		// The writing follows the form on the same page: a letter goes
		// on from its opening, other forms end with anything else.
		if !bodyIsTheText(e.Kind) {
			objs = append(objs, s.bodyHead)
		}
		objs = append(objs, s.body)
	}
	s.placeBody(s.form != nil)
	if pf, ok := s.form.(peopleForm); ok {
		s.u.loadPeople(pf.setPeople)
	}
	s.formBox.Objects = objs
	linkPage(s.formBox, s.formArea)
	s.formBox.Refresh()
	if s.form == nil && !s.prompt.Visible() {
		s.formArea.Hide()
	} else {
		s.formArea.Show()
	}
	s.formArea.ScrollToTop()
	s.body.SetPlaceHolder(bodyHint(e.Kind))
	s.relayout()
}

// onFormEdit counts an edit in the form and fits the rows again, since a
// chip or a turn added may have made the form taller.
func (s *editorScreen) onFormEdit() {
	s.onEdit()
	linkPage(s.formBox, s.formArea) // a turn added brings fields of its own
	s.formArea.Refresh()
	s.relayout()
}

// clearForm empties the form's widgets before dropping it, so no words
// stay reachable from it, and hides the prompt.
func (s *editorScreen) clearForm() {
	if s.form != nil {
		s.form.set(journal.Fields{})
		s.form = nil
	}
	s.formBox.Objects = nil
	s.formBox.Refresh()
	s.formArea.Hide()
	s.prompt.SetText("")
	s.prompt.Hide()
}

// currentFields is the entry's fields with what the form shows now.
func (s *editorScreen) currentFields() journal.Fields {
	if s.entry == nil {
		return journal.Fields{}
	}
	f := s.entry.Fields
	if s.form != nil {
		s.form.put(&f)
	}
	return f
}

// formUntouched reports whether f holds nothing the person wrote: no form,
// or only what a new entry started with.
func (s *editorScreen) formUntouched(f journal.Fields) bool {
	return f.IsZero() || reflect.DeepEqual(f, s.prefilled)
}

// onPickKind opens the chooser of kinds for a new entry.
func (s *editorScreen) onPickKind() {
	if s.entry == nil || !s.choosable {
		return
	}
	s.closeChooser()
	s.chooser = newKindChooser(s.u.win, s.entry.Kind, s.chooseKind)
	s.chooser.show()
}

// closeChooser closes the chooser of kinds if it is open.
func (s *editorScreen) closeChooser() {
	if s.chooser != nil {
		s.chooser.dialog.Hide()
		s.chooser = nil
	}
}

// chooseKind turns a new entry into another kind. The title, body, mood
// and tags stay; only the untouched form is swapped for the new one.
func (s *editorScreen) chooseKind(kind journal.Kind) {
	s.chooser = nil
	if s.entry == nil || kind == s.entry.Kind {
		return
	}
	if !s.choosable || !s.formUntouched(s.currentFields()) {
		return // the button is switched off then; words are never dropped
	}
	s.entry.Kind = kind
	s.entry.Fields = prefill(kind, s.prefillAge)
	s.loading = true
	s.showForm(s.entry)
	s.loading = false
	s.prefilled = s.currentFields()
	s.setKind(s.entry)
	s.onEdit()
}

// bodyHint is the page's placeholder. Beside a form the page is for
// anything the form did not ask.
func bodyHint(k journal.Kind) string {
	switch k {
	case journal.KindFree, "":
		return i18n.L("Write whatever is on your mind…")
	case journal.KindPrompted:
		return i18n.L("Write whatever comes. There is no wrong answer.")
	case journal.KindLetter:
		return i18n.L("Write your letter here…")
	}
	return i18n.L("Anything else you want to say…")
}
