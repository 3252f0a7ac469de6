package vault

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/y"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/search"
	"tend/vault/internal/badgerfile"
)

// The tests of a damaged store make their damage from a seed, as a disk
// does: a journal written in two sessions (so its store has two tables),
// then bytes flipped at the start of chosen blocks of its tables. Flipping
// the first bytes of a block garbles the header of its first record, and
// the store library, which trusts its tables, panics as it reads that
// block (a slice index out of range inside its table iterator). The
// blocks are found by reading each table's index with the store's keys,
// so the same damage is made on every run.

// morningSentence is what the free-writing of the test journal repeats.
const morningSentence = "I walked to the river and sat for a while, watching the light change. "

// morningJournal writes a journal of n free-writing entries titled
// "Morning 000".., their bodies 20 to 60 repetitions of a sentence, in
// two sessions: the store is closed and opened again after the first
// split entries, so it holds two tables. edits, when set, saves each entry
// again that many times in a third session, giving it earlier versions.
// With settled, a last session merges the tables into the store's last
// level, as the store does in time: tables of the first level are read
// whole before the store opens to write (see checkTables). It returns the
// folder, closed, the store's key and the entries as saved.
func morningJournal(t testing.TB, n, split, edits int, settled bool) (dir string, storeKey []byte, want map[journal.ID]*journal.Entry) {
	t.Helper()
	dir = filepath.Join(t.TempDir(), "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	storeKey = bytes.Clone(v.storeKey)
	want = map[journal.ID]*journal.Entry{}
	reopen := func() {
		t.Helper()
		if err := v.Close(); err != nil {
			t.Fatal(err)
		}
		if v, err = Open(dir, testPassword); err != nil {
			t.Fatal(err)
		}
	}
	var order []journal.ID
	for i := range n {
		if i == split {
			reopen()
		}
		e := &journal.Entry{Title: fmt.Sprintf("Morning %03d", i), Body: strings.Repeat(morningSentence, 20+(i*7)%41)}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		want[e.ID] = e
		order = append(order, e.ID)
	}
	if edits > 0 {
		reopen()
		for k := range edits {
			for _, id := range order {
				e := *want[id]
				e.Body += fmt.Sprintf("And later, the %d time, I saw it again. ", k+1)
				if err := v.Put(&e); err != nil {
					t.Fatal(err)
				}
				want[id] = &e
			}
		}
	}
	if settled {
		// Two tables in the first level are merged on their own; one
		// beside tables of another level is merged by a compaction.
		reopen()
		if err := v.Compact(); err != nil {
			t.Fatal(err)
		}
		waitFirstLevelEmpty(t, v)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, storeKey, want
}

// waitFirstLevelEmpty waits until the store of v has merged the tables of
// its first level into the next, as it does on its own once there are two.
func waitFirstLevelEmpty(t testing.TB, v *Vault) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		first := 0
		for _, ti := range v.db.Tables() {
			if ti.Level == 0 {
				first++
			}
		}
		if first == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("the store still has %d tables in its first level", first)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// tableBlock is one block of a table file of the store.
type tableBlock struct {
	path        string
	offset, end int    // where it is in its file
	first       []byte // the key of its first record, without its version
}

// storeBlocks lists the blocks of every table of the store in dir, in file
// and then key order, from the tables' indexes.
func storeBlocks(t testing.TB, dir string, storeKey []byte) []tableBlock {
	t.Helper()
	store := filepath.Join(dir, storeDir)
	keys, err := badgerfile.ReadRegistry(store, storeKey)
	if err != nil {
		t.Fatal(err)
	}
	paths, _ := filepath.Glob(filepath.Join(store, "*.sst"))
	slices.Sort(paths)
	var out []tableBlock
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		blocks := tableIndex(data, keys)
		if blocks == nil {
			t.Fatalf("the index of %s does not read with any of the store's keys", filepath.Base(p))
		}
		for i := range blocks {
			blocks[i].path = p
		}
		out = append(out, blocks...)
	}
	return out
}

// tableIndex reads the block offsets of the table file data, trying each
// data key; nil when none opens it. The table ends with its index (sealed
// with the data key, its IV last), the index's length, a checksum and the
// checksum's length, each length 4 bytes big-endian.
func tableIndex(data []byte, keys map[uint64][]byte) []tableBlock {
	end := len(data) - 4
	end -= int(binary.BigEndian.Uint32(data[end:]))
	end -= 4
	n := int(binary.BigEndian.Uint32(data[end:]))
	sealed := data[end-n : end]
	iv := sealed[len(sealed)-16:]
	for _, key := range keys {
		plain := make([]byte, len(sealed)-16)
		if y.XORBlock(plain, sealed[:len(sealed)-16], key, iv) != nil {
			continue
		}
		if blocks := blockOffsets(plain, end-n); blocks != nil {
			return blocks
		}
	}
	return nil
}

// blockOffsets reads the blocks of an opened table index, or nil if it is
// not one (opened with another key) whose blocks lie before limit.
func blockOffsets(index []byte, limit int) (out []tableBlock) {
	defer func() {
		if recover() != nil {
			out = nil
		}
	}()
	ix := fb.GetRootAsTableIndex(index, 0)
	var bo fb.BlockOffset
	next := 0
	for i := range ix.OffsetsLength() {
		if !ix.Offsets(&bo, i) || int(bo.Offset()) != next || bo.Len() == 0 {
			return nil
		}
		next += int(bo.Len())
		k := bo.KeyBytes()
		if len(k) < 9 {
			return nil
		}
		out = append(out, tableBlock{offset: int(bo.Offset()), end: next, first: bytes.Clone(k[:len(k)-8])})
	}
	if next == 0 || next > limit {
		return nil
	}
	return out
}

// spoil flips the first bytes of block b, so the store library panics
// when it reads it.
func spoil(t testing.TB, b tableBlock) { flip(t, b.path, b.offset) }

// spoilQuietly flips bytes in the tail of block b, where the block keeps
// the IV its records are sealed with: the block then opens to noise, and
// the store library's reads end quietly there, as if its records were not
// in the store.
func spoilQuietly(t testing.TB, b tableBlock) { flip(t, b.path, b.end-10) }

// flip inverts the 4 bytes at off in the file at path.
func flip(t testing.TB, path string, off int) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	for i := off; i < off+4; i++ {
		data[i] ^= 0xff
	}
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// blocksOf returns the blocks whose first record is of the kind prefix.
func blocksOf(blocks []tableBlock, prefix byte) []tableBlock {
	var out []tableBlock
	for _, b := range blocks {
		if b.first[0] == prefix {
			out = append(out, b)
		}
	}
	return out
}

// TestStoreBlocksAreFound: the tests find the blocks of the journal's
// tables, bodies and summaries, to spoil them.
func TestStoreBlocksAreFound(t *testing.T) {
	dir, key, _ := morningJournal(t, 140, 100, 0, true)
	blocks := storeBlocks(t, dir, key)
	if len(blocksOf(blocks, prefixContent)) < 2 || len(blocksOf(blocks, prefixSummary)) < 1 {
		t.Fatalf("found %d blocks", len(blocks))
	}
}

// damagedMornings is the morning journal of 140 entries in two sessions
// with one block of bodies in its first table spoiled, opened.
func damagedMornings(t *testing.T) (*Vault, map[journal.ID]*journal.Entry) {
	t.Helper()
	return damagedMorningsBy(t, spoil)
}

// damagedMorningsBy is damagedMornings, with the block spoiled by how.
func damagedMorningsBy(t *testing.T, how func(testing.TB, tableBlock)) (*Vault, map[journal.ID]*journal.Entry) {
	t.Helper()
	dir, key, want := morningJournal(t, 140, 100, 0, true)
	cs := blocksOf(storeBlocks(t, dir, key), prefixContent)
	how(t, cs[len(cs)/4])
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, want
}

// TestReadsOfADamagedStoreAreErrors: on a table the store library panics
// reading, each read the window and the command line make gives an error
// wrapping ErrCorrupt for the damaged entries, and their words for every
// other; the process goes on. Writing stops once damage is met, reading
// does not.
func TestReadsOfADamagedStoreAreErrors(t *testing.T) {
	v, want := damagedMornings(t)
	bad := map[journal.ID]bool{}
	var good journal.ID
	for id, e := range want {
		got, err := v.Get(id)
		switch {
		case err == nil:
			if got.Body != e.Body {
				t.Fatalf("%s came back with other words", e.Title)
			}
			good = id
		case errors.Is(err, ErrCorrupt):
			bad[id] = true
		default:
			t.Fatalf("reading %s: %v", e.Title, err)
		}
	}
	if len(bad) == 0 || len(bad) > 20 {
		t.Fatalf("%d of 140 entries could not be read; want the few in the spoiled block", len(bad))
	}
	if !v.Damaged() {
		t.Fatal("the vault does not say it met damage")
	}
	e := *want[good]
	e.Body += "One more line. "
	if err := v.Put(&e); !errors.Is(err, ErrWritingStopped) || !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a save after damage was met: %v; want it refused as damage", err)
	}
	if _, err := v.Get(good); err != nil {
		t.Fatalf("reading after damage was met: %v", err)
	}
	for id := range bad {
		if _, err := v.History(id); err != nil && !errors.Is(err, ErrCorrupt) {
			t.Fatalf("the history of a damaged entry: %v", err)
		}
		if _, err := v.Attachment(id, journal.FileID{}); err == nil {
			t.Fatal("a file no version lists was found")
		}
	}
}

// TestSearchOfADamagedStoreFindsTheRest: the index is built by a scan of
// every body that a damaged table ends, with a panic of the store library
// or quietly; the entries after it are read on their own, so search finds
// every entry but the damaged ones, which the journal counts as unreadable.
func TestSearchOfADamagedStoreFindsTheRest(t *testing.T) {
	for _, c := range []struct {
		name  string
		spoil func(testing.TB, tableBlock)
	}{{"panics", spoil}, {"quietly", spoilQuietly}} {
		t.Run(c.name, func(t *testing.T) {
			v, want := damagedMorningsBy(t, c.spoil)
			if err := v.WaitIndex(context.Background()); err != nil {
				t.Fatal(err)
			}
			res, _, err := v.Search(search.ParseQuery("river"), 0, 1000)
			if err != nil {
				t.Fatal(err)
			}
			bad := 0
			for id := range want {
				if _, err := v.Get(id); err != nil {
					bad++
				}
			}
			if len(res) != len(want)-bad || bad == 0 {
				t.Fatalf("search found %d entries; want the %d that read", len(res), len(want)-bad)
			}
			if v.Unreadable() < bad {
				t.Fatalf("the journal counts %d records it could not read; %d entries do not read", v.Unreadable(), bad)
			}
		})
	}
}

// TestBackupExportVerifyOfADamagedStore: a backup and an export hold every
// entry that reads and name each damaged one as left out; a check names the
// damage and counts every whole entry.
func TestBackupExportVerifyOfADamagedStore(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, want := damagedMornings(t)
	pass := []byte("a passphrase for the test")
	var buf bytes.Buffer
	m, err := v.Backup(&buf, pass, "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.LeftOut) == 0 || m.Counts.Entries+len(m.LeftOut) != len(want) {
		t.Fatalf("the backup holds %d entries and leaves out %d; want all %d accounted for", m.Counts.Entries, len(m.LeftOut), len(want))
	}
	for _, d := range m.LeftOut {
		if want[d.Entry] == nil {
			t.Fatalf("left out %q without naming its entry", d)
		}
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), pass)
	if err != nil {
		t.Fatal(err)
	}
	c.Close()
	if len(c.Entries) != m.Counts.Entries {
		t.Fatalf("the backup reads back with %d entries", len(c.Entries))
	}

	var out bytes.Buffer
	res, err := v.WriteJSONExport(&out, ExportOptions{History: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != m.Counts.Entries || len(res.LeftOut) != len(m.LeftOut) {
		t.Fatalf("the export holds %d entries and leaves out %d; the backup %d and %d", res.Entries, len(res.LeftOut), m.Counts.Entries, len(m.LeftOut))
	}

	rep, err := v.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.Entries != m.Counts.Entries {
		t.Fatalf("the check found %d entries whole and %d damaged records; want %d whole", rep.Entries, len(rep.Damaged), m.Counts.Entries)
	}
}

// TestRotationOfADamagedStoreChangesNothing: new keys are refused on a
// store with a damaged table, as an error and not a panic, and the journal
// opens with its password as before.
func TestRotationOfADamagedStoreChangesNothing(t *testing.T) {
	dir, key, _ := morningJournal(t, 140, 100, 0, true)
	cs := blocksOf(storeBlocks(t, dir, key), prefixContent)
	spoil(t, cs[len(cs)/4])
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	nv, _, err := v.Rotate([]byte("a new password for the test"), TestKDF, nil)
	if !errors.Is(err, ErrCorrupt) {
		t.Fatalf("rotating a damaged journal: %v; want it refused as damage", err)
	}
	if nv != nil {
		nv.Close()
	}
	v.Close()
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatalf("the journal does not open with its password after the refused rotation: %v", err)
	}
	v.Close()
}

// TestOpenRefusesADamagedRecentTable: the store merges the tables of its
// first level on a goroutine of its own as soon as it opens, where a
// damaged block would end the process. Such a table is read whole first:
// the journal is refused as damaged, changing nothing, and the check,
// which opens it only to read, still names the damage.
func TestOpenRefusesADamagedRecentTable(t *testing.T) {
	dir, key, _ := morningJournal(t, 140, 100, 0, false)
	cs := blocksOf(storeBlocks(t, dir, key), prefixContent)
	spoil(t, cs[len(cs)/4])
	before := vaulttest.HashTree(t, dir)
	if v, err := Open(dir, testPassword); !errors.Is(err, ErrCorrupt) {
		if err == nil {
			v.Close()
		}
		t.Fatalf("opening a journal with a damaged recent table: %v; want it refused as damage", err)
	}
	if !reflect.DeepEqual(before, vaulttest.HashTree(t, dir)) {
		t.Fatal("the refused opening changed the journal's files")
	}
	v, err := OpenToCheck(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	rep, err := v.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || rep.Entries == 0 {
		t.Fatalf("the check found %d entries whole and %d damaged records", rep.Entries, len(rep.Damaged))
	}
}

// TestDamagedPiecesAreErrors: a long entry's text and an attached file are
// kept in pieces, each read on its own, each about a block of its own. With
// the blocks of pieces spoiled where a block keeps the count of its
// records, the store library panics reading them: reading the entry or the
// file gives an error wrapping ErrCorrupt, and a backup leaves out and
// names what it could not read and holds every other entry.
func TestDamagedPiecesAreErrors(t *testing.T) {
	vaulttest.LowBackupCost(t)
	dir := filepath.Join(t.TempDir(), "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	key := bytes.Clone(v.storeKey)
	long := &journal.Entry{Title: "The long letter", Body: strings.Repeat(morningSentence, 5000)}
	if err := v.Put(long); err != nil {
		t.Fatal(err)
	}
	file := bytes.Repeat([]byte("a page of notes, kept as it was. "), 10000)
	f, err := v.Attach(long.ID, "notes.txt", bytes.NewReader(file))
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	// A second session, and the store merging both into one level.
	if v, err = Open(dir, testPassword); err != nil {
		t.Fatal(err)
	}
	for i := range 40 {
		if err := v.Put(&journal.Entry{Title: fmt.Sprintf("Morning %03d", i), Body: morningSentence}); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if v, err = Open(dir, testPassword); err != nil {
		t.Fatal(err)
	}
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	waitFirstLevelEmpty(t, v)
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	ks := blocksOf(storeBlocks(t, dir, key), prefixChunk)
	if len(ks) < 2 {
		t.Fatalf("%d blocks of pieces; want one for each piece", len(ks))
	}
	// The last block of pieces holds the first summaries too, which the
	// journal reads as it opens.
	for _, b := range ks[:len(ks)-1] {
		for o := b.end - 36; o < b.end-24; o += 4 {
			flip(t, b.path, o)
		}
	}
	if v, err = Open(dir, testPassword); err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	_, gerr := v.Get(long.ID)
	_, ferr := v.Attachment(long.ID, f.ID)
	if gerr != nil && !errors.Is(gerr, ErrCorrupt) || ferr != nil && !errors.Is(ferr, ErrCorrupt) || !v.Damaged() {
		t.Fatalf("reading the long entry: %v; its file: %v; want damage where the store could not read", gerr, ferr)
	}
	var buf bytes.Buffer
	m, err := v.Backup(&buf, []byte("a passphrase for the test"), "test", nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(m.LeftOut) == 0 || m.Counts.Entries < 40 {
		t.Fatalf("the backup holds %d entries and leaves out %v", m.Counts.Entries, m.LeftOut)
	}
}
