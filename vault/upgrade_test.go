package vault

import (
	"bytes"
	"context"
	"encoding/binary"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
)

// oldJournal makes a journal whose summaries are all as an earlier Tend
// wrote them, with no gist: schema 2, and the first one schema 1 (JSON).
// It returns the folder, closed, and the entries as written.
func oldJournal(t *testing.T, entries []*journal.Entry) (string, []*journal.Entry) {
	t.Helper()
	v, dir, _ := newTestVault(t)
	if err := v.Import(entries); err != nil {
		t.Fatal(err)
	}
	list, err := v.List(ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	trash, _ := v.List(ListQuery{Trash: true})
	list = append(list, trash...)
	err = v.db.Update(func(txn *badger.Txn) error {
		for i, sum := range list {
			sk := summaryKey(sum.ID)
			var val []byte
			if i == 0 {
				s := *sum
				s.Headline, s.Preview = "", ""
				val = v.seal.seal(sk, 1, encodeJSON(&s))
			} else {
				val = v.seal.seal(sk, summarySchemaV2, encodeSummaryV2(sum))
			}
			if err := txn.Set(sk, val); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, entries
}

// summarySchemas counts the journal's summaries by schema, reading the
// store as a check does: read-only, nothing running in the background.
func summarySchemas(t *testing.T, dir string) map[uint16]int {
	t.Helper()
	v, err := OpenToCheck(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	out := map[uint16]int{}
	err = v.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixSummary}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			err := it.Item().Value(func(val []byte) error {
				out[binary.BigEndian.Uint16(val[1:3])]++
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

func waitUpgrade(t *testing.T, v *Vault) {
	t.Helper()
	select {
	case <-v.UpgradeDone():
	case <-time.After(30 * time.Second):
		t.Fatal("the upgrade of older summaries did not finish")
	}
}

// gistsOf returns every entry's headline by id, from the summaries kept in
// memory, trash included.
func gistsOf(t *testing.T, v *Vault) map[journal.ID][2]string {
	t.Helper()
	out := map[journal.ID][2]string{}
	for _, trash := range []bool{false, true} {
		list, err := v.List(ListQuery{Trash: trash})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range list {
			out[e.ID] = [2]string{e.Headline, e.Preview}
		}
	}
	return out
}

func withHook(t *testing.T, hook func([]journal.ID)) {
	t.Helper()
	upgradeHook = hook
	t.Cleanup(func() { upgradeHook = nil })
}

// TestOldSummariesGainHeadlines: a journal written before schema 3 opens
// at once with no gist, gains every headline in the background, and keeps
// them, every summary now of schema 3.
func TestOldSummariesGainHeadlines(t *testing.T) {
	entries := everyKind()
	untitled := &journal.Entry{
		Kind: journal.KindFree, Date: journal.Date{Year: 2025, Month: 3, Day: 15},
		Body: "I have been carrying this around all week. And then I put it down.",
	}
	trashed := &journal.Entry{
		Kind: journal.KindCheckIn, Date: journal.Date{Year: 2025, Month: 3, Day: 16},
		Deleted: time.Date(2025, 3, 17, 9, 0, 0, 0, time.UTC), Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: 6, Emotions: []string{"calm"}}},
	}
	entries = append(entries, untitled, trashed)
	for i, e := range entries {
		e.ID = journal.ID{byte(i + 1)}
		e.Created = time.Date(2025, 3, 14, 9, i, 0, 0, time.UTC)
	}
	dir, _ := oldJournal(t, entries)
	if got := summarySchemas(t, dir); got[1] != 1 || got[2] != len(entries)-1 {
		t.Fatalf("the old journal's summaries: %v", got)
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	waitUpgrade(t, v)
	got := gistsOf(t, v)
	if len(got) != len(entries) {
		t.Fatalf("%d entries listed, want %d", len(got), len(entries))
	}
	for _, e := range entries {
		h, p := journal.Gist(e)
		if got[e.ID] != [2]string{h, p} {
			t.Errorf("%s: gist %q, want %q, %q", e.Kind, got[e.ID], h, p)
		}
	}
	if g := got[untitled.ID]; g[0] != "I have been carrying this around all week. And then I put it down." {
		t.Errorf("the untitled entry is called %q", g[0])
	}
	if g := got[trashed.ID]; journal.ComposeHeadline(g[0], english) != "Check-in: safety 6, calm" {
		t.Errorf("the trashed check-in is called %q", g[0])
	}
	// Everything else is as it was.
	for _, e := range entries {
		full, err := v.Get(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if full.Body != e.Body || full.Title != e.Title || full.Rev != 1 || !full.Created.Equal(e.Created) || full.InTrash() != e.InTrash() {
			t.Errorf("%s changed: %+v", e.Kind, full)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if got := summarySchemas(t, dir); got[summarySchema] != len(entries) {
		t.Fatalf("after the upgrade: %v", got)
	}
	// The next unlock reads the headlines straight from the summaries.
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	if g := gistsOf(t, v); g[untitled.ID] != got[untitled.ID] {
		t.Fatalf("reopened: %q", g[untitled.ID])
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %+v %v", rep, err)
	}
}

// TestEnglishGistsAreSaidAgain: summaries of schema 5 keep their gist in
// the English words of its kind ("Check-in: safety 4, …"). They open at
// once with the gist of their kind's making read as none, gain it again in
// the background as phrases, said in whatever language is asked, written
// as schema 6; what the person wrote, even when it reads like a kind's name,
// is kept as they wrote it.
func TestEnglishGistsAreSaidAgain(t *testing.T) {
	entries := everyKind()
	empty := &journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2025, Month: 3, Day: 15}}
	own := &journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2025, Month: 3, Day: 15}, Body: "Free writing\nis what I needed."}
	entries = append(entries, empty, own)
	for i, e := range entries {
		e.ID = journal.ID{byte(i + 1)}
		e.Created = time.Date(2025, 3, 14, 9, i, 0, 0, time.UTC)
	}
	v, dir, _ := newTestVault(t)
	if err := v.Import(entries); err != nil {
		t.Fatal(err)
	}
	// Rewrite every summary as the code of schema 5 did, its gist in
	// English words.
	err := v.db.Update(func(txn *badger.Txn) error {
		for _, e := range entries {
			sum, err := v.Get(e.ID)
			if err != nil {
				return err
			}
			h, p := journal.Gist(sum)
			sum.Headline, sum.Preview = journal.ComposeHeadline(h, english), journal.ComposePreview(p, english)
			sum.Body, sum.Fields = "", journal.Fields{}
			sk := summaryKey(e.ID)
			if err := txn.Set(sk, v.seal.seal(sk, summarySchemaV5, encodeSummary(sum))); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	if got := summarySchemas(t, dir); got[summarySchemaV5] != len(entries) {
		t.Fatalf("the journal of schema 5: %v", got)
	}

	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	waitUpgrade(t, v)
	got := gistsOf(t, v)
	for _, e := range entries {
		h, p := journal.Gist(e)
		if got[e.ID] != [2]string{h, p} {
			t.Errorf("%s: gist %q, want %q, %q", e.Kind, got[e.ID], h, p)
		}
	}
	loud := func(p journal.Phrase, args []string) string { return strings.ToUpper(english(p, args)) }
	if h := journal.ComposeHeadline(got[entries[4].ID][0], loud); h != "CHECK-IN: SAFETY 4, ANXIOUS AND HOPEFUL" {
		t.Errorf("the check-in said in another language: %q", h)
	}
	if h := journal.ComposeHeadline(got[empty.ID][0], loud); h != "FREE WRITING" {
		t.Errorf("empty free writing said in another language: %q", h)
	}
	if h := got[own.ID][0]; h != "Free writing" {
		t.Errorf("a line the person wrote became %q", h)
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	// The two entries of free writing whose gist is the person's own are
	// left as they are, until they are next saved.
	if got := summarySchemas(t, dir); got[summarySchema] != len(entries)-2 || got[summarySchemaV5] != 2 {
		t.Fatalf("after the upgrade: %v", got)
	}
}

// english says the phrases of a gist in English words, as Tend before
// schema 6 stored them.
func english(p journal.Phrase, args []string) string {
	switch p {
	case journal.PhraseKind:
		return journal.Kind(args[0]).Name()
	case journal.PhraseLetterAt:
		return "Letter to me at " + args[0]
	case journal.PhraseDialogueAt:
		return "Dialogue with me at " + args[0]
	case journal.PhraseCheckIn:
		var say []string
		if args[0] != "" {
			say = append(say, "safety "+args[0])
		}
		if feel := args[1:]; len(feel) > 1 {
			say = append(say, strings.Join(feel[:len(feel)-1], ", ")+" and "+feel[len(feel)-1])
		} else if len(feel) == 1 {
			say = append(say, feel[0])
		}
		return strings.Join(say, ", ")
	case journal.PhraseMeNow:
		return "Me now"
	case journal.PhraseMeAt:
		return "Me at " + args[0]
	case journal.PhraseMeAsChild:
		return "Me as a child"
	case journal.PhraseSaid:
		return "Said"
	case journal.PhraseDid:
		return "Did"
	}
	return "How it went"
}

// manyEntries makes n untitled free entries with distinct first lines.
func manyEntries(n int) []*journal.Entry {
	out := make([]*journal.Entry, n)
	for i := range out {
		out[i] = &journal.Entry{
			ID:      journal.ID{byte(i >> 8), byte(i), 0xee},
			Kind:    journal.KindFree,
			Date:    journal.Date{Year: 2025, Month: 1, Day: 1}.AddDays(i % 300),
			Created: time.Date(2025, 1, 1, 9, 0, i, 0, time.UTC),
			Body:    fmt.Sprintf("Line %d of an old entry.\nAnd what came after it.", i),
		}
	}
	return out
}

// TestSaveRacingTheUpgradeWins: a save that lands while a batch is being
// upgraded makes that batch's commit conflict; the batch is read again,
// and the save stands, in the store and in memory.
func TestSaveRacingTheUpgradeWins(t *testing.T) {
	entries := manyEntries(10)
	dir, _ := oldJournal(t, entries)
	vc := make(chan *Vault, 1)
	var mu sync.Mutex
	calls := 0
	var saveErr error
	withHook(t, func(ids []journal.ID) {
		mu.Lock()
		defer mu.Unlock()
		calls++
		if calls > 1 {
			return
		}
		v := <-vc
		e, err := v.Get(entries[3].ID)
		if err == nil {
			e.Body = "Written while the upgrade ran.\nIt must win."
			err = v.Put(e)
		}
		saveErr = err
	})
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	vc <- v
	waitUpgrade(t, v)
	mu.Lock()
	if saveErr != nil || calls < 2 {
		t.Fatalf("save: %v; the batch was tried %d times, want a retry after the conflict", saveErr, calls)
	}
	mu.Unlock()
	check := func(v *Vault) {
		t.Helper()
		e, err := v.Get(entries[3].ID)
		if err != nil {
			t.Fatal(err)
		}
		if e.Body != "Written while the upgrade ran.\nIt must win." || e.Rev != 2 || e.Headline != "Written while the upgrade ran." || e.Preview != "It must win." {
			t.Fatalf("the save lost: rev %d, %q, %q / %q", e.Rev, e.Body, e.Headline, e.Preview)
		}
		if h, err := v.History(e.ID); err != nil || len(h) != 1 || h[0].Body != entries[3].Body {
			t.Fatalf("history: %v, %v", h, err)
		}
		g := gistsOf(t, v)
		for i, e := range entries {
			if i != 3 && g[e.ID][0] != fmt.Sprintf("Line %d of an old entry.", i) {
				t.Fatalf("entry %d: %q", i, g[e.ID][0])
			}
		}
		if g[entries[3].ID][0] != "Written while the upgrade ran." {
			t.Fatalf("listed as %q", g[entries[3].ID][0])
		}
	}
	check(v)
	v.Close()
	if got := summarySchemas(t, dir); got[summarySchema] != len(entries) {
		t.Fatalf("after the upgrade: %v", got)
	}
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	check(v)
}

// TestUpgradeLeavesASavedSummaryAlone: an entry saved after unlock has a
// summary of schema 3, and keeps what the save wrote whenever the upgrade
// runs (before it reaches the entry, the upgrade finds nothing to do; a
// batch it was reading conflicts, as TestSaveRacingTheUpgradeWins shows).
func TestUpgradeLeavesASavedSummaryAlone(t *testing.T) {
	entries := manyEntries(3)
	dir, _ := oldJournal(t, entries)
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	// A save before the upgrade reaches it: its summary is of schema 3,
	// and the upgrade does not write it again.
	e, err := v.Get(entries[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	e.Title = "Named now"
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	waitUpgrade(t, v)
	got, err := v.Get(entries[0].ID)
	if err != nil || got.Title != "Named now" || got.Headline != "Named now" || got.Rev != 2 {
		t.Fatalf("%+v, %v", got, err)
	}
}

// TestLockStopsTheUpgrade: locking while a batch is in hand throws that
// batch away and stops; the journal is left with summaries of both
// schemas, which read as well as each other, and the next unlock finishes
// the rest.
func TestLockStopsTheUpgrade(t *testing.T) {
	n := 3*upgradeBatch + 5
	entries := manyEntries(n)
	dir, _ := oldJournal(t, entries)
	inHook := make(chan struct{})
	release := make(chan struct{})
	var once sync.Once
	calls := 0
	withHook(t, func([]journal.ID) {
		calls++
		if calls == 2 { // the first batch commits; the second is held
			once.Do(func() { close(inHook) })
			<-release
		}
	})
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	select {
	case <-inHook:
	case <-time.After(30 * time.Second):
		t.Fatal("the upgrade never reached its second batch")
	}
	closed := make(chan error, 1)
	go func() { closed <- v.Close() }()
	for v.check() == nil {
		time.Sleep(time.Millisecond)
	}
	close(release)
	select {
	case err := <-closed:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("locking waited for the upgrade to finish")
	}
	got := summarySchemas(t, dir)
	if got[summarySchema] != upgradeBatch || got[1]+got[2] != n-upgradeBatch {
		t.Fatalf("after a lock half-way: %v, want %d of schema 3", got, upgradeBatch)
	}
	// The journal opens with both schemas; the first batch (the newest
	// entries) has its headlines at once, and the rest come.
	upgradeHook = nil
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	list, err := v.List(ListQuery{Limit: upgradeBatch})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if !strings.HasPrefix(e.Headline, "Line ") {
			t.Fatalf("a summary upgraded before the lock opened as %q", e.Headline)
		}
	}
	waitUpgrade(t, v)
	for id, g := range gistsOf(t, v) {
		if !strings.HasPrefix(g[0], "Line ") || g[1] != "And what came after it." {
			t.Fatalf("%s: %q", id, g)
		}
	}
	v.Close()
	if got := summarySchemas(t, dir); got[summarySchema] != n {
		t.Fatalf("after the next unlock: %v", got)
	}
}

// TestBackupOfAnOldJournalRestoresWithHeadlines: a backup holds entries as
// JSON, with no gist, so a backup made before the upgrade (or by an
// earlier Tend) restores and merges with every headline derived as the
// entries are written.
func TestBackupOfAnOldJournalRestoresWithHeadlines(t *testing.T) {
	vaulttest.LowBackupCost(t)
	entries := everyKind()
	for i, e := range entries {
		e.ID = journal.ID{byte(i + 1)}
	}
	dir, _ := oldJournal(t, entries)
	v, err := OpenToCheck(dir, testPassword) // nothing upgrades in the background
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	pass := []byte("a backup passphrase, long enough")
	if _, err := v.Backup(&buf, pass, "test", nil); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if got := summarySchemas(t, dir); got[summarySchema] != 0 {
		t.Fatalf("the old journal changed: %v", got)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), pass)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range c.Entries {
		if e.Headline != "" || e.Preview != "" {
			t.Fatal("a backup member carried a gist")
		}
	}
	want := map[journal.ID][2]string{}
	for _, e := range entries {
		h, p := journal.Gist(e)
		want[e.ID] = [2]string{h, p}
	}
	check := func(name string, v *Vault) {
		t.Helper()
		got := gistsOf(t, v)
		for id, w := range want {
			if got[id] != w {
				t.Errorf("%s: %s has %q, want %q", name, id, got[id], w)
			}
		}
	}
	restored, _, err := RestoreNew(t.TempDir()+"/restored", c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	check("restored", restored)
	merged, _, _ := newTestVault(t)
	if _, err := merged.Merge(c); err != nil {
		t.Fatal(err)
	}
	check("merged", merged)
	// Nothing in either waits for an upgrade.
	for _, w := range []*Vault{restored, merged} {
		waitUpgrade(t, w)
		if err := w.WaitIndex(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	restored.Close()
	if got := summarySchemas(t, restored.Dir()); got[summarySchema] != len(entries) {
		t.Fatalf("restored summaries: %v", got)
	}
}

// TestUpgradeStopsWhenItCannotWrite: with writes refused (a change left
// unfinished, as after a failed staged commit), the upgrade stops without
// writing and the summaries stay as they were.
func TestUpgradeStopsWhenItCannotWrite(t *testing.T) {
	entries := manyEntries(5)
	dir, _ := oldJournal(t, entries)
	var seen []journal.ID
	var vp *Vault
	ready := make(chan struct{})
	withHook(t, func(ids []journal.ID) {
		<-ready
		seen = append(seen, ids...)
		vp.wmu.Lock()
		vp.unfinished = true
		vp.wmu.Unlock()
	})
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	vp = v
	close(ready)
	waitUpgrade(t, v)
	if len(seen) == 0 {
		t.Fatal("the upgrade did not run")
	}
	for _, g := range gistsOf(t, v) {
		if g[0] != "" {
			t.Fatalf("a summary changed in memory with writes refused: %q", g)
		}
	}
	v.Close()
	if got := summarySchemas(t, dir); got[summarySchema] != 0 {
		t.Fatalf("summaries written with writes refused: %v", got)
	}
}
