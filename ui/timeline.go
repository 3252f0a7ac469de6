package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

// timelineRow is one line of the journal list: a day's heading when entry
// is nil, otherwise an entry under its day.
type timelineRow struct {
	day   journal.Date
	entry *journal.Entry
}

// timelineScreen lists the journal by day, newest first and each day in
// the order it was written, with a calendar to jump to a day, a tag
// filter, a filter for the starred entries and On This Day. The list is virtualised over
// flat rows, so ten thousand entries cost a few widgets, not thousands; it
// shows summaries only and never reads a body. A day's heading is a short
// row of its own, so a window holds several entries under it.
type timelineScreen struct {
	u    *UI
	rows []timelineRow
	list *widget.List
	// listBox holds the list; a new list takes the old one's place when
	// the days' headings move (see load).
	listBox *fyne.Container

	// empty invites writing when there is nothing to show.
	empty    *widget.Label
	write    *widget.Button
	showAll  *widget.Button
	emptyBox *fyne.Container

	// heading is "Journal", or the name of the one journal shown.
	heading *widget.Label
	tags    *widget.Select
	tag     string // the tag chosen; empty shows every entry
	// starred shows only the entries with a star.
	starred *widget.Check
	day     journal.Date // the day picked on the calendar; zero shows every day
	dayNote *widget.Label
	dayBar  *fyne.Container
	cal     *calendar

	// otd is On This Day, under the calendar; its note says which day it
	// is about: today, or the day picked on the calendar.
	otd *memoriesView
	// root is the screen, laid out again when the row of the day picked
	// shows or hides.
	root *fyne.Container
	// upgradeWait is the vault whose upgrade of older summaries the
	// screen waits for, to list again with their headlines; stale is set
	// while an entry listed has none yet.
	upgradeWait *vault.Vault
	stale       bool

	// loading is set while the screen fills its own widgets, so that is
	// not taken for a choice the person made.
	loading bool
}

// allEntries is the tag filter's first choice.
func allEntries() string { return i18n.L("All entries") }

func newTimelineScreen(u *UI) *timelineScreen {
	s := &timelineScreen{u: u}
	s.list = s.newList()
	s.listBox = container.NewStack(s.list)

	s.empty = paragraph("")
	s.write = &widget.Button{Text: i18n.L("Write something"), Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance, OnTapped: func() { s.u.newEntry(journal.KindFree) }}
	s.showAll = &widget.Button{Text: i18n.L("Show every entry"), OnTapped: s.onShowAll}
	s.emptyBox = container.NewVBox(s.empty, container.NewCenter(container.NewHBox(s.write, s.showAll)))

	s.tags = widget.NewSelect([]string{allEntries()}, nil)
	s.tags.SetSelectedIndex(0)
	s.tags.OnChanged = func(string) { s.onFilter() }
	s.starred = widget.NewCheck(i18n.L("Starred"), func(bool) { s.onFilter() })
	s.dayNote = &widget.Label{}
	s.dayBar = container.NewHBox(s.dayNote, &widget.Button{Text: i18n.L("Show every day"), Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: s.onAllDays})
	s.dayBar.Hide()
	s.cal = newCalendar(s.daysWithEntries, s.onDay)

	s.otd = newMemoriesView(&widget.Label{Text: i18n.L("On this day"), TextStyle: fyne.TextStyle{Bold: true}}, func(id journal.ID) { s.u.openEntry(id) })
	s.setEmpty()
	return s
}

// newList makes the journal's list over the screen's rows.
func (s *timelineScreen) newList() *widget.List {
	l := widget.NewList(func() int { return len(s.rows) }, newTimelineRowTemplate, s.updateRow)
	l.HideSeparators = true
	l.OnSelected = s.onSelected
	return l
}

func (s *timelineScreen) buildUI() fyne.CanvasObject {
	// The day picked has a row of its own under the tag filter: beside it,
	// at the largest text, the two did not fit in an 800 px window.
	s.heading = journalHeading(i18n.L("Journal"))
	top := container.NewPadded(container.NewVBox(s.heading, container.NewHBox(s.tags, s.starred), s.dayBar))
	side := container.NewVScroll(container.NewPadded(container.NewVBox(s.cal, s.otd.box)))
	// The invitation sits in the upper part of the list's place, where the
	// eye lands, rather than in the middle of a large window.
	invite := container.NewVBox(layout.NewSpacer(), container.New(columnLayout{max: 460}, s.emptyBox), layout.NewSpacer(), layout.NewSpacer())
	s.root = container.NewBorder(top, nil, nil, side, container.NewStack(s.listBox, invite))
	return s.root
}

// newTimelineRowTemplate makes the one widget a list row reuses for both
// kinds of row: a day's heading, or an entry (see entryRow).
func newTimelineRowTemplate() fyne.CanvasObject {
	return container.NewStack(newDayHeading(), newEntryRow())
}

// newDayHeading is a day's heading in the journal: one line of bold text
// in the quiet colour, with a little room above it to part it from the
// day before. It is a row of its own, much shorter than an entry's.
func newDayHeading() *fyne.Container {
	day := canvas.NewText("", theme.Color(theme.ColorNamePlaceHolder))
	day.TextStyle.Bold = true
	day.TextSize = theme.TextSize()
	ip := theme.InnerPadding()
	return container.New(layout.NewCustomPaddedLayout(ip, 0, ip, ip), day)
}

// dayHeadingHeight is the height of a day's row.
func dayHeadingHeight() float32 { return newDayHeading().MinSize().Height }

func (s *timelineScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.rows) {
		return
	}
	r := s.rows[i]
	parts := o.(*fyne.Container).Objects
	head, row := parts[0].(*fyne.Container), parts[1].(*entryRow)
	if r.entry == nil {
		t := head.Objects[0].(*canvas.Text)
		t.Text = longDate(r.day)
		t.Color = theme.Color(theme.ColorNamePlaceHolder)
		t.TextSize = theme.TextSize()
		t.Refresh()
		head.Show()
		row.Hide()
		return
	}
	row.setEntry(r.entry, s.u.withJournal(r.entry, entryMeta(r.entry, s.u.here())))
	head.Hide()
	row.Show()
}

func (s *timelineScreen) onSelected(i widget.ListItemID) {
	s.list.UnselectAll()
	if i < len(s.rows) && s.rows[i].entry != nil {
		s.u.openEntry(s.rows[i].entry.ID)
	}
}

func (s *timelineScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	// With one journal chosen, the page is headed by its name.
	title := i18n.L("Journal")
	if sh := s.u.shell; sh != nil && sh.journals != nil {
		if n := sh.journals.name(); n != "" {
			title = shorten(n, 40)
		}
	}
	s.heading.SetText(title)
	today := journal.DateOf(s.u.now())
	s.loadTags(v)
	s.cal.setToday(today)
	s.loadOnThisDay(v)
	// Coming back from an entry keeps the place in the list.
	s.load(false)
	s.waitForHeadlines(v)
}

// waitForHeadlines lists again once the vault has given the summaries an
// earlier Tend saved their headlines: until then such entries show their
// kind.
func (s *timelineScreen) waitForHeadlines(v *vault.Vault) {
	if s.upgradeWait == v || s.u.inline {
		return
	}
	s.upgradeWait = v
	go func() {
		<-v.UpgradeDone()
		fyne.Do(func() {
			if s.u.vault() == v && s.upgradeWait == v && (s.stale || s.otd.stale()) {
				s.load(false)
				s.loadOnThisDay(v)
			}
		})
	}()
}

// loadTags offers the tags in use, keeping the one chosen while it is
// still in use.
func (s *timelineScreen) loadTags(v *vault.Vault) {
	counts, _ := v.Tags()
	opts := make([]string, 0, len(counts)+1)
	opts = append(opts, allEntries())
	keep := 0
	for _, c := range counts {
		if strings.EqualFold(c.Tag, s.tag) {
			keep = len(opts)
		}
		opts = append(opts, c.Tag)
	}
	s.loading = true
	s.tags.SetOptions(opts)
	s.tags.SetSelectedIndex(keep)
	s.loading = false
	if keep == 0 {
		s.tag = ""
	}
}

// loadOnThisDay shows entries from this day in earlier years, leaving out
// the tags the person asked never to bring back. The day is the one picked
// on the calendar, or today.
func (s *timelineScreen) loadOnThisDay(v *vault.Vault) {
	today := journal.DateOf(s.u.now())
	day := today
	s.otd.note.SetText(i18n.L("What you wrote on this day in earlier years."))
	if !s.day.IsZero() && s.day != today {
		day = s.day
		s.otd.note.SetText(i18n.L("What you wrote on {{.Day}} in the years before {{.Year}}.", i18n.Data{"Day": i18n.Date(day.Time(), "2 January"), "Year": day.Year}))
	}
	// Without the hidden tags, a memory the person shut away could come
	// back: the view shows none rather than risk it.
	prefs, err := v.Prefs()
	s.otd.load(v, prefs, err == nil, day, today, s.u.inView())
}

// load lists the entries the filters allow and groups them by day, going
// back to the top when toTop is set, as after a change of filter.
//
// A day's heading is shorter than an entry, and Fyne's list learns the
// height of each such row one at a time, laying itself out again for each;
// for a journal of thousands of days that took seconds. So when the
// headings move, a new list, not yet drawn, learns them all at once and
// takes the old one's place, at the same scroll offset; when they stay
// where they were, the list is only drawn again.
func (s *timelineScreen) load(toTop bool) {
	v := s.u.vault()
	if v == nil {
		return
	}
	q := vault.ListQuery{Tag: s.tag, From: s.day, To: s.day, Starred: s.starred.Checked, Journals: s.u.inView()}
	list, _ := v.List(q)
	rows := groupByDay(list)
	s.stale = false
	for _, e := range list {
		if e.Headline == "" {
			s.stale = true
			break
		}
	}
	same := sameShape(s.rows, rows)
	s.rows = rows
	s.setEmpty()
	if same {
		if toTop {
			s.list.ScrollToOffset(0)
		}
		s.list.Refresh()
		return
	}
	offset := s.list.GetScrollOffset()
	l := s.newList()
	h := dayHeadingHeight()
	for i, r := range rows {
		if r.entry == nil {
			l.SetItemHeight(i, h)
		}
	}
	s.list = l
	s.listBox.Objects = []fyne.CanvasObject{l}
	s.listBox.Refresh()
	if !toTop && offset > 0 {
		l.ScrollToOffset(offset)
	}
}

// sameShape reports whether two lists of rows have their days' headings
// in the same places.
func sameShape(a, b []timelineRow) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if (a[i].entry == nil) != (b[i].entry == nil) {
			return false
		}
	}
	return true
}

// groupByDay turns a newest-first list into rows: each day's heading, then
// its entries.
func groupByDay(list []*journal.Entry) []timelineRow {
	rows := make([]timelineRow, 0, len(list)+len(list)/2)
	var last journal.Date
	for _, e := range list {
		if e.Date != last || len(rows) == 0 {
			rows = append(rows, timelineRow{day: e.Date})
			last = e.Date
		}
		rows = append(rows, timelineRow{day: e.Date, entry: e})
	}
	return rows
}

// setEmpty shows the invitation when there are no rows, worded for why.
func (s *timelineScreen) setEmpty() {
	filtered := s.tag != "" || !s.day.IsZero() || s.starred.Checked
	switch {
	case len(s.rows) > 0:
	case !filtered:
		s.empty.SetText(i18n.L("Nothing written yet. Whenever you are ready, start with a line or two."))
	case s.starred.Checked && s.tag == "" && s.day.IsZero():
		s.empty.SetText(i18n.L("No entry has a star yet. The star on an entry's page keeps it here, to find again."))
	case s.starred.Checked:
		s.empty.SetText(i18n.L("No starred entry here."))
	case s.day.IsZero():
		s.empty.SetText(i18n.L("Nothing here with this tag."))
	case s.tag == "":
		s.empty.SetText(i18n.L("Nothing written on {{.Day}}.", i18n.Data{"Day": dayInSentence(s.day)}))
	default:
		s.empty.SetText(i18n.L("Nothing with this tag on {{.Day}}.", i18n.Data{"Day": dayInSentence(s.day)}))
	}
	show := len(s.rows) == 0 && s.u.vault() != nil
	s.empty.Hidden = !show
	s.emptyBox.Hidden = !show
	s.write.Hidden = filtered
	s.showAll.Hidden = !filtered
	s.emptyBox.Refresh()
}

// daysWithEntries gives the calendar its marks.
func (s *timelineScreen) daysWithEntries(from, to journal.Date) map[journal.Date]int {
	v := s.u.vault()
	if v == nil {
		return nil
	}
	m, _ := v.DaysWithEntries(from, to, s.u.inView())
	return m
}

// onDay shows only the day picked on the calendar.
func (s *timelineScreen) onDay(d journal.Date) {
	s.u.touch()
	s.day = d
	s.dayNote.SetText(longDate(d))
	s.dayBar.Show()
	s.relayout()
	s.load(true)
	if v := s.u.vault(); v != nil {
		s.loadOnThisDay(v)
	}
}

// relayout lays the screen out again after the top changed height.
func (s *timelineScreen) relayout() {
	if s.root != nil {
		s.root.Refresh()
	}
}

// onAllDays goes back from one day to the whole journal.
func (s *timelineScreen) onAllDays() {
	s.u.touch()
	s.day = journal.Date{}
	s.dayBar.Hide()
	s.relayout()
	s.cal.pick(journal.Date{})
	s.load(true)
	if v := s.u.vault(); v != nil {
		s.loadOnThisDay(v)
	}
}

// onFilter lists again for the tag chosen and the star.
func (s *timelineScreen) onFilter() {
	if s.loading {
		return
	}
	s.u.touch()
	s.tag = ""
	if s.tags.SelectedIndex() > 0 {
		s.tag = s.tags.Selected
	}
	s.load(true)
}

// onShowAll drops every filter.
func (s *timelineScreen) onShowAll() {
	s.loading = true
	s.tags.SetSelectedIndex(0)
	s.starred.SetChecked(false)
	s.loading = false
	s.tag = ""
	s.onAllDays()
}

func (s *timelineScreen) clear() {
	s.rows = nil
	s.upgradeWait = nil
	s.list = s.newList()
	s.listBox.Objects = []fyne.CanvasObject{s.list}
	s.listBox.Refresh()
	s.loading = true
	s.tags.SetOptions([]string{allEntries()})
	s.tags.SetSelectedIndex(0)
	s.starred.SetChecked(false)
	s.loading = false
	s.tag = ""
	s.day = journal.Date{}
	s.dayNote.SetText("")
	s.dayBar.Hide()
	s.cal.clear()
	s.otd.clear()
	s.empty.Hide()
	s.emptyBox.Hide()
}

// longDate writes a day as a person reads it on its own: Monday, 23
// November 2026.
func longDate(d journal.Date) string { return i18n.Capital(dayInSentence(d)) }

// dayInSentence writes a day as longDate does, for the middle of a
// sentence, where Spanish writes the weekday small.
func dayInSentence(d journal.Date) string { return i18n.Date(d.Time(), "Monday, 2 January 2006") }

// moodName names a mood from 1 to 5 in the window's language, as the
// editor's words for moods do in English.
func moodName(m journal.Mood) string {
	switch m {
	case 1:
		return i18n.X("mood.verylow", "Very low")
	case 2:
		return i18n.X("mood.low", "Low")
	case 3:
		return i18n.X("mood.okay", "Okay")
	case 4:
		return i18n.X("mood.good", "Good")
	case 5:
		return i18n.X("mood.verygood", "Very good")
	}
	return ""
}

// entryMeta is the quiet line of facts beside an entry's headline: the
// time it was written, how it felt (beside the mood's dot), its kind when
// the headline does not say it (free writing goes unsaid, being the
// usual), its tags and length. Summaries carry all of it, so the list
// never reads a body. here is the zone of the person's clock.
func entryMeta(e *journal.Entry, here *time.Location) string {
	var parts []string
	if at := entryClock(e, here); at != "" {
		parts = append(parts, at)
	}
	if e.Mood > 0 && e.Mood <= journal.MaxMood {
		// The editor's words for moods, so a mood reads the same everywhere.
		parts = append(parts, i18n.L("feeling {{.Mood}}", i18n.Data{"Mood": strings.ToLower(moodName(e.Mood))}))
	}
	if e.Kind != journal.KindFree && e.Kind != "" && !kindSaid(e) {
		parts = append(parts, say.Kind(e.Kind))
	}
	if len(e.Tags) > 0 {
		parts = append(parts, strings.Join(e.Tags, ", "))
	}
	if e.Words == 0 {
		parts = append(parts, i18n.L("no words yet"))
	} else {
		parts = append(parts, i18n.N("{{.Count}} words", e.Words))
	}
	return strings.Join(parts, " · ")
}

// goTo shows day d, picked on the calendar, as a click on it would.
func (s *timelineScreen) goTo(d journal.Date) {
	s.cal.pick(d)
	s.onDay(d)
}
