package vault

import (
	"archive/tar"
	"bytes"
	"io"
	"strings"
	"testing"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"tend/internal/sample"
	"tend/internal/vaulttest"
	"tend/journal"
)

// A backup hands the memory of its batches on from one to the next. Every
// entry's document in the archive must still be, byte for byte, the
// document the entry has when it is made alone in memory of its own: over
// enough entries for many batches, and blocks used again and again, with
// long bodies (which are given memory of their own) and text that JSON
// escapes among them.
func TestBackupDocumentsAreTheSameInReusedMemory(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	entries := sample.Journal(3, 1500, journal.Date{Year: 2026, Month: 5, Day: 1})
	for i, e := range entries {
		switch i % 50 {
		case 7:
			e.Body = strings.Repeat("a long day, \"quoted\" \t línea 😊\u2028 <b>&</b>\n", 2000)
		case 8, 9:
			e.Body = strings.Repeat("a longer day than most, ", 400*(i%50))
		case 13:
			e.Title = "<&> \x01 \"t\" \\ \u2029"
		}
	}
	if err := v.Import(entries); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, []byte("pass"), "test", nil); err != nil {
		t.Fatal(err)
	}
	id, err := age.NewScryptIdentity("pass")
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(&buf, id)
	if err != nil {
		t.Fatal(err)
	}
	tr := tar.NewReader(r)
	seen := 0
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		name, ok := strings.CutPrefix(hdr.Name, "entries/")
		if !ok {
			continue
		}
		got, err := io.ReadAll(tr)
		if err != nil {
			t.Fatal(err)
		}
		eid, err := journal.ParseID(strings.TrimSuffix(name, ".json"))
		if err != nil {
			t.Fatal(err)
		}
		if want := docAlone(t, v, eid); !bytes.Equal(got, want) {
			t.Fatalf("%s:\n got %.300s\nwant %.300s", hdr.Name, got, want)
		}
		seen++
	}
	if seen != len(entries) {
		t.Fatalf("the backup holds %d entries of %d", seen, len(entries))
	}
}

// docAlone makes entry id's document in a backup in memory of its own,
// its body whole whether it is kept in one record or in pieces.
func docAlone(t *testing.T, v *Vault, id journal.ID) []byte {
	t.Helper()
	var doc []byte
	err := v.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(contentKey(id))
		if err != nil {
			return err
		}
		sealed, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		pt, schema, err := v.openBody(txn, contentKey(id), sealed)
		if err != nil {
			return err
		}
		doc, err = docOf(v.sums[id], schema, pt)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return doc
}
