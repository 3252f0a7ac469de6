package app

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"

	"tend/backup"
	"tend/journal"
	"tend/vault"
)

// Session is the running app's hold on one vault: locked or unlocked. The
// user interface asks it to create, unlock and lock the journal, and reads
// and writes entries through the Vault it hands out while unlocked.
//
// Every method that derives a key (Create, Unlock, UnlockWithRecovery,
// SetPassword) takes a noticeable fraction of a second: call them off the UI
// goroutine.
type Session struct {
	dir string

	mu  sync.Mutex
	kdf vault.KDFParams
	v   *vault.Vault
	// snapDir is the automatic backups' folder when the person chose one;
	// empty means DefaultSnapshotDir. snapErr is the error of the
	// automatic backup attempted at the last lock, which must not stop the
	// lock itself.
	snapDir string
	snapErr error
	// childPath and childEnv run the store checks (see UseChildCommand).
	childPath string
	childEnv  []string

	// drafts seals the editor's unsaved writing; it outlives a lock (see
	// draft.go). kept and keptErr are the draft found at the last unlock,
	// until TakeDraft.
	drafts  *vault.DraftBox
	kept    *journal.Entry
	keptErr error
	// closing counts vaults detached by a lock and still closing: opening
	// the vault again waits for them, since the store allows one user.
	closing sync.WaitGroup
}

// NewSession returns a locked session for the vault in dir.
func NewSession(dir string) *Session {
	return &Session{dir: dir, kdf: vault.DefaultKDF}
}

// UseKDF sets the key-derivation cost for vaults and passwords made from now
// on. Tests use vault.TestKDF to stay fast with real Argon2id.
func (s *Session) UseKDF(p vault.KDFParams) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.kdf = p
}

// Dir returns the vault folder.
func (s *Session) Dir() string { return s.dir }

// HasVault reports whether the folder holds a vault yet.
func (s *Session) HasVault() (bool, error) { return vault.Exists(s.dir) }

// Create makes the vault and leaves the session unlocked. The returned
// recovery key must be shown to the person once; it is kept nowhere.
func (s *Session) Create(password []byte) (vault.RecoveryKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.v != nil {
		return vault.RecoveryKey{}, vault.ErrVaultExists
	}
	if err := EnsurePrivateDir(s.dir); err != nil {
		return vault.RecoveryKey{}, err
	}
	v, rk, err := vault.Create(s.dir, password, s.kdf)
	if err != nil {
		return vault.RecoveryKey{}, err
	}
	s.adopt(v)
	return rk, nil
}

// RestoreNew makes the vault from a backup read with ReadBackupFile and
// leaves the session unlocked, like Create. The new vault is protected by
// password; the returned recovery key is new and must be shown once.
func (s *Session) RestoreNew(c *backup.Contents, password []byte) (vault.RecoveryKey, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.v != nil {
		return vault.RecoveryKey{}, vault.ErrVaultExists
	}
	if err := EnsurePrivateDir(s.dir); err != nil {
		return vault.RecoveryKey{}, err
	}
	v, rk, err := vault.RestoreNew(s.dir, c, password, s.kdf)
	if err != nil {
		return vault.RecoveryKey{}, err
	}
	s.adopt(v)
	return rk, nil
}

// Backup writes an encrypted backup of the unlocked journal to path, the
// careful way vault.BackupToFile does. progress may be nil.
func (s *Session) Backup(path string, passphrase []byte, progress func(done, total int)) (backup.Manifest, error) {
	v := s.Vault()
	if v == nil {
		return backup.Manifest{}, vault.ErrClosed
	}
	return v.BackupToFile(path, passphrase, Version(), progress)
}

// ReadBackupFile reads and checks the whole backup at path. It changes
// nothing; errors wrap the sentinels backup.Read returns.
func ReadBackupFile(path string, passphrase []byte) (*backup.Contents, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("opening the backup: %w", err)
	}
	defer f.Close()
	return backup.Read(bufio.NewReaderSize(f, 1<<20), passphrase)
}

// UnlockWithRecovery opens the vault with its recovery key and sets a new
// password. If the new password cannot be set the vault stays locked, so the
// person is never left without a working password.
func (s *Session) UnlockWithRecovery(key string, newPassword []byte) error {
	rk, err := vault.ParseRecoveryKey(key)
	if err != nil {
		return err
	}
	s.closing.Wait()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.v != nil {
		return errors.New("the journal is already open")
	}
	v, err := vault.OpenWithRecovery(s.dir, rk)
	if err != nil {
		return err
	}
	if err := v.SetPassword(newPassword, s.kdf); err != nil {
		v.Close()
		return err
	}
	s.adopt(v)
	return nil
}

// Vault returns the unlocked vault, or nil while locked.
func (s *Session) Vault() *vault.Vault {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.v
}

// Unlocked reports whether the journal is open.
func (s *Session) Unlocked() bool { return s.Vault() != nil }

// Lock closes the vault and forgets its keys. It is safe to call when
// already locked. Before closing, it takes the day's automatic backup if
// none was taken yet; a failure there is kept for LastSnapshotError and
// never stops the lock.
func (s *Session) Lock() error { return s.CloseDetached(s.Detach()) }

// Detach locks the session at once: from now on Vault returns nil, so
// nothing the window does can reach the journal or its keys. It returns
// the vault, still open, for CloseDetached, which a lock runs in the
// background so that a save in flight or a failing store never holds the
// journal open on screen. It returns nil when already locked.
func (s *Session) Detach() *vault.Vault {
	s.mu.Lock()
	defer s.mu.Unlock()
	v := s.v
	s.v = nil
	if v != nil {
		s.closing.Add(1)
	}
	return v
}

// CloseDetached takes the day's automatic backup of v, as Lock does, and
// closes it. v comes from Detach and may be nil.
func (s *Session) CloseDetached(v *vault.Vault) error {
	if v == nil {
		return nil
	}
	defer s.closing.Done()
	s.snapshotOnLock(v)
	return v.Close()
}

// WriteRecoveryKey writes a recovery key to w with a line saying what it is,
// for the "Save to a file" button.
func WriteRecoveryKey(w io.Writer, key string) error {
	_, err := fmt.Fprintf(w, "Tend recovery key\n\n%s\n\nIf you forget your password, this key opens your journal. Keep this file private.\n", key)
	return err
}

// ChangePassword checks the current password and sets a new one, keeping
// the key-derivation cost. A wrong current password returns
// vault.ErrWrongPassword and changes nothing.
func (s *Session) ChangePassword(current, next []byte) error {
	v, err := s.confirm(current)
	if err != nil {
		return err
	}
	return v.SetPassword(next, v.KDF())
}

// ChangeKDF re-protects the password with new key-derivation parameters,
// after checking the password.
func (s *Session) ChangeKDF(password []byte, p vault.KDFParams) error {
	v, err := s.confirm(password)
	if err != nil {
		return err
	}
	return v.SetPassword(password, p)
}

// CheckPassword reports whether password opens the journal now unlocked,
// as it is on disk: vault.ErrWrongPassword when it does not. It asks who
// is at the window before an action that would help an intruder.
func (s *Session) CheckPassword(password []byte) error {
	_, err := s.confirm(password)
	return err
}

// confirm checks a password against the vault on disk, so a person who
// walked up to an unlocked journal cannot change its keys.
func (s *Session) confirm(password []byte) (*vault.Vault, error) {
	v := s.Vault()
	if v == nil {
		return nil, vault.ErrClosed
	}
	if err := v.CheckPassword(password); err != nil {
		return nil, err
	}
	return v, nil
}

// StrongerKDF is the next step up in key-derivation cost: twice the memory,
// up to 1 GiB, and one more pass.
func StrongerKDF(p vault.KDFParams) vault.KDFParams {
	next := p
	next.MemoryKiB = min(p.MemoryKiB*2, 1<<20)
	next.Time = min(p.Time+1, 10)
	next.Threads = max(p.Threads, 4)
	return next
}
