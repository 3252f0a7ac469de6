package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/vault"
)

// trashScreen lists deleted entries, which can be restored.
type trashScreen struct {
	u       *UI
	entries []*vault.Entry
	list    *widget.List
	empty   *widget.Label
}

func newTrashScreen(u *UI) *trashScreen {
	s := &trashScreen{u: u}
	s.list = widget.NewList(
		func() int { return len(s.entries) },
		func() fyne.CanvasObject {
			return container.NewBorder(nil, nil, nil, &widget.Button{Text: "Restore"}, &widget.Label{Truncation: fyne.TextTruncateEllipsis})
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.entries) {
				return
			}
			e := s.entries[i]
			c := o.(*fyne.Container)
			c.Objects[0].(*widget.Label).SetText(entryTitle(e) + " · " + longDate(e.Date))
			c.Objects[1].(*widget.Button).OnTapped = func() { s.onRestore(e.ID) }
		},
	)
	s.empty = paragraph("The trash is empty.")
	return s
}

func (s *trashScreen) buildUI() fyne.CanvasObject {
	return container.NewBorder(container.NewPadded(heading("Trash")), nil, nil, nil,
		container.NewStack(s.list, container.NewVBox(container.NewPadded(s.empty))))
}

func (s *trashScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	s.entries, _ = v.List(vault.ListQuery{Trash: true})
	s.empty.Hidden = len(s.entries) > 0
	s.empty.Refresh()
	s.list.Refresh()
}

func (s *trashScreen) onRestore(id vault.ID) {
	if v := s.u.vault(); v != nil {
		if err := v.Restore(id); err != nil {
			s.u.toast("That entry could not be restored: "+err.Error(), nil)
		}
	}
	s.refresh()
}

func (s *trashScreen) clear() {
	s.entries = nil
	s.list.Refresh()
}
