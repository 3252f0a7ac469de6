package app

import (
	"crypto/sha256"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/journal"
	"tend/vault"
)

// closedSession makes a journal of 40 entries, locked cleanly, so that
// nothing tells the next unlock to be careful.
func closedSession(t *testing.T) *Session {
	t.Helper()
	s := NewSession(filepath.Join(t.TempDir(), "journal"))
	s.UseKDF(vault.TestKDF)
	s.UseChildCommand(os.Args[0], AsCLIEnv+"=1")
	if _, err := s.Create([]byte(checkPassword)); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		e := &journal.Entry{
			Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.November, Day: 1 + i%28},
			Title: "Evening", Body: strings.Repeat("I kept my word to myself today. ", 20),
		}
		if err := s.Vault().Put(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	if left, _ := vault.LeftOpen(s.Dir()); left {
		t.Fatal("a cleanly locked journal looks left open")
	}
	return s
}

// storeTree hashes every file of the store.
func storeTree(t *testing.T, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(filepath.Join(dir, "store"), func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		out[p] = sha256.Sum256(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestFirstUnlockOfADamagedStore damages a cleanly locked journal in the
// ways that crashed the app at its first unlock or let the store library
// write into the store, and unlocks it: the unlock must come back as a
// *DamagedError without touching a file of the store, and the rescue
// afterwards must bring back every entry.
func TestFirstUnlockOfADamagedStore(t *testing.T) {
	for _, k := range []struct {
		name  string
		apply func(t *testing.T, store string)
		whole bool
	}{
		{"no key registry", func(t *testing.T, store string) {
			if err := os.Remove(filepath.Join(store, "KEYREGISTRY")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"no manifest", func(t *testing.T, store string) {
			if err := os.Remove(filepath.Join(store, "MANIFEST")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"table cut short", func(t *testing.T, store string) {
			tables, _ := filepath.Glob(filepath.Join(store, "*.sst"))
			if len(tables) == 0 {
				t.Fatal("no table")
			}
			fi, err := os.Stat(tables[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := os.Truncate(tables[0], fi.Size()/2); err != nil {
				t.Fatal(err)
			}
		}, false},
	} {
		t.Run(strings.ReplaceAll(k.name, " ", "_"), func(t *testing.T) {
			s := closedSession(t)
			k.apply(t, filepath.Join(s.Dir(), "store"))
			before := storeTree(t, s.Dir())
			err := s.Unlock([]byte(checkPassword))
			var de *DamagedError
			if !errors.As(err, &de) || !errors.Is(err, vault.ErrCorrupt) {
				t.Fatalf("the first unlock of a store with %s: %v", k.name, err)
			}
			if s.Unlocked() {
				t.Fatal("a damaged store was opened")
			}
			after := storeTree(t, s.Dir())
			if len(after) != len(before) {
				t.Fatalf("the unlock added or removed store files: %d before, %d after", len(before), len(after))
			}
			for p, h := range before {
				if after[p] != h {
					t.Fatalf("the unlock changed %s", filepath.Base(p))
				}
			}
			if !k.whole {
				return // its only table may be what was cut
			}
			r, err := s.Salvage([]byte(checkPassword))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Lock()
			if r.Entries != 40 {
				t.Fatalf("after the unlock, the rescue brought back %d of 40 entries", r.Entries)
			}
		})
	}
}

// TestRescueOfNothingLeavesTheJournal: a rescue that can read nothing must
// not put an empty journal in the damaged one's place.
func TestRescueOfNothingLeavesTheJournal(t *testing.T) {
	s := closedSession(t)
	for _, f := range []string{filepath.Join("store", "KEYREGISTRY"), "store-keys.copy"} {
		if err := os.Remove(filepath.Join(s.Dir(), f)); err != nil {
			t.Fatal(err)
		}
	}
	before := storeTree(t, s.Dir())
	if _, err := s.Salvage([]byte(checkPassword)); !errors.Is(err, vault.ErrCorrupt) {
		t.Fatalf("a rescue of nothing: %v", err)
	}
	rescues, _ := filepath.Glob(s.Dir() + "-rescue-*")
	asides, _ := filepath.Glob(s.Dir() + "-damaged-*")
	if asides = append(asides, rescues...); len(asides) != 0 {
		t.Fatalf("a rescue of nothing left folders beside the journal: %v", asides)
	}
	if len(storeTree(t, s.Dir())) != len(before) {
		t.Fatal("a rescue of nothing changed the journal")
	}
}
