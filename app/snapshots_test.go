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
	list, err := backup.ListSnapshots(s.SnapshotDir(), nil)
	if err != nil || len(list) != 1 {
		t.Fatalf("%d automatic backups after a lock: %v", len(list), err)
	}
	path := list[0].Path
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
	if err != nil {
		t.Fatalf("second: %v", err)
	}
	// The day's earlier backup makes way for the new one.
	if list, _ := backup.ListSnapshots(s.SnapshotDir(), nil); len(list) != 1 || list[0].Path != p2 {
		t.Fatalf("after two backups in a day the folder holds %+v, want only %s", list, p2)
	}
	if p1 != p2 {
		if _, err := os.Stat(p1); !os.IsNotExist(err) {
			t.Fatalf("the day's earlier backup is still there: %v", err)
		}
	}
	last, ok := s.LastSnapshot()
	if !ok || last.DayOnly || time.Since(last.Taken) > time.Minute || time.Until(last.Taken) > time.Second {
		t.Fatalf("last snapshot %+v %v", last, ok)
	}
	s.Lock()
	if _, err := s.SnapshotNow(); !errors.Is(err, vault.ErrClosed) {
		t.Fatalf("locked: %v", err)
	}
}

// TestUnlockSealsTheNamesOfOlderBackups: a backup an earlier Tend named by
// its day gets a sealed name as soon as the journal is unlocked, and the
// settings then say when it was taken.
func TestUnlockSealsTheNamesOfOlderBackups(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, _ := newSnapshotSession(t)
	p, err := s.SnapshotNow()
	if err != nil {
		t.Fatal(err)
	}
	// Today's backup is taken, so the lock takes none; while locked, it
	// gets the name an earlier Tend gave.
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	old := filepath.Join(s.SnapshotDir(), "tend-2026-11-20.tend-snapshot")
	if err := os.Rename(p, old); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock([]byte("a quiet river at dawn")); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(old); !os.IsNotExist(err) {
		t.Fatalf("after unlocking, the backup still shows its day: %v", err)
	}
	last, ok := s.LastSnapshot()
	if !ok || !last.DayOnly || last.Taken.Format("2006-01-02") != "2026-11-20" {
		t.Fatalf("the settings would say the last backup was taken %+v (%v)", last, ok)
	}
}
