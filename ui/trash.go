package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/vault"
)

// trashScreen lists deleted entries. Each can be restored, or deleted for
// ever after a confirmation that says plainly it cannot be undone.
type trashScreen struct {
	u        *UI
	entries  []*vault.Entry
	list     *widget.List
	empty    *widget.Label
	emptyBox *fyne.Container
	// confirm is the open "delete for ever" question, kept so a test can
	// answer it.
	confirm *dialog.ConfirmDialog
}

func newTrashScreen(u *UI) *trashScreen {
	s := &trashScreen{u: u}
	s.list = widget.NewList(func() int { return len(s.entries) }, newTrashRowTemplate, s.updateRow)
	s.empty = paragraph("The trash is empty.")
	hint := note("Entries you delete wait here until you restore them or let them go.")
	hint.Alignment = fyne.TextAlignCenter
	s.emptyBox = container.NewVBox(s.empty, hint)
	return s
}

func (s *trashScreen) buildUI() fyne.CanvasObject {
	invite := container.NewVBox(layout.NewSpacer(), container.New(columnLayout{max: 460}, s.emptyBox), layout.NewSpacer(), layout.NewSpacer())
	return container.NewBorder(container.NewPadded(sectionHeading("Trash")), nil, nil, nil, container.NewStack(s.list, invite))
}

// newTrashRowTemplate makes a row: the title and day, then Restore and
// Delete for ever.
func newTrashRowTemplate() fyne.CanvasObject {
	title := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	meta := &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	restore := &widget.Button{Text: "Restore", Icon: theme.ContentUndoIcon()}
	purge := &widget.Button{Text: "Delete for ever", Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
	// Centred, so the buttons keep their own height in a two-line row.
	return container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(restore, purge)), container.NewVBox(title, meta))
}

func (s *trashScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.entries) {
		return
	}
	e := s.entries[i]
	c := o.(*fyne.Container)
	text := c.Objects[0].(*fyne.Container).Objects
	text[0].(*widget.Label).SetText(entryTitle(e))
	text[1].(*widget.Label).SetText(longDate(e.Date))
	buttons := c.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects
	buttons[0].(*widget.Button).OnTapped = func() { s.onRestore(e.ID) }
	buttons[1].(*widget.Button).OnTapped = func() { s.onPurge(e) }
}

func (s *trashScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	s.entries, _ = v.List(vault.ListQuery{Trash: true})
	show := len(s.entries) == 0
	s.empty.Hidden = !show
	s.emptyBox.Hidden = !show
	s.emptyBox.Refresh()
	s.list.Refresh()
}

// onRestore puts an entry back in the journal, with an Undo in case it was
// the wrong one.
func (s *trashScreen) onRestore(id vault.ID) {
	s.u.touch()
	v := s.u.vault()
	if v == nil {
		return
	}
	if err := v.Restore(id); err != nil {
		s.u.toast("That entry couldn't be restored just now. It is still here in the trash.", nil)
		s.refresh()
		return
	}
	s.refresh()
	s.u.toast("Restored to your journal.", func() {
		if v := s.u.vault(); v != nil && v.Delete(id) == nil {
			s.refresh()
		}
	})
}

// onPurge asks before deleting an entry for ever.
func (s *trashScreen) onPurge(e *vault.Entry) {
	s.u.touch()
	id := e.ID
	msg := "“" + entryTitle(e) + "” and its earlier versions will be gone for good.\nThis can't be undone."
	s.confirm = dialog.NewConfirm("Delete this entry for ever?", msg, func(ok bool) {
		s.confirm = nil
		if ok {
			s.purge(id)
		}
	}, s.u.win)
	s.confirm.SetConfirmText("Delete for ever")
	s.confirm.SetConfirmImportance(widget.DangerImportance)
	s.confirm.SetDismissText("Keep it")
	s.confirm.Show()
}

// purge deletes an entry for ever, once the person has said yes.
func (s *trashScreen) purge(id vault.ID) {
	s.u.touch()
	v := s.u.vault()
	if v == nil {
		return
	}
	if err := v.Purge(id); err != nil {
		s.u.toast("That entry couldn't be deleted just now. It is still here in the trash.", nil)
	} else {
		s.u.toast("Deleted for ever.", nil)
	}
	s.refresh()
}

func (s *trashScreen) clear() {
	if s.confirm != nil {
		s.confirm.Hide()
		s.confirm = nil
	}
	s.entries = nil
	s.empty.Hide()
	s.emptyBox.Hide()
	s.list.Refresh()
}
