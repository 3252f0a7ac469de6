package vault

import (
	"bytes"
	"path/filepath"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
)

// dayWithTimes is one day of four entries: three with the time they were
// written (one far from home, in UTC-5), and one saved before Tend kept
// the time, first saved at 10:00, between the others.
func dayWithTimes() (d journal.Date, entries []*journal.Entry) {
	d = journal.Date{Year: 2025, Month: time.March, Day: 14}
	plus1, minus5 := time.FixedZone("", 3600), time.FixedZone("", -5*3600)
	created := time.Date(2025, 3, 14, 22, 0, 0, 0, plus1) // saved late, after all of them
	entries = []*journal.Entry{
		{Kind: journal.KindFree, Date: d, Title: "Morning", Written: d.At(8, 0, plus1), Created: created},
		{Kind: journal.KindFree, Date: d, Title: "Evening away", Written: d.At(15, 40, minus5), Created: created, Starred: true},
		{Kind: journal.KindFree, Date: d, Title: "Older", Created: time.Date(2025, 3, 14, 10, 0, 0, 0, plus1)},
		{Kind: journal.KindFree, Date: d, Title: "Lunch", Written: d.At(13, 0, plus1), Created: created},
	}
	for _, e := range entries {
		e.ID = journal.NewID()
	}
	return d, entries
}

// titles names a list by its titles.
func titles(list []*journal.Entry) []string {
	out := make([]string, len(list))
	for i, e := range list {
		out[i] = e.Title
	}
	return out
}

// TestEntriesOfADayOrderedByTheTimeWritten keeps the entries of one day
// in the order they were written, newest first, whatever order they were
// saved in, with an entry from before Tend kept the time (its summary of
// schema 3, as that Tend wrote it) in its place by when it was first
// saved. The time keeps its zone through a reopen, the star stays, and
// the old summary is left as it is, with no time made up for it.
func TestEntriesOfADayOrderedByTheTimeWritten(t *testing.T) {
	v, dir, _ := newTestVault(t)
	_, entries := dayWithTimes()
	if err := v.Import(entries); err != nil {
		t.Fatal(err)
	}
	// The older entry's summary as schema 3 wrote it.
	old := entries[2]
	err := v.db.Update(func(txn *badger.Txn) error {
		sum, err := v.List(ListQuery{})
		if err != nil {
			return err
		}
		for _, s := range sum {
			if s.ID == old.ID {
				sk := summaryKey(s.ID)
				return txn.Set(sk, v.seal.seal(sk, summarySchemaV3, encodeSummaryV3(s)))
			}
		}
		t.Fatal("the older entry is not listed")
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	v.Close()

	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	waitUpgrade(t, v)
	list, err := v.List(ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	// 15:40 in UTC-5 is 21:40 at home: the latest of the day.
	want := []string{"Evening away", "Lunch", "Older", "Morning"}
	if got := titles(list); !equalStrings(got, want) {
		t.Fatalf("the day lists as %q, want %q", got, want)
	}
	away := list[0]
	if _, off := away.Written.Zone(); off != -5*3600 || away.Written.Hour() != 15 || away.Written.Minute() != 40 || !away.Starred {
		t.Fatalf("the entry written away came back as %v, starred %v", away.Written, away.Starred)
	}
	if list[2].Title != "Older" || !list[2].Written.IsZero() || list[2].Starred {
		t.Fatalf("the older entry came back with a time or a star: %+v", list[2])
	}
	starred, err := v.List(ListQuery{Starred: true})
	if err != nil || len(starred) != 1 || starred[0].ID != away.ID {
		t.Fatalf("starred entries: %q, %v", titles(starred), err)
	}
	full, err := v.Get(away.ID)
	if err != nil || !full.Written.Equal(away.Written) || !full.Starred {
		t.Fatalf("the whole entry: %+v, %v", full, err)
	}
	v.Close()
	if got := summarySchemas(t, dir); got[summarySchemaV3] != 1 || got[summarySchema] != 3 {
		t.Fatalf("summaries by schema after the upgrade: %v", got)
	}
}

// TestTimeAndStarAreSaves changes the time an entry was written and its
// star as saves, each with the version before in the history, and moves
// the entry within its day.
func TestTimeAndStarAreSaves(t *testing.T) {
	v, _, _ := newTestVault(t)
	d, entries := dayWithTimes()
	for _, e := range entries {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	morning := entries[0]
	if err := v.SetStarred(morning.ID, true); err != nil {
		t.Fatal(err)
	}
	e, err := v.Get(morning.ID)
	if err != nil || !e.Starred || e.Rev != 2 {
		t.Fatalf("starred: %+v, %v", e, err)
	}
	// Written later that night, as the person corrects it.
	e.Written = d.At(23, 15, time.FixedZone("", 3600))
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	list, _ := v.List(ListQuery{From: d, To: d})
	if got := titles(list); got[0] != "Morning" {
		t.Fatalf("after the change the day lists as %q", got)
	}
	hist, err := v.History(morning.ID)
	if err != nil || len(hist) != 2 {
		t.Fatalf("history: %d versions, %v", len(hist), err)
	}
	for _, h := range hist {
		if h.Starred != (h.Rev == 2) || h.Written.Hour() != 8 {
			t.Fatalf("version %d: starred %v, written %v", h.Rev, h.Starred, h.Written)
		}
	}
	if err := v.SetStarred(morning.ID, false); err != nil {
		t.Fatal(err)
	}
	if list, _ := v.List(ListQuery{Starred: true}); len(list) != 1 || list[0].Title != "Evening away" {
		t.Fatalf("starred after taking one away: %q", titles(list))
	}
}

// TestBackupAndMergeCarryTimeAndStar takes a backup of a day of entries
// and restores it into a new journal and merges it into an empty one: the
// time each was written, with its zone, and the star come back, and the
// entry that had no time still has none.
func TestBackupAndMergeCarryTimeAndStar(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	_, entries := dayWithTimes()
	for _, e := range entries {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, []byte("a long walk by the sea"), "test", nil); err != nil {
		t.Fatal(err)
	}
	c, err := backup.Read(bytes.NewReader(buf.Bytes()), []byte("a long walk by the sea"))
	if err != nil {
		t.Fatal(err)
	}
	restored, _, err := RestoreNew(filepath.Join(t.TempDir(), "restored"), c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	merged, _, _ := newTestVault(t)
	if _, err := merged.Merge(c); err != nil {
		t.Fatal(err)
	}
	want, _ := v.List(ListQuery{})
	for name, w := range map[string]*Vault{"restored": restored, "merged": merged} {
		got, err := w.List(ListQuery{})
		if err != nil {
			t.Fatal(err)
		}
		if !equalStrings(titles(got), titles(want)) {
			t.Fatalf("%s: lists as %q, want %q", name, titles(got), titles(want))
		}
		for i, e := range got {
			_, off := e.Written.Zone()
			_, wantOff := want[i].Written.Zone()
			if !e.Written.Equal(want[i].Written) || off != wantOff || e.Starred != want[i].Starred {
				t.Fatalf("%s: %q came back written %v, starred %v; want %v, %v", name, e.Title, e.Written, e.Starred, want[i].Written, want[i].Starred)
			}
		}
	}
	// Merging the same backup again changes nothing: the time and star
	// are part of what makes two versions the same.
	rep, err := merged.Merge(c)
	if err != nil || rep.Skipped != len(entries) {
		t.Fatalf("merging again: %+v, %v", rep, err)
	}
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
