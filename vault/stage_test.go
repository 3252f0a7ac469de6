package vault

import (
	"bytes"
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
)

// setStageHook makes staged commits stop at step, as a killed process
// would, until the test ends.
func setStageHook(t *testing.T, step string) {
	t.Helper()
	stop := errors.New("stopped here for the test")
	stageHook = func(s string) error {
		if s == step {
			return stop
		}
		return nil
	}
	t.Cleanup(func() { stageHook = nil })
}

// stagingKeys counts the staging machinery's keys in the closed journal in
// dir: staged records and commit markers.
func stagingKeys(t *testing.T, dir string) (staged, markers int) {
	t.Helper()
	db := rawDB(t, dir)
	defer db.Close()
	err := db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			switch it.Item().Key()[0] {
			case prefixStaged:
				staged++
			case prefixCommitted:
				markers++
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return staged, markers
}

// salvageState rescues the closed journal in dir into a new folder and
// returns what the rescued journal shows and the damage reported.
func salvageState(t *testing.T, dir string) (string, []journal.Damage) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "rescued")
	rep, err := Salvage(dir, out, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	v, err := Open(out, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	return stateOf(t, v), rep.Damaged
}

// mergedState is what merging c into a copy of the closed journal in dir
// shows, uninterrupted.
func mergedState(t *testing.T, dir string, c *backup.Contents) string {
	t.Helper()
	ref := filepath.Join(t.TempDir(), "reference")
	vaulttest.CopyTree(t, dir, ref)
	v, err := Open(ref, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Merge(c); err != nil {
		t.Fatal(err)
	}
	return stateOf(t, v)
}

func TestMergeStoppedBeforeItsCommitLeavesTheOld(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	dir := v.Dir()
	c := sourceBackup(t, 300)
	before := stateOf(t, v)
	setStageHook(t, "staged")
	if _, err := v.Merge(c); err == nil {
		t.Fatal("the merge went through past the hook")
	}
	sameState(t, "after the stopped merge", stateOf(t, v), before)
	v.Close()
	if staged, markers := stagingKeys(t, dir); staged == 0 || markers != 0 {
		t.Fatalf("the stopped merge left %d staged records and %d markers; want some and none", staged, markers)
	}
	got, damaged := salvageState(t, dir)
	sameState(t, "salvaged", got, before)
	if len(damaged) > 0 {
		t.Errorf("salvage reports the uncommitted change as damage: %v", damaged)
	}
	v = reopenDir(t, dir)
	sameState(t, "after reopening", stateOf(t, v), before)
	v.Close()
	if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
		t.Errorf("opening left %d staged records and %d markers", staged, markers)
	}
}

func TestMergeStoppedAfterItsCommitLeavesTheNew(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	dir := v.Dir()
	c := sourceBackup(t, 300)
	// Entries both journals hold, differently, so the merge also files
	// versions in history and replaces current ones.
	list, err := v.List(ListQuery{Limit: 3})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		e, err := v.Get(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.Body += " Written elsewhere."
		e.Updated = e.Updated.Add(1e9 * 3600)
		c.Entries = append(c.Entries, e)
	}
	v.Close()
	want := mergedState(t, dir, c)
	v = reopenDir(t, dir)
	before := stateOf(t, v)
	if before == want {
		t.Fatal("the merge would change nothing; the test needs a change")
	}

	setStageHook(t, "committed")
	if _, err := v.Merge(c); !errors.Is(err, ErrUnfinished) {
		t.Fatalf("merge stopped after its commit: %v, want ErrUnfinished", err)
	}
	if err := v.Put(&journal.Entry{Body: "more"}); !errors.Is(err, ErrUnfinished) {
		t.Errorf("a save after an unfinished change: %v, want ErrUnfinished", err)
	}
	v.Close()
	if staged, markers := stagingKeys(t, dir); staged == 0 || markers != 1 {
		t.Fatalf("the stopped merge left %d staged records and %d markers; want some and one", staged, markers)
	}
	got, damaged := salvageState(t, dir)
	sameState(t, "salvaged", got, want)
	if len(damaged) > 0 {
		t.Errorf("salvage reports the committed change as damage: %v", damaged)
	}
	v = reopenDir(t, dir)
	sameState(t, "after reopening", stateOf(t, v), want)
	v.Close()
	if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
		t.Errorf("opening left %d staged records and %d markers", staged, markers)
	}
}

func TestImportStoppedBeforeAndAfterItsCommit(t *testing.T) {
	vaulttest.LowBackupCost(t)
	for _, step := range []string{"staged", "committed"} {
		t.Run(step, func(t *testing.T) {
			v := fillEveryKind(t)
			dir := v.Dir()
			before := stateOf(t, v)
			plan := &plain.Plan{Source: plain.FromJSON, Entries: bulkEntries(300, "imported")}
			setStageHook(t, step)
			_, err := v.ApplyImport(plan)
			if err == nil {
				t.Fatal("the import went through past the hook")
			}
			v = reopen(t, v)
			n := presentCount(t, v, plan)
			switch {
			case step == "staged" && stateOf(t, v) != before:
				t.Errorf("an import stopped before its commit changed the journal (%d of %d entries are in)", n, len(plan.Entries))
			case step == "committed" && n != len(plan.Entries):
				t.Errorf("an import stopped after its commit left %d of %d entries", n, len(plan.Entries))
			}
			if rep, err := v.Verify(); err != nil || !rep.OK() {
				t.Errorf("verify: %v %v", rep, err)
			}
			v.Close()
			if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
				t.Errorf("opening left %d staged records and %d markers", staged, markers)
			}
		})
	}
}

func reopenDir(t *testing.T, dir string) *Vault {
	t.Helper()
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func TestWriteRecordsSetsAndDeletesTogether(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	list, err := v.List(ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	var id journal.ID
	var hist []*journal.Entry
	for _, s := range list {
		if h, err := v.History(s.ID); err == nil && len(h) > 0 {
			id, hist = s.ID, h
		}
	}
	if len(hist) == 0 {
		t.Fatal("the test needs an entry with history")
	}
	p := journal.Prefs{HiddenTags: []string{"set together"}}
	v.wmu.Lock()
	err = v.writeRecords(
		[]record{{prefsKey, v.seal.seal(prefsKey, schemaVersion, encodeJSON(p))}},
		[][]byte{historyKey(v.histKey, id, hist[0].Rev%historySlots)})
	v.wmu.Unlock()
	if err != nil {
		t.Fatal(err)
	}
	v = reopen(t, v)
	if got, _ := v.Prefs(); len(got.HiddenTags) != 1 || got.HiddenTags[0] != "set together" {
		t.Errorf("prefs = %+v", got)
	}
	if h, _ := v.History(id); len(h) != len(hist)-1 {
		t.Errorf("history holds %d versions after deleting one of %d", len(h), len(hist))
	}
}

// The store quotes a whole value as hex when it refuses one; storeError
// keeps every byte of it out of the message.
func TestStoreErrorQuotesNoBytes(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	big := bytes.Repeat([]byte{0xab}, int(v.db.Opts().ValueLogFileSize)+1)
	raw := v.db.Update(func(txn *badger.Txn) error { return txn.Set([]byte("x"), big) })
	if raw == nil || !strings.Contains(raw.Error(), "ab ab ab") {
		t.Fatalf("the store's own error no longer quotes the value (%.80q); this test needs another case", raw)
	}
	err := storeError(raw)
	if !errors.Is(err, ErrRecordTooLarge) || hexDump.MatchString(err.Error()) || strings.Contains(err.Error(), "ab ab") {
		t.Errorf("storeError = %q", err)
	}

	v.wmu.Lock()
	err = v.writeRecords([]record{{summaryKey(journal.NewID()), big}}, nil)
	v.wmu.Unlock()
	if !errors.Is(err, ErrRecordTooLarge) || hexDump.MatchString(err.Error()) {
		t.Errorf("writing a record too large: %q", err)
	}
}

// A kill in the middle of moving a committed merge into place leaves some
// records moved and others staged; the next opening finishes the move.
func TestMergeStoppedHalfwayIntoPlaceIsFinishedAtOpen(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	dir := v.Dir()
	c := sourceBackup(t, 300)
	v.Close()
	want := mergedState(t, dir, c)
	v = reopenDir(t, dir)
	setStageHook(t, "committed")
	if _, err := v.Merge(c); !errors.Is(err, ErrUnfinished) {
		t.Fatalf("merge stopped after its commit: %v, want ErrUnfinished", err)
	}
	v.Close()

	// Move half the staged records into place, as promote does, and stop.
	db := rawDB(t, dir)
	var keys, vals [][]byte
	err := db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixStaged}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			val, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			keys, vals = append(keys, it.Item().KeyCopy(nil)), append(vals, val)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wb := db.NewWriteBatch()
	for i := range len(keys) / 2 {
		if vals[i][0] != stagedSet {
			continue
		}
		if err := wb.Set(keys[i][1+opIDSize:], vals[i][1:]); err != nil {
			t.Fatal(err)
		}
		if err := wb.Delete(keys[i]); err != nil {
			t.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
	db.Close()

	v = reopenDir(t, dir)
	sameState(t, "after reopening", stateOf(t, v), want)
	v.Close()
	if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
		t.Errorf("opening left %d staged records and %d markers", staged, markers)
	}
}

// A merge refused part way through clears what it staged at once, so the
// store does not keep it until the next opening.
// TestRefusedChangeClearsWhatItStaged: a change refused part way, after
// the store has taken many of its records, leaves none of them behind.
// Entries are checked whole before a merge, import or restore writes
// anything, so the refusal here is of one record the store cannot hold.
func TestRefusedChangeClearsWhatItStaged(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	dir := v.Dir()
	before := stateOf(t, v)
	v.wmu.Lock()
	w := v.beginStaged()
	for i := range 3000 {
		k := summaryKey(journal.NewID())
		if err := w.set(k, v.seal.seal(k, summarySchema, []byte(strings.Repeat("x", 200+i%50)))); err != nil {
			t.Fatal(err)
		}
	}
	err := w.set(contentKey(journal.NewID()), make([]byte, w.max))
	w.abort()
	v.wmu.Unlock()
	if !errors.Is(err, ErrRecordTooLarge) {
		t.Fatalf("staging a record too large: %v, want ErrRecordTooLarge", err)
	}
	sameState(t, "after the refusal", stateOf(t, v), before)
	v.Close()
	if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
		t.Errorf("the refused change left %d staged records and %d markers", staged, markers)
	}
}

// Records staged for a change not yet committed are no part of the journal:
// listing, checking, backing up and exporting it see none of them.
func TestStagedRecordsAreNoEntries(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	before := stateOf(t, v)
	list, err := v.List(ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	rep, err := v.Verify()
	if err != nil {
		t.Fatal(err)
	}
	c := sourceBackup(t, 100)
	setStageHook(t, "staged")
	if _, err := v.Merge(c); err == nil {
		t.Fatal("the merge went through past the hook")
	}
	// The staged records are in the store now, with no marker.
	sameState(t, "with a change staged", stateOf(t, v), before)
	if got, _ := v.List(ListQuery{}); len(got) != len(list) {
		t.Errorf("listing shows %d entries, it showed %d", len(got), len(list))
	}
	if got, err := v.Verify(); err != nil || !got.OK() || got.Records != rep.Records || got.Entries != rep.Entries {
		t.Errorf("verify with a change staged: %d records, %d entries, %v (%v); before: %d, %d", got.Records, got.Entries, got.Damaged, err, rep.Records, rep.Entries)
	}
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, []byte("a long walk by the sea"), "test", nil); err != nil {
		t.Fatal(err)
	}
	c, err = backup.Read(&buf, []byte("a long walk by the sea"))
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Entries) != len(contents(t, v)) {
		t.Errorf("the backup holds %d entries, the journal %d", len(c.Entries), len(contents(t, v)))
	}
	buf.Reset()
	res, err := v.WriteJSONExport(&buf, ExportOptions{History: true})
	if err != nil || res.Entries != len(c.Entries) || res.History != len(c.History) {
		t.Errorf("export: %+v %v; the backup holds %d and %d", res, err, len(c.Entries), len(c.History))
	}
}
