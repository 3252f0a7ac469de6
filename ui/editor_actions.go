package ui

import (
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// onDelete saves, moves the entry to the trash and goes back to the
// journal, with Undo on the way.
func (s *editorScreen) onDelete() {
	if s.entry == nil || s.flush() != nil {
		return
	}
	id, stored := s.entry.ID, s.entry.Rev > 0
	if stored {
		v := s.u.vault()
		if v == nil {
			s.saveFailed(vault.ErrClosed)
			return
		}
		if err := v.Delete(id); err != nil {
			s.status.SetText(i18n.L("This entry couldn't be moved to the trash just now. It is still here."))
			return
		}
	}
	// Cleared first, so leaving the editor cannot save the entry again
	// and take it back out of the trash.
	s.clear()
	s.u.showSection(secJournal)
	if stored {
		s.u.toast(i18n.L("Moved to the trash."), func() { s.undoDelete(id) })
	}
}

// undoDelete takes an entry back out of the trash and opens it again.
func (s *editorScreen) undoDelete(id journal.ID) {
	v := s.u.vault()
	if v == nil {
		return
	}
	if err := v.RestoreFromTrash(id); err != nil {
		s.u.toast(i18n.L("That entry couldn't be brought back. It is safe in the trash."), nil)
		return
	}
	s.u.openEntry(id)
}

// onHistory saves, then shows the entry's earlier versions.
func (s *editorScreen) onHistory() {
	if s.entry == nil || s.flush() != nil {
		return
	}
	v := s.u.vault()
	if v == nil {
		return
	}
	versions, err := v.History(s.entry.ID)
	if err != nil {
		s.status.SetText(i18n.L("The earlier versions couldn't be read just now."))
		return
	}
	current, _ := s.fromFields()
	s.closeHistory()
	s.history = newHistoryView(s, current, versions)
	s.history.show(s.u.win)
}

func (s *editorScreen) closeHistory() {
	if s.history != nil {
		s.history.close()
		s.history = nil
	}
}

// restoreVersion puts an earlier version back in the editor and saves it.
// The version it replaces goes into the history, so nothing is lost.
func (s *editorScreen) restoreVersion(old *journal.Entry) {
	if s.entry == nil || old.ID != s.entry.ID {
		return
	}
	s.closeHistory()
	s.entry.Fields = old.Fields
	s.loading = true
	s.title.SetText(old.Title)
	s.body.SetText(old.Body)
	s.date.SetText(old.Date.String())
	s.setMood(old.Mood)
	s.tags.SetTags(old.Tags)
	if s.form != nil {
		s.form.set(old.Fields)
	}
	s.loading = false
	s.showDateNote("")
	s.onEdit()
	if s.flush() == nil {
		if s.reading {
			s.setReading(true) // the page shows the version brought back
		}
		s.u.toast(i18n.L("The earlier version is back. The one it replaced is in History."), nil)
	}
}
