package ui

import (
	"errors"
	"strings"
	"syscall"
	"time"

	"fyne.io/fyne/v2"

	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// autosavePause is how long the editor waits after the last keystroke
// before saving: long enough not to save mid-word, short enough that little
// is ever at risk.
const autosavePause = 1500 * time.Millisecond

// draftPause is the longest typing goes without being sealed as a draft
// (see app.Session.SealDraft). Autosave waits for a pause in the typing;
// this does not, so a crash in the middle of a long outpouring loses at
// most a moment of it.
const draftPause = 2 * time.Second

// armDraft starts the draft timer unless it is running: it is not reset by
// each keystroke, as autosave's is, so a draft is sealed a moment after the
// first unsealed edit however long the typing goes on.
func (s *editorScreen) armDraft() {
	if s.autosaveDelay > 0 && s.draftTimer == nil {
		s.draftTimer = time.AfterFunc(draftPause, func() { fyne.Do(s.keepDraft) })
	}
}

// keepDraft seals what the editor holds as a draft, off the UI goroutine,
// when it holds words not yet saved. Sealing needs no key, so it works
// while locked too.
func (s *editorScreen) keepDraft() {
	s.stopDraftTimer()
	if !s.dirty || s.entry == nil {
		return
	}
	if s.draftGen == s.gen || s.sealing {
		return
	}
	e, ok := s.fromFields()
	if !ok {
		return
	}
	gen := s.gen
	s.sealing = true
	s.u.background(func() error { return s.u.sess.SealDraft(e, gen) }, func(err error) {
		s.sealing = false
		if err == nil {
			s.draftGen = max(s.draftGen, gen)
		}
		if s.dirty && s.gen != s.draftGen {
			s.armDraft() // words typed while sealing, or a seal that failed
		}
	})
}

func (s *editorScreen) stopDraftTimer() {
	if s.draftTimer != nil {
		s.draftTimer.Stop()
		s.draftTimer = nil
	}
}

// schedule restarts the autosave timer.
func (s *editorScreen) schedule() {
	if s.autosaveDelay <= 0 {
		return
	}
	s.stopTimer()
	s.timer = time.AfterFunc(s.autosaveDelay, func() { fyne.Do(s.autosaveNow) })
}

func (s *editorScreen) stopTimer() {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
}

// autosaveNow saves what the editor holds, off the UI goroutine. The
// timer calls it a moment after the last edit; tests call it directly.
func (s *editorScreen) autosaveNow() {
	s.stopTimer()
	if !s.dirty || s.entry == nil {
		return
	}
	v := s.u.vault()
	if v == nil {
		s.saveFailed(vault.ErrClosed)
		return
	}
	e, ok := s.fromFields()
	if !ok {
		return
	}
	gen := s.gen
	s.u.background(func() error { return s.put(v, e, gen) }, func(err error) { s.saved(e, gen, err) })
}

// flush saves pending edits and returns once they are on disk. The shell
// calls it before leaving the editor, locking or quitting; on failure the
// words stay in the editor and the status line says so.
func (s *editorScreen) flush() error {
	if s.entry == nil {
		return nil
	}
	s.stopTimer()
	if !s.dirty {
		return nil
	}
	v := s.u.vault()
	if v == nil {
		s.saveFailed(vault.ErrClosed)
		return vault.ErrClosed
	}
	e, ok := s.fromFields()
	if !ok {
		s.dirty = false
		return nil
	}
	err := s.put(v, e, s.gen)
	s.saved(e, s.gen, err)
	return err
}

// fromFields copies the entry with what the fields show now. It reports
// false for a new entry with nothing in it yet, which is never saved.
func (s *editorScreen) fromFields() (*journal.Entry, bool) {
	e := *s.entry
	e.Title = strings.TrimSpace(s.title.Text)
	e.Body = s.body.Text
	e.Tags = s.tags.Tags()
	e.Mood = s.currentMood()
	e.Date = s.currentDate()
	e.Fields = s.currentFields()
	empty := e.Title == "" && strings.TrimSpace(e.Body) == "" && len(e.Tags) == 0 && e.Mood == 0 && s.formUntouched(e.Fields)
	return &e, !(e.Rev == 0 && empty)
}

// put writes e unless a newer edit is already on disk. It may run on any
// goroutine.
func (s *editorScreen) put(v *vault.Vault, e *journal.Entry, gen int) error {
	s.saveMu.Lock()
	defer s.saveMu.Unlock()
	if gen <= s.savedGen {
		// Saved already, by an autosave whose news has not reached the
		// window yet: a draft of these words is not needed either.
		_ = s.u.sess.DiscardDraft(gen)
		return nil
	}
	if err := v.Put(e); err != nil {
		return err
	}
	s.savedGen = gen
	// The words are in the journal now, so their draft has done its work.
	// A draft of newer edits stays.
	_ = s.u.sess.DiscardDraft(gen)
	return nil
}

// saved shows the outcome of a save, on the UI goroutine. "Saved" appears
// only now, after Put has synced the entry to disk.
func (s *editorScreen) saved(e *journal.Entry, gen int, err error) {
	if s.entry == nil || s.entry.ID != e.ID {
		return // the editor has moved on to another entry
	}
	if err != nil {
		if gen == s.gen {
			s.saveFailed(err)
		}
		return
	}
	s.entry.Rev = max(s.entry.Rev, e.Rev)
	if s.entry.Created.IsZero() {
		s.entry.Created = e.Created
	}
	if gen == s.gen {
		s.dirty = false
		s.status.SetText(i18n.L("Saved"))
	}
	s.updateButtons()
}

// saveFailed says, calmly, that the words are not on disk yet but are
// still here, and tries again later when that can help.
func (s *editorScreen) saveFailed(err error) {
	s.status.SetText(saveProblem(err))
	s.keepDraft()
	if !errors.Is(err, vault.ErrClosed) {
		s.schedule()
	}
}

// pending takes what the editor holds that is not saved yet, for a lock:
// the entry and its edit generation, or nil. The lock seals it and tries
// one more save without the window waiting for it.
func (s *editorScreen) pending() (*journal.Entry, int) {
	if s.entry == nil {
		return nil, 0
	}
	s.stopTimer()
	s.stopDraftTimer()
	if !s.dirty {
		return nil, 0
	}
	e, ok := s.fromFields()
	if !ok {
		return nil, 0
	}
	return e, s.gen
}

// giveBack opens writing kept as a draft when the journal locked before it
// could be saved. It is shown as unsaved, and saved like any edit.
func (s *editorScreen) giveBack(e *journal.Entry) {
	s.fill(e)
	s.dirty = true
	s.gen++
	s.status.SetText(draftNote())
	s.updateButtons()
	s.schedule()
}

// draftNote is said when the editor gives back kept writing.
func draftNote() string {
	return i18n.L("Tend kept what you were writing when it locked. Here it is again; it is not saved yet, and will be in a moment.")
}

// saveProblem is the sentence shown when a save fails.
func saveProblem(err error) string {
	switch {
	case errors.Is(err, vault.ErrClosed):
		return i18n.L("Not saved yet: the journal is locked. Your words are still here.")
	case errors.Is(err, journal.ErrTooBig):
		return i18n.L("Not saved: this entry is longer than Tend can keep in one (about 64 MB of text). Your words are still here; moving part of them into a new entry lets Tend save both.")
	case errors.Is(err, vault.ErrWritingStopped):
		return i18n.L("Not saved: part of this journal can't be read, so Tend has stopped saving to keep what it holds safe. Your words are still here; copy them somewhere safe. Settings › Check my journal names the damage and offers to rescue the rest.")
	case errors.Is(err, syscall.ENOSPC):
		return i18n.L("Not saved yet: the disk is full. Your words are still here; freeing some space lets Tend save them.")
	default:
		return i18n.L("Not saved yet. Your words are still here, and Tend will keep trying.")
	}
}
