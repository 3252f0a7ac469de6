package vault

import (
	"crypto/sha256"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/vaulttest"
	"tend/journal"
)

// closedVault makes a vault closed cleanly, with records in table files and
// in the value log, and returns its folder and every record as written.
func closedVault(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	put := func(i int) {
		e := &journal.Entry{Title: fmt.Sprintf("Entry %d", i), Body: strings.Repeat(fmt.Sprintf("words of entry %d ", i), 30+i%50)}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 80 {
		put(i)
	}
	v.Close()
	if v, err = Open(dir, testPassword); err != nil {
		t.Fatal(err)
	}
	for i := 80; i < 100; i++ {
		put(i)
	}
	v.Close()
	return dir, rawRecords(t, dir)
}

// storeKey derives the store's key of the test vault in dir.
func storeKey(t *testing.T, dir string) []byte {
	t.Helper()
	h, err := readHeader(dir)
	if err != nil {
		t.Fatal(err)
	}
	master, err := h.unlockPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return subkey(master, "badger")
}

// rewriteRegistry replaces the store's key registry by a new one holding a
// new data key under the same id, as the store library writes when it
// opens a store whose registry is missing.
func rewriteRegistry(t *testing.T, dir string) {
	t.Helper()
	store := filepath.Join(dir, storeDir)
	if err := os.Remove(filepath.Join(store, badger.KeyRegistryFileName)); err != nil {
		t.Fatal(err)
	}
	kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{
		Dir: store, EncryptionKey: storeKey(t, dir),
		EncryptionKeyRotationDuration: 10 * 24 * time.Hour,
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := kr.LatestDataKey(); err != nil {
		t.Fatal(err)
	}
	if err := kr.Close(); err != nil {
		t.Fatal(err)
	}
}

// storeDamages are the kinds of damage that made the store library write
// into a store or panic in its own goroutines when opened.
var storeDamages = []struct {
	name  string
	apply func(t *testing.T, dir string)
}{
	{"no key registry", func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, storeDir, badger.KeyRegistryFileName)); err != nil {
			t.Fatal(err)
		}
	}},
	{"rewritten key registry", rewriteRegistry},
	{"no manifest", func(t *testing.T, dir string) {
		if err := os.Remove(filepath.Join(dir, storeDir, badger.ManifestFilename)); err != nil {
			t.Fatal(err)
		}
	}},
	{"table cut short", func(t *testing.T, dir string) {
		tables, _ := filepath.Glob(filepath.Join(dir, storeDir, "*.sst"))
		if len(tables) == 0 {
			t.Fatal("the vault has no table")
		}
		if err := os.Truncate(tables[0], fileSize(t, tables[0])/2); err != nil {
			t.Fatal(err)
		}
	}},
}

// treeOf hashes every file under dir by its path inside it.
func treeOf(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, p)
		out[rel] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameTree(a, b map[string][32]byte) string {
	for p, h := range a {
		if g, ok := b[p]; !ok {
			return p + " was removed"
		} else if g != h {
			return p + " was changed"
		}
	}
	for p := range b {
		if _, ok := a[p]; !ok {
			return p + " was added"
		}
	}
	return ""
}

// TestChildOpensDamaged is run as a child by TestDamagedStoreIsRefused: it
// opens the vault in TEND_TEST_DAMAGED_DIR and prints what happened. A
// store that makes the store library panic in its own goroutines ends this
// process, which the parent sees.
func TestChildOpensDamaged(t *testing.T) {
	dir := os.Getenv("TEND_TEST_DAMAGED_DIR")
	if dir == "" {
		t.Skip("runs only as a child of TestDamagedStoreIsRefused")
	}
	v, err := Open(dir, testPassword)
	switch {
	case err == nil:
		v.Close()
		fmt.Println("result: opened")
	case errors.Is(err, ErrCorrupt):
		fmt.Println("result: damaged")
	default:
		fmt.Println("result: error:", err)
	}
}

// TestDamagedStoreIsRefused damages a cleanly closed vault in each way that
// made the store library write into it or crash, opens it in a child
// process, and then rescues it. Opening must refuse calmly with ErrCorrupt
// and leave every file as it was, so that the rescue afterwards keeps every
// record: opening first must not cost the rescue anything.
func TestDamagedStoreIsRefused(t *testing.T) {
	base, want := closedVault(t)
	for _, d := range storeDamages {
		t.Run(strings.ReplaceAll(d.name, " ", "_"), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "v")
			vaulttest.CopyTree(t, base, dir)
			d.apply(t, dir)
			before := treeOf(t, dir)
			cmd := exec.Command(os.Args[0], "-test.run=^TestChildOpensDamaged$", "-test.count=1", "-test.v")
			cmd.Env = append(os.Environ(), "TEND_TEST_DAMAGED_DIR="+dir)
			out, _ := cmd.CombinedOutput()
			if !strings.Contains(string(out), "result: damaged") {
				t.Fatalf("opening a store with %s did not say it is damaged:\n%s", d.name, tail(string(out), 12))
			}
			if what := sameTree(before, treeOf(t, dir)); what != "" {
				t.Fatalf("opening a store with %s wrote into it: %s", d.name, what)
			}
			rep, got, err := salvaged(t, dir)
			if err != nil {
				t.Fatal(err)
			}
			expect := want
			if d.name == "table cut short" {
				return // that table's own records may be lost; TestSalvageDamageMatrix covers it
			}
			if rep.Kept != len(expect) || len(got) != len(expect) {
				t.Fatalf("after opening, the rescue kept %d of %d records: %+v", len(got), len(expect), rep)
			}
		})
	}
}

// TestSalvagePrefersTheCopiedKeys rescues a store whose key registry was
// written afresh over a lost one: the copy's keys, which sealed the files,
// must win over the new registry's.
func TestSalvagePrefersTheCopiedKeys(t *testing.T) {
	dir, want := closedVault(t)
	rewriteRegistry(t, dir)
	rep, got, err := salvaged(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Kept != len(want) || len(got) != len(want) {
		t.Fatalf("with a rewritten key registry the rescue kept %d of %d records: %+v", len(got), len(want), rep)
	}
}

// TestHealthyStoreOpensAfterTheCheck opens a healthy vault several times
// and once after a crash: the check before opening must pass them all.
func TestHealthyStoreOpensAfterTheCheck(t *testing.T) {
	base, want := closedVault(t)
	for range 2 {
		v, err := Open(base, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		v.Close()
	}
	crashed, _ := crashedVault(t)
	v, err := Open(crashed, testPassword)
	if err != nil {
		t.Fatalf("a vault left open by a crash does not open: %v", err)
	}
	v.Close()
	if got := rawRecords(t, base); len(got) != len(want) {
		t.Fatalf("%d records after opening, want %d", len(got), len(want))
	}
}

// TestOpenToCheckChangesNothing: a check of a cleanly closed vault leaves
// every file of it as it was, and a vault left open by a crash, whose log
// must be cut back first, is still checked whole.
func TestOpenToCheckChangesNothing(t *testing.T) {
	dir, want := closedVault(t)
	before := treeOf(t, dir)
	v, err := OpenToCheck(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Verify()
	v.Close()
	if err != nil || !rep.OK() || rep.Records != len(want) {
		t.Fatalf("the check of a whole vault: %+v, %v", rep, err)
	}
	if what := sameTree(before, treeOf(t, dir)); what != "" {
		t.Fatalf("checking a vault wrote into it: %s", what)
	}
	if _, err := OpenToCheck(dir, []byte("not it")); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("a wrong password: %v", err)
	}

	crashed, records := crashedVault(t)
	v, err = OpenToCheck(crashed, testPassword)
	if err != nil {
		t.Fatalf("a vault left open by a crash could not be checked: %v", err)
	}
	rep, err = v.Verify()
	v.Close()
	if err != nil || !rep.OK() || rep.Records != len(records) {
		t.Fatalf("the check of a vault left open by a crash: %d of %d records, %v", rep.Records, len(records), err)
	}
}

// TestOpenAfterAKillAsALogWasMade: a process killed just after it made a
// new value log leaves the file with its header unwritten, all zeros; the
// journal must still open, with every record.
func TestOpenAfterAKillAsALogWasMade(t *testing.T) {
	dir, want := closedVault(t)
	logs, _ := filepath.Glob(filepath.Join(dir, storeDir, "*.vlog"))
	last := 0
	for _, p := range logs {
		var n int
		if _, err := fmt.Sscanf(filepath.Base(p), "%06d.vlog", &n); err == nil && n > last {
			last = n
		}
	}
	p := filepath.Join(dir, storeDir, fmt.Sprintf("%06d.vlog", last+1))
	if err := os.WriteFile(p, make([]byte, 1<<20), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatalf("a journal with a log whose header was never written does not open: %v", err)
	}
	v.Close()
	if got := rawRecords(t, dir); len(got) != len(want) {
		t.Fatalf("%d records after opening, want %d", len(got), len(want))
	}
}
