package app

import (
	"errors"

	"tend/journal"
	"tend/vault"
)

// Drafts keep the editor's unsaved writing safe across a lock, a quit or a
// crash (see vault.DraftBox). The session keeps the draft box of the last
// vault it opened even while locked: sealing needs no secret, so a lock
// never waits for a save, and the words are given back at the next unlock.

// adopt makes v the open vault and takes up any draft left from before.
// Called with s.mu held.
func (s *Session) adopt(v *vault.Vault) {
	prev := s.drafts
	s.v = v
	if box, err := v.DraftBox(); err == nil {
		s.drafts = box
	}
	s.kept, s.keptErr = v.OpenDraft(prev)
}

// TakeDraft returns, once, the writing kept from before the last lock,
// quit or crash, or nil. It is not saved yet: the editor shows it again,
// and the draft is removed only once it is saved (DiscardDraft). An error
// wraps vault.ErrDraftUnreadable when a draft was found that this journal
// cannot open; it has been set aside and nothing else changed.
func (s *Session) TakeDraft() (*journal.Entry, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, err := s.kept, s.keptErr
	s.kept, s.keptErr = nil, nil
	return e, err
}

// errNoDraftBox means no vault was opened yet, so there is no key to seal
// a draft to.
var errNoDraftBox = errors.New("there is no journal open to keep a draft for")

// SealDraft seals e, the entry in the editor at edit generation gen, into
// the vault folder, replacing an older draft. It works locked or unlocked.
func (s *Session) SealDraft(e *journal.Entry, gen int) error {
	s.mu.Lock()
	box := s.drafts
	s.mu.Unlock()
	if box == nil {
		return errNoDraftBox
	}
	return box.Seal(e, gen)
}

// DiscardDraft removes the draft once edit generation gen is saved; a
// draft of newer edits stays.
func (s *Session) DiscardDraft(gen int) error {
	s.mu.Lock()
	box := s.drafts
	s.mu.Unlock()
	if box == nil {
		return nil
	}
	return box.Discard(gen)
}
