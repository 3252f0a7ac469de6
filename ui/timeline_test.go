package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/vault"
)

// fixedNow is the clock for these tests: Monday, 23 November 2026, evening.
var fixedNow = time.Date(2026, 11, 23, 20, 0, 0, 0, time.UTC)

// day parses a YYYY-MM-DD test date.
func day(t *testing.T, s string) journal.Date {
	t.Helper()
	d, err := journal.ParseDate(s)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// seedJournal imports entries as given, each created a minute after the
// one before so their order within a day is fixed.
func seedJournal(t *testing.T, v *vault.Vault, entries ...*journal.Entry) {
	t.Helper()
	for i, e := range entries {
		if e.Kind == "" {
			e.Kind = journal.KindFree
		}
		e.Created = fixedNow.Add(time.Duration(i) * time.Minute)
		e.Updated = e.Created
	}
	if err := v.Import(entries); err != nil {
		t.Fatal(err)
	}
}

// rowTexts describes the timeline's rows: "# day" for a heading, the
// title for an entry.
func rowTexts(s *timelineScreen) []string {
	var out []string
	for _, r := range s.rows {
		if r.entry == nil {
			out = append(out, "# "+longDate(r.day))
		} else {
			out = append(out, r.entry.Title)
		}
	}
	return out
}

func TestTimelineGroupsByDay(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Morning pages", Body: "one two three"},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "After the call", Kind: journal.KindCheckIn, Tags: []string{"trust", "Sam"}, Mood: 2},
		&journal.Entry{Date: day(t, "2026-11-22"), Body: "no title here"},
	)
	u.showSection(secJournal)
	s := u.shell.timeline
	want := []string{"# Sunday, 22 November 2026", "", "# Friday, 20 November 2026", "After the call", "Morning pages"}
	if got := rowTexts(s); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("rows %q, want %q", got, want)
	}
	if s.empty.Visible() {
		t.Fatal("the invitation shows over a journal with entries")
	}

	// What a row shows: the headline (never "Untitled"), the kind's icon,
	// and how it felt, its kind, tags and length.
	row := newTimelineRowTemplate()
	s.updateRow(1, row)
	body := row.(*fyne.Container).Objects[1].(*entryRow)
	if body.headline != "no title here" || body.kind != journal.KindFree {
		t.Fatalf("an untitled entry shows %q", body.headline)
	}
	s.updateRow(3, row)
	if body.meta != "feeling low · Check-in · trust, Sam · no words yet" || body.mood != 2 || body.kind != journal.KindCheckIn {
		t.Fatalf("meta line %q", body.meta)
	}
	s.updateRow(0, row)
	head := row.(*fyne.Container).Objects[0].(*fyne.Container)
	if !head.Visible() || body.Visible() || head.Objects[0].(*canvas.Text).Text != "Sunday, 22 November 2026" {
		t.Fatal("a heading row does not show just its day")
	}

	// Selecting an entry opens it.
	s.list.Select(4)
	if u.shell.current != secEditor || u.shell.editor.entry == nil || u.shell.editor.entry.Title != "Morning pages" {
		t.Fatal("selecting an entry did not open it")
	}
	// So does a click on its row, wherever on the row: the row itself
	// takes no input, so the list's item gets it.
	u.showSection(secJournal)
	tapRow(t, u, "After the call")
	if u.shell.current != secEditor || u.shell.editor.entry == nil || u.shell.editor.entry.Title != "After the call" {
		t.Fatal("clicking an entry's row did not open it")
	}
}

// tapRow clicks the entry row showing headline, low in its preview, where
// a click lands on the row's own text, as a person's would.
func tapRow(t *testing.T, u *UI, headline string) {
	t.Helper()
	var find func(o fyne.CanvasObject, at fyne.Position) bool
	find = func(o fyne.CanvasObject, at fyne.Position) bool {
		if !o.Visible() {
			return false
		}
		at = at.Add(o.Position())
		if r, ok := o.(*entryRow); ok && r.headline == headline {
			test.TapCanvas(u.win.Canvas(), at.Add(fyne.NewPos(r.Size().Width/2, r.Size().Height-8)))
			return true
		}
		var kids []fyne.CanvasObject
		switch c := o.(type) {
		case *fyne.Container:
			kids = c.Objects
		case fyne.Widget:
			kids = test.WidgetRenderer(c).Objects()
		}
		for _, k := range kids {
			if find(k, at) {
				return true
			}
		}
		return false
	}
	if !find(u.win.Content(), fyne.NewPos(0, 0)) {
		t.Fatalf("no row shows %q", headline)
	}
}

func TestTimelineTagFilter(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2026-11-18"), Title: "A", Tags: []string{"trust"}},
		&journal.Entry{Date: day(t, "2026-11-19"), Title: "B", Tags: []string{"work"}},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "C", Tags: []string{"Trust", "work"}},
	)
	u.showSection(secJournal)
	s := u.shell.timeline
	if got := strings.Join(s.tags.Options, "|"); got != "All entries|Trust|work" {
		t.Fatalf("tag choices %q", got)
	}
	s.tags.SetSelected("Trust")
	if got := strings.Join(rowTexts(s), "|"); got != "# Friday, 20 November 2026|C|# Wednesday, 18 November 2026|A" {
		t.Fatalf("with the trust tag: %q", got)
	}
	// The choice survives coming back to the screen.
	u.showSection(secToday)
	u.showSection(secJournal)
	if len(s.rows) != 4 || s.tags.Selected != "Trust" {
		t.Fatalf("the tag filter was lost: %q", rowTexts(s))
	}
	s.tags.SetSelected(allEntries())
	if len(s.rows) != 6 {
		t.Fatalf("all entries: %q", rowTexts(s))
	}
}

func TestCalendarMarksAndJumpToDay(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2026-10-05"), Title: "October"},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Friday"},
		&journal.Entry{Date: day(t, "2026-11-22"), Title: "Sunday"},
	)
	u.showSection(secJournal)
	s := u.shell.timeline
	c := s.cal
	if c.title.Text != "November 2026" {
		t.Fatalf("calendar shows %q", c.title.Text)
	}
	for d, marked := range map[string]bool{"2026-11-20": true, "2026-11-22": true, "2026-11-21": false, "2026-11-23": false} {
		if cell := c.cellFor(day(t, d)); cell == nil || cell.dot.Visible() != marked {
			t.Errorf("%s: marked should be %v", d, marked)
		}
	}
	if c.cellFor(day(t, "2026-11-23")).btn.Importance != widget.HighImportance {
		t.Error("today is not highlighted")
	}

	test.Tap(c.cellFor(day(t, "2026-11-20")).btn)
	if got := strings.Join(rowTexts(s), "|"); got != "# Friday, 20 November 2026|Friday" || !s.dayBar.Visible() {
		t.Fatalf("after tapping the 20th: %q", got)
	}
	test.Tap(c.cellFor(day(t, "2026-11-21")).btn)
	if len(s.rows) != 0 || !s.empty.Visible() || !strings.Contains(s.empty.Text, "Saturday, 21 November 2026") || s.write.Visible() {
		t.Fatalf("an empty day shows %q", s.empty.Text)
	}

	test.Tap(c.prev)
	if c.title.Text != "October 2026" || c.cellFor(day(t, "2026-10-05")) == nil || !c.cellFor(day(t, "2026-10-05")).dot.Visible() {
		t.Fatal("the month before has no mark on the 5th")
	}
	test.Tap(c.next)
	test.Tap(c.next)
	if c.title.Text != "December 2026" {
		t.Fatalf("two months on shows %q", c.title.Text)
	}

	s.onAllDays()
	if len(s.rows) != 6 || s.dayBar.Visible() {
		t.Fatalf("every day again: %q", rowTexts(s))
	}
}

func TestOnThisDayRespectsHiddenTags(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	u.showSection(secJournal)
	s := u.shell.timeline
	if s.otd.box.Visible() {
		t.Fatal("On This Day shows with nothing to show")
	}
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2024-11-23"), Title: "Two years back"},
		&journal.Entry{Date: day(t, "2025-11-23"), Title: "The hard one", Tags: []string{"Hard Day"}},
		&journal.Entry{Date: day(t, "2025-11-22"), Title: "Not this day"},
		&journal.Entry{Date: day(t, "2026-11-23"), Title: "Today itself"},
	)
	if err := v.SetPrefs(journal.Prefs{HiddenTags: []string{"hard day"}}); err != nil {
		t.Fatal(err)
	}
	u.showSection(secJournal)
	cards := s.otd.memoryCards()
	if !s.otd.box.Visible() || len(cards) != 1 {
		t.Fatalf("On This Day: visible %v, %d memories", s.otd.box.Visible(), len(cards))
	}
	if c := cards[0]; c.kicker != "2 years ago · 2024" || c.headline != "Two years back" || !c.card {
		t.Fatalf("memory %q: %q", c.kicker, c.headline)
	}
	cards[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if u.shell.current != secEditor || u.shell.editor.entry.Title != "Two years back" {
		t.Fatal("tapping a memory did not open it")
	}
}

func TestTimelineEmptyStateInvitesWriting(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.showSection(secJournal)
	s := u.shell.timeline
	if !s.empty.Visible() || !s.write.Visible() || !strings.Contains(s.empty.Text, "Whenever you are ready") {
		t.Fatalf("an empty journal shows %q", s.empty.Text)
	}
	test.Tap(s.write)
	if u.shell.current != secEditor {
		t.Fatal("Write something did not open the editor")
	}
	seedJournal(t, v, &journal.Entry{Date: journal.DateOf(u.now()), Title: "Hello"})
	u.showSection(secJournal)
	if s.empty.Visible() {
		t.Fatal("the invitation still shows with an entry")
	}
}

func TestTimelineForgetsOnLock(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2025-11-23"), Title: "PRIVATEmemory", Tags: []string{"PRIVATEtag"}},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "PRIVATEtitle"},
	)
	u.showSection(secJournal)
	s := u.shell.timeline
	s.clear()
	for _, secret := range []string{"PRIVATEmemory", "PRIVATEtag", "PRIVATEtitle"} {
		assertNoText(t, u.win.Content(), secret)
	}
	if len(s.tags.Options) != 1 || s.cal.cellFor(day(t, "2026-11-20")).dot.Visible() {
		t.Fatal("tags or calendar marks survive clear")
	}
}

// TestTimelineRenders keeps the journal's list as a person sees it at
// 900x640: short day headings, and for each entry, titled or not, its
// kind's icon, headline, facts (with the mood's dot) and two lines of
// preview; six entries fit, where the list with full-height headings and
// "Untitled" held four. Beside it, On This Day's card.
func TestTimelineRenders(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2025-11-23"), Title: "A year ago today", Body: "Rain on the window."},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Morning pages", Body: "I slept well and woke calm.", Tags: []string{"sleep"}, Mood: 4},
		&journal.Entry{Date: day(t, "2026-11-21"), Kind: journal.KindLetter, Body: "I know it was scary. You were brave, and it was never your fault.", Fields: journal.Fields{Letter: &journal.Letter{Age: 7, Opening: "Dear little one,"}}},
		&journal.Entry{Date: day(t, "2026-11-21"), Kind: journal.KindDialogue, Fields: journal.Fields{Dialogue: &journal.Dialogue{Age: 7, Turns: []journal.Turn{{Voice: journal.VoiceNow, Text: "Are you there?"}, {Voice: journal.VoiceChild, Text: "I'm hiding."}}}}},
		&journal.Entry{Date: day(t, "2026-11-22"), Title: "Before therapy", Kind: journal.KindTherapyNote, Tags: []string{"therapy"}, Fields: journal.Fields{TherapyNote: &journal.TherapyNote{Bring: "The dream about the house"}}},
		&journal.Entry{Date: day(t, "2026-11-22"), Body: "Just a few words.\nAnd a second line, **gently**."},
		&journal.Entry{Date: day(t, "2026-11-22"), Kind: journal.KindCheckIn, Mood: 2, Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: 6, Emotions: []string{"calm", "tired"}, Context: "After the call"}}},
	)
	s := newTimelineScreen(u)
	w := test.NewTempWindow(t, s.buildUI())
	w.Resize(fyne.NewSize(900, 640))
	s.refresh()
	w.Content().Refresh() // as the next frame lays out what refresh showed
	test.AssertRendersToMarkup(t, "timeline/entries.xml", w.Canvas())
}

// TestOnThisDayFollowsThePickedDay: picking a day on the calendar shows
// what was written on that day in earlier years, and showing every day
// again goes back to today's.
func TestOnThisDayFollowsThePickedDay(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow } // 23 November 2026
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2024-11-23"), Title: "Two years back"},
		&journal.Entry{Date: day(t, "2025-11-02"), Title: "A November Sunday"},
		&journal.Entry{Date: day(t, "2026-11-02"), Title: "This year's"},
	)
	u.showSection(secJournal)
	s := u.shell.timeline
	memories := func() []string {
		var out []string
		for _, c := range s.otd.memoryCards() {
			out = append(out, c.kicker+" · "+c.headline)
		}
		return out
	}
	if got := memories(); len(got) != 1 || got[0] != "2 years ago · 2024 · Two years back" {
		t.Fatalf("today's memories: %q", got)
	}
	s.onDay(day(t, "2026-11-02"))
	if got := memories(); len(got) != 1 || got[0] != "2025 · A November Sunday" {
		t.Fatalf("the picked day's memories: %q", got)
	}
	if !strings.Contains(s.otd.note.Text, "2 November") {
		t.Fatalf("the note does not name the picked day: %q", s.otd.note.Text)
	}
	s.onAllDays()
	if got := memories(); len(got) != 1 || got[0] != "2 years ago · 2024 · Two years back" {
		t.Fatalf("after showing every day: %q", got)
	}
}

// TestCalendarWeekStartsWhereThePersonLives builds the journal's calendar
// for people in several regions: a week starts on Sunday in the United
// States and on Monday in Britain and Germany, in the column heads and in
// where the first of the month falls (November 2026 starts on a Sunday).
func TestCalendarWeekStartsWhereThePersonLives(t *testing.T) {
	for _, c := range []struct {
		locale, first string
		lead          int
	}{
		{"en_US.UTF-8", "Su", 0},
		{"en_GB.UTF-8", "Mo", 6},
		{"de_DE.UTF-8", "Mo", 6},
	} {
		t.Run(c.locale, func(t *testing.T) {
			t.Setenv("LC_ALL", c.locale)
			u, _ := newUnlockedUI(t)
			u.now = func() time.Time { return fixedNow }
			u.showSection(secJournal)
			cal := u.shell.timeline.cal
			grid := cal.box.Objects[1].(*fyne.Container)
			if got := grid.Objects[0].(*widget.Label).Text; got != c.first {
				t.Errorf("the first column is headed %q, want %q", got, c.first)
			}
			for i := range c.lead {
				if cal.cells[i].btn.Visible() {
					t.Errorf("place %d before the first of November shows %q", i, cal.cells[i].btn.Text)
				}
			}
			if first := cal.cells[c.lead].btn; !first.Visible() || first.Text != "1" {
				t.Errorf("place %d is %q, want the first of November", c.lead, first.Text)
			}
		})
	}
}
