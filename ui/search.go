package ui

import (
	"errors"
	"image/color"
	"strconv"
	"strings"
	"time"
	"unicode"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/search"
	"tend/vault"
)

const (
	// searchDelay is how long typing pauses before the search runs, so
	// each key press does not start a search of its own.
	searchDelay = 250 * time.Millisecond
	// indexPoll is how often the screen looks at the index while it is
	// getting ready.
	indexPoll = 300 * time.Millisecond
	// searchPage is how many results are listed, in the order chosen;
	// more words or a filter narrow the rest.
	searchPage = 100
)

// anyTag() and anyKind() are the filters' first choices, which filter nothing.
func anyTag() string  { return i18n.L("Any tag") }
func anyKind() string { return i18n.L("Any kind") }

// sortChoices() are the orders of the results, the first the default: a
// search is most often for the entry about something, and among equal
// matches the newest still comes first.
func sortChoices() []string { return []string{i18n.L("Best match"), i18n.L("Newest")} }

// searchScreen finds entries by their words as the person types, with
// filters for tag, kind, dates and the star that combine with what is
// typed.
type searchScreen struct {
	u     *UI
	query *widget.Entry
	sort  *widget.Select
	tag   *widget.Select
	kind  *widget.Select
	from  *widget.Entry
	to    *widget.Entry
	// starred keeps only the entries with a star, as is:starred does.
	starred *widget.Check
	// book chooses the journals to look in.
	book   *journalFilter
	status *widget.Label

	results []vault.Result
	list    *widget.List
	// shownFor is the key of the search whose results are listed.
	shownFor string

	// timer runs the search once typing pauses. Headless tests run
	// without it and call searchNow: a timer's fyne.Do would run on the
	// timer's goroutine there, racing the test.
	timer *time.Timer
	// waiting is set while the screen waits for the index to get ready;
	// stopTicker ends the poll that watches it.
	waiting    bool
	stopTicker func()
	// loading is set while the screen fills its own widgets.
	loading bool
}

func newSearchScreen(u *UI) *searchScreen {
	s := &searchScreen{u: u}
	s.query = widget.NewEntry()
	s.query.SetPlaceHolder(i18n.L("Search your journal"))
	s.query.OnChanged = func(string) { s.onChanged() }
	s.query.OnSubmitted = func(string) { s.onSubmitted() }

	// The first choices are set before the handlers, which would search.
	s.sort = widget.NewSelect(sortChoices(), nil)
	s.sort.SetSelectedIndex(0)
	s.sort.OnChanged = func(string) { s.onFilter() }
	s.tag = widget.NewSelect([]string{anyTag()}, nil)
	s.tag.SetSelectedIndex(0)
	s.tag.OnChanged = func(string) { s.onFilter() }
	kinds := []string{anyKind()}
	for _, k := range journal.Kinds {
		kinds = append(kinds, say.Kind(k))
	}
	s.kind = widget.NewSelect(kinds, nil)
	s.kind.SetSelectedIndex(0)
	s.kind.OnChanged = func(string) { s.onFilter() }
	s.from = widget.NewEntry()
	s.from.SetPlaceHolder(i18n.L("From, like 2026-01-31"))
	s.from.OnChanged = func(string) { s.onChanged() }
	s.from.OnSubmitted = func(string) { s.onFilter() }
	s.to = widget.NewEntry()
	s.to.SetPlaceHolder(i18n.L("To, like 2026-12-31"))
	s.to.OnChanged = func(string) { s.onChanged() }
	s.to.OnSubmitted = func(string) { s.onFilter() }
	s.starred = widget.NewCheck(i18n.L("Starred"), func(bool) { s.onFilter() })
	s.book = newJournalFilter(s.onFilter)
	s.status = note("")

	s.list = widget.NewList(func() int { return len(s.results) }, newResultTemplate, s.updateResult)
	s.list.OnSelected = func(i widget.ListItemID) {
		s.list.UnselectAll()
		if i < len(s.results) {
			s.u.openEntry(s.results[i].Entry.ID)
		}
	}
	return s
}

func (s *searchScreen) buildUI() fyne.CanvasObject {
	filters := container.NewGridWithColumns(2, s.tag, s.kind, s.from, s.to, s.book.sel)
	top := container.NewVBox(sectionHeading(i18n.L("Search")), container.NewBorder(nil, nil, nil, container.NewHBox(s.starred, s.sort), s.query), filters, s.status)
	return container.NewBorder(container.NewPadded(top), nil, nil, nil, s.list)
}

// newResultTemplate makes a result row: the kind's icon, the headline,
// the day (with the mood's dot) and two lines of the text around the match
// with the matched words in bold, or of the entry's preview.
func newResultTemplate() fyne.CanvasObject {
	title := &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	meta := &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
	d := theme.CaptionTextSize() * 0.7
	dot := canvas.NewCircle(color.Transparent)
	dot.Resize(fyne.NewSize(d, d))
	icon := widget.NewIcon(nil)
	snippet := widget.NewRichText()
	snippet.Wrapping = fyne.TextWrapWord
	// The row is two lines of text tall whatever the snippet's length; the
	// snippet wraps within them and is cut below. Fyne's own ellipsis
	// can't be used: it drops the runs after the first on a line.
	tall := widget.NewRichTextWithText("Two\nlines").MinSize().Height
	star := container.NewGridWrap(fyne.NewSize(theme.CaptionTextSize()*1.3, theme.CaptionTextSize()*1.3), canvas.NewImageFromResource(starIcon()))
	facts := container.NewHBox(container.NewCenter(star), container.NewCenter(container.NewGridWrap(fyne.NewSize(d, d), dot)), meta)
	// The icon stands beside the headline, and the snippet lines up under
	// the headline, not under the icon.
	top := (title.MinSize().Height - theme.IconInlineSize()) / 2
	iconBox := container.NewVBox(container.New(layout.NewCustomPaddedLayout(top, 0, theme.InnerPadding(), 0), icon))
	text := container.NewVBox(container.NewBorder(nil, nil, nil, facts, title), container.New(minHeight{tall}, container.NewClip(snippet)))
	return container.NewBorder(nil, nil, iconBox, nil, text)
}

func (s *searchScreen) updateResult(i widget.ListItemID, o fyne.CanvasObject) {
	if i >= len(s.results) {
		return
	}
	r := s.results[i]
	row := o.(*fyne.Container).Objects
	row[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*widget.Icon).SetResource(kindIcon(r.Entry.Kind))
	rows := row[0].(*fyne.Container).Objects
	head := rows[0].(*fyne.Container)
	head.Objects[0].(*widget.Label).SetText(say.Headline(r.Entry))
	facts := head.Objects[1].(*fyne.Container)
	setVisible(facts.Objects[0], r.Entry.Starred)
	dot := facts.Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*canvas.Circle)
	dot.FillColor = moodColor(r.Entry.Mood, fyne.CurrentApp().Settings().ThemeVariant())
	dot.Refresh()
	setVisible(facts.Objects[1], r.Entry.Mood > 0)
	facts.Objects[2].(*widget.Label).SetText(s.u.withJournal(r.Entry, resultMeta(r.Entry, s.u.here())))
	head.Refresh() // lay out again: the day's width changed
	snip := rows[1].(*fyne.Container).Objects[0].(*container.Clip).Content.(*widget.RichText)
	if r.Snippet != "" {
		snip.Segments = snippetSegments(r.Snippet, r.Marks)
	} else {
		// Nothing matched in the text (a filter alone, or the title):
		// the entry's own preview.
		snip.Segments = snippetSegments(say.Preview(r.Entry), nil)
	}
	snip.Refresh()
}

// resultMeta is the quiet line beside a result's headline: how it felt,
// its kind when the headline does not say it, its day and the time it was
// written.
func resultMeta(e *journal.Entry, here *time.Location) string {
	var parts []string
	if e.Mood > 0 && e.Mood <= journal.MaxMood {
		parts = append(parts, i18n.L("feeling {{.Mood}}", i18n.Data{"Mood": strings.ToLower(moodName(e.Mood))}))
	}
	if e.Kind != journal.KindFree && e.Kind != "" && !kindSaid(e) {
		parts = append(parts, say.Kind(e.Kind))
	}
	return strings.Join(append(parts, dayAndClock(longDate(e.Date), e, here)), " · ")
}

// snippetSegments splits a snippet into plain and bold runs, bold over the
// marked byte ranges. Marks out of order, overlapping or out of range are
// tolerated: a highlight is never worth a crash.
func snippetSegments(text string, marks [][2]int) []widget.RichTextSegment {
	var segs []widget.RichTextSegment
	add := func(t string, bold bool) {
		if t == "" {
			return
		}
		style := widget.RichTextStyleInline
		if bold {
			style = widget.RichTextStyleStrong
		}
		segs = append(segs, &widget.TextSegment{Text: t, Style: style})
	}
	at := 0
	for _, m := range marks {
		start, end := max(m[0], at), min(m[1], len(text))
		if start >= end {
			continue
		}
		add(text[at:start], false)
		add(text[start:end], true)
		at = end
	}
	add(text[at:], false)
	return segs
}

func (s *searchScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	counts, _ := v.Tags()
	opts := []string{anyTag()}
	keep := 0
	for _, c := range counts {
		if s.tag.SelectedIndex() > 0 && c.Tag == s.tag.Selected {
			keep = len(opts)
		}
		opts = append(opts, c.Tag)
	}
	s.loading = true
	s.tag.SetOptions(opts)
	s.tag.SetSelectedIndex(keep)
	s.book.sync(s.u.shell.journals)
	s.loading = false
	s.searchNow()
	if !s.u.inline {
		// The screen is placed in the window after refresh returns; focus
		// the box once it is there, so typing starts a search at once.
		fyne.Do(func() { s.u.win.Canvas().Focus(s.query) })
	}
}

// onChanged runs the search once typing pauses.
func (s *searchScreen) onChanged() {
	if s.loading {
		return
	}
	s.u.touch()
	if s.u.inline {
		return
	}
	if s.timer != nil {
		s.timer.Stop()
	}
	s.timer = time.AfterFunc(searchDelay, func() { fyne.Do(s.searchNow) })
}

// onFilter runs the search at once: a choice is not typing.
func (s *searchScreen) onFilter() {
	if s.loading {
		return
	}
	s.u.touch()
	s.searchNow()
}

// onSubmitted opens the first result on Enter.
func (s *searchScreen) onSubmitted() {
	s.u.touch()
	s.searchNow()
	if len(s.results) > 0 {
		s.u.openEntry(s.results[0].Entry.ID)
	}
}

// searchNow runs the search for what is typed and chosen, and shows it.
func (s *searchScreen) searchNow() {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	v := s.u.vault()
	if v == nil {
		return
	}
	q, problem := s.buildQuery()
	if q == nil {
		s.show(nil, 0, nil)
		s.status.SetText(problem)
		return
	}
	// A new question starts at the top of its results; the same one, asked
	// again on coming back from an entry, keeps the place.
	if key := s.key(); key != s.shownFor {
		s.shownFor = key
		s.list.ScrollToOffset(0)
	}
	res, total, err := v.Search(*q, 0, searchPage)
	s.show(res, total, err)
	if problem != "" && err == nil {
		s.status.SetText(problem + " " + s.status.Text)
	}
}

// buildQuery combines the typed text with the filters. It returns nil when
// there is nothing to search for yet, and a gentle line when a date could
// not be read (that bound is then left out, not the whole search).
func (s *searchScreen) buildQuery() (*search.Query, string) {
	q := search.ParseQuery(s.query.Text)
	if q.Order == search.OrderDefault && s.sort.SelectedIndex() == 1 {
		q.Order = search.OrderNewest // sort: typed in the box wins
	}
	filtered := false
	if i := s.tag.SelectedIndex(); i > 0 {
		q.Tags = append(q.Tags, s.tag.Selected)
		filtered = true
	}
	if i := s.kind.SelectedIndex(); i > 0 && i <= len(journal.Kinds) {
		q.Kind = journal.Kinds[i-1]
		filtered = true
	}
	if s.starred.Checked {
		q.Starred = true
		filtered = true
	}
	// journal: typed in the box looks in the journals it names, whatever
	// is chosen here (see vault.Search).
	q.Journals = s.book.set()
	var problems []string
	if d, ok := readDate(s.from.Text, "from"); !ok {
		problems = append(problems, i18n.L("The from date is left out: dates look like 2026-11-23."))
	} else if !d.IsZero() {
		q.From = d
		filtered = true
	}
	if d, ok := readDate(s.to.Text, "to"); !ok {
		problems = append(problems, i18n.L("The to date is left out: dates look like 2026-11-23."))
	} else if !d.IsZero() {
		q.To = d
		filtered = true
	}
	if !q.From.IsZero() && !q.To.IsZero() && q.From.Compare(q.To) > 0 {
		problems = append(problems, i18n.L("The from date comes after the to date."))
	}
	problem := strings.Join(problems, " ")
	if strings.TrimSpace(s.query.Text) == "" && !filtered {
		if problem == "" {
			problem = i18n.L("Type a word or two, or choose a filter. Results appear as you type.")
		}
		return nil, problem
	}
	return &q, problem
}

// key sums up what is asked: the typed text and the filters.
func (s *searchScreen) key() string {
	return strings.Join([]string{s.query.Text, s.sort.Selected, s.tag.Selected, s.kind.Selected, s.from.Text, s.to.Text, strconv.FormatBool(s.starred.Checked), s.book.sel.Selected}, "\x00")
}

// readDate reads a date box: a day (2026-11-23), a month (2026-11) or a
// year (2026), as the search box's from: and to: read them, a month or
// year reaching to its end in the to box. An empty box is no bound; ok is
// false when the text is not a date.
func readDate(text, key string) (journal.Date, bool) {
	text = strings.TrimSpace(text)
	if text == "" {
		return journal.Date{}, true
	}
	if strings.IndexFunc(text, func(r rune) bool { return unicode.IsSpace(r) || r == '"' || r == ':' }) >= 0 {
		return journal.Date{}, false
	}
	q := search.ParseQuery(key + ":" + text)
	if key == "from" {
		return q.From, !q.From.IsZero()
	}
	return q.To, !q.To.IsZero()
}

// show renders one search's outcome: results with a quiet count, a gentle
// line when nothing matched, or "getting ready" while the index builds,
// in which case it searches again once the index is ready.
func (s *searchScreen) show(res []vault.Result, total int, err error) {
	s.results = res
	s.list.Refresh()
	switch {
	case errors.Is(err, vault.ErrIndexing):
		s.showProgress()
		s.waitForIndex()
	case err != nil:
		s.status.SetText(i18n.L("Search couldn't finish just now. Please try again in a moment."))
	case len(res) == 0:
		if s.book.sel.Visible() && s.book.sel.SelectedIndex() > 0 {
			s.status.SetText(i18n.L("Nothing matched in this journal. Try All journals, fewer words, or the start of a word."))
		} else {
			s.status.SetText(i18n.L("Nothing matched. Try fewer words, or the start of a word."))
		}
	default:
		s.status.SetText(resultCount(len(res), total))
	}
}

// resultCount says quietly how many entries matched. total is
// search.TotalMore when only "more than shown" is known.
func resultCount(shown, total int) string {
	switch {
	case total == search.TotalMore:
		return i18n.N("The first {{.Count}} matches, and there are more.", shown)
	case total > shown:
		return i18n.N("Showing {{.Shown}} of {{.Count}} matches. A few more words or a filter will narrow it.", total, i18n.Data{"Shown": shown})
	}
	return i18n.N("{{.Count}} entries", shown)
}

// showProgress says the search is getting ready, with how far it is.
func (s *searchScreen) showProgress() {
	msg := i18n.L("Search is getting ready…")
	if v := s.u.vault(); v != nil {
		if done, total, _ := v.IndexProgress(); total > 0 {
			msg = i18n.L("Search is getting ready… {{.Percent}}%", i18n.Data{"Percent": min(done*100/total, 99)})
		}
	}
	s.status.SetText(msg)
}

// waitForIndex polls the index until it is ready, then searches again.
// Headless tests tick it by hand with onIndexTick: see timer.
func (s *searchScreen) waitForIndex() {
	if s.waiting {
		return
	}
	s.waiting = true
	if s.u.inline {
		return
	}
	t := time.NewTicker(indexPoll)
	stop := make(chan struct{})
	s.stopTicker = func() {
		t.Stop()
		close(stop)
	}
	go func() {
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(s.onIndexTick)
			}
		}
	}()
}

// onIndexTick updates the progress, and searches once the index is ready.
func (s *searchScreen) onIndexTick() {
	if !s.waiting {
		return // a tick queued just before the poll stopped
	}
	v := s.u.vault()
	if v == nil {
		s.stopPolling()
		return
	}
	if _, _, ready := v.IndexProgress(); !ready {
		s.showProgress()
		return
	}
	s.stopPolling()
	s.searchNow()
}

func (s *searchScreen) stopPolling() {
	s.waiting = false
	if s.stopTicker != nil {
		s.stopTicker()
		s.stopTicker = nil
	}
}

func (s *searchScreen) clear() {
	if s.timer != nil {
		s.timer.Stop()
		s.timer = nil
	}
	s.stopPolling()
	s.loading = true
	s.query.SetText("")
	s.from.SetText("")
	s.to.SetText("")
	s.tag.SetOptions([]string{anyTag()})
	s.tag.SetSelectedIndex(0)
	s.kind.SetSelectedIndex(0)
	s.starred.SetChecked(false)
	s.loading = false
	s.results, s.shownFor = nil, ""
	s.status.SetText("")
	s.list.Refresh()
}

// minHeight lays its objects over the whole of its size and asks for at
// least h of height.
type minHeight struct{ h float32 }

func (l minHeight) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l minHeight) MinSize(objs []fyne.CanvasObject) fyne.Size {
	s := fyne.NewSize(0, l.h)
	for _, o := range objs {
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
	}
	return s
}
