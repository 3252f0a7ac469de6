package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/vault"
)

// searchScreen finds entries by their words.
type searchScreen struct {
	u       *UI
	query   *widget.Entry
	status  *widget.Label
	results []vault.Result
	list    *widget.List
}

func newSearchScreen(u *UI) *searchScreen {
	s := &searchScreen{u: u}
	s.query = widget.NewEntry()
	s.query.SetPlaceHolder("Search your journal")
	s.query.OnChanged = func(string) { s.run() }
	s.status = note("")
	s.list = widget.NewList(
		func() int { return len(s.results) },
		func() fyne.CanvasObject {
			return container.NewVBox(&widget.Label{TextStyle: fyne.TextStyle{Bold: true}}, note(""))
		},
		func(i widget.ListItemID, o fyne.CanvasObject) {
			if i >= len(s.results) {
				return
			}
			r := s.results[i]
			rows := o.(*fyne.Container).Objects
			rows[0].(*widget.Label).SetText(entryTitle(r.Entry) + " · " + longDate(r.Entry.Date))
			rows[1].(*widget.Label).SetText(r.Snippet)
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i < len(s.results) {
			s.list.UnselectAll()
			s.u.openEntry(s.results[i].Entry.ID)
		}
	}
	return s
}

func (s *searchScreen) buildUI() fyne.CanvasObject {
	return container.NewBorder(container.NewPadded(container.NewVBox(heading("Search"), s.query, s.status)), nil, nil, nil, s.list)
}

func (s *searchScreen) refresh() { s.run() }

func (s *searchScreen) run() {
	v := s.u.vault()
	if v == nil || s.query.Text == "" {
		s.results = nil
		s.status.SetText("")
		s.list.Refresh()
		return
	}
	res, _, err := v.Search(vault.ParseQuery(s.query.Text), 0, 50)
	switch {
	case errors.Is(err, vault.ErrIndexing):
		s.status.SetText("Search is getting ready…")
	case err != nil:
		s.status.SetText("Search didn't work this time: " + err.Error())
	case len(res) == 0:
		s.status.SetText("Nothing matched.")
	default:
		s.status.SetText("")
	}
	s.results = res
	s.list.Refresh()
}

func (s *searchScreen) clear() {
	s.query.SetText("")
	s.results = nil
	s.list.Refresh()
}
