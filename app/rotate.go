package app

import (
	"errors"
	"fmt"
	"os"
	"time"

	"tend/backup"
	"tend/vault"
)

// Rotated is what a rotation leaves for the person: the new recovery key,
// to show once, and the automatic backups made before it, which still open
// with the old password and hold what was written until then.
type Rotated struct {
	Key vault.RecoveryKey
	// OldSnapshots are the automatic backups made with the old keys.
	OldSnapshots []string
	// SnapshotErr is the error of the backup taken with the new keys just
	// after the rotation, or nil.
	SnapshotErr error
}

// Rotate gives the journal new keys for everything, for when someone may
// know the password or have seen the recovery key (see vault.Rotate): it
// checks the current password, sets next as the new one at the journal's
// key-derivation cost, and makes a new recovery key. Then it takes an
// automatic backup with the new keys and lists the older ones. It reads
// and writes the whole journal: call it off the UI goroutine. progress may
// be nil. A wrong current password returns vault.ErrWrongPassword and
// changes nothing.
//
// When the rotation fails, the journal is as it was and stays open; if it
// could not be opened again, the session is locked. When the new keys are
// in place but the journal did not open again, the error comes with the
// new recovery key, which must still be shown.
func (s *Session) Rotate(current, next []byte, progress func(done, total int)) (Rotated, error) {
	v, err := s.confirm(current)
	if err != nil {
		return Rotated{}, err
	}
	nv, rk, err := v.Rotate(next, v.KDF(), progress)
	s.mu.Lock()
	switch {
	case s.v != v:
		// Locked meanwhile: the lock found the vault closed by the
		// rotation; the one opened again is not wanted.
		if nv != nil && nv != v {
			nv.Close()
		}
	case nv == nil:
		s.v = nil
	case nv != v:
		s.adopt(nv)
		// The editor keeps its own writing; the draft is the same.
		s.kept, s.keptErr = nil, nil
	}
	s.mu.Unlock()
	res := Rotated{Key: rk}
	if err != nil {
		return res, err
	}
	fresh, err := s.SnapshotNow()
	if err != nil {
		res.SnapshotErr = fmt.Errorf("the automatic backup with the new keys was not taken: %w", err)
	}
	// Every other backup there was made with the old keys.
	list, _ := backup.ListSnapshots(s.SnapshotDir(), nil)
	for _, f := range list {
		if f.Path != fresh {
			res.OldSnapshots = append(res.OldSnapshots, f.Path)
		}
	}
	return res, nil
}

// RemoveSnapshots deletes the automatic backups at paths, as offered after
// a rotation: each only if it is an automatic backup in this session's
// backup folder. It goes on past a file it cannot remove and returns the
// errors together.
func (s *Session) RemoveSnapshots(paths []string) error {
	list, err := backup.ListSnapshots(s.SnapshotDir(), nil)
	if err != nil {
		return err
	}
	ours := map[string]bool{}
	for _, f := range list {
		ours[f.Path] = true
	}
	var errs []error
	for _, p := range paths {
		if !ours[p] || !backup.IsSnapshotFile(p) {
			continue
		}
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			errs = append(errs, err)
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("removing the older automatic backups: %w", errors.Join(errs...))
	}
	return nil
}

// RotateEstimate guesses how long a rotation of the open journal takes,
// from its number of entries: about what was measured on a small
// two-core machine, rounded up, since a person would rather wait less
// than they were told.
func (s *Session) RotateEstimate() (entries int, d time.Duration) {
	v := s.Vault()
	if v == nil {
		return 0, 0
	}
	list, err := v.List(vault.ListQuery{})
	if err != nil {
		return 0, 0
	}
	trash, _ := v.List(vault.ListQuery{Trash: true})
	entries = len(list) + len(trash)
	return entries, rotateTime(entries)
}

// rotateTime is the estimate for n entries: a second or two of opening
// and swapping, and the copying, about 10,000 entries in two seconds.
func rotateTime(n int) time.Duration {
	return 2*time.Second + time.Duration(n)*200*time.Microsecond
}
