package ui

import (
	"fmt"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/widget"

	"tend/insights"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// insightsScreen shows pictures of the journal: felt safety and mood over
// time, the emotions felt most, whether actions matched words, incidents on
// a timeline and a year of writing. The numbers are worked out in memory
// from the open vault, kept only while it is open, and never written down.
type insightsScreen struct {
	u *UI
	// heading names the screen, and the one journal it counts when one is
	// chosen.
	heading *widget.Label
	rng     *widget.RadioGroup
	// status says when the journal is still being read.
	status *widget.Label

	safety, mood     *lineChart
	emotions, labels *barChart
	match            *lineChart
	incidents        *dotTimeline
	activity         *heatMap
	charts           []*chart
	safetyNote       *widget.Label
	moodNote         *widget.Label
	emotionsNote     *widget.Label
	matchNote        *widget.Label
	incidentsNote    *widget.Label
	activityNote     *widget.Label
	// incidentRows link to the incidents behind the reading.
	incidentRows *fyne.Container
	labelsBox    *fyne.Container
	// The ledger lists one person's or topic's notes under words and
	// actions. Only its widgets hold what was said and done, and only
	// while the journal is open.
	ledgerPick  *widget.Select
	ledgerRows  *fyne.Container
	ledgerMore  *widget.Label
	ledgerEmpty *widget.Label
	ledgers     map[string]*ledgerView
	// boxes are the cards' contents and root holds them all: laid out
	// again after a redraw, since a bar chart grows with its bars.
	boxes []*fyne.Container
	root  *fyne.Container

	// entries holds what the pictures need of each entry (dates, moods,
	// scores, labels; no writing), from the last load.
	entries []*journal.Entry
	// gen tells a load that finishes after a lock or a newer load to drop
	// what it found.
	gen int
}

func newInsightsScreen(u *UI) *insightsScreen {
	s := &insightsScreen{
		u:         u,
		heading:   journalHeading(i18n.L("Insights")),
		status:    note(""),
		safety:    &lineChart{max: 10, ticks: []float64{0, 5, 10}, tickText: axisWhole},
		mood:      &lineChart{min: 1, max: 5, ticks: []float64{1, 3, 5}, tickText: axisWhole},
		emotions:  &barChart{},
		labels:    &barChart{},
		match:     &lineChart{max: 1, ticks: []float64{0, 0.5, 1}, tickText: axisPercent},
		incidents: &dotTimeline{},
		activity:  &heatMap{},
	}
	names := make([]string, len(insights.Ranges))
	for i, r := range insights.Ranges {
		names[i] = r.String()
	}
	s.rng = &widget.RadioGroup{Options: names, Horizontal: true, Required: true, Selected: insights.RangeMonth.String()}
	s.rng.OnChanged = func(string) { s.show() }
	s.rng.ExtendBaseWidget(s.rng)
	s.ledgerPick = &widget.Select{PlaceHolder: i18n.L("Choose a person or topic"), OnChanged: func(string) { s.showLedger() }}
	s.ledgerPick.ExtendBaseWidget(s.ledgerPick)
	s.ledgerRows = container.NewVBox()
	s.incidentRows = container.NewVBox()
	s.ledgerMore = note("")
	s.ledgerEmpty = note(i18n.L("No words-and-actions notes for this person or topic yet."))
	for _, l := range []**widget.Label{&s.safetyNote, &s.moodNote, &s.emotionsNote, &s.matchNote, &s.incidentsNote, &s.activityNote} {
		*l = &widget.Label{Wrapping: fyne.TextWrapWord}
	}
	return s
}

// axisWhole labels an axis with whole numbers.
func axisWhole(v float64) string { return fmt.Sprintf("%g", v) }

// axisPercent labels an axis from 0 to 1 as a percentage.
func axisPercent(v float64) string { return fmt.Sprintf("%d%%", int(v*100)) }

// card is a chart with its title and its one-line reading.
func (s *insightsScreen) card(title string, d drawing, reading *widget.Label, more ...fyne.CanvasObject) *widget.Card {
	c := newChart(d)
	s.charts = append(s.charts, c)
	box := container.NewVBox(append([]fyne.CanvasObject{
		&widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}}, c, reading,
	}, more...)...)
	s.boxes = append(s.boxes, box)
	return widget.NewCard("", "", box)
}

func (s *insightsScreen) buildUI() fyne.CanvasObject {
	s.labelsBox = container.NewVBox(note(i18n.L("By person or topic")), s.labelsChart())
	s.boxes = append(s.boxes, s.labelsBox)
	ledger := container.NewVBox(note(i18n.L("What was said and done")), container.NewHBox(s.ledgerPick), s.ledgerEmpty, s.ledgerRows, s.ledgerMore)
	s.boxes = append(s.boxes, ledger, s.ledgerRows)
	cards := container.NewVBox(
		s.card(i18n.L("Felt safety"), s.safety, s.safetyNote),
		s.card(i18n.L("Mood"), s.mood, s.moodNote),
		s.card(i18n.L("Emotions felt most"), s.emotions, s.emotionsNote),
		s.card(i18n.L("Words and actions"), s.match, s.matchNote, s.labelsBox, ledger),
		s.card(i18n.L("Breaches of trust"), s.incidents, s.incidentsNote, s.incidentRows),
		s.card(i18n.L("Writing, day by day"), s.activity, s.activityNote),
	)
	top := container.NewVBox(
		s.heading,
		note(i18n.L("Worked out from your journal while it is open. Nothing here is saved.")),
		s.rng,
		s.status,
	)
	s.root = container.NewVBox(top, cards)
	s.setStatus("")
	s.showLedger()
	return container.NewVScroll(container.NewPadded(s.root))
}

// labelsChart is the per-label bar chart under words and actions.
func (s *insightsScreen) labelsChart() *chart {
	c := newChart(s.labels)
	s.charts = append(s.charts, c)
	return c
}

// refresh reads the journal again in the background: summaries for every
// entry, and the forms of the kinds whose numbers live there.
func (s *insightsScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	s.heading.SetText(s.u.headed(i18n.L("Insights")))
	s.gen++
	gen := s.gen
	if s.entries == nil {
		s.setStatus(i18n.L("Looking through your journal…"))
	}
	var found []*journal.Entry
	// notes are the words-and-actions entries in full, for the ledger's
	// rows; they are dropped once the rows are made.
	var notes []*journal.Entry
	set := s.u.inView()
	s.u.background(func() error {
		list, err := v.List(vault.ListQuery{Journals: set})
		if err != nil {
			return err
		}
		found = make([]*journal.Entry, 0, len(list))
		for _, e := range list {
			if insights.NeedsFields(e.Kind) {
				full, err := v.Get(e.ID)
				if err != nil {
					return err
				}
				e = full
			}
			if e.Kind == journal.KindWordsActions {
				notes = append(notes, e)
			}
			found = append(found, insights.InsightFields(e))
		}
		return nil
	}, func(err error) {
		if gen != s.gen {
			return // locked, or a newer load is on its way
		}
		if err != nil {
			s.setStatus(i18n.L("Some of your journal could not be read just now, so these pictures may be missing a little."))
		} else {
			s.setStatus("")
		}
		s.entries = found
		s.setLedgers(insights.Ledgers(notes))
		s.show()
	})
}

// setStatus shows a line under the range choice, or hides it when empty so
// it leaves no gap.
func (s *insightsScreen) setStatus(text string) {
	s.status.SetText(text)
	if text == "" {
		s.status.Hide()
	} else {
		s.status.Show()
	}
}

// selected is the range chosen.
func (s *insightsScreen) selected() insights.Range {
	for _, r := range insights.Ranges {
		if r.String() == s.rng.Selected {
			return r
		}
	}
	return insights.RangeMonth
}

// show draws every chart from the entries loaded, for the range chosen.
func (s *insightsScreen) show() {
	today := journal.DateOf(s.u.now())
	r := s.selected()
	e := s.entries

	safety := insights.FeltSafety(e, today, r)
	s.setLine(s.safety, safety, i18n.L("No check-ins yet"))
	s.safetyNote.SetText(safety.Reading)
	mood := insights.MoodOverTime(e, today, r)
	s.setLine(s.mood, mood, i18n.L("No moods noted yet"))
	s.moodNote.SetText(mood.Reading)

	em := insights.EmotionsFelt(e, today, r)
	s.emotions.bars = nil
	for _, c := range em.Counts {
		s.emotions.bars = append(s.emotions.bars, chartBar{label: insights.EmotionWord(c.Label), value: float64(c.N) / float64(em.Counts[0].N), text: fmt.Sprint(c.N)})
	}
	s.emotions.empty = i18n.L("No emotions named yet")
	s.emotionsNote.SetText(em.Reading)

	mr := insights.WordsAndActions(e, today)
	s.setLine(s.match, insights.Series{From: mr.From, To: mr.To, Max: 1, Points: mr.Points}, i18n.L("Nothing noted yet"))
	s.matchNote.SetText(mr.Reading)
	s.labels.bars = nil
	for _, l := range mr.Labels {
		s.labels.bars = append(s.labels.bars, chartBar{label: l.Label, value: l.Rate, text: matchText(l.Rate, l.N)})
	}
	if len(mr.Labels) > 1 {
		s.labelsBox.Show()
	} else {
		s.labelsBox.Hide()
	}

	in := insights.IncidentTimeline(e, today)
	s.incidents.marks, s.incidents.labels = nil, nil
	span := float64(daysApart(in.From, in.To))
	for _, d := range in.Dates {
		s.incidents.marks = append(s.incidents.marks, float64(daysApart(in.From, d))/span)
		s.incidents.labels = append(s.incidents.labels, i18n.Date(d.Time(), "2 Jan"))
	}
	s.incidents.start, s.incidents.end = shortDate(in.From), shortDate(in.To)
	s.incidents.empty = i18n.L("None on this timeline")
	s.incidentsNote.SetText(in.Reading)
	s.setIncidentRows(in.Notes)

	a := insights.WritingActivity(e, today)
	s.activity.counts, s.activity.from = a.Counts, a.From.Time()
	s.activity.empty = i18n.L("No writing this year yet")
	s.activityNote.SetText(a.Reading)

	s.redraw()
}

// redraw redraws the charts and lays the cards out again, since a bar
// chart grows with its bars.
func (s *insightsScreen) redraw() {
	for _, c := range s.charts {
		c.Refresh()
	}
	for _, b := range s.boxes {
		b.Refresh()
	}
	s.root.Refresh()
}

// setLine puts a series on a line chart, each point placed by its day.
func (s *insightsScreen) setLine(c *lineChart, sr insights.Series, empty string) {
	c.points = nil
	span := float64(max(daysApart(sr.From, sr.To), 1))
	for _, p := range sr.Points {
		x := float64(daysApart(sr.From, p.Day))
		if sr.Step > 1 {
			x += float64(sr.Step-1) / 2 // a week's point sits mid-week
		}
		c.points = append(c.points, linePoint{x: min(x/span, 1), y: p.Value})
	}
	c.start, c.end = shortDate(sr.From), shortDate(sr.To)
	c.empty = empty
}

// matchText is a label's rate and how many notes it rests on.
func matchText(rate float64, n int) string {
	return i18n.N("{{.Percent}}%, {{.Count}} notes", n, i18n.Data{"Percent": int(rate*100 + 0.5)})
}

// daysApart counts the days from a to b.
func daysApart(a, b journal.Date) int {
	return int(b.Time().Sub(a.Time()).Hours()/24 + 0.5)
}

// shortDate is a day under a chart's axis: "3 Mar 2026".
func shortDate(d journal.Date) string { return i18n.Date(d.Time(), "2 Jan 2006") }

// clear forgets every number and point, on lock.
func (s *insightsScreen) clear() {
	s.gen++
	s.entries = nil
	s.setStatus("")
	for _, l := range []*widget.Label{s.safetyNote, s.moodNote, s.emotionsNote, s.matchNote, s.incidentsNote, s.activityNote} {
		l.SetText("")
	}
	s.safety.points, s.mood.points, s.match.points = nil, nil, nil
	s.emotions.bars, s.labels.bars = nil, nil
	s.incidents.marks, s.incidents.labels = nil, nil
	s.activity.counts, s.activity.from = nil, time.Time{}
	for _, c := range []*lineChart{s.safety, s.mood, s.match} {
		c.start, c.end = "", ""
	}
	s.incidents.start, s.incidents.end = "", ""
	s.setIncidentRows(nil)
	s.setLedgers(nil)
	s.redraw()
}

// incidentLimit is how many incidents are listed under their timeline.
const incidentLimit = 12

// setIncidentRows lists the incidents, newest first, each opening its
// entry: the reading above them rests on these and nothing else.
func (s *insightsScreen) setIncidentRows(notes []insights.IncidentNote) {
	rows := make([]fyne.CanvasObject, 0, min(len(notes), incidentLimit)+1)
	for _, n := range notes[:min(len(notes), incidentLimit)] {
		text := shortDate(n.Date)
		if n.About != "" {
			text += " · " + i18n.L("about {{.Who}}", i18n.Data{"Who": n.About})
		}
		switch n.Choice {
		case journal.ChoiceStepBack:
			text += " · " + i18n.L("chose to step back")
		case journal.ChoiceLeanIn:
			text += " · " + i18n.L("chose to lean in")
		}
		id := n.ID
		rows = append(rows, &widget.Hyperlink{Text: text, OnTapped: func() { s.u.openEntry(id) }})
	}
	if len(notes) > incidentLimit {
		rows = append(rows, note(i18n.N("and {{.Count}} earlier", len(notes)-incidentLimit)))
	}
	s.incidentRows.Objects = rows
	s.incidentRows.Refresh()
}

// ledgerLimit is how many notes a ledger lists; older ones are counted.
const ledgerLimit = 20

// ledgerView is one label's ledger, its rows made once per load.
type ledgerView struct {
	rows    []fyne.CanvasObject
	earlier int
}

// setLedgers makes the ledger's rows for every label, keeping the label
// chosen when it is still there and otherwise choosing the one with the
// most notes.
func (s *insightsScreen) setLedgers(ls []insights.Ledger) {
	// The old rows' words go now rather than whenever memory is reclaimed.
	for _, lv := range s.ledgers {
		for _, o := range lv.rows {
			r := o.(*ledgerRow)
			r.head.SetText("")
			r.said.SetText("")
			r.did.SetText("")
		}
	}
	s.ledgers = make(map[string]*ledgerView, len(ls))
	names := make([]string, 0, len(ls))
	for _, l := range ls {
		lv := &ledgerView{earlier: max(len(l.Items)-ledgerLimit, 0)}
		for _, it := range l.Items[:min(len(l.Items), ledgerLimit)] {
			lv.rows = append(lv.rows, newLedgerRow(it, s.u.openEntry))
		}
		s.ledgers[l.Label] = lv
		names = append(names, l.Label)
	}
	chosen := s.ledgerPick.Selected
	if s.ledgers[chosen] == nil && len(names) > 0 {
		chosen = names[0]
	}
	s.ledgerPick.Options = names
	// Setting the choice shows its ledger through OnChanged, but only
	// when it changes; show it anyway for a fresh load.
	if s.ledgers[chosen] == nil {
		s.ledgerPick.ClearSelected()
	} else {
		s.ledgerPick.SetSelected(chosen)
	}
	s.ledgerPick.Refresh()
	s.showLedger()
}

// showLedger lists the notes of the label chosen, newest first.
func (s *insightsScreen) showLedger() {
	lv := s.ledgers[s.ledgerPick.Selected]
	if lv == nil {
		s.ledgerRows.Objects = nil
		s.ledgerEmpty.Show()
		s.ledgerMore.Hide()
	} else {
		s.ledgerRows.Objects = lv.rows
		s.ledgerEmpty.Hide()
		if lv.earlier > 0 {
			s.ledgerMore.SetText(i18n.N("and {{.Count}} earlier", lv.earlier))
			s.ledgerMore.Show()
		} else {
			s.ledgerMore.Hide()
		}
	}
	s.ledgerRows.Refresh()
}

// matchWords is a note's match in plain words.
func matchWords(m journal.Match) string {
	switch m {
	case journal.Matched:
		return i18n.L("matched")
	case journal.Partly:
		return i18n.L("partly")
	case journal.NotMatched:
		return i18n.L("did not match")
	}
	return i18n.L("not marked")
}

// ledgerRow is one note in a ledger: its day and match, what was said and
// what was done. Tapping it opens the entry.
type ledgerRow struct {
	widget.BaseWidget
	id              journal.ID
	open            func(journal.ID)
	head, said, did *widget.Label
}

func newLedgerRow(it insights.LedgerItem, open func(journal.ID)) *ledgerRow {
	r := &ledgerRow{
		id:   it.ID,
		open: open,
		head: &widget.Label{Text: shortDate(it.Date) + " · " + matchWords(it.Match), TextStyle: fyne.TextStyle{Bold: true}},
		said: &widget.Label{Text: i18n.L("Said: {{.Words}}", i18n.Data{"Words": it.Said}), Wrapping: fyne.TextWrapWord},
		did:  &widget.Label{Text: i18n.L("Did: {{.Deeds}}", i18n.Data{"Deeds": it.Did}), Wrapping: fyne.TextWrapWord},
	}
	r.ExtendBaseWidget(r)
	return r
}

func (r *ledgerRow) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.NewVBox(r.head, r.said, r.did))
}

// Tapped opens the note in the editor.
func (r *ledgerRow) Tapped(*fyne.PointEvent) { r.open(r.id) }

// Cursor shows the row can be tapped.
func (r *ledgerRow) Cursor() desktop.Cursor { return desktop.PointerCursor }
