package vault

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"tend/internal/vaulttest"
	"tend/journal"
	"tend/search"
)

// FuzzSpoiledTable flips bytes inside a block of a table of a journal with
// entries and earlier versions, and then makes every kind of read the
// window and the command line make: each must return, with the words or
// with an error, and never end the process. A case is a block (counted
// across the journal's tables), where in it, how many bytes and how.
// Without -fuzz, the cases below run as a test.
func FuzzSpoiledTable(f *testing.F) {
	for _, c := range []struct {
		block, at, n int
		mask         byte
	}{
		{0, 0, 4, 0xff},   // the first record's header
		{3, 0, 4, 0xff},   // inside the bodies
		{7, 1, 2, 0x01},   // one bit of a header
		{11, 40, 8, 0xa5}, // inside a record
		{-1, 0, 4, 0xff},  // the last block
		{5, -10, 4, 0xff}, // where a block keeps its IV
	} {
		f.Add(c.block, c.at, c.n, c.mask)
	}
	vaulttest.LowBackupCost(f)
	base, key, _ := morningJournal(f, 60, 40, 2, true)
	blocks := storeBlocks(f, base, key)
	f.Fuzz(func(t *testing.T, block, at, n int, mask byte) {
		if mask == 0 || n <= 0 {
			t.Skip()
		}
		b := blocks[((block%len(blocks))+len(blocks))%len(blocks)]
		size := b.end - b.offset
		off := b.offset + ((at%size)+size)%size
		dir := filepath.Join(t.TempDir(), "vault")
		vaulttest.CopyTree(t, base, dir)
		path := filepath.Join(dir, storeDir, filepath.Base(b.path))
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		for i := off; i < min(off+min(n, 64), len(data)); i++ {
			data[i] ^= mask
		}
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		readEverything(t, dir)
	})
}

// readEverything opens the journal in dir, if it opens, and reads all of
// it every way there is; it only has to return.
func readEverything(t *testing.T, dir string) {
	v, err := Open(dir, testPassword)
	if err != nil {
		return
	}
	defer v.Close()
	list, _ := v.List(ListQuery{})
	for _, e := range list {
		v.Get(e.ID)
		v.History(e.ID)
	}
	_ = v.WaitIndex(context.Background())
	v.Search(search.ParseQuery("river"), 0, 1000)
	v.Backup(&bytes.Buffer{}, []byte("a passphrase for the test"), "test", nil)
	v.WriteJSONExport(&bytes.Buffer{}, ExportOptions{History: true})
	v.Verify()
	v.Prefs()
	v.Put(&journal.Entry{Title: "One more", Body: "A line."})
}
