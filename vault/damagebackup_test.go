package vault

import (
	"bytes"
	"testing"

	"tend/backup"
	"tend/internal/vaulttest"
)

// TestBackupHoldsOrNamesEveryEarlierVersion: a backup copies each entry's
// earlier versions too, and the store's scan of them ends at a damaged
// block, quietly or with a panic of the store library. Every version after
// that block must still be in the backup, read on its own, and every one
// the store cannot give must be named as left out: a backup of 60 entries
// with 3 earlier versions each accounts for all 180.
func TestBackupHoldsOrNamesEveryEarlierVersion(t *testing.T) {
	for _, c := range []struct {
		name  string
		spoil func(testing.TB, tableBlock)
	}{{"panics", spoil}, {"quietly", spoilQuietly}} {
		t.Run(c.name, func(t *testing.T) {
			vaulttest.LowBackupCost(t)
			dir, key, want := morningJournal(t, 60, 40, 3, true)
			hs := blocksOf(storeBlocks(t, dir, key), prefixHistory)
			c.spoil(t, hs[len(hs)/2])
			v, err := Open(dir, testPassword)
			if err != nil {
				t.Fatal(err)
			}
			defer v.Close()
			pass := []byte("a passphrase for the test")
			var buf bytes.Buffer
			m, err := v.Backup(&buf, pass, "test", nil)
			if err != nil {
				t.Fatal(err)
			}
			left := 0
			for _, d := range m.LeftOut {
				if d.Record != "history" {
					t.Errorf("left out %s, though only earlier versions are damaged", d)
					continue
				}
				if want[d.Entry] == nil {
					t.Errorf("left out %q without naming its entry", d)
				}
				left++
			}
			if m.Counts.Entries != 60 {
				t.Errorf("the backup holds %d of the 60 entries", m.Counts.Entries)
			}
			t.Logf("%d earlier versions in the backup, %d left out", m.Counts.History, left)
			if m.Counts.History+left != 180 || left == 0 || left > 10 {
				t.Fatalf("the backup holds %d earlier versions and names %d as left out; want all 180 accounted for, a few left out", m.Counts.History, left)
			}
			got, err := backup.Read(bytes.NewReader(buf.Bytes()), pass)
			if err != nil {
				t.Fatal(err)
			}
			defer got.Close()
			if len(got.History) != m.Counts.History {
				t.Fatalf("the backup reads back with %d earlier versions; its manifest says %d", len(got.History), m.Counts.History)
			}
		})
	}
}
