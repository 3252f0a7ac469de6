package vault

import (
	"context"
	"fmt"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/sample"
	"tend/journal"
)

// leftUnderStaging counts every version the closed journal in dir holds
// under the staging prefixes, the marks of removal included: what opening
// the journal steps over.
func leftUnderStaging(t *testing.T, dir string) int {
	t.Helper()
	db := rawDB(t, dir)
	defer db.Close()
	n := 0
	err := db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		opts.AllVersions = true
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if isStagingKey(it.Item().Key()) {
				n++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestLargeChangeLeavesNothingUnderStaging: an import of many entries used
// to leave a sealed copy of every record and the mark of its removal under
// the staging prefix, which every later opening stepped over one by one.
func TestLargeChangeLeavesNothingUnderStaging(t *testing.T) {
	v, dir, _ := newTestVault(t)
	entries := sample.Journal(7, 2*sweepAfter, journal.Date{Year: 2026, Month: 11, Day: 1})
	if err := v.Import(entries); err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if n := leftUnderStaging(t, dir); n != 0 {
		t.Fatalf("%d versions left under the staging prefixes after an import", n)
	}
	w := reopenDir(t, dir)
	if got := len(w.sums); got != len(entries) {
		t.Fatalf("%d entries after the import, want %d", got, len(entries))
	}
}

// leaveStagingBehind writes into the closed journal in dir what an earlier
// Tend left after its staged changes: records under the staging prefix and
// the marks of their removal, flushed into the store's tables.
func leaveStagingBehind(t *testing.T, dir string, records int) {
	t.Helper()
	db := rawDB(t, dir)
	op := make([]byte, opIDSize)
	op[0] = 7
	for i := range records {
		key := stagedKey(op, []byte(fmt.Sprintf("m%015d", i)))
		if err := db.Update(func(txn *badger.Txn) error { return txn.Set(key, []byte{stagedSet, 1, 2, 3}) }); err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(txn *badger.Txn) error { return txn.Delete(key) }); err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil { // flushes the memtable into a table
		t.Fatal(err)
	}
}

// TestOpeningSweepsWhatEarlierChangesLeft: a journal that opens with
// records left under the staging prefixes is swept once its index is
// ready, and loses nothing of its own.
func TestOpeningSweepsWhatEarlierChangesLeft(t *testing.T) {
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{Title: "still here", Body: "what I wrote before the sweep"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	v.Close()
	leaveStagingBehind(t, dir, 500)
	if n := leftUnderStaging(t, dir); n == 0 {
		t.Fatal("the test left nothing behind")
	}
	w := reopenDir(t, dir)
	if err := w.WaitIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	<-w.sweepDone
	if got, err := w.Get(e.ID); err != nil || got.Body != e.Body {
		t.Fatalf("after the sweep: %v, %v", got, err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	if n := leftUnderStaging(t, dir); n != 0 {
		t.Fatalf("%d versions left under the staging prefixes after the sweep", n)
	}
	reopenDir(t, dir)
}

// TestSweepCutShortOpens: the records a sweep writes first, left as a
// process killed before the store dropped them would leave them, are
// settled by the next opening like any change, and nothing is lost.
func TestSweepCutShortOpens(t *testing.T) {
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{Body: "a line before the sweep was cut short"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	if err := v.markSweep(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	w := reopenDir(t, dir)
	if got, err := w.Get(e.ID); err != nil || got.Body != e.Body {
		t.Fatalf("after a sweep cut short: %v, %v", got, err)
	}
	w.Close()
	if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
		t.Fatalf("%d staged records and %d markers left", staged, markers)
	}
}

// TestSweepWaitsForAnUnfinishedChange: while a committed change waits for
// the next opening to be put in place, the sweep leaves the staging
// prefixes alone.
func TestSweepWaitsForAnUnfinishedChange(t *testing.T) {
	v, dir, _ := newTestVault(t)
	setStageHook(t, "committed")
	entries := sample.Journal(9, sweepAfter+10, journal.Date{Year: 2026, Month: 11, Day: 1})
	if err := v.Import(entries); err == nil {
		t.Fatal("the stopped import went through")
	}
	v.wmu.Lock()
	err := v.sweepStaging()
	v.wmu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	stageHook = nil
	w := reopenDir(t, dir)
	if got := len(w.sums); got != len(entries) {
		t.Fatalf("%d entries after the unfinished import was put in place, want %d", got, len(entries))
	}
}
