package ui

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// journalsUI is an unlocked UI whose vault has, beside the journal it began
// with, "Therapy notes" (sage) and "Work", and one entry in each of the
// three, all written on 23 November of three years.
func journalsUI(t *testing.T) (*UI, *vault.Vault, journal.Journals) {
	t.Helper()
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	l, err := v.Journals()
	if err != nil {
		t.Fatal(err)
	}
	l, therapy, err := l.Add("Therapy notes", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	l, work, err := l.Add("Work", fixedNow)
	if err != nil {
		t.Fatal(err)
	}
	if l, err = l.Paint(therapy.ID, "sage", fixedNow); err != nil {
		t.Fatal(err)
	}
	if err := v.SetJournals(l); err != nil {
		t.Fatal(err)
	}
	for i, in := range []journal.JournalID{{}, therapy.ID, work.ID} {
		e := &journal.Entry{
			Title: []string{"At home", "After the session", "A calmer Monday"}[i], Body: "steady words", Journal: in,
			Date: journal.Date{Year: 2024 + i, Month: time.November, Day: 23},
		}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := v.WaitIndex(context.Background()); err != nil {
		t.Fatal(err)
	}
	u.shell.journals.load()
	return u, v, l
}

// sidebarJournals names the lines of the sidebar's group of journals.
func sidebarJournals(u *UI) []string {
	var out []string
	for _, o := range u.shell.journals.box.Objects {
		if b, ok := o.(*widget.Button); ok {
			out = append(out, b.Text)
		}
	}
	return out
}

// timelineTitles lists the titles the journal screen shows.
func timelineTitles(u *UI) []string {
	var out []string
	for _, r := range u.shell.timeline.rows {
		if r.entry != nil {
			out = append(out, r.entry.Title)
		}
	}
	return out
}

// tapJournal chooses a journal in the sidebar by the text of its line.
func tapJournal(t *testing.T, u *UI, text string) {
	t.Helper()
	for _, o := range u.shell.journals.box.Objects {
		if b, ok := o.(*widget.Button); ok && b.Text == text {
			test.Tap(b)
			return
		}
	}
	t.Fatalf("the sidebar has no %q among %q", text, sidebarJournals(u))
}

// TestSidebarShowsJournalsOnlyWhenThereAreSeveral keeps the sidebar as it
// was with one journal, and with several lists them, each choosing what
// every screen shows: the journal, Today, Insights, the trash and search.
func TestSidebarShowsJournalsOnlyWhenThereAreSeveral(t *testing.T) {
	one, _ := newUnlockedUI(t)
	if got := sidebarJournals(one); len(got) != 0 || slices.Contains(one.shell.journals.sidebar.Objects, one.shell.journals.scroll) {
		t.Fatalf("with one journal the sidebar shows %q", got)
	}

	u, v, l := journalsUI(t)
	want := []string{"All journals", journal.DefaultJournalName, "Therapy notes", "Work", "Manage journals…"}
	if got := sidebarJournals(u); !slices.Equal(got, want) {
		t.Fatalf("the sidebar shows %q, want %q", got, want)
	}
	u.showSection(secJournal)
	if got := timelineTitles(u); len(got) != 3 {
		t.Fatalf("all journals show %q", got)
	}
	if h := u.shell.timeline.heading.Text; h != "Journal" {
		t.Fatalf("with all journals the page is headed %q", h)
	}
	tapJournal(t, u, "Therapy notes")
	if got := timelineTitles(u); !slices.Equal(got, []string{"After the session"}) {
		t.Fatalf("the therapy journal shows %q", got)
	}
	if h := u.shell.timeline.heading.Text; h != "Therapy notes" {
		t.Fatalf("one journal's page is headed %q", h)
	}
	u.showSection(secInsights)
	u.showSection(secTrash)
	if a, b := u.shell.insights.heading.Text, u.shell.trash.heading.Text; a != "Insights · Therapy notes" || b != "Trash · Therapy notes" {
		t.Fatalf("with one journal chosen, Insights is headed %q and the trash %q", a, b)
	}
	u.showSection(secJournal)
	u.showSection(secToday)
	if got := u.shell.today.recent.Objects; len(got) != 1 {
		t.Fatalf("Today lists %d recent entries in one journal", len(got))
	}
	// A new entry goes into the journal shown, and the editor says so.
	u.newEntry(journal.KindFree)
	ed := u.shell.editor
	if ed.entry.Journal != l[1].ID || !ed.bookRow.Visible() || ed.book.Selected != "Therapy notes" {
		t.Fatalf("a new entry is in %v, the chooser shows %q (visible %v)", ed.entry.Journal, ed.book.Selected, ed.bookRow.Visible())
	}
	// Moving it is one choice in the editor, saved with the words.
	test.Type(ed.body, "Moved to work.")
	ed.book.SetSelected("Work")
	if err := ed.flush(); err != nil {
		t.Fatal(err)
	}
	saved, err := v.Get(ed.entry.ID)
	if err != nil || saved.Journal != l[2].ID {
		t.Fatalf("the moved entry is in %v, want work (%v)", saved.Journal, err)
	}

	// Search looks in the journal shown, and journal: looks elsewhere.
	u.showSection(secSearch)
	s := u.shell.search
	if s.book.sel.Selected != "Therapy notes" || !s.book.sel.Visible() {
		t.Fatalf("search's journal filter shows %q", s.book.sel.Selected)
	}
	test.Type(s.query, "steady")
	s.searchNow()
	if got := resultTitles(s); !slices.Equal(got, []string{"After the session"}) {
		t.Fatalf("search in therapy found %q", got)
	}
	s.query.SetText("steady journal:wor")
	s.searchNow()
	if got := resultTitles(s); !slices.Equal(got, []string{"A calmer Monday"}) {
		t.Fatalf("journal:wor found %q", got)
	}
	s.query.SetText("steady")
	s.book.sel.SetSelected(allJournals())
	s.searchNow()
	if got := resultTitles(s); len(got) != 3 {
		t.Fatalf("search in all journals found %q", got)
	}

	// All journals again: everything shows.
	tapJournal(t, u, "All journals")
	u.showSection(secJournal)
	if got := timelineTitles(u); len(got) != 4 || u.shell.timeline.heading.Text != "Journal" {
		t.Fatalf("all journals show %q under %q", got, u.shell.timeline.heading.Text)
	}
}

// TestManageJournals adds, renames, archives and deletes journals through
// the dialog, with the deletion undone from the line at the bottom.
func TestManageJournals(t *testing.T) {
	u, v, l := journalsUI(t)
	u.manageJournals()
	d := u.shell.journals.manager
	if d == nil {
		t.Fatal("no dialog of journals")
	}
	// A name already taken is refused kindly, and nothing changes.
	test.Type(d.name, "work")
	d.onAdd()
	if !d.problem.Visible() || !strings.Contains(d.problem.Text, "already has that name") {
		t.Fatalf("a name taken twice says %q", d.problem.Text)
	}
	d.name.SetText("Letters")
	d.onAdd()
	got, _ := v.Journals()
	if len(got) != 4 || got[3].Name != "Letters" || d.problem.Visible() || d.name.Text != "" {
		t.Fatalf("after adding, the journals are %+v", got)
	}
	if s := sidebarJournals(u); !slices.Contains(s, "Letters") {
		t.Fatalf("the sidebar does not show the new journal: %q", s)
	}
	if len(d.list.Objects) != 4 {
		t.Fatalf("the dialog lists %d journals", len(d.list.Objects))
	}

	// Archived, a journal leaves the sidebar and All journals.
	d.save(got.Archive(l[2].ID, true, fixedNow))
	if s := sidebarJournals(u); slices.Contains(s, "Work") {
		t.Fatalf("an archived journal is in the sidebar: %q", s)
	}
	u.showSection(secJournal)
	if got := timelineTitles(u); slices.Contains(got, "A calmer Monday") {
		t.Fatalf("All journals shows an archived journal's entry: %q", got)
	}

	// Deleted: its entry goes to the trash; Undo brings both back.
	d.deleteJournal(l[1].ID)
	if got, _ := v.Journals(); got.Index(l[1].ID) >= 0 {
		t.Fatal("the journal is still listed")
	}
	trash, _ := v.List(vault.ListQuery{Trash: true})
	if len(trash) != 1 || trash[0].Title != "After the session" {
		t.Fatalf("the trash holds %d entries", len(trash))
	}
	if !u.shell.toastUndo.Visible() {
		t.Fatal("no Undo after deleting a journal")
	}
	test.Tap(u.shell.toastUndo)
	if got, _ := v.Journals(); got.Index(l[1].ID) != 1 {
		t.Fatalf("after Undo the journals are %+v", got)
	}
	if trash, _ := v.List(vault.ListQuery{Trash: true}); len(trash) != 0 {
		t.Fatal("after Undo the entry is still in the trash")
	}
}

// TestJournalsRender keeps the look of the sidebar with several journals
// and of the dialog that manages them, in a small window.
func TestJournalsRender(t *testing.T) {
	u, _, _ := journalsUI(t)
	u.win.Resize(fyne.NewSize(smallWindow, 600))
	tapJournal(t, u, "Therapy notes")
	u.showSection(secJournal)
	test.AssertRendersToMarkup(t, "journals/sidebar.xml", u.win.Canvas())
	u.manageJournals()
	test.AssertRendersToMarkup(t, "journals/manage.xml", u.win.Canvas())
}

// TestImportGoesIntoTheJournalShown puts what an import brings, when its
// file names no journal, into the journal the sidebar shows.
func TestImportGoesIntoTheJournalShown(t *testing.T) {
	u, v, l := journalsUI(t)
	tapJournal(t, u, "Work")
	src := filepath.Join(t.TempDir(), "jrnl.json")
	if err := os.WriteFile(src, []byte(`{"entries":[{"title":"From jrnl","body":"old words","date":"2023-11-02","time":"21:15"}]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	b := newBackupUI(u)
	b.previewImport(plain.FromJrnl, src)
	if b.plan == nil {
		t.Fatalf("preview: %q", b.status.Text)
	}
	test.Tap(b.applyBtn)
	list, err := v.List(vault.ListQuery{Journals: l.Only(l[2].ID)})
	if err != nil || !slices.ContainsFunc(list, func(e *journal.Entry) bool { return e.Title == "From jrnl" }) {
		t.Fatalf("the import is not in the journal shown (%v): %d entries there", err, len(list))
	}
}

// TestReadingSaysWhichJournal opens an entry to read: with several
// journals its page says which it is in, beside its colour; with one it
// says nothing of journals.
func TestReadingSaysWhichJournal(t *testing.T) {
	u, v, l := journalsUI(t)
	therapy, _ := l.Named("Therapy notes")
	var in *journal.Entry
	list, err := v.List(vault.ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range list {
		if e.Journal == therapy.ID {
			in = e
		}
	}
	u.openEntry(in.ID)
	r := u.shell.editor.reader
	if !r.bookLine.Visible() || r.book.Text != "In Therapy notes" || r.bookDot.Resource.Name() != journalDot("sage").Name() {
		t.Fatalf("the page says %q (shown: %v)", r.book.Text, r.bookLine.Visible())
	}

	one, _ := newUnlockedUI(t)
	e := &journal.Entry{Title: "Alone", Body: "one journal"}
	if err := one.vault().Put(e); err != nil {
		t.Fatal(err)
	}
	one.openEntry(e.ID)
	if r := one.shell.editor.reader; r.bookLine.Visible() || r.book.Text != "" {
		t.Errorf("with one journal the page says %q", r.book.Text)
	}
}

// TestListsSayWhichJournal: with every journal shown, Today's recent
// entries say which journal each is in; with one chosen, they do not.
func TestListsSayWhichJournal(t *testing.T) {
	u, _, l := journalsUI(t)
	u.showSection(secToday)
	metas := func() []string {
		var out []string
		for _, o := range u.shell.today.recent.Objects {
			out = append(out, o.(*entryButton).meta)
		}
		return out
	}
	got := strings.Join(metas(), "|")
	for _, name := range []string{"Therapy notes", "Work", journal.DefaultJournalName} {
		if !strings.Contains(got, " · "+name) {
			t.Errorf("the recent entries do not say %q: %s", name, got)
		}
	}
	work, _ := l.Named("Work")
	u.shell.journals.choose(false, work.ID)
	u.showSection(secToday)
	if got := strings.Join(metas(), "|"); strings.Contains(got, "Work") || strings.Contains(got, "Therapy") {
		t.Errorf("with one journal chosen the rows still name journals: %s", got)
	}
}
