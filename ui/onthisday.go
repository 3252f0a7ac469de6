package ui

import (
	"strconv"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// maxMemories is how many On This Day entries are shown before the rest
// are only counted: it is a gentle look back, not a second journal.
const maxMemories = 5

// askMemories is the calm line On This Day says instead of its memories
// when the person asked to be asked first.
func askMemories() string { return i18n.L("There are memories from this day. Show them?") }

// memoriesView is On This Day, on Today and beside the journal: what was
// written on a day of the year in earlier years, each memory a small card
// (when, its headline and preview) that opens it. As the person chose in
// Settings it shows them, asks first, or stays away. It never shows an
// entry carrying a tag the person hid.
type memoriesView struct {
	open func(journal.ID)

	// box is the whole section, hidden when there is nothing to offer.
	box   *fyne.Container
	note  *widget.Label
	ask   *fyne.Container
	show  *widget.Button
	cards *fyne.Container

	// revealed holds the days the person said yes to, until the journal
	// locks: asked once, they are not asked again on coming back.
	revealed map[journal.Date]bool
	// pending is what the ask holds back: the day, for show to reveal.
	pending journal.Date
	// list and today are what the last show was given, to show again.
	list  []*journal.Entry
	today journal.Date
}

// newMemoriesView builds the section under its heading; open opens an
// entry.
func newMemoriesView(heading fyne.CanvasObject, open func(journal.ID)) *memoriesView {
	m := &memoriesView{open: open, note: note(""), cards: container.NewVBox(), revealed: map[journal.Date]bool{}}
	m.show = &widget.Button{Text: i18n.L("Show them"), Icon: theme.VisibilityIcon(), Importance: widget.LowImportance, OnTapped: m.onShow}
	m.ask = container.NewVBox(leftParagraph(askMemories()), container.NewHBox(m.show))
	m.box = container.NewVBox(widget.NewSeparator(), heading, m.note, m.ask, m.cards)
	m.box.Hide()
	return m
}

// load shows the memories of day (in years before its own) in the
// journals of set, as prefs ask.
// Without the stored prefs (prefsOK false) the hidden tags are unknown, so
// nothing is shown rather than risk a memory the person shut away; when
// nothing was written on the day, the section stays away too.
func (m *memoriesView) load(v *vault.Vault, prefs journal.Prefs, prefsOK bool, day, today journal.Date, set journal.JournalSet) {
	m.cards.RemoveAll()
	m.list, m.today = nil, today
	m.box.Hide()
	if !prefsOK || prefs.OnThisDay == journal.MemoriesOff {
		return
	}
	list, err := v.OnThisDay(day, prefs.HiddenTags, set)
	if err != nil || len(list) == 0 {
		return
	}
	m.list = list
	if prefs.OnThisDay == journal.MemoriesAsk && !m.revealed[day] {
		// The ask says it all: what the memories are is said once shown.
		m.pending = day
		m.note.Hide()
		m.ask.Show()
		m.cards.Hide()
		m.box.Show()
		return
	}
	m.ask.Hide()
	m.fill(day)
	m.box.Show()
}

// fill makes a card for each memory, the newest first.
func (m *memoriesView) fill(day journal.Date) {
	setVisible(m.note, m.note.Text != "")
	m.cards.RemoveAll()
	for i, e := range m.list {
		if i == maxMemories {
			m.cards.Add(note(i18n.N("and {{.Count}} more from this day", len(m.list)-maxMemories)))
			break
		}
		id := e.ID
		c := newEntryButton(func() { m.open(id) })
		c.card = true
		c.kicker = strconv.Itoa(e.Date.Year)
		if day == m.today {
			c.kicker = yearsAgo(m.today.Year-e.Date.Year) + " · " + c.kicker
		}
		c.setEntry(e, "")
		m.cards.Add(c)
	}
	m.cards.Show()
}

// onShow shows the memories the ask held back.
func (m *memoriesView) onShow() {
	m.revealed[m.pending] = true
	m.ask.Hide()
	m.fill(m.pending)
	m.box.Refresh()
}

// stale reports whether a memory has no headline yet (see
// vault.UpgradeDone).
func (m *memoriesView) stale() bool {
	for _, e := range m.list {
		if e.Headline == "" {
			return true
		}
	}
	return false
}

// clear forgets every memory shown and every yes, on lock.
func (m *memoriesView) clear() {
	m.cards.RemoveAll()
	m.list = nil
	m.revealed = map[journal.Date]bool{}
	m.pending = journal.Date{}
	m.box.Hide()
}

// memoryCards returns the cards shown, for tests.
func (m *memoriesView) memoryCards() []*entryButton {
	var out []*entryButton
	for _, o := range m.cards.Objects {
		if r, ok := o.(*entryButton); ok {
			out = append(out, r)
		}
	}
	return out
}

// yearsAgo says how long ago, for On This Day.
func yearsAgo(n int) string {
	return i18n.N("{{.Count}} years ago", n)
}
