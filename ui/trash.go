package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

// trashScreen lists deleted entries. Each can be restored, or deleted for
// ever after a confirmation that says plainly it cannot be undone.
type trashScreen struct {
	u *UI
	// heading names the screen, and the one journal it shows when one is
	// chosen.
	heading  *widget.Label
	entries  []*journal.Entry
	list     *widget.List
	empty    *widget.Label
	emptyBox *fyne.Container
	// keeps says how long the trash keeps entries; emptyAll empties it.
	keeps    *widget.Label
	emptyAll *widget.Button
	tools    *fyne.Container // keeps and emptyAll, hidden when empty
	root     *fyne.Container
	// confirm is the open "delete for ever" question, kept so a test can
	// answer it.
	confirm *dialog.ConfirmDialog
}

func newTrashScreen(u *UI) *trashScreen {
	s := &trashScreen{u: u, heading: journalHeading(i18n.L("Trash"))}
	s.list = widget.NewList(func() int { return len(s.entries) }, newTrashRowTemplate, s.updateRow)
	s.empty = paragraph(i18n.L("The trash is empty."))
	hint := note(i18n.L("Entries you delete wait here until you restore them or let them go."))
	hint.Alignment = fyne.TextAlignCenter
	s.emptyBox = container.NewVBox(s.empty, hint)
	s.keeps = note(i18n.L("Entries stay here until you restore them or delete them for good. Tend never empties the trash by itself."))
	s.emptyAll = &widget.Button{Text: i18n.L("Empty the trash…"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: s.onEmpty}
	return s
}

func (s *trashScreen) buildUI() fyne.CanvasObject {
	invite := container.NewVBox(layout.NewSpacer(), container.New(columnLayout{max: 460}, s.emptyBox), layout.NewSpacer(), layout.NewSpacer())
	s.tools = container.NewVBox(s.keeps, container.NewHBox(s.emptyAll))
	top := container.NewPadded(container.NewVBox(s.heading, s.tools))
	s.root = container.NewBorder(top, nil, nil, nil, container.NewStack(s.list, invite))
	return s.root
}

// newTrashRowTemplate makes a row: the entry (see entryRow) with its day,
// then Restore and Delete for ever.
func newTrashRowTemplate() fyne.CanvasObject {
	restore := &widget.Button{Text: i18n.X("trash.restore", "Restore"), Icon: theme.ContentUndoIcon()}
	purge := &widget.Button{Text: i18n.L("Delete for ever"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance}
	// Centred, so the buttons keep their own height in a two-line row.
	return container.NewBorder(nil, nil, nil, container.NewCenter(container.NewHBox(restore, purge)), newEntryRow())
}

func (s *trashScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.entries) {
		return
	}
	e := s.entries[i]
	c := o.(*fyne.Container)
	c.Objects[0].(*entryRow).setEntry(e, dayAndClock(shortDay(e.Date, journal.DateOf(s.u.now())), e, s.u.here()))
	buttons := c.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects
	buttons[0].(*widget.Button).OnTapped = func() { s.onRestore(e.ID) }
	buttons[1].(*widget.Button).OnTapped = func() { s.onPurge(e) }
}

func (s *trashScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	s.heading.SetText(s.u.headed(i18n.L("Trash")))
	s.entries, _ = v.List(vault.ListQuery{Trash: true, Journals: s.u.inView()})
	show := len(s.entries) == 0
	s.tools.Hidden = show
	if s.root != nil {
		s.root.Refresh()
	}
	s.empty.Hidden = !show
	s.emptyBox.Hidden = !show
	s.emptyBox.Refresh()
	s.list.Refresh()
}

// onRestore puts an entry back in the journal, with an Undo in case it was
// the wrong one.
func (s *trashScreen) onRestore(id journal.ID) {
	s.u.touch()
	v := s.u.vault()
	if v == nil {
		return
	}
	if err := v.RestoreFromTrash(id); err != nil {
		s.u.toast(i18n.L("That entry couldn't be restored just now. It is still here in the trash."), nil)
		s.refresh()
		return
	}
	s.refresh()
	s.u.toast(i18n.L("Restored to your journal."), func() {
		if v := s.u.vault(); v != nil && v.Delete(id) == nil {
			s.refresh()
		}
	})
}

// onPurge asks before deleting an entry for ever.
func (s *trashScreen) onPurge(e *journal.Entry) {
	s.u.touch()
	id := e.ID
	msg := i18n.L("“{{.Name}}” and its earlier versions will be gone for good.\nThis can't be undone.", i18n.Data{"Name": say.Name(e)})
	s.confirm = dialog.NewConfirm(i18n.L("Delete this entry for ever?"), msg, func(ok bool) {
		s.confirm = nil
		if ok {
			s.purge(id)
		}
	}, s.u.win)
	s.confirm.SetConfirmText(i18n.L("Delete for ever"))
	s.confirm.SetConfirmImportance(widget.DangerImportance)
	s.confirm.SetDismissText(i18n.L("Keep it"))
	s.confirm.Show()
}

// onEmpty asks before deleting everything in the trash for ever.
func (s *trashScreen) onEmpty() {
	s.u.touch()
	n := len(s.entries)
	if n == 0 {
		return
	}
	msg := i18n.N("All {{.Count}} entries in the trash and their earlier versions will be gone for good.\nThis can't be undone.", n)
	s.confirm = dialog.NewConfirm(i18n.L("Empty the trash?"), msg, func(ok bool) {
		s.confirm = nil
		if ok {
			s.purgeAll()
		}
	}, s.u.win)
	s.confirm.SetConfirmText(i18n.L("Delete for ever"))
	s.confirm.SetConfirmImportance(widget.DangerImportance)
	s.confirm.SetDismissText(i18n.L("Keep them"))
	s.confirm.Show()
}

// purgeAll deletes every entry in the trash for ever. An entry that cannot
// be deleted just now stays in the trash, and the person is told so.
func (s *trashScreen) purgeAll() {
	v := s.u.vault()
	if v == nil {
		return
	}
	failed := 0
	for _, e := range s.entries {
		if err := v.Purge(e.ID); err != nil {
			failed++
		}
	}
	switch {
	case failed == 0:
		s.u.toast(i18n.L("The trash is empty now."), nil)
	default:
		s.u.toast(i18n.N("{{.Count}} entries couldn't be deleted just now. They are still in the trash.", failed), nil)
	}
	s.refresh()
}

// purge deletes an entry for ever, once the person has said yes.
func (s *trashScreen) purge(id journal.ID) {
	s.u.touch()
	v := s.u.vault()
	if v == nil {
		return
	}
	if err := v.Purge(id); err != nil {
		s.u.toast(i18n.L("That entry couldn't be deleted just now. It is still here in the trash."), nil)
	} else {
		s.u.toast(i18n.L("Deleted for ever."), nil)
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
