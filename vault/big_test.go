package vault

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/sample"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
	"tend/search"
)

// versionHashes reads an entry's earlier versions one at a time, so a test
// can check twenty versions of a long entry without holding them all, and
// returns the hash of each body by revision.
func versionHashes(t testing.TB, v *Vault, id journal.ID) map[int][32]byte {
	t.Helper()
	out := map[int][32]byte{}
	err := v.db.View(func(txn *badger.Txn) error {
		for slot := range historySlots {
			hk := historyKey(v.histKey, id, slot)
			item, err := txn.Get(hk)
			if errors.Is(err, badger.ErrKeyNotFound) {
				continue
			}
			if err != nil {
				return err
			}
			err = item.Value(func(val []byte) error {
				e, err := v.openVersion(txn, hk, val)
				if err != nil {
					return err
				}
				out[e.Rev] = sha256.Sum256([]byte(e.Body))
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func mustBody(t testing.TB, v *Vault, id journal.ID, want string) {
	t.Helper()
	got, err := v.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	if got.Body != want {
		t.Fatalf("the body read back is %d bytes and differs from the %d saved", len(got.Body), len(want))
	}
}

func searchFinds(t testing.TB, v *Vault, word string, id journal.ID) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	if err := v.WaitIndex(ctx); err != nil {
		t.Fatal(err)
	}
	res, _, err := v.Search(search.ParseQuery(word), 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	if len(res) != 1 || res[0].Entry.ID != id {
		t.Fatalf("searching %q found %d results", word, len(res))
	}
}

// TestBigEntryEditedManyTimes saves a 20 MB entry, edits it twenty times,
// and checks that it reads back exactly, keeps its history, is found by
// search, takes bounded space on disk, and survives a lock and unlock.
func TestBigEntryEditedManyTimes(t *testing.T) {
	vaulttest.LowBackupCost(t)
	if testing.Short() {
		t.Skip("writes a 20 MB entry")
	}
	v, dir, _ := newTestVault(t)
	text := sample.ChatLog(20<<20, 1)
	// A word found nowhere else, near the end.
	text = text[:len(text)-5000] + " lighthousekeeper " + text[len(text)-5000:]
	e := &journal.Entry{Title: "The whole thread", Body: text, Date: journal.Date{Year: 2024, Month: time.May, Day: 9}}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	small := &journal.Entry{Body: "a short note beside it"}
	if err := v.Put(small); err != nil {
		t.Fatal(err)
	}
	const edits = 20
	want := map[int][32]byte{1: sha256.Sum256([]byte(text))}
	for i := range edits {
		text = sample.EditChatLog(text, i)
		e.Body = text
		if err := v.Put(e); err != nil {
			t.Fatalf("edit %d: %v", i+1, err)
		}
		want[e.Rev] = sha256.Sum256([]byte(text))
	}
	mustBody(t, v, e.ID, text)
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	t.Logf("heap in use after %d edits, unlocked: %.1f MB", edits, float64(ms.HeapAlloc)/(1<<20))
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	used := duBytes(t, dir)
	t.Logf("store after %d edits of a %d MB entry: %.1f MB on disk (the text once: %.1f MB)",
		edits, len(text)>>20, float64(used)/(1<<20), float64(len(text))/(1<<20))
	// Twenty whole copies would be over 400 MB; the versions share what
	// they have in common.
	if used > 5*int64(len(text)) {
		t.Fatalf("the store takes %d bytes for a %d-byte entry and its history", used, len(text))
	}
	assertNoCanary(t, []string{dir}, []string{"lighthousekeeper", "I read this again and I am still here"})

	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	mustBody(t, v, e.ID, text)
	mustBody(t, v, small.ID, small.Body)
	got := versionHashes(t, v, e.ID)
	if len(got) != historySlots {
		t.Fatalf("%d earlier versions kept, want %d", len(got), historySlots)
	}
	for rev, h := range got {
		if want[rev] != h {
			t.Fatalf("revision %d does not read back as it was saved", rev)
		}
	}
	searchFinds(t, v, "lighthousekeeper", e.ID)
	rep, err := v.Verify()
	if err != nil || !rep.OK() || rep.Entries != 2 {
		t.Fatalf("verify: %v %+v", err, rep)
	}
}

// TestBigEntryChunksAreFreed checks that chunks no version lists any more
// are deleted: when every version of a long entry differs throughout, and
// when it is deleted for good.
func TestBigEntryChunksAreFreed(t *testing.T) {
	vaulttest.LowBackupCost(t)
	if testing.Short() {
		t.Skip("writes a long entry many times")
	}
	v, _, _ := newTestVault(t)
	e := &journal.Entry{Body: sample.ChatLog(3<<20, 1)}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	for i := range historySlots + 3 {
		e.Body = sample.ChatLog(3<<20, uint64(i+2))
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	var refs map[string]bool
	stored := 0
	err := v.db.View(func(txn *badger.Txn) error {
		var err error
		refs, err = v.entryRefs(txn, e.ID)
		stored = countKeys(txn, prefixChunk)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if stored != len(refs) || stored < historySlots+1 {
		t.Fatalf("%d chunks stored, %d listed by the entry and its history", stored, len(refs))
	}
	if err := v.Purge(e.ID); err != nil {
		t.Fatal(err)
	}
	v.db.View(func(txn *badger.Txn) error {
		stored = countKeys(txn, prefixChunk)
		return nil
	})
	if stored != 0 {
		t.Fatalf("%d chunks left after the entry was deleted for good", stored)
	}

	// An import that replaces a long entry leaves its old chunks to
	// Compact.
	imp := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2024, Month: 1, Day: 2}, Body: sample.ChatLog(3<<20, 40)}
	for seed := range uint64(2) {
		imp.Body = sample.ChatLog(3<<20, 41+seed)
		if err := v.Import([]*journal.Entry{imp}); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	err = v.db.View(func(txn *badger.Txn) error {
		var err error
		refs, err = v.entryRefs(txn, imp.ID)
		stored = countKeys(txn, prefixChunk)
		return err
	})
	if err != nil || stored != len(refs) {
		t.Fatalf("after Compact %d chunks are stored, %d listed (%v)", stored, len(refs), err)
	}
	mustBody(t, v, imp.ID, imp.Body)
}

// TestEditEntryOf700KB is the reported bug: an entry of about 700 KB could
// be saved once, and every edit after failed, as the store refused the
// transaction holding the new version and the old one together.
func TestEditEntryOf700KB(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, _ := newTestVault(t)
	text := sample.ChatLog(700<<10, 3)
	e := &journal.Entry{Body: text}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	for i := range 5 {
		text = sample.EditChatLog(text, i)
		e.Body = text
		if err := v.Put(e); err != nil {
			t.Fatalf("edit %d of a 700 KB entry: %v", i+1, err)
		}
	}
	mustBody(t, v, e.ID, text)
	h, err := v.History(e.ID)
	if err != nil || len(h) != 5 {
		t.Fatalf("history: %d versions, %v", len(h), err)
	}
	v.Close()
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	mustBody(t, v, e.ID, text)
}

// TestTooBigChangesNothing checks that an entry above MaxEntryText is
// refused with ErrTooBig, and that nothing in the journal changes.
func TestTooBigChangesNothing(t *testing.T) {
	vaulttest.LowBackupCost(t)
	if testing.Short() {
		t.Skip("builds a 64 MB entry")
	}
	v, _, _ := newTestVault(t)
	e := &journal.Entry{Body: "the version that stays"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	huge := strings.Repeat("so much to say ", journal.MaxEntryText/15+1)

	fresh := &journal.Entry{Body: huge}
	if err := v.Put(fresh); !errors.Is(err, journal.ErrTooBig) {
		t.Fatalf("saving %d bytes: %v, want ErrTooBig", len(huge), err)
	}
	if !fresh.ID.IsZero() || fresh.Body != huge {
		t.Fatal("a refused new entry was changed")
	}
	edit := *e
	edit.Body = huge
	if err := v.Put(&edit); !errors.Is(err, journal.ErrTooBig) {
		t.Fatalf("saving %d bytes over an entry: %v, want ErrTooBig", len(huge), err)
	}
	if edit.Body != huge {
		t.Fatal("the refused text was changed")
	}
	list, _ := v.List(ListQuery{})
	if len(list) != 1 || list[0].Rev != 1 {
		t.Fatalf("after refused saves the journal lists %d entries", len(list))
	}
	mustBody(t, v, e.ID, "the version that stays")
	if h, err := v.History(e.ID); err != nil || len(h) != 0 {
		t.Fatalf("history after a refused save: %d, %v", len(h), err)
	}
	if err := v.Import([]*journal.Entry{{Body: huge, Date: journal.Date{Year: 2024, Month: 1, Day: 1}, Kind: journal.KindFree}}); !errors.Is(err, journal.ErrTooBig) {
		t.Fatalf("importing %d bytes: %v, want ErrTooBig", len(huge), err)
	}
	if list, _ := v.List(ListQuery{}); len(list) != 1 {
		t.Fatalf("after a refused import the journal lists %d entries", len(list))
	}
}

// bigJournal makes a journal with a few short entries and a long one saved
// three times.
func bigJournal(t *testing.T, size int) (v *Vault, dir string, big *journal.Entry, small []*journal.Entry) {
	t.Helper()
	v, dir, _ = newTestVault(t)
	for i := range 3 {
		e := &journal.Entry{Title: "note", Body: "short entry " + strings.Repeat("word ", i+1)}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		small = append(small, e)
	}
	text := sample.ChatLog(size, 5)
	big = &journal.Entry{Title: "long", Body: text, Tags: []string{"chat"}}
	if err := v.Put(big); err != nil {
		t.Fatal(err)
	}
	for i := range 2 {
		big.Body = sample.EditChatLog(big.Body, i)
		if err := v.Put(big); err != nil {
			t.Fatal(err)
		}
	}
	return v, dir, big, small
}

// TestBigEntryBackupRestoreMergeExport checks that a long entry and its
// history go whole into a backup (readable without Tend), come back from a
// restore and a merge, and go whole into both plain exports.
func TestBigEntryBackupRestoreMergeExport(t *testing.T) {
	vaulttest.LowBackupCost(t)
	if testing.Short() {
		t.Skip("writes a 20 MB entry")
	}
	v, _, big, _ := bigJournal(t, 20<<20)
	hist := versionHashes(t, v, big.ID)

	var buf bytes.Buffer
	if _, err := v.Backup(&buf, []byte("backup words"), "test", nil); err != nil {
		t.Fatal(err)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), []byte("backup words"))
	if err != nil {
		t.Fatal(err)
	}
	buf = bytes.Buffer{}
	var found *journal.Entry
	for _, e := range c.Entries {
		if e.ID == big.ID {
			found = e
		}
	}
	if found == nil || found.Body != big.Body || len(c.History) != 2 {
		t.Fatalf("the backup does not hold the long entry whole (history: %d)", len(c.History))
	}

	restored, _, err := RestoreNew(filepath.Join(t.TempDir(), "restored"), c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	mustBody(t, restored, big.ID, big.Body)
	if got := versionHashes(t, restored, big.ID); !mapsEqual(got, hist) {
		t.Fatal("the restored history differs")
	}
	searchFinds(t, restored, "chat", big.ID) // its tag

	merged, _, _ := newTestVault(t)
	rep, err := merged.Merge(c)
	if err != nil || rep.Added != len(c.Entries) {
		t.Fatalf("merge: %+v %v", rep, err)
	}
	mustBody(t, merged, big.ID, big.Body)
	if got := versionHashes(t, merged, big.ID); !mapsEqual(got, hist) {
		t.Fatal("the merged history differs")
	}
	// Merged back after one more edit, the backup's version is already in
	// the history: nothing changes.
	edited := *big
	edited.Body = sample.EditChatLog(edited.Body, 7)
	if err := v.Put(&edited); err != nil {
		t.Fatal(err)
	}
	if rep, err := v.Merge(c); err != nil || rep.Skipped != len(c.Entries) {
		t.Fatalf("merge into the journal it came from: %+v %v", rep, err)
	}
	mustBody(t, v, big.ID, edited.Body)
	c = nil

	var js bytes.Buffer
	if _, err := v.WriteJSONExport(&js, ExportOptions{History: true}); err != nil {
		t.Fatal(err)
	}
	var doc plain.Doc
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	js = bytes.Buffer{}
	if !containsBody(doc.Entries, edited.Body) || !containsBody(doc.History, big.Body) || len(doc.History) != 3 {
		t.Fatal("the JSON export does not hold the long entry whole")
	}
	doc = plain.Doc{}

	md := filepath.Join(t.TempDir(), "md")
	if _, err := v.ExportToPath(md, plain.Markdown, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	var longest []byte
	filepath.WalkDir(md, func(p string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			if b, _ := os.ReadFile(p); len(b) > len(longest) {
				longest = b
			}
		}
		return err
	})
	if !bytes.Contains(longest, []byte(edited.Body)) {
		t.Fatal("the Markdown export does not hold the long entry whole")
	}
}

func mapsEqual(a, b map[int][32]byte) bool {
	if len(a) != len(b) {
		return false
	}
	for k, x := range a {
		if b[k] != x {
			return false
		}
	}
	return true
}

func containsBody(list []*journal.Entry, body string) bool {
	for _, e := range list {
		if e.Body == body {
			return true
		}
	}
	return false
}

// chunkKeysOf lists the chunk records of a closed vault.
func chunkKeysOf(t *testing.T, dir string) [][]byte {
	t.Helper()
	var keys [][]byte
	for k := range rawRecords(t, dir) {
		if k[0] == prefixChunk {
			keys = append(keys, []byte(k))
		}
	}
	if len(keys) == 0 {
		t.Fatal("the long entry has no chunks")
	}
	return keys
}

// TestDamagedChunkIsReported checks that Verify names a damaged piece of a
// long entry and the body that lists it, and that the rest verifies.
func TestDamagedChunkIsReported(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, big, small := bigJournal(t, 3<<20)
	v.Close()
	keys := chunkKeysOf(t, dir)
	db := rawDB(t, dir)
	err := db.Update(func(txn *badger.Txn) error {
		// Damage every chunk the current version lists, so the body
		// cannot be read whatever the cut.
		for _, k := range keys {
			item, err := txn.Get(k)
			if err != nil {
				return err
			}
			val, _ := item.ValueCopy(nil)
			val[len(val)/2] ^= 0x20
			if err := txn.Set(k, val); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if _, err := v.Get(big.ID); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("reading the damaged long entry: %v", err)
	}
	for _, e := range small {
		mustBody(t, v, e.ID, e.Body)
	}
	rep, err := v.Verify()
	if err != nil {
		t.Fatal(err)
	}
	var pieces, body int
	for _, d := range rep.Damaged {
		switch {
		case d.Record == "piece":
			pieces++
		case d.Record == "body" && d.Entry == big.ID:
			body++
		}
	}
	if pieces != len(keys) || body != 1 || rep.Entries != len(small) {
		t.Fatalf("verify: %d damaged pieces of %d, body reported %d times, %d whole entries: %v",
			pieces, len(keys), body, rep.Entries, rep.Damaged)
	}
}

// TestSalvageWithMissingChunk checks that a rescue keeps every other entry
// when a piece of a long entry is gone, and reports the long one.
func TestSalvageWithMissingChunk(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, big, small := bigJournal(t, 3<<20)
	v.Close()
	keys := chunkKeysOf(t, dir)
	db := rawDB(t, dir)
	err := db.Update(func(txn *badger.Txn) error {
		for _, k := range keys {
			if err := txn.Delete(k); err != nil {
				return err
			}
		}
		return nil
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}
	rep, records, err := salvaged(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Entries != len(small) {
		t.Fatalf("salvage kept %d whole entries, want %d: %v", rep.Entries, len(small), rep.Damaged)
	}
	for _, e := range small {
		if _, ok := records[string(summaryKey(e.ID))]; !ok {
			t.Fatalf("salvage lost a short entry")
		}
	}
	if _, ok := records[string(summaryKey(big.ID))]; ok {
		t.Fatal("salvage kept the long entry without its body")
	}
	reported := false
	for _, d := range rep.Damaged {
		reported = reported || (d.Entry == big.ID && d.Record == "body")
	}
	if !reported {
		t.Fatalf("salvage did not report the long entry: %v", rep.Damaged)
	}
}

// peakHeap samples the heap while f runs and returns the highest figure
// seen, above what was in use before.
func peakHeap(f func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapAlloc
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(10 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapAlloc > peak.Load() {
				peak.Store(ms.HeapAlloc)
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	f()
	close(stop)
	wg.Wait()
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// BenchmarkBigEntry measures a durable save of a 20 MB entry (an edit of
// one already stored, with its earlier version kept), and opening it after
// an unlock, with the heap each takes at its peak above what was in use.
//
// It is one journal of one entry, named entries=1 for the bench table.
//
//	go test -tags ci -run '^$' -bench BigEntry -benchtime 5x ./vault
func BenchmarkBigEntry(b *testing.B) {
	b.Run("entries=1", benchBigEntry)
}

func benchBigEntry(b *testing.B) {
	vaulttest.LowBackupCost(b)
	v, dir, _ := newTestVault(b)
	text := sample.ChatLog(20<<20, 1)
	e := &journal.Entry{Body: text}
	if err := v.Put(e); err != nil {
		b.Fatal(err)
	}
	var save, open time.Duration
	var saveHeap, openHeap uint64
	for i := range b.N {
		e.Body = sample.EditChatLog(text, i)
		var err error
		saveHeap = max(saveHeap, peakHeap(func() {
			t0 := time.Now()
			err = v.Put(e)
			save += time.Since(t0)
		}))
		if err != nil {
			b.Fatal(err)
		}
		v.Close()
		if v, err = Open(dir, testPassword); err != nil {
			b.Fatal(err)
		}
		// The search index reads every body after an unlock; it is
		// left to finish so it does not share the measure.
		if err := v.WaitIndex(context.Background()); err != nil {
			b.Fatal(err)
		}
		openHeap = max(openHeap, peakHeap(func() {
			t0 := time.Now()
			var got *journal.Entry
			got, err = v.Get(e.ID)
			open += time.Since(t0)
			if err == nil && got.Body != e.Body {
				err = errors.New("the body differs")
			}
		}))
		if err != nil {
			b.Fatal(err)
		}
	}
	b.Cleanup(func() { v.Close() })
	b.ReportMetric(float64(save.Milliseconds())/float64(b.N), "big-save-ms")
	b.ReportMetric(float64(open.Milliseconds())/float64(b.N), "big-open-ms")
	b.ReportMetric(float64(saveHeap)/(1<<20), "save-peak-heap-MB")
	b.ReportMetric(float64(openHeap)/(1<<20), "open-peak-heap-MB")
}

// TestChildBigWriter is not a test on its own: TestCrashDuringBigSave runs
// the test binary again with TEND_TEST_BIG_DIR set, and then this edits one
// long entry until it is killed, printing the hash of each body before its
// save ("try") and once the save has returned ("ok").
func TestChildBigWriter(t *testing.T) {
	vaulttest.LowBackupCost(t)
	dir := os.Getenv("TEND_TEST_BIG_DIR")
	if dir == "" {
		t.Skip("runs only as a child of TestCrashDuringBigSave")
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	list, _ := v.List(ListQuery{})
	e := &journal.Entry{Body: sample.ChatLog(3<<20, 9)}
	if len(list) > 0 {
		if e, err = v.Get(list[0].ID); err != nil {
			fmt.Println("get:", err)
			os.Exit(2)
		}
	}
	for i := 0; ; i++ {
		if i > 0 || len(list) > 0 {
			e.Body = sample.EditChatLog(e.Body, i)
		}
		fmt.Printf("try %x\n", sha256.Sum256([]byte(e.Body)))
		if err := v.Put(e); err != nil {
			fmt.Println("put:", err)
			os.Exit(3)
		}
		fmt.Printf("ok %x\n", sha256.Sum256([]byte(e.Body)))
	}
}

// TestCrashDuringBigSave kills a process editing a long entry at random
// moments. After every kill the journal opens and verifies, the entry holds
// the last body acknowledged or one being saved (never a mix of versions),
// and no chunk is left that no version lists.
func TestCrashDuringBigSave(t *testing.T) {
	vaulttest.LowBackupCost(t)
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	rng := rand.New(rand.NewPCG(3, 4))
	acked := ""
	var tries []string // bodies tried since the last acknowledged one
	saves := 0
	const rounds = 8
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildBigWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TEND_TEST_BIG_DIR="+dir, "TMPDIR="+tmp)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(300+rng.IntN(1500)) * time.Millisecond
		timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "try "):
				tries = append(tries, line[4:])
			case strings.HasPrefix(line, "ok "):
				acked, tries = line[3:], nil
				saves++
			case strings.HasPrefix(line, "open:"), strings.HasPrefix(line, "get:"), strings.HasPrefix(line, "put:"):
				t.Fatalf("round %d: child failed: %s", round, line)
			}
		}
		timer.Stop()
		_ = cmd.Wait()

		v, err := Open(dir, testPassword)
		if err != nil {
			t.Fatalf("round %d: the journal does not open after a kill: %v", round, err)
		}
		list, _ := v.List(ListQuery{})
		if len(list) == 1 {
			e, err := v.Get(list[0].ID)
			if err != nil {
				t.Fatalf("round %d: the long entry does not read: %v", round, err)
			}
			got := fmt.Sprintf("%x", sha256.Sum256([]byte(e.Body)))
			if got != acked && !slices.Contains(tries, got) {
				t.Fatalf("round %d: the long entry holds a body that was never saved whole", round)
			}
			acked, tries = got, nil
			var refs map[string]bool
			stored := 0
			err = v.db.View(func(txn *badger.Txn) error {
				var err error
				refs, err = v.entryRefs(txn, e.ID)
				stored = countKeys(txn, prefixChunk)
				return err
			})
			if err != nil || stored != len(refs) {
				t.Fatalf("round %d: %d chunks stored, %d listed (%v)", round, stored, len(refs), err)
			}
			versionHashes(t, v, e.ID)
		} else if acked != "" || len(list) > 1 {
			t.Fatalf("round %d: the journal lists %d entries", round, len(list))
		}
		rep, err := v.Verify()
		if err != nil || !rep.OK() {
			t.Fatalf("round %d: verify: %+v %v", round, rep, err)
		}
		v.Close()
	}
	if saves == 0 {
		t.Fatal("the child never saved; the test proved nothing")
	}
	t.Logf("%d rounds, %d saves of a long entry acknowledged", rounds, saves)
}

// TestEncodeContentMatchesJSON checks that encodeContent writes what
// encodeJSON writes, escapes and broken UTF-8 included, so a body encoded
// either way is the same bytes and its chunks the same records.
func TestEncodeContentMatchesJSON(t *testing.T) {
	vaulttest.LowBackupCost(t)
	r := rand.New(rand.NewPCG(5, 6))
	alphabet := []string{
		"a", "Z", " ", "\n", "\t", "\r", "\b", "\f", "\x00", "\x1f", "\x7f", `"`, `\`, "/",
		"<", ">", "&", "é", "中", "😀", "\u2028", "\u2029", "\xff", "\xe2\x80", "\xed\xa0\x80", "\ufffd",
	}
	bodies := []string{"", "plain", strings.Repeat("<&>", 1000)}
	for range 2000 {
		var b strings.Builder
		for n := r.IntN(40); n > 0; n-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		bodies = append(bodies, b.String())
	}
	forms := []journal.Fields{{}, {Letter: &journal.Letter{Age: 7, Opening: "Dear <you>"}}}
	for _, body := range bodies {
		for _, f := range forms {
			c := content{Body: body, Fields: f}
			if got, want := encodeContent(c), encodeJSON(c); !bytes.Equal(got, want) {
				t.Fatalf("encodeContent(%q) = %s, encodeJSON gives %s", body, got, want)
			}
		}
	}
}

// TestDecodeContentFastMatchesJSON checks that the quick reader of a
// content gives what json.Unmarshal gives, or steps aside.
func TestDecodeContentFastMatchesJSON(t *testing.T) {
	vaulttest.LowBackupCost(t)
	r := rand.New(rand.NewPCG(7, 8))
	alphabet := []string{"a", " ", "\n", "\t", "\x00", `"`, `\`, "/", "<", "&", "é", "😀", "\u2028", "\xff", "\ufffd"}
	var docs [][]byte
	for range 2000 {
		var b strings.Builder
		for n := r.IntN(40); n > 0; n-- {
			b.WriteString(alphabet[r.IntN(len(alphabet))])
		}
		c := content{Body: b.String()}
		if r.IntN(2) == 0 {
			c.Fields = journal.Fields{Letter: &journal.Letter{Age: r.IntN(9), Opening: b.String()}}
		}
		docs = append(docs, encodeJSON(c))
	}
	for _, s := range []string{
		`{}`, `{"body":""}`, `{"body":"a\/b\u00e9\ud83d\ude00"}`, `{"body":"a"} `,
		`{"body":"a","fields":{}}`, `{"body":"a","fields":{"letter":{"age":3}},"body":"b"}`, `{"body":"\u12"}`,
		`{"body":"x\q"}`, `{"body":"unterminated`, `{"body":"a","fields":null}`, `{"body":"a\ud800"}`,
	} {
		docs = append(docs, []byte(s))
	}
	for _, d := range docs {
		var want content
		werr := json.Unmarshal(d, &want)
		got, ok := decodeContentFast(d)
		if !ok {
			continue
		}
		if werr != nil || !bytes.Equal(encodeJSON(got), encodeJSON(want)) || got.Body != want.Body {
			t.Fatalf("reading %q: quick %+v, standard %+v (%v)", d, got, want, werr)
		}
	}
}

// TestEntrySizesAtTheEdges saves one entry at sizes around every bound of
// the chunking, each save replacing the last, so every pair of a kept-whole
// and a chunked version, small and large, meets in one transaction.
func TestEntrySizesAtTheEdges(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{}
	var sizes []int
	for _, b := range []int{inlineMax, chunkMin, 2 * chunkMin, chunkMax, chunkMax + chunkMin} {
		sizes = append(sizes, b-200, b+200)
	}
	sizes = append(sizes, 10, 1<<20-300, 1<<20-300, inlineMax-300, 1<<20-300, 9<<20)
	for i, n := range sizes {
		e.Body = sample.ChatLog(n, uint64(i))[:n]
		if err := v.Put(e); err != nil {
			t.Fatalf("save %d (%d bytes): %v", i, n, err)
		}
	}
	v.Close()
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	mustBody(t, v, e.ID, e.Body)
	h, err := v.History(e.ID)
	if err != nil || len(h) != len(sizes)-1 {
		t.Fatalf("history: %d versions, %v", len(h), err)
	}
	for _, old := range h {
		if want := sizes[old.Rev-1]; len(old.Body) != want {
			t.Fatalf("revision %d holds %d bytes, want %d", old.Rev, len(old.Body), want)
		}
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %+v", err, rep)
	}
}

// TestEntryKeptWholeByEarlierTendIsEdited edits an entry that an earlier
// Tend stored in one record although it is longer than inlineMax: the
// people who met the reported bug have such entries, saved once and never
// again.
func TestEntryKeptWholeByEarlierTendIsEdited(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{Body: "placeholder"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	v.Close()
	text := sample.ChatLog(900<<10, 11)
	db := rawDB(t, dir)
	h, _ := readHeader(dir)
	master, _ := h.unlockPassword(testPassword)
	s, err := newSealer(subkey(master, "records"), h.vaultID)
	if err != nil {
		t.Fatal(err)
	}
	ck := contentKey(e.ID)
	err = db.Update(func(txn *badger.Txn) error {
		return txn.Set(ck, s.seal(ck, schemaVersion, encodeJSON(content{Body: text})))
	})
	db.Close()
	if err != nil {
		t.Fatal(err)
	}

	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	got, err := v.Get(e.ID)
	if err != nil || got.Body != text {
		t.Fatalf("the entry kept whole does not read: %v", err)
	}
	for i := range 3 {
		got.Body = sample.EditChatLog(got.Body, i)
		if err := v.Put(got); err != nil {
			t.Fatalf("edit %d: %v", i+1, err)
		}
	}
	mustBody(t, v, e.ID, got.Body)
	hist := versionHashes(t, v, e.ID)
	if hist[1] != sha256.Sum256([]byte(text)) {
		t.Fatal("the version kept whole is not in the history")
	}
}

// TestEntryJustUnderTheLimit saves an entry just under MaxEntryText, twice
// the size of one value-log file, and reads it back after an unlock.
func TestEntryJustUnderTheLimit(t *testing.T) {
	vaulttest.LowBackupCost(t)
	if testing.Short() {
		t.Skip("writes a 64 MB entry")
	}
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{Body: sample.ChatLog(journal.MaxEntryText-1000, 13)[:journal.MaxEntryText-1000]}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	e.Body = sample.EditChatLog(e.Body[:len(e.Body)-200], 1)
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	mustBody(t, v, e.ID, e.Body)
}

// TestChunksSurviveAnEditNearTheStart checks that the cuts follow the
// text: an insertion near the start of a long entry changes the chunk that
// holds it, and the chunks after it are the same records as before.
func TestChunksSurviveAnEditNearTheStart(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	id := journal.NewID()
	text := []byte(sample.ChatLog(12<<20, 17))
	_, before := v.chunkRecords(id, text, nil)
	edited := append(append(append([]byte(nil), text[:1000]...), "a line written later\n"...), text[1000:]...)
	_, after := v.chunkRecords(id, edited, nil)
	old := map[string]bool{}
	for _, c := range before.Chunks {
		if c.Size < chunkMin || c.Size > chunkMax {
			t.Fatalf("a chunk of %d bytes", c.Size)
		}
		old[string(c.Key)] = true
	}
	shared := 0
	for _, c := range after.Chunks {
		if old[string(c.Key)] {
			shared++
		}
	}
	if len(before.Chunks) < 5 || shared < len(after.Chunks)-2 {
		t.Fatalf("%d of %d chunks shared after an edit near the start (%d before)", shared, len(after.Chunks), len(before.Chunks))
	}
}
