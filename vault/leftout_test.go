package vault

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
)

// damagedRecords makes a closed vault of ten entries, one of them edited,
// and then spoils one byte of the sealed body of a, the sealed summary of
// b and the earlier version of c, as a flipped bit on the disk would.
func damagedRecords(t *testing.T) (dir string, a, b, c *journal.Entry) {
	t.Helper()
	v, dir, _ := newTestVault(t)
	var all []*journal.Entry
	for i := range 10 {
		e := &journal.Entry{Title: fmt.Sprintf("Morning %d", i), Body: fmt.Sprintf("what I felt on morning %d", i)}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		all = append(all, e)
	}
	a, b, c = all[2], all[5], all[7]
	c.Body += ", and later"
	if err := v.Put(c); err != nil {
		t.Fatal(err)
	}
	v.Close()

	db := rawDB(t, dir)
	defer db.Close()
	flip := func(txn *badger.Txn, key []byte) error {
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		val, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		val[len(val)/2] ^= 0x01
		return txn.Set(key, val)
	}
	err := db.Update(func(txn *badger.Txn) error {
		if err := flip(txn, contentKey(a.ID)); err != nil {
			return err
		}
		if err := flip(txn, append([]byte{prefixSummary}, b.ID[:]...)); err != nil {
			return err
		}
		var hist [][]byte
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixHistory}
		it := txn.NewIterator(opts)
		for it.Rewind(); it.Valid(); it.Next() {
			hist = append(hist, it.Item().KeyCopy(nil))
		}
		it.Close()
		if len(hist) != 1 {
			return fmt.Errorf("%d earlier versions, want 1", len(hist))
		}
		return flip(txn, hist[0])
	})
	if err != nil {
		t.Fatal(err)
	}
	return dir, a, b, c
}

// TestBackupLeavesOutOnlyWhatIsDamaged: a backup of a journal with damaged
// records holds every record that reads and names the ones it left out,
// instead of failing whole.
func TestBackupLeavesOutOnlyWhatIsDamaged(t *testing.T) {
	vaulttest.LowBackupCost(t)
	dir, a, b, _ := damagedRecords(t)
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	path := filepath.Join(t.TempDir(), "journal.tend")
	m, err := v.BackupToFile(path, []byte("a backup passphrase"), "test", nil)
	if err != nil {
		t.Fatalf("one damaged record failed the whole backup: %v", err)
	}
	if m.Counts.Entries != 8 {
		t.Fatalf("the backup holds %d entries, want the 8 that read", m.Counts.Entries)
	}
	named := map[journal.ID]string{}
	for _, d := range m.LeftOut {
		named[d.Entry] = d.Record
	}
	if named[a.ID] != "body" || named[b.ID] != "summary" || len(m.LeftOut) != 3 {
		t.Fatalf("the backup named %v as left out, want a's body, b's summary and c's earlier version", m.LeftOut)
	}
	if !bytes.Contains([]byte(fmt.Sprint(m.LeftOut)), []byte(a.Title)) {
		t.Fatalf("the entry left out is not named by its title: %v", m.LeftOut)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	got, err := backup.Read(f, []byte("a backup passphrase"))
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Entries) != 8 {
		t.Fatalf("the backup reads back with %d entries, want 8", len(got.Entries))
	}
	for _, e := range got.Entries {
		if e.ID == a.ID || e.ID == b.ID {
			t.Fatalf("a damaged entry is in the backup: %s", e.ID)
		}
	}
}

// TestExportLeavesOutOnlyWhatIsDamaged is the same for a plain export.
func TestExportLeavesOutOnlyWhatIsDamaged(t *testing.T) {
	vaulttest.LowBackupCost(t)
	dir, a, b, _ := damagedRecords(t)
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, kind := range []plain.Format{plain.JSON, plain.Markdown} {
		out := filepath.Join(t.TempDir(), "export")
		if kind == plain.JSON {
			out += ".json"
		}
		res, err := v.ExportToPath(out, kind, ExportOptions{History: kind == plain.JSON})
		if err != nil {
			t.Fatalf("%s: one damaged record failed the whole export: %v", kind, err)
		}
		if res.Entries != 8 {
			t.Fatalf("%s: exported %d entries, want the 8 that read", kind, res.Entries)
		}
		named := map[journal.ID]string{}
		for _, d := range res.LeftOut {
			named[d.Entry] = d.Record
		}
		if named[a.ID] != "body" || named[b.ID] != "summary" {
			t.Fatalf("%s: the export named %v as left out, want a's body and b's summary", kind, res.LeftOut)
		}
	}
}
