package app

import (
	"fmt"
	"path/filepath"
	"time"

	"tend/backup"
	"tend/vault"
)

// DefaultSnapshotDir is where automatic backups go unless the person chose
// another folder: a sibling of the vault folder named after it with
// "-backups", so losing or deleting the vault folder leaves them.
func DefaultSnapshotDir(vaultDir string) string {
	return filepath.Clean(vaultDir) + "-backups"
}

// SnapshotDir returns the folder of this session's automatic backups.
func (s *Session) SnapshotDir() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.snapDir != "" {
		return s.snapDir
	}
	return DefaultSnapshotDir(s.dir)
}

// UseSnapshotDir sets the folder for automatic backups, such as a folder on
// an external disk; "" goes back to the default beside the vault.
func (s *Session) UseSnapshotDir(dir string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snapDir = dir
}

// SnapshotNow takes an automatic backup now, replacing one already taken
// today, prunes old ones, and returns the new file's path. It is the "Back
// up now" button; it reads the whole journal, so call it off the UI
// goroutine.
func (s *Session) SnapshotNow() (string, error) {
	v := s.Vault()
	if v == nil {
		return "", vault.ErrClosed
	}
	now := time.Now()
	path, err := v.RetakeSnapshot(s.SnapshotDir(), now)
	if err != nil {
		return "", err
	}
	if _, err := pruneSnapshots(v, s.SnapshotDir(), now); err != nil {
		return path, err
	}
	return path, nil
}

// LastSnapshot returns the newest automatic backup of the open journal,
// dated, and false when there is none or the journal is locked: only its
// keys read the time from the backups' names.
func (s *Session) LastSnapshot() (backup.SnapshotFile, bool) {
	v := s.Vault()
	if v == nil {
		return backup.SnapshotFile{}, false
	}
	names, err := v.SnapshotNames()
	if err != nil {
		return backup.SnapshotFile{}, false
	}
	list, err := backup.ListSnapshots(s.SnapshotDir(), names)
	if err != nil || len(list) == 0 || !list[0].Known() {
		return backup.SnapshotFile{}, false
	}
	return list[0], true
}

// LastSnapshotError returns the error of the automatic backup attempted at
// the last lock, or nil if it succeeded or none was attempted.
func (s *Session) LastSnapshotError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.snapErr
}

// snapshotOnLock takes today's automatic backup, if not yet taken, and
// prunes old ones. Lock calls it just before closing the vault; its error is
// recorded for LastSnapshotError, never returned, since a full disk or a
// missing external drive must not keep a journal unlocked.
func (s *Session) snapshotOnLock(v *vault.Vault) {
	now := time.Now()
	_, err := v.Snapshot(s.SnapshotDir(), now)
	if err == nil {
		_, err = pruneSnapshots(v, s.SnapshotDir(), now)
	}
	if err != nil {
		err = fmt.Errorf("the automatic backup was not taken: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.snapErr = err
}

// pruneSnapshots removes v's automatic backups in dir that the retention
// rules no longer keep.
func pruneSnapshots(v *vault.Vault, dir string, now time.Time) ([]string, error) {
	names, err := v.SnapshotNames()
	if err != nil {
		return nil, err
	}
	return backup.PruneSnapshots(dir, names, now, backup.DefaultSnapshotDaily, backup.DefaultSnapshotWeekly, backup.DefaultSnapshotMonthly)
}
