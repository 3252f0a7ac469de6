package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4/pb"
	"google.golang.org/protobuf/proto"

	"tend/journal"
)

// TestLeftoversOfAFinishedCompactionOpen: a process killed after the store
// recorded a compaction in its list of files, but before it deleted the
// tables the compaction replaced, leaves those tables behind, holding
// older versions of entries that the compaction let go. That is a normal
// crash, not damage: the journal opens, with every entry as last saved.
func TestLeftoversOfAFinishedCompactionOpen(t *testing.T) {
	v, dir, _ := newTestVault(t)
	var ids []journal.ID
	for i := range 30 {
		e := &journal.Entry{Kind: journal.KindFree, Title: "First", Body: strings.Repeat("the first words ", 40+i)}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	store := filepath.Join(dir, storeDir)
	v.Close() // the first versions go into a table
	before := tableFiles(t, store)
	saved := map[string][]byte{}
	for _, p := range before {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		saved[p] = b
	}

	// More versions, each round in a table of its own, until the store
	// compacts them: it writes new tables without the earlier versions,
	// records that in its list of files, and deletes the tables they
	// replaced.
	for round := range 6 {
		v, err := Open(dir, testPassword)
		if err != nil {
			t.Fatal(err)
		}
		for _, id := range ids {
			e, err := v.Get(id)
			if err != nil {
				t.Fatal(err)
			}
			e.Title, e.Body = "Second", fmt.Sprintf("the words as they stand after round %d", round)
			if err := v.Put(e); err != nil {
				t.Fatal(err)
			}
		}
		if round == 5 {
			if err := v.db.Flatten(1); err != nil {
				t.Fatal(err)
			}
		}
		v.Close()
	}
	after := tableFiles(t, store)
	restored := 0
	for p, b := range saved {
		if !slices.Contains(after, p) {
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			restored++
		}
	}
	if restored == 0 {
		t.Fatalf("the compaction replaced no table (before %v, after %v); the test proves nothing", before, after)
	}

	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatalf("a journal with %d tables left over from a finished compaction does not open: %v", restored, err)
	}
	defer v.Close()
	for _, id := range ids {
		e, err := v.Get(id)
		if err != nil || e.Title != "Second" {
			t.Fatalf("entry %s after the leftovers: %+v %v", id, e, err)
		}
	}
}

func tableFiles(t *testing.T, store string) []string {
	t.Helper()
	ps, err := filepath.Glob(filepath.Join(store, "*.sst"))
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

// TestALostListOfFilesIsStillRefused: when the store's list of files has
// lost the table that holds the newest writing (here: an older copy of the
// list put back), the store would delete that table as it opens; the
// journal is refused as damaged instead, and nothing is deleted.
func TestALostListOfFilesIsStillRefused(t *testing.T) {
	v, dir, _ := newTestVault(t)
	if err := v.Put(&journal.Entry{Kind: journal.KindFree, Body: "before"}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	store := filepath.Join(dir, storeDir)
	manifest := filepath.Join(store, "MANIFEST")
	older, err := os.ReadFile(manifest)
	if err != nil {
		t.Fatal(err)
	}
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	kept := &journal.Entry{Kind: journal.KindFree, Body: "written after, only in the newest table"}
	if err := v.Put(kept); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if err := os.WriteFile(manifest, older, 0o600); err != nil {
		t.Fatal(err)
	}
	tables := tableFiles(t, store)
	if _, err := Open(dir, testPassword); !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), "leaves out") {
		t.Fatalf("a list of files that lost the newest table: %v", err)
	}
	if got := tableFiles(t, store); !slices.Equal(got, tables) {
		t.Fatalf("opening changed the tables: %v, was %v", got, tables)
	}
}

// FuzzManifestDeletions reads the store's list of files as damage may
// leave it: nothing panics, and a deletion is only ever read from a change
// whose checksum holds.
func FuzzManifestDeletions(f *testing.F) {
	set := &pb.ManifestChangeSet{Changes: []*pb.ManifestChange{
		{Id: 3, Op: pb.ManifestChange_CREATE}, {Id: 1, Op: pb.ManifestChange_DELETE},
	}}
	buf, err := proto.Marshal(set)
	if err != nil {
		f.Fatal(err)
	}
	rec := binary.BigEndian.AppendUint32(nil, uint32(len(buf)))
	rec = binary.BigEndian.AppendUint32(rec, crc32.Checksum(buf, crc32.MakeTable(crc32.Castagnoli)))
	whole := append(append([]byte("Bdgr\x00\x00\x00\x08"), rec...), buf...)
	f.Add(whole)
	f.Add(whole[:len(whole)-1])
	f.Add([]byte("Bdgr"))
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		deleted := manifestDeletions(data)
		if bytes.Equal(data, whole) && (!deleted[1] || deleted[3]) {
			t.Fatalf("the seed reads as %v", deleted)
		}
	})
}
