package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
)

// These tests hold restore, merge and import to all or nothing: a change
// that cannot be written whole leaves the journal showing exactly what it
// showed before, after reopening too, and its error names the cause in a
// sentence without quoting any bytes.

// stateOf is everything a person can read in a journal: every entry with
// its body and history, trash included, and the preferences.
func stateOf(t *testing.T, v *Vault) string {
	t.Helper()
	m := contents(t, v)
	ids := make([]journal.ID, 0, len(m))
	for id := range m {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) })
	var b strings.Builder
	for _, id := range ids {
		b.WriteString(m[id])
		b.WriteByte('\n')
	}
	p, err := v.Prefs()
	if err != nil {
		t.Fatal(err)
	}
	b.Write(encodeJSON(p))
	return b.String()
}

// sameState fails the test when two states differ, saying how.
func sameState(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		g, w := strings.Count(got, "\n"), strings.Count(want, "\n")
		t.Errorf("%s: the journal changed: it shows %d entries, it showed %d", what, g, w)
	}
}

// bulkEntries makes n new entries of a few KB each: enough that writing
// them takes the store many transactions.
func bulkEntries(n int, tag string) []*journal.Entry {
	out := make([]*journal.Entry, 0, n)
	d := journal.Date{Year: 2024, Month: time.May, Day: 1}
	for i := range n {
		out = append(out, &journal.Entry{
			ID: journal.NewID(), Kind: journal.KindFree, Date: d.AddDays(i % 300), Title: fmt.Sprintf("%s %d", tag, i),
			Body: strings.Repeat(fmt.Sprintf("%s line %d, written slowly. ", tag, i), 120),
			Tags: []string{tag}, Created: time.Date(2024, 5, 1, 9, 0, i, 0, time.UTC), Updated: time.Date(2024, 5, 1, 9, 0, i, 0, time.UTC),
		})
	}
	return out
}

// tooLarge is an entry longer than a journal keeps (MaxEntryText).
func tooLarge() *journal.Entry {
	return &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2024, Month: time.June, Day: 2}, Title: "A very long letter",
		Body:    strings.Repeat("all the words I never said. ", journal.MaxEntryText/28+1),
		Created: time.Date(2024, 6, 2, 9, 0, 0, 0, time.UTC), Updated: time.Date(2024, 6, 2, 9, 0, 0, 0, time.UTC),
	}
}

// sourceBackup is the contents of a real backup of another journal holding
// n new entries, some with history, and preferences of its own.
func sourceBackup(t *testing.T, n int) *backup.Contents {
	t.Helper()
	src, _, _ := newTestVault(t)
	if err := src.Import(bulkEntries(n, "from the backup")); err != nil {
		t.Fatal(err)
	}
	list, err := src.List(ListQuery{Limit: 5})
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range list {
		e, err := src.Get(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		e.Body += " And later, more."
		if err := src.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := src.SetPrefs(journal.Prefs{HiddenTags: []string{"from the backup"}, Paths: []string{"trust"}}); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := src.Backup(&buf, []byte("a long walk by the sea"), "test", nil); err != nil {
		t.Fatal(err)
	}
	c, err := backup.Read(&buf, []byte("a long walk by the sea"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// hexDump finds bytes quoted in a message: a dump's offset column, or runs
// of hex pairs.
var hexDump = regexp.MustCompile(`00000000 |([0-9a-f]{2} ){4}|[0-9a-f]{64}`)

// plainError fails the test unless err is a short sentence quoting no bytes.
func plainError(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("the change was accepted, though one entry is larger than the journal can hold")
	}
	msg := err.Error()
	if hexDump.MatchString(msg) || len(msg) > 400 || strings.ContainsRune(msg, '\n') {
		t.Errorf("the error quotes bytes or runs on (%d bytes): %.300q", len(msg), msg)
	}
	if !errors.Is(err, journal.ErrTooBig) && !strings.Contains(msg, "larger than") {
		t.Errorf("the error does not say the entry is too large: %q", msg)
	}
}

// reopen closes v and opens its journal again.
func reopen(t *testing.T, v *Vault) *Vault {
	t.Helper()
	dir := v.Dir()
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { v.Close() })
	return v
}

func TestMergeOfAnEntryTooLargeChangesNothing(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	if err := v.SetPrefs(journal.Prefs{HiddenTags: []string{"mine"}}); err != nil {
		t.Fatal(err)
	}
	c := sourceBackup(t, 400)
	// The entry that cannot be stored comes last, after enough others
	// that the store has taken several transactions already.
	c.Entries = append(c.Entries, tooLarge())
	before := stateOf(t, v)

	_, err := v.Merge(c)
	plainError(t, err)
	sameState(t, "after the merge failed", stateOf(t, v), before)
	v = reopen(t, v)
	sameState(t, "after reopening", stateOf(t, v), before)
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Errorf("verify after the failed merge: %v %v", rep, err)
	}
}

func TestImportOfAnEntryTooLargeChangesNothing(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v := fillEveryKind(t)
	before := stateOf(t, v)
	plan := &plain.Plan{Source: plain.FromJSON, Entries: append(bulkEntries(400, "imported"), tooLarge())}

	_, err := v.ApplyImport(plan)
	plainError(t, err)
	sameState(t, "after the import failed", stateOf(t, v), before)

	err = v.Import(append(bulkEntries(400, "imported too"), tooLarge()))
	plainError(t, err)
	sameState(t, "after the bulk import failed", stateOf(t, v), before)

	v = reopen(t, v)
	sameState(t, "after reopening", stateOf(t, v), before)
}

func TestRestoreOfAnEntryTooLargeLeavesNoJournal(t *testing.T) {
	vaulttest.LowBackupCost(t)
	c := sourceBackup(t, 400)
	c.Entries = append(c.Entries, tooLarge())
	dir := filepath.Join(t.TempDir(), "restored")
	v, _, err := RestoreNew(dir, c, testPassword, TestKDF)
	if err == nil {
		v.Close()
	}
	plainError(t, err)
	if ok, err := Exists(dir); err != nil || ok {
		t.Errorf("a failed restore left a journal behind (%v, %v)", ok, err)
	}
	if names, _ := os.ReadDir(dir); len(names) > 0 {
		t.Errorf("a failed restore left %d files in the new folder", len(names))
	}
}

// A restore stopped after its store moved into place and before its header
// did leaves no journal, and the next restore into the folder succeeds.
func TestRestoreStoppedBeforeItsHeaderLeavesNoJournal(t *testing.T) {
	vaulttest.LowBackupCost(t)
	c := sourceBackup(t, 50)
	dir := filepath.Join(t.TempDir(), "restored")
	v, _, err := RestoreNew(dir, c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	want := stateOf(t, v)
	v.Close()
	// What a kill between the last two moves leaves.
	tmp := filepath.Join(dir, ".restoring")
	if err := os.MkdirAll(tmp, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Rename(filepath.Join(dir, headerFile), filepath.Join(tmp, headerFile)); err != nil {
		t.Fatal(err)
	}
	if _, err := Open(dir, testPassword); !errors.Is(err, ErrNoVault) {
		t.Fatalf("a restore stopped before its header opens as a journal: %v", err)
	}
	v, _, err = RestoreNew(dir, c, testPassword, TestKDF)
	if err != nil {
		t.Fatalf("restoring again after an interrupted restore: %v", err)
	}
	defer v.Close()
	sameState(t, "restored again", stateOf(t, v), want)
	if _, err := os.Stat(tmp); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("the restore left its temporary folder: %v", err)
	}
}
