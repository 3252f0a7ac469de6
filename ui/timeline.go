package ui

import (
	"fmt"
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/vault"
)

// maxMemories is how many On This Day entries are listed before the rest
// are only counted: it is a gentle look back, not a second journal.
const maxMemories = 5

// timelineRow is one line of the journal list: a day's heading when entry
// is nil, otherwise an entry under its day.
type timelineRow struct {
	day   journal.Date
	entry *journal.Entry
}

// timelineScreen lists the journal by day, newest first, with a calendar to
// jump to a day, a tag filter and On This Day. The list is virtualised over
// flat rows, so ten thousand entries cost a few widgets, not thousands; it
// shows summaries only and never reads a body.
type timelineScreen struct {
	u    *UI
	rows []timelineRow
	list *widget.List

	// empty invites writing when there is nothing to show.
	empty    *widget.Label
	write    *widget.Button
	showAll  *widget.Button
	emptyBox *fyne.Container

	tags    *widget.Select
	tag     string       // the tag chosen; empty shows every entry
	day     journal.Date // the day picked on the calendar; zero shows every day
	dayNote *widget.Label
	dayBar  *fyne.Container
	cal     *calendar

	memories  *fyne.Container
	onThisDay *fyne.Container
	// root is the screen, laid out again when the row of the day picked
	// shows or hides.
	root *fyne.Container
	// memoriesNote says which day On This Day is about: today, or the day
	// picked on the calendar.
	memoriesNote *widget.Label

	// loading is set while the screen fills its own widgets, so that is
	// not taken for a choice the person made.
	loading bool
}

// allEntries is the tag filter's first choice.
const allEntries = "All entries"

func newTimelineScreen(u *UI) *timelineScreen {
	s := &timelineScreen{u: u}
	s.list = widget.NewList(func() int { return len(s.rows) }, newTimelineRowTemplate, s.updateRow)
	s.list.HideSeparators = true
	s.list.OnSelected = s.onSelected

	s.empty = paragraph("")
	s.write = &widget.Button{Text: "Write something", Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance, OnTapped: func() { s.u.newEntry(journal.KindFree) }}
	s.showAll = &widget.Button{Text: "Show every entry", OnTapped: s.onShowAll}
	s.emptyBox = container.NewVBox(s.empty, container.NewCenter(container.NewHBox(s.write, s.showAll)))

	s.tags = widget.NewSelect([]string{allEntries}, nil)
	s.tags.SetSelectedIndex(0)
	s.tags.OnChanged = func(string) { s.onTag() }
	s.dayNote = &widget.Label{}
	s.dayBar = container.NewHBox(s.dayNote, &widget.Button{Text: "Show every day", Icon: theme.CancelIcon(), Importance: widget.LowImportance, OnTapped: s.onAllDays})
	s.dayBar.Hide()
	s.cal = newCalendar(s.daysWithEntries, s.onDay)

	s.memories = container.NewVBox()
	s.memoriesNote = note("")
	s.onThisDay = container.NewVBox(
		widget.NewSeparator(),
		&widget.Label{Text: "On this day", TextStyle: fyne.TextStyle{Bold: true}},
		s.memoriesNote,
		s.memories,
	)
	s.onThisDay.Hide()
	s.setEmpty()
	return s
}

func (s *timelineScreen) buildUI() fyne.CanvasObject {
	// The day picked has a row of its own under the tag filter: beside it,
	// at the largest text, the two did not fit in an 800 px window.
	top := container.NewPadded(container.NewVBox(sectionHeading("Journal"), container.NewHBox(s.tags), s.dayBar))
	side := container.NewVScroll(container.NewPadded(container.NewVBox(s.cal, s.onThisDay)))
	// The invitation sits in the upper part of the list's place, where the
	// eye lands, rather than in the middle of a large window.
	invite := container.NewVBox(layout.NewSpacer(), container.New(columnLayout{max: 460}, s.emptyBox), layout.NewSpacer(), layout.NewSpacer())
	s.root = container.NewBorder(top, nil, nil, side, container.NewStack(s.list, invite))
	return s.root
}

// newTimelineRowTemplate makes the one widget a list row reuses for both
// kinds of row: a day's heading, or an entry's title with a quiet line of
// its kind, length, tags and mood under it.
func newTimelineRowTemplate() fyne.CanvasObject {
	day := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText, Truncation: fyne.TextTruncateEllipsis}
	title := &widget.Label{Truncation: fyne.TextTruncateEllipsis}
	meta := &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Truncation: fyne.TextTruncateEllipsis}
	// A heading sits at the bottom of its row, so the space above it
	// separates one day from the one before.
	return container.NewStack(container.NewBorder(nil, day, nil, nil), container.NewVBox(title, meta))
}

func (s *timelineScreen) updateRow(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.rows) {
		return
	}
	r := s.rows[i]
	parts := o.(*fyne.Container).Objects
	head, body := parts[0].(*fyne.Container), parts[1].(*fyne.Container)
	if r.entry == nil {
		head.Objects[0].(*widget.Label).SetText(longDate(r.day))
		head.Show()
		body.Hide()
		return
	}
	body.Objects[0].(*widget.Label).SetText(entryTitle(r.entry))
	body.Objects[1].(*widget.Label).SetText(entryMeta(r.entry))
	head.Hide()
	body.Show()
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
	today := journal.DateOf(s.u.now())
	s.loadTags(v)
	s.cal.setToday(today)
	s.loadOnThisDay(v)
	// Coming back from an entry keeps the place in the list.
	s.load(false)
}

// loadTags offers the tags in use, keeping the one chosen while it is
// still in use.
func (s *timelineScreen) loadTags(v *vault.Vault) {
	counts, _ := v.Tags()
	opts := make([]string, 0, len(counts)+1)
	opts = append(opts, allEntries)
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
	s.memoriesNote.SetText("What you wrote on this day in earlier years.")
	if !s.day.IsZero() && s.day != today {
		day = s.day
		s.memoriesNote.SetText(fmt.Sprintf("What you wrote on %s in the years before %d.", day.Time().Format("2 January"), day.Year))
	}
	s.memories.RemoveAll()
	s.onThisDay.Hide()
	prefs, err := v.Prefs()
	if err != nil {
		// Without the hidden tags, a memory the person shut away could
		// come back: show none rather than risk it.
		return
	}
	list, err := v.OnThisDay(day, prefs.HiddenTags)
	if err != nil || len(list) == 0 {
		return
	}
	for i, e := range list {
		if i == maxMemories {
			s.memories.Add(note(fmt.Sprintf("and %d more from this day", len(list)-maxMemories)))
			break
		}
		id := e.ID
		when := yearsAgo(today.Year - e.Date.Year)
		if day != today {
			when = strconv.Itoa(e.Date.Year)
		}
		text := when + " · " + entryTitle(e)
		// A link rather than a button: it can shorten a long title, so the
		// column stays as narrow as the calendar.
		s.memories.Add(&widget.Hyperlink{Text: text, Truncation: fyne.TextTruncateEllipsis, OnTapped: func() { s.u.openEntry(id) }})
	}
	s.onThisDay.Show()
}

// load lists the entries the filters allow and groups them by day, going
// back to the top when toTop is set, as after a change of filter.
func (s *timelineScreen) load(toTop bool) {
	v := s.u.vault()
	if v == nil {
		return
	}
	q := vault.ListQuery{Tag: s.tag, From: s.day, To: s.day}
	list, _ := v.List(q)
	s.rows = groupByDay(list)
	s.setEmpty()
	if toTop {
		s.list.ScrollToOffset(0)
	}
	s.list.Refresh()
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
	filtered := s.tag != "" || !s.day.IsZero()
	switch {
	case len(s.rows) > 0:
	case !filtered:
		s.empty.SetText("Nothing written yet. Whenever you are ready, start with a line or two.")
	case s.day.IsZero():
		s.empty.SetText("Nothing here with this tag.")
	case s.tag == "":
		s.empty.SetText("Nothing written on " + longDate(s.day) + ".")
	default:
		s.empty.SetText("Nothing with this tag on " + longDate(s.day) + ".")
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
	m, _ := v.DaysWithEntries(from, to)
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

func (s *timelineScreen) onTag() {
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
	s.loading = false
	s.tag = ""
	s.onAllDays()
}

func (s *timelineScreen) clear() {
	s.rows = nil
	s.list.Refresh()
	s.loading = true
	s.tags.SetOptions([]string{allEntries})
	s.tags.SetSelectedIndex(0)
	s.loading = false
	s.tag = ""
	s.day = journal.Date{}
	s.dayNote.SetText("")
	s.dayBar.Hide()
	s.cal.clear()
	s.memories.RemoveAll()
	s.onThisDay.Hide()
	s.empty.Hide()
	s.emptyBox.Hide()
}

// entryTitle is an entry's title, or a gentle stand-in.
func entryTitle(e *journal.Entry) string {
	if e.Title != "" {
		return e.Title
	}
	return "Untitled"
}

// longDate writes a day as a person reads it: Monday, 23 November 2026.
func longDate(d journal.Date) string { return d.Time().Format("Monday, 2 January 2006") }

// readableKind names a kind of entry in plain words.
func readableKind(k journal.Kind) string {
	switch k {
	case journal.KindFree:
		return "Free writing"
	case journal.KindPrompted:
		return "Guided prompt"
	case journal.KindLetter:
		return "Letter to my younger self"
	case journal.KindDialogue:
		return "Inner-child dialogue"
	case journal.KindCheckIn:
		return "Check-in"
	case journal.KindConversation:
		return "Conversation plan"
	case journal.KindWordsActions:
		return "Words and actions"
	case journal.KindIncident:
		return "Breach of trust"
	case journal.KindTherapyNote:
		return "Therapy note"
	}
	return string(k)
}

// entryMeta is the quiet line under an entry's title: its kind (free
// writing goes unsaid, being the usual), length, tags and mood. Summaries
// carry all of it, so the list never reads a body.
func entryMeta(e *journal.Entry) string {
	var parts []string
	if e.Kind != journal.KindFree && e.Kind != "" {
		parts = append(parts, readableKind(e.Kind))
	}
	switch e.Words {
	case 0:
		parts = append(parts, "no words yet")
	case 1:
		parts = append(parts, "1 word")
	default:
		parts = append(parts, strconv.Itoa(e.Words)+" words")
	}
	if len(e.Tags) > 0 {
		parts = append(parts, strings.Join(e.Tags, ", "))
	}
	if e.Mood > 0 && int(e.Mood) < len(moodWords) {
		// The editor's words for moods, so a mood reads the same everywhere.
		parts = append(parts, "feeling "+strings.ToLower(moodWords[e.Mood]))
	}
	return strings.Join(parts, " · ")
}

// yearsAgo says how long ago, for On This Day.
func yearsAgo(n int) string {
	if n == 1 {
		return "A year ago"
	}
	return strconv.Itoa(n) + " years ago"
}
