package app

import (
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault"
)

func newSnapshotSession(t *testing.T) (*Session, vault.RecoveryKey) {
	t.Helper()
	s := NewSession(filepath.Join(t.TempDir(), "journal"))
	s.UseKDF(vault.TestKDF)
	rk, err := s.Create([]byte("a quiet river at dawn"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Lock() })
	if err := s.Vault().Put(&journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.November, Day: 23}, Body: "Small steps."}); err != nil {
		t.Fatal(err)
	}
	return s, rk
}

func TestDefaultSnapshotDirIsASibling(t *testing.T) {
	vaulttest.LowBackupCost(t)
	got := DefaultSnapshotDir(filepath.Join("data", "tend") + string(filepath.Separator))
	if want := filepath.Join("data", "tend-backups"); got != want {
		t.Fatalf("got %q, want %q", got, want)
	}
}

func TestLockTakesASnapshot(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, rk := newSnapshotSession(t)
	if _, ok := s.LastSnapshot(); ok {
		t.Fatal("a snapshot before any lock")
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if err := s.LastSnapshotError(); err != nil {
		t.Fatal(err)
	}
	when, ok := s.LastSnapshot()
	if !ok || time.Since(when) > time.Minute {
		t.Fatalf("last snapshot %v %v", when, ok)
	}
	path := filepath.Join(s.SnapshotDir(), backup.SnapshotName(time.Now()))
	// The vault folder can go: the snapshot opens on its own.
	if err := os.RemoveAll(s.Dir()); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := vault.ReadSnapshot(f, nil, &rk)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) != 1 || c.Entries[0].Body != "Small steps." {
		t.Fatalf("snapshot holds %+v", c.Entries)
	}
}

func TestSnapshotFailureDoesNotStopLock(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, _ := newSnapshotSession(t)
	// A file where the backup folder should be makes the snapshot fail.
	if err := os.WriteFile(s.SnapshotDir(), []byte("in the way"), 0o600); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if s.Unlocked() {
		t.Fatal("still unlocked")
	}
	if s.LastSnapshotError() == nil {
		t.Fatal("the failure was not recorded")
	}
}

func TestSnapshotNow(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, _ := newSnapshotSession(t)
	p1, err := s.SnapshotNow()
	if err != nil {
		t.Fatal(err)
	}
	p2, err := s.SnapshotNow()
	if err != nil || p2 != p1 {
		t.Fatalf("second: %q %v", p2, err)
	}
	if _, ok := s.LastSnapshot(); !ok {
		t.Fatal("no last snapshot")
	}
	s.Lock()
	if _, err := s.SnapshotNow(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("locked: %v", err)
	}
}
