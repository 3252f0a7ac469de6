package vault

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"tend/journal"
)

// SpoiledMornings is the morning journal of 140 entries (written in two
// sessions, its tables merged into one level as the store does in time)
// with one block of bodies spoiled so that the store library panics
// reading it, closed. It is exported for the tests of the command line on
// a damaged store (damagecli_test.go), which cannot reach the store's
// keys. It returns the folder, the password, and the ids of the entries
// whose bodies the store cannot read and of all of them.
func SpoiledMornings(t testing.TB) (dir string, password []byte, damaged, all []journal.ID) {
	t.Helper()
	dir, key, want := morningJournal(t, 140, 100, 0, true)
	cs := blocksOf(storeBlocks(t, dir, key), prefixContent)
	spoil(t, cs[len(cs)/4])
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for id := range want {
		all = append(all, id)
		if _, err := v.Get(id); errors.Is(err, ErrCorrupt) {
			damaged = append(damaged, id)
		} else if err != nil {
			t.Fatal(err)
		}
	}
	if len(damaged) == 0 {
		t.Fatal("no body is in the spoiled block")
	}
	return dir, testPassword, damaged, all
}

// SpoiledImport is the morning journal of 140 entries and a session that
// imports 120 more, closed (few enough records that the import leaves its
// staging records for the store's compactions, as an earlier Tend left
// those of every import: see sweep.go), with the blocks of that session's table where
// the import's staging records begin spoiled: the table's first and last
// blocks read well, so the store library opens it, and unlocking first
// looks there for a change left unfinished. It returns the folder, the
// password and the number of entries.
func SpoiledImport(t testing.TB) (dir string, password []byte, entries int) {
	t.Helper()
	dir, key, want := morningJournal(t, 140, 100, 0, false)
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	var in []*journal.Entry
	for i := range 120 {
		in = append(in, &journal.Entry{
			Kind: journal.KindFree, Date: journal.Date{Year: 2024, Month: time.March, Day: 1 + i%28},
			Title: fmt.Sprintf("Imported %03d", i), Body: morningSentence,
		})
	}
	if err := v.Import(in); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	blocks := storeBlocks(t, dir, key)
	// The table the import's session wrote as it closed holds its staging
	// records, the only ones in the journal. It need not be the newest
	// file: the store merges the earlier session's tables in the
	// background, and a merge still running at the close numbers its
	// tables after it.
	var newest string
	for _, b := range blocks {
		if b.first[0] >= prefixStaged {
			newest = max(newest, b.path)
		}
	}
	i := slices.IndexFunc(blocks, func(b tableBlock) bool { return b.path == newest && b.first[0] >= prefixStaged })
	if i < 2 || blocks[i-2].path != newest || i == len(blocks)-1 || blocks[i+1].path != newest {
		t.Fatal("the import's staging records do not begin inside a table")
	}
	// A read of the first staging record starts in the block before the
	// first that begins with one.
	spoil(t, blocks[i-1])
	spoil(t, blocks[i])
	return dir, testPassword, len(want) + len(in)
}
