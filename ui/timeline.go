package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/vault"
)

// timelineScreen lists the journal, newest first.
type timelineScreen struct {
	u       *UI
	entries []*vault.Entry
	list    *widget.List
	empty   *widget.Label
}

func newTimelineScreen(u *UI) *timelineScreen {
	s := &timelineScreen{u: u}
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
			rows[1].(*widget.Label).SetText(longDate(e.Date))
		},
	)
	s.list.OnSelected = func(i widget.ListItemID) {
		if i < len(s.entries) {
			id := s.entries[i].ID
			s.list.UnselectAll()
			s.u.openEntry(id)
		}
	}
	s.empty = paragraph("Nothing written yet. Whenever you are ready, start with a line or two.")
	return s
}

func (s *timelineScreen) buildUI() fyne.CanvasObject {
	return container.NewBorder(container.NewPadded(heading("Journal")), nil, nil, nil,
		container.NewStack(s.list, container.NewVBox(container.NewPadded(s.empty))))
}

func (s *timelineScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	s.entries, _ = v.List(vault.ListQuery{})
	s.empty.Hidden = len(s.entries) > 0
	s.empty.Refresh()
	s.list.Refresh()
}

func (s *timelineScreen) clear() {
	s.entries = nil
	s.list.Refresh()
}

// entryTitle is an entry's title, or a gentle stand-in.
func entryTitle(e *vault.Entry) string {
	if e.Title != "" {
		return e.Title
	}
	return "Untitled"
}

// longDate writes a day as a person reads it: Monday, 23 November 2026.
func longDate(d vault.Date) string { return d.Time().Format("Monday, 2 January 2006") }
