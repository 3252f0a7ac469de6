package vault

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"runtime/debug"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
)

var testPassword = []byte("a quiet river at dawn")

// newTestVault creates a vault with real crypto at low KDF cost.
func newTestVault(t testing.TB) (*Vault, string, RecoveryKey) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	v, rk, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v, dir, rk
}

// everyKind returns one filled-in entry of each kind.
func everyKind() []*journal.Entry {
	d := journal.Date{Year: 2025, Month: time.March, Day: 14}
	return []*journal.Entry{
		{Kind: journal.KindFree, Date: d, Title: "Free", Body: "Just *writing*.", Tags: []string{"a", "b"}, Mood: 3},
		{Kind: journal.KindPrompted, Date: d, Body: "An answer", Prompt: &journal.PromptRef{Path: "acceptance", Step: "a1", Text: "What is hard?"}},
		{Kind: journal.KindLetter, Date: d, Body: "Dear little one", Fields: journal.Fields{Letter: &journal.Letter{Age: 7, Opening: "Dear you at seven,"}}},
		{Kind: journal.KindDialogue, Date: d, Fields: journal.Fields{Dialogue: &journal.Dialogue{Age: 9, Turns: []journal.Turn{{Voice: journal.VoiceNow, Text: "I'm here."}, {Voice: journal.VoiceChild, Text: "Are you staying?"}}}}},
		{Kind: journal.KindCheckIn, Date: d, Mood: 2, Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: 4, Emotions: []string{"anxious", "hopeful"}, Attachment: journal.AttachAnxious, BodyNotes: "tight chest", Context: "waiting for a reply"}}},
		{Kind: journal.KindConversation, Date: d, Fields: journal.Fields{Conversation: &journal.Conversation{Observation: "o", Feeling: "f", Need: "n", Request: "r", Opening: "op", Debrief: &journal.Debrief{Date: d.AddDays(2), Response: "listened", FeelingAfter: "lighter"}}}},
		{Kind: journal.KindWordsActions, Date: d, Fields: journal.Fields{WordsActions: &journal.WordsActions{Label: "Sam", Said: "I'll call", Did: "called", Match: journal.Matched}}},
		{Kind: journal.KindIncident, Date: d, Fields: journal.Fields{Incident: &journal.Incident{What: "w", Repair: "apology", Felt: "hurt", Choice: journal.ChoiceUndecided}}},
		{Kind: journal.KindTherapyNote, Date: d, Fields: journal.Fields{TherapyNote: &journal.TherapyNote{Bring: "b", CameUp: "c", Try: "t"}}},
	}
}

func TestRoundTripEveryKind(t *testing.T) {
	v, dir, _ := newTestVault(t)
	want := everyKind()
	for _, e := range want {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, w := range want {
		got, err := v.Get(w.ID)
		if err != nil {
			t.Fatalf("%s: %v", w.Kind, err)
		}
		// Times come back in a fixed zone of the same offset.
		if !got.Created.Equal(w.Created) || !got.Updated.Equal(w.Updated) {
			t.Errorf("%s: times changed", w.Kind)
		}
		got.Created, got.Updated = w.Created, w.Updated
		if !reflect.DeepEqual(got, w) {
			t.Errorf("%s: got %+v\nwant %+v", w.Kind, got, w)
		}
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() || rep.Entries != len(want) {
		t.Fatalf("verify: %+v, %v", rep, err)
	}
}

func TestWrongPasswordChangesNothing(t *testing.T) {
	v, dir, _ := newTestVault(t)
	if err := v.Put(&journal.Entry{Body: "hello"}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	before := vaulttest.HashTree(t, dir)
	if _, err := Open(dir, []byte("not the password")); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: got %v", err)
	}
	if _, err := OpenWithRecovery(dir, RecoveryKey{1, 2, 3}); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong recovery key: got %v", err)
	}
	if after := vaulttest.HashTree(t, dir); !reflect.DeepEqual(before, after) {
		t.Fatal("a wrong password changed files in the vault")
	}
}

func TestNoVaultAndExists(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(dir, testPassword); !errors.Is(err, ErrNoVault) {
		t.Fatalf("got %v, want ErrNoVault", err)
	}
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, _, err := Create(dir, testPassword, TestKDF); !errors.Is(err, ErrVaultExists) {
		t.Fatalf("second create: got %v", err)
	}
}

func TestSecondOpenIsInUse(t *testing.T) {
	_, dir, _ := newTestVault(t)
	start := time.Now()
	if _, err := Open(dir, testPassword); !errors.Is(err, ErrVaultInUse) {
		t.Fatalf("got %v, want ErrVaultInUse", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("the second open waited %v instead of failing at once", d)
	}
}

func TestPasswordAndRecovery(t *testing.T) {
	v, dir, rk := newTestVault(t)
	e := &journal.Entry{Body: "kept"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	newPW := []byte("another gentle morning")
	if err := v.SetPassword(newPW, TestKDF); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := Open(dir, testPassword); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old password after change: %v", err)
	}
	v, err := Open(dir, newPW)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	// The recovery key survives a password change and opens the vault.
	v, err = OpenWithRecovery(dir, rk)
	if err != nil {
		t.Fatal(err)
	}
	if got, err := v.Get(e.ID); err != nil || got.Body != "kept" {
		t.Fatalf("after recovery: %v %v", got, err)
	}
	rk2, err := v.RegenerateRecoveryKey()
	if err != nil {
		t.Fatal(err)
	}
	// Raising the KDF cost works after an unlock.
	stronger := TestKDF
	stronger.Time++
	if err := v.SetPassword(newPW, stronger); err != nil {
		t.Fatal(err)
	}
	if v.KDF() != stronger {
		t.Fatalf("kdf %+v, want %+v", v.KDF(), stronger)
	}
	v.Close()
	if _, err := OpenWithRecovery(dir, rk); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("old recovery key after regenerate: %v", err)
	}
	for _, open := range []func() (*Vault, error){
		func() (*Vault, error) { return OpenWithRecovery(dir, rk2) },
		func() (*Vault, error) { return Open(dir, newPW) },
	} {
		v, err := open()
		if err != nil {
			t.Fatal(err)
		}
		v.Close()
	}
}

func TestHistoryKeepsEarlierVersions(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := &journal.Entry{Title: "v1", Body: "first"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	for i := 2; i <= historySlots+5; i++ {
		e.Body = strings.Repeat("x", i)
		e.Title = "v" + string(rune('0'+i%10))
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	hist, err := v.History(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) != historySlots {
		t.Fatalf("%d versions kept, want %d", len(hist), historySlots)
	}
	if hist[0].Rev != e.Rev-1 || hist[len(hist)-1].Rev != e.Rev-historySlots {
		t.Fatalf("history revs %d..%d, current %d", hist[0].Rev, hist[len(hist)-1].Rev, e.Rev)
	}
	if hist[0].Body != strings.Repeat("x", e.Rev-1) {
		t.Fatalf("newest earlier version has body %q", hist[0].Body)
	}
}

func TestTrashRestorePurge(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := &journal.Entry{Body: "to the trash"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := v.List(ListQuery{}); len(l) != 0 {
		t.Fatalf("deleted entry still listed: %d", len(l))
	}
	if l, _ := v.List(ListQuery{Trash: true}); len(l) != 1 || !l[0].InTrash() {
		t.Fatalf("trash: %v", l)
	}
	if err := v.RestoreFromTrash(e.ID); err != nil {
		t.Fatal(err)
	}
	if l, _ := v.List(ListQuery{}); len(l) != 1 {
		t.Fatal("restored entry not listed")
	}
	if err := v.Purge(e.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Get(e.ID); !errors.Is(err, journal.ErrNotFound) {
		t.Fatalf("purged: %v", err)
	}
	if h, _ := v.History(e.ID); len(h) != 0 {
		t.Fatalf("purged entry kept %d versions", len(h))
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() || rep.Records != 0 {
		t.Fatalf("verify after purge: %+v %v", rep, err)
	}
}

func TestListTagsOnThisDayStats(t *testing.T) {
	v, _, _ := newTestVault(t)
	today := journal.Date{Year: 2026, Month: time.November, Day: 23}
	put := func(d journal.Date, title string, tags ...string) *journal.Entry {
		e := &journal.Entry{Date: d, Title: title, Body: "one two three", Tags: tags}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	put(today, "today", "Trust")
	put(today.AddDays(-1), "yesterday", "trust", "sleep")
	put(today.AddDays(-2), "two days ago")
	put(today.AddDays(-5), "five days ago", "sleep")
	put(journal.Date{Year: 2024, Month: time.November, Day: 23}, "two years ago", "hard")
	put(journal.Date{Year: 2025, Month: time.November, Day: 23}, "a year ago")

	all, _ := v.List(ListQuery{})
	var titles []string
	for _, e := range all {
		titles = append(titles, e.Title)
	}
	want := []string{"today", "yesterday", "two days ago", "five days ago", "a year ago", "two years ago"}
	if !reflect.DeepEqual(titles, want) {
		t.Fatalf("order %v, want %v", titles, want)
	}
	page, _ := v.List(ListQuery{Offset: 1, Limit: 2})
	if len(page) != 2 || page[0].Title != "yesterday" || page[1].Title != "two days ago" {
		t.Fatalf("page: %v", page)
	}
	ranged, _ := v.List(ListQuery{From: today.AddDays(-5), To: today.AddDays(-1)})
	if len(ranged) != 3 {
		t.Fatalf("range: %d entries", len(ranged))
	}
	tagged, _ := v.List(ListQuery{Tag: "TRUST"})
	if len(tagged) != 2 {
		t.Fatalf("tag filter: %d", len(tagged))
	}
	tags, _ := v.Tags()
	if len(tags) != 3 || tags[0] != (TagCount{"sleep", 2}) || tags[1] != (TagCount{"Trust", 2}) {
		t.Fatalf("tags: %v", tags)
	}
	otd, _ := v.OnThisDay(today, nil, journal.JournalSet{})
	if len(otd) != 2 || otd[0].Title != "a year ago" {
		t.Fatalf("on this day: %v", otd)
	}
	otd, _ = v.OnThisDay(today, []string{"HARD"}, journal.JournalSet{})
	if len(otd) != 1 {
		t.Fatalf("on this day without hidden tags: %d", len(otd))
	}
	st, _ := v.Stats(today, journal.JournalSet{})
	if st.Entries != 6 || st.Words != 18 || st.Streak != 3 || st.Days != 6 {
		t.Fatalf("stats: %+v", st)
	}
	days, _ := v.DaysWithEntries(today.AddDays(-7), today, journal.JournalSet{})
	if len(days) != 4 || days[today] != 1 {
		t.Fatalf("days: %v", days)
	}
}

// rawDB opens the store of a closed vault directly, as an attacker with the
// keys could, to tamper with sealed values.
func rawDB(t *testing.T, dir string) *badger.DB {
	t.Helper()
	h, err := readHeader(dir)
	if err != nil {
		t.Fatal(err)
	}
	master, err := h.unlockPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	db, err := openBadger(dir, subkey(master, "badger"), useJournal)
	if err != nil {
		t.Fatal(err)
	}
	return db
}

func TestTamperingIsDetected(t *testing.T) {
	v, dir, _ := newTestVault(t)
	a, b := &journal.Entry{Body: "entry a"}, &journal.Entry{Body: "entry b"}
	for _, e := range []*journal.Entry{a, b} {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	v.Close()

	db := rawDB(t, dir)
	var bodyA []byte
	err := db.Update(func(txn *badger.Txn) error {
		item, err := txn.Get(contentKey(a.ID))
		if err != nil {
			return err
		}
		bodyA, _ = item.ValueCopy(nil)
		// Move a's body under b's key: the seal must refuse it.
		if err := txn.Set(contentKey(b.ID), bodyA); err != nil {
			return err
		}
		// Flip one byte of a's body.
		flipped := bytes.Clone(bodyA)
		flipped[len(flipped)/2] ^= 0x01
		return txn.Set(contentKey(a.ID), flipped)
	})
	if err != nil {
		t.Fatal(err)
	}
	db.Close()

	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	for _, id := range []journal.ID{a.ID, b.ID} {
		if _, err := v.Get(id); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("get of tampered %s: %v", id, err)
		}
	}
	rep, err := v.Verify()
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Damaged) != 2 {
		t.Fatalf("verify found %d damaged records, want 2: %v", len(rep.Damaged), rep.Damaged)
	}
	for _, d := range rep.Damaged {
		if d.Record != "body" || (d.Entry != a.ID && d.Entry != b.ID) {
			t.Fatalf("unexpected damage report %v", d)
		}
	}
}

// duBytes is the space a tree takes on disk, counting allocated blocks as
// du does, so sparse preallocated files count only what they hold. The
// fixed space reserve (space.go) is left out: it is the same for every
// journal and is given back when the disk fills.
func duBytes(t testing.TB, dir string) int64 {
	t.Helper()
	var n int64
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || d.Name() == reserveFile {
			return err
		}
		fi, err := d.Info()
		if err != nil {
			return err
		}
		n += allocated(fi)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestOneEntryVaultIsSmallOnDisk(t *testing.T) {
	v, dir, _ := newTestVault(t)
	if err := v.Put(&journal.Entry{Body: "small"}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if n := duBytes(t, dir); n > 10<<20 {
		t.Fatalf("a one-entry vault takes %d bytes on disk", n)
	}
}

func TestCanaryNeverOnDisk(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	v, dir, _ := newTestVault(t)
	// The time it was written and its star are in the summary (binary)
	// and in the history (JSON): neither may show, in either form.
	canaries := []string{"CANARYTITLEqz81", "canarytagqz82", "CANARYBODYqz83", "CANARYFIELDqz84", "1987-06-05", "23:41:59", "+05:45", `"starred"`, `"written"`}
	d, _ := journal.ParseDate("1987-06-05")
	written := time.Date(1987, 6, 5, 23, 41, 59, 0, time.FixedZone("", 5*3600+45*60))
	e := &journal.Entry{
		Title: canaries[0], Tags: []string{canaries[1]}, Body: strings.Repeat(canaries[2]+" ", 50), Date: d,
		Kind: journal.KindIncident, Fields: journal.Fields{Incident: &journal.Incident{What: canaries[3]}},
		Written: written, Starred: true,
	}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	e.Body += " edited"
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	// An attached file's name, type and bytes, small and in chunks.
	canaries = append(canaries, "CANARYFILEqz85", "CANARYBYTESqz86", "text/markdown")
	if _, err := v.Attach(e.ID, canaries[9]+".md", strings.NewReader(canaries[10])); err != nil {
		t.Fatal(err)
	}
	long := strings.Repeat(canaries[10]+" ", 3<<20/16)
	if _, err := v.Attach(e.ID, canaries[9]+"-long.txt", strings.NewReader(long)); err != nil {
		t.Fatal(err)
	}
	v.Close()
	assertNoCanary(t, []string{dir, tmp}, canaries)
}

// assertNoCanary fails if any canary appears in any file under the roots.
func assertNoCanary(t *testing.T, roots, canaries []string) {
	t.Helper()
	for _, root := range roots {
		err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			b, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			for _, c := range canaries {
				if bytes.Contains(b, []byte(c)) {
					t.Errorf("%q found in %s", c, p)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
}

func TestImportAndReopen(t *testing.T) {
	v, dir, _ := newTestVault(t)
	in := everyKind()
	for _, e := range in {
		e.ID = journal.NewID()
		e.Created = time.Date(2025, 3, 14, 9, 0, 0, 0, time.UTC)
		e.Updated = e.Created
	}
	if err := v.Import(in); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	l, _ := v.List(ListQuery{})
	if len(l) != len(in) {
		t.Fatalf("%d entries after import, want %d", len(l), len(in))
	}
	got, err := v.Get(in[4].ID)
	if err != nil || got.Fields.CheckIn == nil || got.Fields.CheckIn.Safety != 4 {
		t.Fatalf("imported check-in: %+v %v", got, err)
	}
}

func TestClosedVaultRefuses(t *testing.T) {
	v, _, _ := newTestVault(t)
	v.Close()
	if err := v.Put(&journal.Entry{Body: "x"}); !errors.Is(err, ErrClosed) {
		t.Fatalf("put after close: %v", err)
	}
	if _, err := v.List(ListQuery{}); !errors.Is(err, ErrClosed) {
		t.Fatalf("list after close: %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatalf("second close: %v", err)
	}
}

func TestPrefsAreSealedAndKept(t *testing.T) {
	v, dir, _ := newTestVault(t)
	if p, err := v.Prefs(); err != nil || len(p.HiddenTags) != 0 {
		t.Fatalf("fresh prefs: %+v %v", p, err)
	}
	if err := v.SetPrefs(journal.Prefs{HiddenTags: []string{"PREFCANARYtag", " the affair "}}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	assertNoCanary(t, []string{dir}, []string{"PREFCANARYtag"})
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	p, err := v.Prefs()
	if err != nil || len(p.HiddenTags) != 2 || p.HiddenTags[1] != "the affair" {
		t.Fatalf("prefs after reopen: %+v %v", p, err)
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify with prefs: %+v %v", rep, err)
	}
}

// TestReadsAfterReleasingTablePages checks that dropping the store's mapped
// pages once the index is built loses nothing: every entry still reads,
// verifies, and the store still takes writes.
func TestReadsAfterReleasingTablePages(t *testing.T) {
	v, dir, _ := newTestVault(t)
	var ids []journal.ID
	for i := range 400 {
		e := &journal.Entry{Title: fmt.Sprint("entry ", i), Body: strings.Repeat("a calm sentence ", 60)}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		ids = append(ids, e.ID)
	}
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	v.Close()
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.WaitIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	releaseTablePages(filepath.Join(dir, storeDir))
	for _, id := range ids {
		if e, err := v.Get(id); err != nil || !strings.HasPrefix(e.Body, "a calm sentence") {
			t.Fatalf("after release: %v", err)
		}
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() || rep.Entries != len(ids) {
		t.Fatalf("verify after release: %+v %v", rep, err)
	}
	if err := v.Put(&journal.Entry{Body: "still writable"}); err != nil {
		t.Fatal(err)
	}
}

// TestOpensWithEmptyLogLeftByAKill recreates what a SIGKILL can leave in
// the instant after Badger creates a log file and before it sizes it: a
// zero-length .vlog. The journal must still open, with nothing lost.
func TestOpensWithEmptyLogLeftByAKill(t *testing.T) {
	v, dir, _ := newTestVault(t)
	e := &journal.Entry{Body: "kept"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	v.Close()
	for _, name := range []string{"000099.vlog", "000098.mem"} {
		if err := os.WriteFile(filepath.Join(dir, storeDir, name), nil, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatalf("a zero-length log stops the journal opening: %v", err)
	}
	defer v.Close()
	if got, err := v.Get(e.ID); err != nil || got.Body != "kept" {
		t.Fatalf("after repair: %v %v", got, err)
	}
}

// A backup's entry document is spliced from the stored summary and body
// rather than decoded and encoded again; it must read back as the very entry
// the long way gives, for every kind, an empty body, and text JSON escapes.
func TestEntryDocIsTheWholeEntry(t *testing.T) {
	v, _, _ := newTestVault(t)
	entries := append(everyKind(),
		&journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2025, Month: time.April, Day: 1}, Title: "Only a title"},
		&journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2025, Month: time.April, Day: 2}, Body: "<b>&</b> \"quoted\" \\ tab\t línea 😊\u2028"},
	)
	for _, e := range entries {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		sum := v.sums[e.ID]
		var sealed []byte
		err := v.db.View(func(txn *badger.Txn) error {
			item, err := txn.Get(contentKey(e.ID))
			if err != nil {
				return err
			}
			sealed, err = item.ValueCopy(nil)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		doc, err := v.entryDoc(sum, sealed)
		if err != nil {
			t.Fatal(err)
		}
		long, err := v.getFull(sum)
		if err != nil {
			t.Fatal(err)
		}
		got, err := backup.DecodeEntry("entry", doc)
		if err != nil {
			t.Fatalf("%s: %v\n%s", e.Kind, err, doc)
		}
		if !bytes.Equal(encodeJSON(got), encodeJSON(long)) {
			t.Errorf("%s: the spliced document reads as\n%s\nnot\n%s", e.Kind, encodeJSON(got), encodeJSON(long))
		}
		if !bytes.Equal(sortedJSON(t, doc), sortedJSON(t, encodeJSON(long))) {
			t.Errorf("%s: spliced %s\nlong way %s", e.Kind, doc, encodeJSON(long))
		}
	}
}

// sortedJSON re-encodes a JSON object with its members in sorted order.
func sortedJSON(t *testing.T, b []byte) []byte {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	out, err := json.Marshal(m)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUnlockPutsBackTheCollectorPace opens journals one after another and
// at the same time, and checks that the collector's pace unlock sets while
// it reads the summaries is put back as it was found, whatever the order in
// which the opens finish.
func TestUnlockPutsBackTheCollectorPace(t *testing.T) {
	const pace = 123
	defer debug.SetGCPercent(debug.SetGCPercent(pace))
	// Two reads that overlap, the first finishing first: the pace stays
	// until the second is done, then is the one found.
	first, second := roomForCollector(), roomForCollector()
	first()
	if got := debug.SetGCPercent(collectorRoom); got != collectorRoom {
		t.Fatalf("with one read still going the collector's pace is %d, want %d", got, collectorRoom)
	}
	second()
	if got := debug.SetGCPercent(pace); got != pace {
		t.Fatalf("after two overlapping reads the collector's pace is %d, want %d", got, pace)
	}
	var dirs []string
	for range 4 {
		v, dir, _ := newTestVault(t)
		if err := v.Put(&journal.Entry{Kind: journal.KindFree, Date: journal.Today(), Body: "a page"}); err != nil {
			t.Fatal(err)
		}
		v.Close()
		dirs = append(dirs, dir)
	}
	v, err := Open(dirs[0], testPassword)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if got := debug.SetGCPercent(pace); got != pace {
		t.Fatalf("after one unlock the collector's pace is %d, want %d", got, pace)
	}
	var wg sync.WaitGroup
	for _, dir := range dirs {
		wg.Go(func() {
			v, err := Open(dir, testPassword)
			if err != nil {
				t.Error(err)
				return
			}
			v.Close()
		})
	}
	wg.Wait()
	if got := debug.SetGCPercent(pace); got != pace {
		t.Fatalf("after four unlocks at once the collector's pace is %d, want %d", got, pace)
	}
}
