package ui

import (
	"time"

	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// The time an entry was written and its star, in the editor. The time is
// a plain field beside the day: the clock time where it was written, which
// the person may correct or clear (an entry may have no time). A new entry
// is written now. Moving the entry to another day keeps its clock time.

// newWhen makes the time field and the star.
func (s *editorScreen) newWhen() {
	s.clock = &widget.Entry{PlaceHolder: i18n.L("HH:MM")}
	s.clock.OnChanged = s.onClock
	s.starBtn = newStarButton(s.onStar)
}

// fillWhen shows e's time and star without counting it as an edit.
func (s *editorScreen) fillWhen(e *journal.Entry) {
	s.clock.SetText(clockField(e.Written))
	setStar(s.starBtn, e.Starred)
}

// clockField is a time as the field shows it: the hour and minute on the
// clock of where it was written.
func clockField(w time.Time) string {
	if w.IsZero() {
		return ""
	}
	return w.Format("15:04")
}

// zoneNote says, under the day, that the time is on another clock than
// the person's own (here), or nothing.
func zoneNote(e *journal.Entry, here *time.Location) string {
	if e.Written.IsZero() {
		return ""
	}
	_, off := e.Written.Zone()
	if _, now := e.Written.In(here).Zone(); now == off {
		return ""
	}
	return i18n.L("The time is on the clock where this was written, {{.Zone}}.", i18n.Data{"Zone": journal.OffsetName(e.Written)})
}

// onClock takes a time typed as 21:40. An empty field means the entry has
// no time; anything else that is not a time gets a calm note, and the
// entry keeps the time it had.
func (s *editorScreen) onClock(text string) {
	if s.loading || s.entry == nil {
		return
	}
	e := s.entry
	if text == "" {
		e.Written = time.Time{}
		s.showDateNote("")
		s.onEdit()
		return
	}
	h, m, sec, err := journal.ParseClock(text)
	if err != nil {
		note := i18n.L("Write the time like 21:40, or leave it empty. Until then this entry keeps no time.")
		if !e.Written.IsZero() {
			note = i18n.L("Write the time like 21:40, or leave it empty. Until then this entry keeps the time {{.Time}}.", i18n.Data{"Time": clockField(e.Written)})
		}
		s.showDateNote(note)
		return
	}
	// A corrected time stays on the clock it was written on; a time given
	// to an entry that had none is on the person's own.
	loc := s.u.here()
	if !e.Written.IsZero() {
		loc = e.Written.Location()
	}
	d := e.Date
	e.Written = journal.WrittenAt(time.Date(d.Year, d.Month, d.Day, h, m, sec, 0, loc))
	s.showDateNote(zoneNote(e, s.u.here()))
	s.onEdit()
}

// onStar gives the entry a star or takes it away. On the page being read
// it is saved at once; while writing, it is saved with the words.
func (s *editorScreen) onStar() {
	if s.entry == nil {
		return
	}
	s.entry.Starred = !s.entry.Starred
	setStar(s.starBtn, s.entry.Starred)
	setStar(s.reader.starBtn, s.entry.Starred)
	if !s.reading {
		s.onEdit()
		return
	}
	s.u.touch()
	s.dirty = true
	s.gen++
	if s.flush() != nil {
		// Not saved: the page shows the star as it is on disk, and the
		// editor, which says why, keeps trying.
		setStar(s.reader.starBtn, !s.entry.Starred)
	}
}
