package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/vault"
)

// journalScreen is the unlocked journal: the entries, newest first, and an
// editor for the one chosen or a new one.
type journalScreen struct {
	u       *UI
	entries []*vault.Entry
	list    *widget.List
	empty   *widget.Label
	title   *widget.Entry
	body    *widget.Entry
	status  *widget.Label
	save    *widget.Button
	current *vault.Entry
	dirty   bool
}

func newJournalScreen(u *UI) *journalScreen {
	s := &journalScreen{u: u}
	s.list = widget.NewList(
		func() int { return len(s.entries) },
		func() fyne.CanvasObject {
			return container.NewVBox(
				&widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis},
				&widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance},
			)
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.entries) {
				return
			}
			e := s.entries[i]
			rows := o.(*fyne.Container).Objects
			rows[0].(*widget.Label).SetText(entryTitle(e))
			rows[1].(*widget.Label).SetText(e.Date.Time().Format("Monday, 2 January 2006"))
		},
	)
	s.list.OnSelected = s.onSelect
	s.empty = paragraph("Nothing written yet. Whenever you are ready, start with a line or two.")
	s.title = widget.NewEntry()
	s.title.SetPlaceHolder("Title (optional)")
	s.title.OnChanged = func(string) { s.markDirty() }
	s.body = widget.NewMultiLineEntry()
	s.body.SetPlaceHolder("Write whatever is on your mind…")
	s.body.Wrapping = fyne.TextWrapWord
	s.body.OnChanged = func(string) { s.markDirty() }
	s.status = note("")
	s.save = &widget.Button{Text: "Save", Icon: theme.DocumentSaveIcon(), Importance: widget.HighImportance, OnTapped: s.onSave}
	return s
}

func entryTitle(e *vault.Entry) string {
	if e.Title != "" {
		return e.Title
	}
	return "Untitled"
}

func (s *journalScreen) buildUI() fyne.CanvasObject {
	newBtn := widget.NewButtonWithIcon("New entry", theme.ContentAddIcon(), s.onNew)
	lockBtn := widget.NewButtonWithIcon("Lock", theme.VisibilityOffIcon(), s.u.lock)
	top := container.NewBorder(nil, nil, heading("Your journal"), container.NewHBox(newBtn, lockBtn))
	// The invitation sits at the top of the empty list; a wrapped label in
	// a centring container would shrink to one character wide.
	left := container.NewStack(s.list, container.NewVBox(container.NewPadded(s.empty)))
	editor := container.NewBorder(s.title, container.NewBorder(nil, nil, nil, s.save, s.status), nil, nil, s.body)
	split := container.NewHSplit(left, container.NewPadded(editor))
	split.Offset = 0.32
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, split)
}

// refresh reloads the list of entries from the vault.
func (s *journalScreen) refresh() {
	v := s.u.sess.Vault()
	if v == nil {
		return
	}
	list, err := v.List(vault.ListQuery{})
	if err != nil {
		s.status.SetText("Tend could not read the list of entries: " + err.Error())
		return
	}
	s.entries = list
	if len(list) == 0 {
		s.empty.Show()
	} else {
		s.empty.Hide()
	}
	s.list.Refresh()
}

func (s *journalScreen) markDirty() {
	s.dirty = true
	s.status.SetText("")
}

func (s *journalScreen) onNew() {
	if s.flush() != nil {
		return
	}
	s.current = nil
	s.list.UnselectAll()
	s.title.SetText("")
	s.body.SetText("")
	s.dirty = false
	s.status.SetText("")
	s.u.win.Canvas().Focus(s.body)
}

func (s *journalScreen) onSelect(i widget.ListItemID) {
	if i >= len(s.entries) {
		return
	}
	if s.flush() != nil {
		return
	}
	v := s.u.sess.Vault()
	if v == nil {
		return
	}
	e, err := v.Get(s.entries[i].ID)
	if err != nil {
		s.status.SetText("This entry could not be opened: " + err.Error())
		return
	}
	s.current = e
	s.title.SetText(e.Title)
	s.body.SetText(e.Body)
	s.dirty = false
	s.status.SetText("")
}

func (s *journalScreen) onSave() {
	if err := s.saveNow(); err != nil {
		s.status.SetText("Not saved yet: " + err.Error() + ". Your text is still here.")
		return
	}
	s.status.SetText("Saved")
}

// saveNow writes the editor to the vault and returns once it is on disk.
// A save is one small synced write, quick enough for the UI goroutine.
func (s *journalScreen) saveNow() error {
	if !s.dirty {
		return nil
	}
	v := s.u.sess.Vault()
	if v == nil {
		return vault.ErrClosed
	}
	if strings.TrimSpace(s.title.Text) == "" && strings.TrimSpace(s.body.Text) == "" && s.current == nil {
		s.dirty = false
		return nil
	}
	e := &vault.Entry{Kind: vault.KindFree}
	if s.current != nil {
		c := *s.current
		e = &c
	}
	e.Title, e.Body = strings.TrimSpace(s.title.Text), s.body.Text
	if err := v.Put(e); err != nil {
		return fmt.Errorf("%w", err)
	}
	s.current = e
	s.dirty = false
	s.refresh()
	return nil
}

// flush saves pending edits before the editor changes entry or locks. On
// failure the text stays in the editor and the error says so.
func (s *journalScreen) flush() error {
	err := s.saveNow()
	if err != nil {
		s.status.SetText("Not saved yet: " + err.Error() + ". Your text is still here.")
	}
	return err
}

// clear empties every widget that showed writing.
func (s *journalScreen) clear() {
	s.entries = nil
	s.current = nil
	s.title.SetText("")
	s.body.SetText("")
	s.dirty = false
	s.status.SetText("")
	s.list.UnselectAll()
	s.list.Refresh()
}
