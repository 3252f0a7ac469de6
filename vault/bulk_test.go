package vault

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/table"

	"tend/internal/vaulttest"
)

// TestRestoredAndRotatedJournalsSyncTheirSaves: a restore and a rotation
// write their new store without syncing each write, and make it durable
// once, as it closes, before its header moves into place. The journal they
// hand back is opened again as any journal is: every save it acknowledges
// is on the disk.
func TestRestoredAndRotatedJournalsSyncTheirSaves(t *testing.T) {
	vaulttest.LowBackupCost(t)
	c := sourceBackup(t, 30)
	dir := filepath.Join(t.TempDir(), "restored")
	v, _, err := RestoreNew(dir, c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	if !v.db.Opts().SyncWrites {
		v.Close()
		t.Fatal("the restored journal does not sync its saves")
	}
	nv, _, err := v.Rotate(rotatedPassword, TestKDF, nil)
	if err != nil {
		if nv != nil {
			nv.Close()
		}
		t.Fatal(err)
	}
	defer nv.Close()
	if !nv.db.Opts().SyncWrites {
		t.Fatal("the rotated journal does not sync its saves")
	}
}

// TestARestoredStoreDamagedLaterIsRefused: the restore opens the store it
// has just written and closed without reading its recent tables whole
// again; any later opening still reads them, and refuses the journal when
// one of their blocks was damaged since.
func TestARestoredStoreDamagedLaterIsRefused(t *testing.T) {
	vaulttest.LowBackupCost(t)
	c := sourceBackup(t, 60)
	dir := filepath.Join(t.TempDir(), "restored")
	v, _, err := RestoreNew(dir, c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	key := append([]byte(nil), v.storeKey...)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	recent := recentTables(t, dir, key)
	var spoilt bool
	for _, b := range blocksOf(storeBlocks(t, dir, key), prefixContent) {
		if recent[b.path] {
			spoil(t, b)
			spoilt = true
			break
		}
	}
	if !spoilt {
		t.Fatal("the restored store has no recent table of entries to damage")
	}
	if v, err := Open(dir, testPassword); !errors.Is(err, ErrCorrupt) {
		if err == nil {
			v.Close()
		}
		t.Fatalf("opening a restored journal with a damaged recent table: %v; want it refused as damage", err)
	}
}

// recentTables returns the paths of the tables of the store's first level,
// the ones a writable opening reads whole.
func recentTables(t *testing.T, dir string, storeKey []byte) map[string]bool {
	t.Helper()
	opt := badgerOptions(dir, storeKey)
	f, err := os.Open(filepath.Join(opt.Dir, badger.ManifestFilename))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	mf, _, err := badger.ReplayManifestFile(f, opt.ExternalMagicVersion, opt)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]bool{}
	for id, tm := range mf.Tables {
		if tm.Level == 0 {
			out[table.NewFilename(id, opt.Dir)] = true
		}
	}
	return out
}
