package vault

import (
	"bytes"
	"fmt"
	"testing"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
)

// TestBackupReadsWhatTheScanDidNotReach: the store's scan can end quietly
// at a part of a table it cannot read, and a backup once held 40 of 140
// entries that way, left nothing out and said it was whole. Here the scan
// ends after 40 summaries: the backup reads every other entry the journal
// knows on its own, and holds all 140 and their words.
func TestBackupReadsWhatTheScanDidNotReach(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	want := map[journal.ID]string{}
	for i := range 140 {
		e := &journal.Entry{Title: fmt.Sprintf("Morning %03d", i), Body: fmt.Sprintf("what I noticed on morning %d", i)}
		if i%20 == 0 {
			e.Body += " " + string(bytes.Repeat([]byte("a long page. "), 40000)) // kept in pieces
		}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		want[e.ID] = e.Body
	}
	ends := 40
	scanEndsAt = &ends
	t.Cleanup(func() { scanEndsAt = nil })
	var buf bytes.Buffer
	m, err := v.Backup(&buf, []byte("a passphrase for the test"), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if m.Counts.Entries != 140 || len(m.LeftOut) != 0 {
		t.Fatalf("the backup holds %d entries and leaves out %v", m.Counts.Entries, m.LeftOut)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), []byte("a passphrase for the test"))
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if len(c.Entries) != 140 {
		t.Fatalf("the backup reads back with %d entries", len(c.Entries))
	}
	for _, e := range c.Entries {
		if want[e.ID] != e.Body {
			t.Fatalf("entry %s came back with other words", e.Title)
		}
	}
}
