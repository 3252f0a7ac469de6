package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
)

// noticeKind says which situation a notice screen explains.
type noticeKind int

const (
	noticeInUse noticeKind = iota
	noticeDamaged
	noticeNewer
	noticeUnreadable
)

// noticeScreen explains, calmly, why the journal cannot open right now and
// what to do next.
type noticeScreen struct {
	u       *UI
	kind    noticeKind
	err     error
	details *widget.Label
}

func newNoticeScreen(u *UI, kind noticeKind, err error) *noticeScreen {
	s := &noticeScreen{u: u, kind: kind, err: err}
	s.details = note("")
	s.details.Hide()
	return s
}

func (s *noticeScreen) buildUI() fyne.CanvasObject {
	var title, body string
	switch s.kind {
	case noticeInUse:
		title = i18n.L("Tend is already open")
		body = i18n.L("Your journal is open in another Tend window or command. Close it there, then try again here.")
	case noticeNewer:
		title = i18n.L("This journal needs a newer Tend")
		body = i18n.L("It was last opened by a newer version of Tend. Your writing is safe; install the newer version to open it.")
	case noticeUnreadable:
		title = i18n.L("Tend can't reach your journal's folder")
		body = i18n.L("The folder may be on a disk that isn't connected, or Tend may not be allowed to read it. Your writing has not been touched.")
	default:
		title = i18n.L("Your journal needs attention")
		body = i18n.L("Tend couldn't open part of your journal. Nothing has been deleted. Try again; if this keeps happening, the details below will help someone who knows computers.")
	}
	retry := &widget.Button{Text: i18n.L("Try again"), Importance: widget.HighImportance, OnTapped: func() {
		s.u.notice = nil
		s.u.start()
	}}
	show := &widget.Button{Text: i18n.L("Show details"), Importance: widget.LowImportance}
	show.OnTapped = func() {
		if s.err != nil {
			s.details.SetText(s.err.Error())
		}
		s.details.Show()
		show.Hide()
	}
	return centered(container.NewVBox(
		iconImage(72),
		heading(title),
		paragraph(body),
		retry,
		show,
		s.details,
	), 460)
}
