package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// newJournalChooser makes the editor's choice of journal: moving an entry
// to another journal is choosing it here, saved with the words. It shows
// only when there are two journals or more.
func (s *editorScreen) newJournalChooser() {
	s.book = widget.NewSelect(nil, nil)
	s.book.OnChanged = func(string) { s.onJournal() }
	label := caption(i18n.L("In"))
	label.Wrapping = fyne.TextWrapOff // a wrapping label beside a menu shrinks to a letter
	s.bookRow = container.NewHBox(container.NewCenter(label), s.book)
	s.bookRow.Hide()
}

// showJournal offers the journals, in their order, with the entry's own
// chosen; an archived one is offered only to the entry already in it.
// It changes nothing of the entry.
func (s *editorScreen) showJournal() {
	jv := s.u.shell.journals
	if s.entry == nil || !jv.several() {
		s.bookRow.Hide()
		return
	}
	home := jv.books.Home(s.entry.Journal).ID
	var opts []string
	s.bookIDs = s.bookIDs[:0]
	at := 0
	for _, b := range jv.books {
		if b.Archived && b.ID != home {
			continue
		}
		if b.ID == home {
			at = len(opts)
		}
		opts = append(opts, shorten(b.Name, 32))
		s.bookIDs = append(s.bookIDs, b.ID)
	}
	loading := s.loading
	s.loading = true
	s.book.PlaceHolder = ""
	s.book.SetOptions(opts)
	fitOptions(s.book)
	s.book.SetSelectedIndex(at)
	s.loading = loading
	s.bookRow.Show()
}

// onJournal moves the entry to the journal chosen.
func (s *editorScreen) onJournal() {
	i := s.book.SelectedIndex()
	if s.loading || s.entry == nil || i < 0 || i >= len(s.bookIDs) || s.entry.Journal == s.bookIDs[i] {
		return
	}
	s.entry.Journal = s.bookIDs[i]
	s.onEdit()
}

// homeJournal is the journal a new entry goes into: the one the sidebar
// shows, or the first in view when it shows them all.
func (u *UI) homeJournal() journal.JournalID {
	if u.shell == nil {
		return journal.JournalID{}
	}
	return u.shell.journals.home()
}
