package vault

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
	"tend/search"
)

// threeJournals gives a new vault two journals beside the one it began
// with, and one entry in each, all written on 14 March of three years.
func threeJournals(t *testing.T, v *Vault) (l journal.Journals, therapy, work journal.Journal, ids [3]journal.ID) {
	t.Helper()
	l, err := v.Journals()
	if err != nil {
		t.Fatal(err)
	}
	if len(l) != 1 || l[0].Name != journal.DefaultJournalName || !l[0].ID.IsZero() {
		t.Fatalf("a new vault's journals: %+v", l)
	}
	at := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
	if l, therapy, err = l.Add("Thérapie notes", at); err != nil {
		t.Fatal(err)
	}
	if l, work, err = l.Add("Work", at); err != nil {
		t.Fatal(err)
	}
	if l, err = l.Paint(therapy.ID, "sage", at); err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(l); err != nil {
		t.Fatal(err)
	}
	for i, in := range []journal.JournalID{{}, therapy.ID, work.ID} {
		e := &journal.Entry{
			Title: []string{"home", "session", "meeting"}[i], Body: "steady words", Journal: in,
			Date: journal.Date{Year: 2022 + i, Month: time.March, Day: 14},
		}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		ids[i] = e.ID
	}
	return l, therapy, work, ids
}

// TestJournalsKeptSealedAndFiltered keeps the list of journals and each
// entry's journal through a reopen, and filters every kind of list by
// journal: an archived journal leaves "all of them" but can be chosen.
func TestJournalsKeptSealedAndFiltered(t *testing.T) {
	v, dir, _ := newTestVault(t)
	_, therapy, work, ids := threeJournals(t, v)
	v.Close()
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	l, err := v.Journals()
	if err != nil || len(l) != 3 || l[1].Name != "Thérapie notes" || l[1].Colour != "sage" || l[2].ID != work.ID {
		t.Fatalf("after a reopen the journals are %+v, %v", l, err)
	}
	in := func(set journal.JournalSet) []string {
		list, err := v.List(ListQuery{Journals: set})
		if err != nil {
			t.Fatal(err)
		}
		return titles(list)
	}
	if got := in(journal.JournalSet{}); !equalStrings(got, []string{"meeting", "session", "home"}) {
		t.Fatalf("every journal lists %q", got)
	}
	if got := in(l.Only(therapy.ID)); !equalStrings(got, []string{"session"}) {
		t.Fatalf("the therapy journal lists %q", got)
	}
	if got := in(l.Only(journal.JournalID{})); !equalStrings(got, []string{"home"}) {
		t.Fatalf("the first journal lists %q", got)
	}
	today := journal.Date{Year: 2026, Month: time.March, Day: 14}
	otd, _ := v.OnThisDay(today, nil, l.Only(work.ID))
	if !equalStrings(titles(otd), []string{"meeting"}) {
		t.Fatalf("on this day in work: %q", titles(otd))
	}
	st, _ := v.Stats(today, l.Only(therapy.ID))
	if st.Entries != 1 {
		t.Fatalf("stats of one journal: %+v", st)
	}
	days, _ := v.DaysWithEntries(journal.Date{Year: 2022, Month: 1, Day: 1}, today, l.Only(work.ID))
	if len(days) != 1 {
		t.Fatalf("days of one journal: %v", days)
	}

	// Archived, work leaves what shows every journal, but stays itself.
	l, err = l.Archive(work.ID, true, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(l); err != nil {
		t.Fatal(err)
	}
	if got := in(l.Shown()); !equalStrings(got, []string{"session", "home"}) {
		t.Fatalf("all journals in view list %q", got)
	}
	if got := in(l.Only(work.ID)); !equalStrings(got, []string{"meeting"}) {
		t.Fatalf("the archived journal chosen lists %q", got)
	}

	// Search: the filter, and journal: in the query, which names a
	// journal by the start of its name, without regard to case or accents,
	// archived or not.
	if err := v.WaitIndex(t.Context()); err != nil {
		t.Fatal(err)
	}
	found := func(query string, set journal.JournalSet) []string {
		q := search.ParseQuery(query)
		q.Journals = set
		res, _, err := v.Search(q, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var out []string
		for _, r := range res {
			out = append(out, r.Entry.Title)
		}
		return out
	}
	if got := found("steady sort:newest", l.Shown()); !equalStrings(got, []string{"session", "home"}) {
		t.Fatalf("search in view: %q", got)
	}
	if got := found("steady journal:therapie", l.Shown()); !equalStrings(got, []string{"session"}) {
		t.Fatalf("journal:therapie found %q", got)
	}
	if got := found(`steady journal:"THERAPIE NOTES"`, l.Only(journal.JournalID{})); !equalStrings(got, []string{"session"}) {
		t.Fatalf(`journal:"THERAPIE NOTES" found %q`, got)
	}
	if got := found("steady journal:wo", l.Shown()); !equalStrings(got, []string{"meeting"}) {
		t.Fatalf("journal:wo (archived) found %q", got)
	}
	if got := found("steady journal:nowhere", journal.JournalSet{}); len(got) != 0 {
		t.Fatalf("a journal no one has found %q", got)
	}

	// Moving an entry is a save, with the version before in its history.
	if err := v.MoveToJournal(ids[0], therapy.ID); err != nil {
		t.Fatal(err)
	}
	if got := in(l.Only(therapy.ID)); !equalStrings(got, []string{"session", "home"}) {
		t.Fatalf("after the move the therapy journal lists %q", got)
	}
	hist, err := v.History(ids[0])
	if err != nil || len(hist) != 1 || !hist[0].Journal.IsZero() {
		t.Fatalf("the history of the moved entry: %+v, %v", hist, err)
	}
	if got := found("home", l.Only(therapy.ID)); !equalStrings(got, []string{"home"}) {
		t.Fatalf("the moved entry is not found in its new journal: %q", got)
	}
}

// TestDeleteJournalToTrashAndUndo moves a journal's entries to the trash
// as it goes, puts both back on undo, and never deletes the last journal.
func TestDeleteJournalToTrashAndUndo(t *testing.T) {
	v, _, _ := newTestVault(t)
	_, therapy, _, ids := threeJournals(t, v)
	// One of its entries was in the trash already: it stays there.
	old := &journal.Entry{Title: "thrown away", Body: "x", Journal: therapy.ID, Date: journal.Date{Year: 2020, Month: 1, Day: 1}}
	if err := v.Put(old); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(old.ID); err != nil {
		t.Fatal(err)
	}
	done, err := v.DeleteJournal(therapy.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(done.Trashed) != 1 || done.Trashed[0] != ids[1] || done.At != 1 {
		t.Fatalf("deleting the journal did %+v", done)
	}
	l, _ := v.Journals()
	if len(l) != 2 || l.Index(therapy.ID) >= 0 {
		t.Fatalf("after deleting, the journals are %+v", l)
	}
	trash, _ := v.List(ListQuery{Trash: true})
	if !equalStrings(titles(trash), []string{"session", "thrown away"}) {
		t.Fatalf("the trash holds %q", titles(trash))
	}
	if err := v.UndeleteJournal(done); err != nil {
		t.Fatal(err)
	}
	l, _ = v.Journals()
	if len(l) != 3 || l[1].ID != therapy.ID || l[1].Name != therapy.Name {
		t.Fatalf("after undo the journals are %+v", l)
	}
	back, _ := v.List(ListQuery{Journals: l.Only(therapy.ID)})
	if !equalStrings(titles(back), []string{"session"}) {
		t.Fatalf("after undo the journal lists %q", titles(back))
	}
	trash, _ = v.List(ListQuery{Trash: true})
	if !equalStrings(titles(trash), []string{"thrown away"}) {
		t.Fatalf("after undo the trash holds %q", titles(trash))
	}

	// The last journal stays.
	for _, b := range l[1:] {
		if _, err := v.DeleteJournal(b.ID); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.DeleteJournal(journal.JournalID{}); !errors.Is(err, journal.ErrLastJournal) {
		t.Fatalf("deleting the last journal: %v", err)
	}
}

// TestJournalsBackupRoundTrip takes a backup of a vault of several
// journals, opens it with the plain age library to see that the list and
// each entry's journal are inside, restores it into a new vault and merges
// it into another that renamed one of the journals since: the newer name
// wins, and the ids never change.
func TestJournalsBackupRoundTrip(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, _, _ := newTestVault(t)
	l, therapy, work, ids := threeJournals(t, v)
	pass := []byte("a long walk by the sea")
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, pass, "test", nil); err != nil {
		t.Fatal(err)
	}

	// Anyone with age reads it.
	id, err := age.NewScryptIdentity(string(pass))
	if err != nil {
		t.Fatal(err)
	}
	r, err := age.Decrypt(bytes.NewReader(buf.Bytes()), id)
	if err != nil {
		t.Fatal(err)
	}
	tarball, err := io.ReadAll(r)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(tarball, []byte(`"journals":[{"name":"Journal"},{"id":"`+therapy.ID.String()+`","name":"Thérapie notes","colour":"sage"`)) {
		t.Fatal("prefs.json does not list the journals")
	}
	if !bytes.Contains(tarball, []byte(`"journal":"`+work.ID.String()+`"`)) {
		t.Fatal("an entry does not name its journal")
	}

	c, err := backup.Read(bytes.NewReader(buf.Bytes()), pass)
	if err != nil {
		t.Fatal(err)
	}
	restored, _, err := RestoreNew(filepath.Join(t.TempDir(), "restored"), c, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	defer restored.Close()
	rl, _ := restored.Journals()
	if len(rl) != 3 || rl[1].ID != therapy.ID || rl[1].Name != therapy.Name || rl[2].ID != work.ID {
		t.Fatalf("restored journals: %+v", rl)
	}
	for i, want := range []journal.JournalID{{}, therapy.ID, work.ID} {
		e, err := restored.Get(ids[i])
		if err != nil || e.Journal != want {
			t.Fatalf("restored entry %d is in %v, want %v (%v)", i, e.Journal, want, err)
		}
	}

	// Merged into the vault it came from after renaming work there, and
	// into one that never had these journals.
	renamed, err := l.Rename(work.ID, "Office", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(renamed); err != nil {
		t.Fatal(err)
	}
	if _, err := v.Merge(c); err != nil {
		t.Fatal(err)
	}
	ml, _ := v.Journals()
	if len(ml) != 3 || ml[2].Name != "Office" {
		t.Fatalf("merged journals where a newer rename was made: %+v", ml)
	}
	other, _, _ := newTestVault(t)
	ol, _ := other.Journals()
	ol, _ = ol.Rename(journal.JournalID{}, "Daily", time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC))
	if err := other.SetJournals(ol); err != nil {
		t.Fatal(err)
	}
	if _, err := other.Merge(c); err != nil {
		t.Fatal(err)
	}
	ol, _ = other.Journals()
	if len(ol) != 3 || ol[0].Name != "Daily" || ol.Index(therapy.ID) != 1 || ol.Index(work.ID) != 2 {
		t.Fatalf("journals merged into another vault: %+v", ol)
	}
	list, _ := other.List(ListQuery{Journals: ol.Only(therapy.ID)})
	if !equalStrings(titles(list), []string{"session"}) {
		t.Fatalf("the merged therapy journal lists %q", titles(list))
	}
}

// TestJournalNamesNeverOnDisk writes a journal's name through every path
// that keeps it (the list, a rename, a backup, a snapshot) and finds it in
// no file of the vault, the snapshots or the temporary folder.
func TestJournalNamesNeverOnDisk(t *testing.T) {
	vaulttest.LowBackupCost(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	v, dir, _ := newTestVault(t)
	canaries := []string{"CANARYJOURNALqz91", "CANARYRENAMEDqz92"}
	l, _ := v.Journals()
	l, j, err := l.Add(canaries[0], time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(l); err != nil {
		t.Fatal(err)
	}
	if err := v.Put(&journal.Entry{Body: "in it", Journal: j.ID}); err != nil {
		t.Fatal(err)
	}
	if l, err = l.Rename(j.ID, canaries[1], time.Now()); err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(l); err != nil {
		t.Fatal(err)
	}
	snaps := filepath.Join(t.TempDir(), "snaps")
	if _, err := v.Snapshot(snaps, time.Now()); err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if _, err := v.Backup(&buf, []byte("a long walk by the sea"), "test", nil); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(tmp, "backup.tend-backup"), buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	v.Close()
	assertNoCanary(t, []string{dir, tmp, snaps}, append(canaries, strings.ToLower(canaries[0])))
}

// TestImportIntoJournals puts each entry of a plan into the journal of
// the name the file gave, finding it or making it, and the others into
// the journal the person chose.
func TestImportIntoJournals(t *testing.T) {
	v, _, _ := newTestVault(t)
	l, work, err := journal.DefaultJournals().Add("Work", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(l); err != nil {
		t.Fatal(err)
	}
	d := journal.Date{Year: 2024, Month: 5, Day: 1}
	mk := func(title string) *journal.Entry {
		return &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: d, Title: title, Body: "words", Created: time.Now(), Updated: time.Now()}
	}
	inWork, inNew, loose := mk("named work"), mk("named anew"), mk("no name")
	p := &plain.Plan{
		Entries:  []*journal.Entry{inWork, inNew, loose},
		Journals: map[journal.ID]string{inWork.ID: "WORK", inNew.ID: "Dreams"},
		Into:     work.ID,
	}
	if _, err := v.ApplyImport(p); err != nil {
		t.Fatal(err)
	}
	l, _ = v.Journals()
	dreams, ok := l.Named("Dreams")
	if len(l) != 3 || !ok {
		t.Fatalf("after the import the journals are %+v", l)
	}
	for e, want := range map[*journal.Entry]journal.JournalID{inWork: work.ID, inNew: dreams.ID, loose: work.ID} {
		got, err := v.Get(e.ID)
		if err != nil || got.Journal != want {
			t.Fatalf("%q is in %v, want %v (%v)", e.Title, got.Journal, want, err)
		}
	}
	if !inNew.Journal.IsZero() {
		t.Fatal("the import changed the plan")
	}
}
