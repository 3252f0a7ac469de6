package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/vault"
)

// editorScreen writes one entry: a title and a Markdown body.
type editorScreen struct {
	u       *UI
	entry   *vault.Entry // what is being edited; ID zero until first saved
	dirty   bool
	title   *widget.Entry
	body    *widget.Entry
	status  *widget.Label
	loading bool // set while fields are filled in, so that is not an edit
}

func newEditorScreen(u *UI) *editorScreen {
	s := &editorScreen{u: u}
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("Title (optional)")
	s.title.OnChanged = func(string) { s.onEdit() }
	s.body = widget.NewMultiLineEntry()
	s.body.SetPlaceHolder("Write whatever is on your mind…")
	s.body.Wrapping = fyne.TextWrapWord
	s.body.OnChanged = func(string) { s.onEdit() }
	s.status = note("")
	return s
}

func (s *editorScreen) buildUI() fyne.CanvasObject {
	return container.NewPadded(container.NewBorder(s.title, s.status, nil, nil, s.body))
}

func (s *editorScreen) refresh() {}

func (s *editorScreen) onEdit() {
	if s.loading {
		return
	}
	s.u.touch()
	s.dirty = true
	s.status.SetText("")
}

// fill shows e in the fields without counting it as an edit.
func (s *editorScreen) fill(e *vault.Entry) {
	s.loading = true
	s.entry = e
	s.title.SetText(e.Title)
	s.body.SetText(e.Body)
	s.loading = false
	s.dirty = false
	s.status.SetText("")
}

// open loads an entry from the vault.
func (s *editorScreen) open(id vault.ID) {
	v := s.u.vault()
	if v == nil {
		return
	}
	e, err := v.Get(id)
	if err != nil {
		s.fill(&vault.Entry{Kind: vault.KindFree})
		s.status.SetText("This entry could not be opened: " + err.Error())
		return
	}
	s.fill(e)
}

// start begins a new entry of the given kind, dated today.
func (s *editorScreen) start(kind vault.Kind) {
	s.fill(&vault.Entry{Kind: kind, Date: vault.DateOf(s.u.now())})
}

// flush saves pending edits and returns once they are on disk. On failure
// the text stays in the editor and the status line says so.
func (s *editorScreen) flush() error {
	if !s.dirty || s.entry == nil {
		return nil
	}
	v := s.u.vault()
	if v == nil {
		return vault.ErrClosed
	}
	if s.entry.ID.IsZero() && strings.TrimSpace(s.title.Text) == "" && strings.TrimSpace(s.body.Text) == "" {
		s.dirty = false
		return nil
	}
	e := *s.entry
	e.Title, e.Body = strings.TrimSpace(s.title.Text), s.body.Text
	if err := v.Put(&e); err != nil {
		s.status.SetText("Not saved yet: " + err.Error() + ". Your words are still here.")
		return err
	}
	s.entry = &e
	s.dirty = false
	s.status.SetText("Saved")
	return nil
}

// clear forgets the entry and empties the fields.
func (s *editorScreen) clear() {
	s.loading = true
	s.title.SetText("")
	s.body.SetText("")
	s.loading = false
	s.entry = nil
	s.dirty = false
	s.status.SetText("")
}
