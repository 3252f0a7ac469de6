package vault

import (
	"context"
	"errors"
	"testing"

	"tend/journal"
	"tend/plain"
	"tend/search"
)

// TestUnsearchedImportsAndExports: a journal opened without its search
// (as an import or export from the command line opens it) takes an import
// whole and reads for an export, refuses a search rather than answer from
// an index it does not keep, and the next ordinary unlock finds the
// imported entries by their words.
func TestUnsearchedImportsAndExports(t *testing.T) {
	v, dir, _ := newTestVault(t)
	v.Close()

	u, err := OpenUnsearched(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	d := journal.Date{Year: 2025, Month: 3, Day: 14}
	plan := &plain.Plan{Entries: []*journal.Entry{
		{ID: journal.NewID(), Kind: journal.KindFree, Date: d, Title: "Pier", Body: "We walked to the lighthouse."},
		{ID: journal.NewID(), Kind: journal.KindFree, Date: d.AddDays(1), Body: "An evening at home."},
	}}
	for _, e := range plan.Entries {
		e.Created, e.Updated = now(), now()
	}
	rep, err := u.ApplyImport(plan)
	if err != nil || rep.Added != 2 {
		t.Fatalf("import: %+v, %v", rep, err)
	}
	if err := u.WaitIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	if _, _, err := u.Search(search.ParseQuery("lighthouse"), 0, 10); !errors.Is(err, errUnsearched) {
		t.Fatalf("a search of a journal opened without it gave %v", err)
	}
	if got := u.index.Len(); got != 0 {
		t.Errorf("the import put %d entries into an index the journal does not keep", got)
	}
	entries, _, left, err := u.readAll(false, journal.JournalSet{})
	if err != nil || len(entries) != 2 || len(left) != 0 {
		t.Fatalf("reading for an export: %d entries, %v left out, %v", len(entries), left, err)
	}
	if err := u.Close(); err != nil {
		t.Fatal(err)
	}

	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if err := v.WaitIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	res, _, err := v.Search(search.ParseQuery("lighthouse"), 0, 10)
	if err != nil || len(res) != 1 || res[0].Entry.ID != plan.Entries[0].ID {
		t.Fatalf("after unlocking: lighthouse finds %d entries, %v", len(res), err)
	}
}
