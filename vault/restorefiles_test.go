package vault

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/vaulttest"
)

// filesBackup is a backup of a journal with one entry carrying a file of
// several chunks, read back as a restore reads it.
func filesBackup(t *testing.T) *backup.Contents {
	t.Helper()
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "with a scan")
	attach(t, v, e.ID, "scan.bin", noise(3<<20, 9))
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, testPassword, "test", nil); err != nil {
		t.Fatal(err)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// A merge stopped after the files' chunks are staged, as a killed process
// stops, leaves the journal as it was: no entry, and, once it opens again,
// no chunk of the files either.
func TestMergeOfFilesStoppedLeavesTheJournal(t *testing.T) {
	c := filesBackup(t)
	w, dir, _ := newTestVault(t)
	setStageHook(t, "staged")
	if _, err := w.Merge(c); err == nil {
		t.Fatal("the stopped merge went through")
	}
	if n := len(w.sums); n != 0 {
		t.Fatalf("%d entries after a stopped merge", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	stageHook = nil
	w = reopenDir(t, dir)
	if n := chunkCount(t, w); n != 0 {
		t.Fatalf("%d chunks after a stopped merge", n)
	}
	w.Close()
	if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
		t.Fatalf("%d staged records and %d markers left", staged, markers)
	}
	w = reopenDir(t, dir)
	rep, err := w.Merge(c)
	if err != nil || rep.Added != 1 {
		t.Fatalf("merging again: %+v, %v", rep, err)
	}
	e := c.Entries[0]
	if got := readFile(t, w, e.ID, e.Files[0].ID); len(got) != int(e.Files[0].Size) {
		t.Fatalf("the file has %d bytes, want %d", len(got), e.Files[0].Size)
	}
}

// A merge carrying more photos than a staged writer holds in memory writes
// them in several goes; stopped right after one, as a killed process
// stops, it leaves the journal as it was once it opens again, and merging
// again brings every photo whole.
func TestMergeOfManyPhotosStoppedAfterAWriteLeavesTheJournal(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "a week away")
	want := map[string][]byte{}
	for i := range 3 {
		data := noise(7<<20, uint64(10+i))
		f := attach(t, v, e.ID, fmt.Sprintf("day%d.bin", i), data)
		want[f.SHA256] = data
	}
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, testPassword, "test", nil); err != nil {
		t.Fatal(err)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })

	w, dir, _ := newTestVault(t)
	setStageHook(t, "flushed")
	if _, err := w.Merge(c); err == nil {
		t.Fatal("the merge went through without writing its photos before the end")
	}
	if n := len(w.sums); n != 0 {
		t.Fatalf("%d entries after a stopped merge", n)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	stageHook = nil
	if staged, _ := stagingKeys(t, dir); staged == 0 {
		t.Fatal("nothing of the stopped merge reached the store, so this test tests nothing")
	}
	w = reopenDir(t, dir)
	if n, c := len(w.sums), chunkCount(t, w); n != 0 || c != 0 {
		t.Fatalf("%d entries and %d chunks after a stopped merge", n, c)
	}
	w.Close()
	if staged, markers := stagingKeys(t, dir); staged+markers != 0 {
		t.Fatalf("%d staged records and %d markers left", staged, markers)
	}
	w = reopenDir(t, dir)
	defer w.Close()
	if rep, err := w.Merge(c); err != nil || rep.Added != 1 {
		t.Fatalf("merging again: %+v, %v", rep, err)
	}
	got := c.Entries[0]
	for _, f := range got.Files {
		if !bytes.Equal(readFile(t, w, got.ID, f.ID), want[f.SHA256]) {
			t.Fatalf("%s did not come back whole", f.Name)
		}
	}
}

// A restore that cannot read a file halfway leaves no journal behind.
func TestRestoreWithoutItsFilesLeavesNoJournal(t *testing.T) {
	c := filesBackup(t)
	c.Close() // the files are gone, as from a full temporary folder
	dir := filepath.Join(t.TempDir(), "restored")
	if _, _, err := RestoreNew(dir, c, testPassword, TestKDF); err == nil {
		t.Fatal("restored without the files")
	}
	if ok, err := Exists(dir); ok || err != nil {
		t.Fatalf("a journal is left: %v %v", ok, err)
	}
}

// A file whose chunk is gone is left out of a backup, named, and its
// entry comes without it, so the backup still restores; an automatic
// backup, which retention trusts, refuses instead.
func TestBackupLeavesOutAFileItCannotRead(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "two files, one damaged")
	bad := attach(t, v, e.ID, "lost.bin", noise(2<<20, 4))
	good := attach(t, v, e.ID, "kept.txt", []byte("still here"))
	err := v.db.Update(func(txn *badger.Txn) error {
		l, err := v.storedList(txn, contentKey(e.ID))
		if err != nil {
			return err
		}
		for _, f := range l.Files {
			if f.File.ID == bad.ID {
				return txn.Delete(f.Chunks[0].Key)
			}
		}
		t.Fatal("the file is not listed")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	m, err := v.Backup(&buf, testPassword, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.LeftOut) != 1 || m.LeftOut[0].Record != "file" || !strings.Contains(m.LeftOut[0].Problem, "lost.bin") || m.Counts.Files != 1 {
		t.Fatalf("left out %+v, %d files", m.LeftOut, m.Counts.Files)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	w, _, err := RestoreNew(filepath.Join(t.TempDir(), "restored"), c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	got, err := w.Get(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 1 || got.Files[0] != good || string(readFile(t, w, e.ID, good.ID)) != "still here" {
		t.Fatalf("restored with files %+v", got.Files)
	}
	if _, err := v.Snapshot(filepath.Join(t.TempDir(), "snapshots"), time.Now()); err == nil {
		t.Fatal("an automatic backup left a file out")
	}
}
