package app

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault"
)

// TestRotateAsksForThePasswordAndOffersOldSnapshots rotates a session's
// journal: a wrong current password changes nothing; the right one gives
// a new password and recovery key that open the journal where the old ones
// do not, a backup taken with the new keys, and the list of older backups,
// which still open with the old password until they are removed.
func TestRotateAsksForThePasswordAndOffersOldSnapshots(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, oldKey := newSnapshotSession(t)
	oldPw, newPw := []byte("a quiet river at dawn"), []byte("lanterns over the harbour at night")
	// Two older backups: one of an earlier day, one of today.
	v := s.Vault()
	older, err := v.Snapshot(s.SnapshotDir(), time.Now().AddDate(0, 0, -3))
	if err != nil {
		t.Fatal(err)
	}
	today, err := v.Snapshot(s.SnapshotDir(), time.Now())
	if err != nil {
		t.Fatal(err)
	}

	if _, err := s.Rotate([]byte("not my password"), newPw, nil); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("a wrong current password: %v", err)
	}
	if s.Vault() != v {
		t.Fatal("a refused rotation changed the open journal")
	}

	var calls int
	res, err := s.Rotate(oldPw, newPw, func(done, total int) { calls++ })
	if err != nil {
		t.Fatal(err)
	}
	if calls == 0 || res.SnapshotErr != nil {
		t.Fatalf("progress calls %d, snapshot %v", calls, res.SnapshotErr)
	}
	// Today's backup made with the old keys is old too: it opens with the
	// old password.
	want := []string{older, today}
	slices.Sort(want)
	if slices.Sort(res.OldSnapshots); !slices.Equal(res.OldSnapshots, want) {
		t.Fatalf("older backups %v, want %s and %s", res.OldSnapshots, older, today)
	}
	if s.Vault() == nil || s.Vault() == v {
		t.Fatal("the session does not hold the rotated journal")
	}
	if err := s.Vault().Put(&journal.Entry{Body: "after"}); err != nil {
		t.Fatal(err)
	}

	open := func(path string, pw []byte, rk *vault.RecoveryKey) error {
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		_, err = vault.ReadSnapshot(f, pw, rk)
		return err
	}
	names, err := s.Vault().SnapshotNames()
	if err != nil {
		t.Fatal(err)
	}
	list, _ := backup.ListSnapshots(s.SnapshotDir(), names)
	if len(list) != 3 || !list[0].Known() || list[1].Known() {
		t.Fatalf("after the rotation the folder holds %+v, want the new keys' backup first and two it cannot date", list)
	}
	fresh := list[0].Path
	if err := open(fresh, oldPw, nil); err == nil {
		t.Fatal("the backup taken after the rotation opens with the old password")
	}
	if err := open(fresh, newPw, nil); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{older, today} {
		if err := open(p, oldPw, nil); err != nil {
			t.Fatalf("an older backup no longer opens with the old password: %v", err)
		}
	}
	if err := s.RemoveSnapshots(append(res.OldSnapshots, filepath.Join(s.Dir(), "tend.vault"))); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{older, today} {
		if _, err := os.Stat(p); !os.IsNotExist(err) {
			t.Fatal("an older backup was not removed")
		}
	}
	if ok, _ := vault.Exists(s.Dir()); !ok {
		t.Fatal("RemoveSnapshots removed something that is not an automatic backup")
	}
	if list, _ := backup.ListSnapshots(s.SnapshotDir(), nil); len(list) != 1 || list[0].Path != fresh {
		t.Fatalf("backups left %+v, want only the new keys' %s", list, fresh)
	}

	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock(oldPw); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("the old password after the rotation: %v", err)
	}
	if err := s.UnlockWithRecovery(oldKey.String(), newPw); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("the old recovery key after the rotation: %v", err)
	}
	if err := s.UnlockWithRecovery(res.Key.String(), newPw); err != nil {
		t.Fatalf("the new recovery key: %v", err)
	}
}

func TestRotateEstimateGrowsWithTheJournal(t *testing.T) {
	if a, b := rotateTime(1000), rotateTime(100000); a >= b || b > time.Minute {
		t.Fatalf("1k entries %v, 100k entries %v", a, b)
	}
}
