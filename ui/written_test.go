package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/journal"
	"tend/vault"
)

// The tests' clock (fixedNow) is in UTC, which is here for the screens;
// away is three hours east of it.
var away3 = time.FixedZone("", 3*3600)

// aDayOfTimes seeds one day of entries saved in another order than they
// were written: one far from home and starred, one at home, one from
// before Tend kept the time (saved between the two), and one on the day
// before.
func aDayOfTimes(t *testing.T, v *vault.Vault) (away, home, older *journal.Entry) {
	t.Helper()
	d := day(t, "2026-11-22")
	home = &journal.Entry{Date: d, Title: "At home", Body: "Tea.", Written: d.At(9, 5, time.UTC)}
	away = &journal.Entry{Date: d, Title: "Far away", Body: "A long day.", Starred: true}
	away.Written = d.At(21, 40, away3)
	older = &journal.Entry{Date: d, Title: "From before", Body: "No time kept."}
	for _, e := range []*journal.Entry{away, home, older} {
		e.ID = journal.NewID()
	}
	seedJournal(t, v, away, home, older,
		&journal.Entry{Date: d.AddDays(-1), Title: "The day before", Written: d.AddDays(-1).At(23, 0, time.UTC)})
	// The older entry was first saved at noon that day: that is its place.
	older.Created = d.At(12, 0, time.UTC)
	older.Updated = older.Created
	if err := v.Import([]*journal.Entry{older}); err != nil {
		t.Fatal(err)
	}
	return away, home, older
}

// TestTheJournalListsADayInTheOrderItWasWritten: the entries of one day
// come newest first by the time they were written, the one from before
// Tend kept the time in its place and with no time shown; each row says
// its time, on the clock where it was written, and shows the star.
func TestTheJournalListsADayInTheOrderItWasWritten(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	away, _, _ := aDayOfTimes(t, v)
	u.showSection(secJournal)
	s := u.shell.timeline
	want := []string{"# Sunday, 22 November 2026", "Far away", "From before", "At home", "# Saturday, 21 November 2026", "The day before"}
	if got := rowTexts(s); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("rows %q, want %q", got, want)
	}
	row := newTimelineRowTemplate()
	body := row.(*fyne.Container).Objects[1].(*entryRow)
	awayClock := "21:40 in " + journal.OffsetName(away.Written)
	for i, meta := range map[int]string{1: awayClock + " · 3 words", 2: "3 words", 3: "09:05 · 1 word"} {
		s.updateRow(i, row)
		if body.meta != meta {
			t.Errorf("row %d (%s) says %q, want %q", i, body.headline, body.meta, meta)
		}
		if body.starred != (i == 1) {
			t.Errorf("row %d (%s) starred: %v", i, body.headline, body.starred)
		}
	}
	// The star is drawn beside the facts.
	s.updateRow(1, row)
	row.Resize(fyne.NewSize(600, row.MinSize().Height))
	rr := test.WidgetRenderer(body).(*entryRowRenderer)
	if !rr.star.Visible() || rr.star.Size().Width == 0 || rr.star.Position().X >= rr.meta.Position().X {
		t.Fatalf("the star is not drawn before the facts: %v at %v", rr.star.Size(), rr.star.Position())
	}

	// Starred shows the starred entries only, and says so kindly when
	// there are none.
	s.starred.SetChecked(true)
	if got := rowTexts(s); strings.Join(got, "|") != "# Sunday, 22 November 2026|Far away" {
		t.Fatalf("starred rows %q", got)
	}
	if err := v.SetStarred(away.ID, false); err != nil {
		t.Fatal(err)
	}
	s.load(true)
	if len(s.rows) != 0 || !s.empty.Visible() || !strings.Contains(s.empty.Text, "No entry has a star yet") || !s.showAll.Visible() {
		t.Fatalf("no starred entries: rows %q, %q", rowTexts(s), s.empty.Text)
	}
	test.Tap(s.showAll)
	if s.starred.Checked || len(s.rows) != 6 {
		t.Fatalf("showing every entry left the star filter on: %q", rowTexts(s))
	}
}

// TestTheStarOnThePage: the page says when the entry was written, and
// its star, tapped, is kept at once and shows in the journal's list.
func TestTheStarOnThePage(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	_, home, older := aDayOfTimes(t, v)
	u.openEntry(home.ID)
	ed := u.shell.editor
	if !ed.reading {
		t.Fatal("the entry did not open to read")
	}
	if got := ed.reader.meta.Text; got != "Sunday, 22 November 2026 at 09:05" {
		t.Fatalf("the page's line under the title: %q", got)
	}
	if ed.reader.starBtn.Text != "Star" {
		t.Fatalf("the star button says %q", ed.reader.starBtn.Text)
	}
	test.Tap(ed.reader.starBtn)
	if got, err := v.Get(home.ID); err != nil || !got.Starred {
		t.Fatalf("the star was not kept: %+v, %v", got, err)
	}
	if ed.reader.starBtn.Text != "Starred" || !ed.reading {
		t.Fatalf("after the tap: %q, reading %v", ed.reader.starBtn.Text, ed.reading)
	}
	u.showSection(secJournal)
	u.shell.timeline.starred.SetChecked(true)
	if got := rowTexts(u.shell.timeline); strings.Join(got, "|") != "# Sunday, 22 November 2026|Far away|At home" {
		t.Fatalf("starred rows %q", got)
	}
	// Tapped again, the star goes.
	u.openEntry(home.ID)
	test.Tap(ed.reader.starBtn)
	if got, _ := v.Get(home.ID); got.Starred {
		t.Fatal("the star stayed after a second tap")
	}
	// An entry without a time says none, and a page headed by its day
	// says its time on the next line.
	u.openEntry(older.ID)
	if got := ed.reader.meta.Text; got != "Sunday, 22 November 2026" {
		t.Fatalf("an entry without a time: %q", got)
	}
	untitled := &journal.Entry{Date: day(t, "2026-11-20"), Body: "Only words.", Written: day(t, "2026-11-20").At(7, 30, time.UTC)}
	if err := v.Put(untitled); err != nil {
		t.Fatal(err)
	}
	u.openEntry(untitled.ID)
	if got := ed.reader.meta.Text; got != "Written at 07:30" || ed.reader.title.Text != "Friday, 20 November 2026" {
		t.Fatalf("an untitled page: %q under %q", got, ed.reader.title.Text)
	}
}

// TestTheEditorSetsTheTime: a new entry is written now; the time field
// changes the time, keeps it on the clock it was written on, moves with
// the day, takes an empty field as no time, and keeps the time it had
// while what is typed is not a time. The star while writing is saved with
// the words.
func TestTheEditorSetsTheTime(t *testing.T) {
	u, v := newUnlockedUI(t)
	now := time.Date(2026, 11, 23, 21, 40, 0, 0, time.UTC)
	u.now = func() time.Time { return now }
	u.newEntry(journal.KindFree)
	ed := u.shell.editor
	if ed.clock.Text != "21:40" || !ed.entry.Written.Equal(now) {
		t.Fatalf("a new entry shows %q, written %v", ed.clock.Text, ed.entry.Written)
	}
	test.Type(ed.body, "Some words.")
	ed.clock.SetText("")
	test.Type(ed.clock, "7.15")
	test.Tap(ed.starBtn)
	ed.autosaveNow()
	e, err := v.Get(ed.entry.ID)
	if err != nil || e.Written.Hour() != 7 || e.Written.Minute() != 15 || journal.DateOf(e.Written) != day(t, "2026-11-23") || !e.Starred {
		t.Fatalf("saved as %+v, %v", e, err)
	}

	// Not a time: a note, and the entry keeps 07:15.
	ed.clock.SetText("evening")
	if !ed.dateNote.Visible() || !strings.Contains(ed.dateNote.Text, "21:40") || !strings.Contains(ed.dateNote.Text, "07:15") {
		t.Fatalf("note %q", ed.dateNote.Text)
	}
	ed.autosaveNow()
	if e, _ := v.Get(ed.entry.ID); e.Written.Hour() != 7 {
		t.Fatalf("a half-typed time changed the entry: %v", e.Written)
	}

	// Moved to another day, the time goes with it.
	ed.clock.SetText("07:15")
	ed.date.SetText("2026-11-20")
	ed.autosaveNow()
	if e, _ := v.Get(ed.entry.ID); e.Date != day(t, "2026-11-20") || journal.DateOf(e.Written) != e.Date || e.Written.Hour() != 7 {
		t.Fatalf("moved to %v, written %v", e.Date, e.Written)
	}

	// An entry written far away keeps its zone when its time is
	// corrected, and says which clock the time is on.
	away := &journal.Entry{Date: day(t, "2026-11-19"), Title: "Away", Body: "x"}
	away.Written = away.Date.At(21, 40, away3)
	if err := v.Put(away); err != nil {
		t.Fatal(err)
	}
	u.openEntry(away.ID)
	ed.edit()
	if !ed.dateNote.Visible() || !strings.Contains(ed.dateNote.Text, journal.OffsetName(away.Written)) {
		t.Fatalf("no word of the zone: %q", ed.dateNote.Text)
	}
	ed.clock.SetText("22:10")
	ed.autosaveNow()
	e, _ = v.Get(away.ID)
	if _, off := e.Written.Zone(); e.Written.Hour() != 22 || e.Written.Minute() != 10 || off != func() int { _, o := away.Written.Zone(); return o }() {
		t.Fatalf("corrected to %v", e.Written)
	}

	// Emptied, the entry has no time.
	ed.clock.SetText("")
	ed.autosaveNow()
	if e, _ := v.Get(away.ID); !e.Written.IsZero() {
		t.Fatalf("an empty field kept %v", e.Written)
	}
}

// TestSearchFindsTheStarred: the Starred filter, and is:starred typed in
// the box, keep the starred entries only, and results say when each was
// written.
func TestSearchFindsTheStarred(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	away, _, _ := aDayOfTimes(t, v)
	u.showSection(secSearch)
	s := u.shell.search
	titles := func() []string {
		var out []string
		for _, r := range s.results {
			out = append(out, r.Entry.Title)
		}
		return out
	}
	s.starred.SetChecked(true)
	if got := titles(); strings.Join(got, "|") != "Far away" {
		t.Fatalf("starred: %q (%s)", got, s.status.Text)
	}
	if got := resultMeta(s.results[0].Entry, u.here()); got != "Sunday, 22 November 2026 · 21:40 in "+journal.OffsetName(away.Written) {
		t.Fatalf("the result says %q", got)
	}
	s.starred.SetChecked(false)
	s.query.SetText("is:starred")
	s.searchNow()
	if got := titles(); strings.Join(got, "|") != "Far away" {
		t.Fatalf("is:starred: %q", got)
	}
	s.query.SetText("sort:newest")
	s.searchNow()
	if got := titles(); strings.Join(got, "|") != "Far away|From before|At home|The day before" {
		t.Fatalf("newest first: %q", got)
	}
}

// TestADayOfTimesRenders keeps the look of a day whose entries say when
// they were written, one of them starred and written far away.
func TestADayOfTimesRenders(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	aDayOfTimes(t, v)
	s := newTimelineScreen(u)
	w := test.NewTempWindow(t, s.buildUI())
	w.Resize(fyne.NewSize(800, 600))
	s.refresh()
	w.Content().Refresh()
	test.AssertRendersToMarkup(t, "timeline/times.xml", w.Canvas())
}
