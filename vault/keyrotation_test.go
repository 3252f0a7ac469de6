package vault

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/journal"
)

// TestJournalOpenAcrossKeyRotations keeps a journal unlocked while the store
// makes new data keys several times, as a journal left open for weeks does,
// then checks that every entry reads back after reopening, that verify finds
// nothing wrong and that a rescue keeps everything. The store seals each new
// data key under the key it was opened with; wiping that key while the store
// was open made the journal unopenable after the first rotation.
func TestJournalOpenAcrossKeyRotations(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 13 MB across several key rotations")
	}
	old := storeKeyRotation
	storeKeyRotation = time.Second
	t.Cleanup(func() { storeKeyRotation = old })

	dir := filepath.Join(t.TempDir(), "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(7, 12))
	want := map[journal.ID]string{}
	for round := range 4 {
		// About 3 MB a round, 13 MB in all: more than a memtable, so the store
		// writes new table and log files, each needing a data key.
		batch := make([]*journal.Entry, 0, 400)
		for i := range 400 {
			var b strings.Builder
			for b.Len() < 8<<10 {
				fmt.Fprintf(&b, "round %d entry %d word%d ", round, i, rng.IntN(1<<20))
			}
			e := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: 11, Day: 1 + round}, Title: fmt.Sprintf("Round %d, %d", round, i), Body: b.String()}
			batch = append(batch, e)
			want[e.ID] = e.Body
		}
		if err := v.Import(batch); err != nil {
			t.Fatal(err)
		}
		// A save through the usual path too, so the memtable's log turns.
		e := &journal.Entry{Title: fmt.Sprintf("Saved in round %d", round), Body: "a small entry"}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		want[e.ID] = e.Body
		time.Sleep(1100 * time.Millisecond)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatalf("reopening after the store made new data keys: %v", err)
	}
	for id, body := range want {
		e, err := v.Get(id)
		if err != nil {
			t.Fatalf("entry %s after reopening: %v", id, err)
		}
		if e.Body != body {
			t.Fatalf("entry %s came back changed", id)
		}
	}
	rep, err := v.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || rep.Entries != len(want) {
		t.Fatalf("verify: %d of %d entries whole, damaged: %v", rep.Entries, len(want), rep.Damaged)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	out := filepath.Join(t.TempDir(), "rescued")
	srep, err := Salvage(dir, out, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if srep.Entries != len(want) || len(srep.Damaged) != 0 || len(srep.Files) != 0 {
		t.Fatalf("salvage rescued %d of %d entries; damaged %v, unreadable files %v", srep.Entries, len(want), srep.Damaged, srep.Files)
	}
	w, err := Open(out, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	list, err := w.List(ListQuery{})
	if err != nil || len(list) != len(want) {
		t.Fatalf("the rescued journal lists %d entries (%v), want %d", len(list), err, len(want))
	}
}
