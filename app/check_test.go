package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault"
)

// AsCLIEnv makes this test binary act as the tend command line (see
// TestMain), so the session's checks run a real child process of the same
// code.
const AsCLIEnv = "TEND_TEST_AS_CLI"

const checkPassword = "a quiet river at dawn"

// leftOpenSession makes a journal with a few entries, locks it, and leaves
// the store's lock file behind as a crash would.
func leftOpenSession(t *testing.T) (*Session, []journal.ID) {
	t.Helper()
	s := NewSession(filepath.Join(t.TempDir(), "journal"))
	s.UseKDF(vault.TestKDF)
	s.UseChildCommand(os.Args[0], AsCLIEnv+"=1")
	if _, err := s.Create([]byte(checkPassword)); err != nil {
		t.Fatal(err)
	}
	var ids []journal.ID
	for i := range 40 {
		e := &journal.Entry{
			Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.November, Day: 1 + i%28},
			Title: "Evening " + string(rune('A'+i%26)), Body: strings.Repeat("I kept my word to myself today. ", 20),
		}
		if err := s.Vault().Put(e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if _, err := s.SnapshotNow(); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	markLeftOpen(t, s.Dir())
	return s, ids
}

func markLeftOpen(t *testing.T, dir string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "store", "LOCK"), []byte("1\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if left, err := vault.LeftOpen(dir); !left || err != nil {
		t.Fatal("LeftOpen does not see the lock file")
	}
}

// damageTables flips a byte in the middle of every table file.
func damageTables(t *testing.T, dir string) {
	t.Helper()
	names, _ := filepath.Glob(filepath.Join(dir, "store", "*.sst"))
	if len(names) == 0 {
		t.Fatal("no table files to damage")
	}
	for _, n := range names {
		b, err := os.ReadFile(n)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/3] ^= 0xff
		if err := os.WriteFile(n, b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

func TestUnlockAfterCrashChecksInAChild(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, ids := leftOpenSession(t)
	if err := s.Unlock([]byte("not it")); !errors.Is(err, vault.ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	if err := s.Unlock([]byte(checkPassword)); err != nil {
		t.Fatalf("a whole journal left open did not unlock: %v", err)
	}
	defer s.Lock()
	if got, _ := s.Vault().Get(ids[0]); got == nil {
		t.Fatal("entry missing")
	}
	if _, err := vault.LeftOpen(s.Dir()); !errors.Is(err, vault.ErrVaultInUse) {
		t.Fatalf("an open journal should be in use: %v", err)
	}
}

func TestDamagedStoreComesBackAsDamagedError(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, _ := leftOpenSession(t)
	damageTables(t, s.Dir())
	err := s.Unlock([]byte(checkPassword))
	var de *DamagedError
	if !errors.As(err, &de) || !errors.Is(err, vault.ErrCorrupt) {
		t.Fatalf("unlock of a damaged store: %v", err)
	}
	if !de.Check.Opened || len(de.Check.Damaged) == 0 {
		t.Fatalf("the check should have opened the store and named damage: %+v", de.Check)
	}
	if s.Unlocked() {
		t.Fatal("a damaged journal was opened without being asked")
	}
	// The check reads the store without changing it; the next unlock
	// must still not open the damaged journal without a word, whether or
	// not the store still looks left open.
	if err := s.Unlock([]byte(checkPassword)); !errors.As(err, &de) {
		t.Fatalf("a second unlock of a damaged journal: %v", err)
	}
	// The person may still open it as it is.
	if err := s.OpenAsItIs([]byte(checkPassword)); err != nil {
		t.Fatal(err)
	}
	s.Lock()
}

func TestUnopenableStoreIsDescribed(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, _ := leftOpenSession(t)
	if err := os.Truncate(filepath.Join(s.Dir(), "store", "MANIFEST"), 5); err != nil {
		t.Fatal(err)
	}
	err := s.Unlock([]byte(checkPassword))
	var de *DamagedError
	if !errors.As(err, &de) {
		t.Fatalf("unlock of an unopenable store: %v", err)
	}
	if de.Check.Opened || de.Check.Ended == nil || !strings.Contains(de.Check.Ended.String(), "status") {
		t.Fatalf("check: %+v", de.Check)
	}
}

func TestSalvageReplacesTheJournalAndKeepsTheDamagedOne(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, ids := leftOpenSession(t)
	damageTables(t, s.Dir())
	before := treeBytes(t, s.Dir())
	r, err := s.Salvage([]byte(checkPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	if r.Entries == 0 || r.Entries > len(ids) || len(r.Damaged) == 0 {
		t.Fatalf("salvage result %+v", r)
	}
	if !s.Unlocked() {
		t.Fatal("the rescued journal is not open")
	}
	got, err := s.Vault().List(vault.ListQuery{})
	if err != nil || len(got) != r.Entries {
		t.Fatalf("rescued journal lists %d entries (%v), salvage said %d", len(got), err, r.Entries)
	}
	// The damaged folder is kept, byte for byte.
	after := treeBytes(t, r.Aside)
	for p, b := range before {
		if after[p] != b {
			t.Fatalf("the damaged journal's %s changed", p)
		}
	}
	if rep, err := s.Vault().Verify(); err != nil || !rep.OK() {
		t.Fatalf("rescued journal does not verify: %v %+v", err, rep)
	}
}

func TestRestoreNewestSnapshotAfterDamage(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, ids := leftOpenSession(t)
	if err := os.Truncate(filepath.Join(s.Dir(), "store", "MANIFEST"), 5); err != nil {
		t.Fatal(err)
	}
	var de *DamagedError
	if err := s.Unlock([]byte(checkPassword)); !errors.As(err, &de) {
		t.Fatalf("unlocking a damaged journal: %v", err)
	}
	if de.Snapshot == nil {
		t.Fatal("no automatic backup offered")
	}
	rk, aside, err := s.RestoreSnapshot(*de.Snapshot, []byte(checkPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Lock()
	if rk.String() == "" {
		t.Fatal("no new recovery key")
	}
	if _, err := os.Stat(filepath.Join(aside, "store", "MANIFEST")); err != nil {
		t.Fatalf("the damaged journal was not kept: %v", err)
	}
	for _, id := range ids {
		if _, err := s.Vault().Get(id); err != nil {
			t.Fatalf("entry %s not restored: %v", id, err)
		}
	}
}

func treeBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.Walk(dir, func(p string, fi os.FileInfo, err error) error {
		if err != nil || fi.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		b, err := io.ReadAll(f)
		rel, _ := filepath.Rel(dir, p)
		out[rel] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestARescueThatFailsIsSaidOfTheRescue rescues a journal into a folder
// name that is taken, so the rescue in its child process ends with an
// error: how it ended is said of the rescue, not of a check.
func TestARescueThatFailsIsSaidOfTheRescue(t *testing.T) {
	vaulttest.LowBackupCost(t)
	s, _ := leftOpenSession(t)
	now := time.Now()
	for i := range 5 {
		taken := fmt.Sprintf("%s-rescue-%s", filepath.Clean(s.Dir()), now.Add(time.Duration(i)*time.Second).Format("2006-01-02-150405"))
		if err := os.WriteFile(taken, nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	_, err := s.Salvage([]byte(checkPassword))
	var re *RescueError
	if !errors.As(err, &re) || re.Ended == nil || !re.Ended.Rescue {
		t.Fatalf("a rescue into a taken name: %v", err)
	}
	if got := err.Error(); !strings.Contains(got, "The rescue ended with status") || strings.Contains(got, "check") {
		t.Errorf("a rescue that failed is said %q", got)
	}
}
