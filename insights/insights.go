// Package insights works out the Insights pictures from entries already read
// from the vault. Every function is pure: the same entries and the same day
// give the same numbers, nothing is stored, and the caller drops the results
// on lock. Entries in the trash are left out everywhere. Readings are
// written for someone who may be hurting: they speak of one person or topic
// at a time, respect what the person recorded, say how little there is to go
// on when there is little, and never claim a pattern.
package insights

import (
	"cmp"
	"fmt"
	"math"
	"slices"
	"strings"

	"tend/internal/i18n"
	"tend/journal"
)

// Range is how far back the felt-safety, mood and emotion pictures look.
type Range int

// The ranges a person can choose.
const (
	RangeWeek Range = iota
	RangeMonth
	RangeYear
)

// Ranges lists the ranges in the order they are offered.
var Ranges = []Range{RangeWeek, RangeMonth, RangeYear}

// String is the range as the chooser shows it.
func (r Range) String() string {
	switch r {
	case RangeWeek:
		return i18n.L("Last week")
	case RangeMonth:
		return i18n.L("Last month")
	default:
		return i18n.L("Last year")
	}
}

// Days is how many days the range covers, today included. A year is 52
// whole weeks so that its weekly points all hold seven days.
func (r Range) Days() int {
	switch r {
	case RangeWeek:
		return 7
	case RangeMonth:
		return 30
	default:
		return 52 * 7
	}
}

// Step is how many days one point sums up: a day over a week or a month, a
// week over a year, where daily points would be too many to read.
func (r Range) Step() int {
	if r == RangeYear {
		return 7
	}
	return 1
}

// span is the range's wording in a reading ("in the last month").
func (r Range) span() string {
	switch r {
	case RangeWeek:
		return i18n.L("in the last week")
	case RangeMonth:
		return i18n.L("in the last month")
	default:
		return i18n.L("in the last year")
	}
}

// recent is the wording for the later half of the range, which a reading
// compares with the earlier half.
func (r Range) recent() string {
	switch r {
	case RangeWeek:
		return i18n.L("in the last few days")
	case RangeMonth:
		return i18n.L("in the last two weeks")
	default:
		return i18n.L("in the last six months")
	}
}

// Point is one value on a chart.
type Point struct {
	// Day is the day, or the first day of the week or month the point sums up.
	Day journal.Date
	// Value is the average of the readings that fall in the point.
	Value float64
	// N is how many readings it averages.
	N int
}

// Series is a line over time: felt safety or mood.
type Series struct {
	From, To journal.Date // the days the chart spans, inclusive
	Step     int          // days per point
	Max      float64      // the top of the scale (10 for safety, 5 for mood)
	Points   []Point      // oldest first; only days or weeks with readings
	Readings int          // how many readings went into the points
	Reading  string       // one plain sentence about the line
}

// measure describes one of the lines, for the functions they share.
type measure struct {
	name     string  // "felt safety"
	readings string  // "check-ins"
	max      float64 // top of the scale
	change   float64 // the difference in averages worth a mention
	up       string  // how a rise is said
}

var (
	safetyMeasure = measure{name: "felt safety", readings: "check-ins", max: 10, change: 1, up: "higher"}
	moodMeasure   = measure{name: "mood", readings: "moods noted", max: float64(journal.MaxMood), change: 0.5, up: "brighter"}
)

// minReadings is how many readings a line needs before it says anything
// about a pattern: fewer would read a trend into chance.
const minReadings = 3

// FeltSafety is felt safety (0-10) from check-ins over the range ending
// today: daily averages, or weekly ones over a year.
func FeltSafety(entries []*journal.Entry, today journal.Date, r Range) Series {
	return series(entries, today, r, safetyMeasure, func(e *journal.Entry) (float64, bool) {
		c := e.Fields.CheckIn
		if e.Kind != journal.KindCheckIn || c == nil || c.Safety < 0 || c.Safety > 10 {
			return 0, false
		}
		return float64(c.Safety), true
	})
}

// MoodOverTime is mood (1-5) from every entry that noted one, over the
// range ending today.
func MoodOverTime(entries []*journal.Entry, today journal.Date, r Range) Series {
	return series(entries, today, r, moodMeasure, func(e *journal.Entry) (float64, bool) {
		if e.Mood < 1 || e.Mood > journal.MaxMood {
			return 0, false
		}
		return float64(e.Mood), true
	})
}

func series(entries []*journal.Entry, today journal.Date, r Range, m measure, value func(*journal.Entry) (float64, bool)) Series {
	s := Series{From: today.AddDays(1 - r.Days()), To: today, Step: r.Step(), Max: m.max}
	sums := make([]float64, r.Days()/s.Step)
	counts := make([]int, len(sums))
	all := 0
	for _, e := range entries {
		v, ok := value(e)
		if !ok || e.InTrash() {
			continue
		}
		all++
		d := daysBetween(s.From, e.Date)
		if d < 0 || e.Date.Compare(today) > 0 {
			continue
		}
		sums[d/s.Step] += v
		counts[d/s.Step]++
		s.Readings++
	}
	for i, n := range counts {
		if n > 0 {
			s.Points = append(s.Points, Point{Day: s.From.AddDays(i * s.Step), Value: sums[i] / float64(n), N: n})
		}
	}
	s.Reading = lineReading(s, r, m, all)
	return s
}

// pick is the sentence for the line m measures: each line has its own
// sentences, whole, so that every language can say them in its own order.
func (m measure) pick(safety, mood string) string {
	if m.name == safetyMeasure.name {
		return safety
	}
	return mood
}

// lineReading says in one sentence what a line shows, or why it cannot yet.
func lineReading(s Series, r Range, m measure, all int) string {
	span := i18n.Data{"Span": r.span()}
	switch {
	case all == 0:
		return m.pick(i18n.L("No check-ins yet. Three or more will start to show a pattern."),
			i18n.L("No moods noted yet. Three or more will start to show a pattern."))
	case s.Readings == 0:
		return m.pick(i18n.L("No check-ins {{.Span}}. A longer range may show more.", span),
			i18n.L("No moods noted {{.Span}}. A longer range may show more.", span))
	case s.Readings < minReadings:
		return m.pick(i18n.L("Not enough check-ins yet to see a pattern — three or more will start to show one."),
			i18n.L("Not enough moods noted yet to see a pattern — three or more will start to show one."))
	}
	// The earlier and later halves of the range are compared point by
	// point, so a busy day counts once, like a quiet one.
	mid := s.From.AddDays(r.Days() / 2)
	var before, after []float64
	var total float64
	for _, p := range s.Points {
		total += p.Value
		if p.Day.Compare(mid) < 0 {
			before = append(before, p.Value)
		} else {
			after = append(after, p.Value)
		}
	}
	avg := total / float64(len(s.Points))
	level := i18n.Data{"Value": roundWord(avg), "Max": fmt.Sprintf("%g", m.max), "Span": r.span()}
	if len(before) < 2 || len(after) < 2 {
		return m.pick(i18n.L("Your felt safety has been around {{.Value}} out of {{.Max}} {{.Span}}.", level),
			i18n.L("Your mood has been around {{.Value}} out of {{.Max}} {{.Span}}.", level))
	}
	mb, ma := mean(before), mean(after)
	sb, sa := spread(before), spread(after)
	recent := i18n.Data{"Recent": r.recent()}
	switch {
	case ma-mb >= m.change:
		return m.pick(i18n.L("Your felt safety has been higher {{.Recent}} than before.", recent),
			i18n.L("Your mood has been brighter {{.Recent}} than before.", recent))
	case mb-ma >= m.change:
		return m.pick(i18n.L("Your felt safety has been lower {{.Recent}}. Be gentle with yourself.", recent),
			i18n.L("Your mood has been lower {{.Recent}}. Be gentle with yourself.", recent))
	case sb >= m.change && sa < 0.6*sb:
		return m.pick(i18n.L("Your felt safety has been steadier {{.Recent}}.", recent),
			i18n.L("Your mood has been steadier {{.Recent}}.", recent))
	case sa >= m.change && sb < 0.6*sa:
		return m.pick(i18n.L("Your felt safety has moved around more {{.Recent}}.", recent),
			i18n.L("Your mood has moved around more {{.Recent}}.", recent))
	}
	return m.pick(i18n.L("Your felt safety has held about level, around {{.Value}} out of {{.Max}}.", level),
		i18n.L("Your mood has held about level, around {{.Value}} out of {{.Max}}.", level))
}

// roundWord rounds an average to a whole number for a sentence: "6", not
// "6.27", which would promise more precision than a feeling has.
func roundWord(v float64) string { return fmt.Sprintf("%d", int(math.Round(v))) }

func mean(vs []float64) float64 {
	var t float64
	for _, v := range vs {
		t += v
	}
	return t / float64(len(vs))
}

// spread is the standard deviation: how much a line moves around.
func spread(vs []float64) float64 {
	m := mean(vs)
	var t float64
	for _, v := range vs {
		t += (v - m) * (v - m)
	}
	return math.Sqrt(t / float64(len(vs)))
}

// daysBetween is how many days from a to b (negative when b is earlier).
func daysBetween(a, b journal.Date) int {
	return int(math.Round(b.Time().Sub(a.Time()).Hours() / 24))
}

// Count is a label with how often it came up.
type Count struct {
	Label string
	N     int
}

// Emotions are the emotions named most often in check-ins over a range.
type Emotions struct {
	Counts  []Count // most often first, at most maxEmotions
	Reading string
}

// maxEmotions is how many bars the emotions chart shows.
const maxEmotions = 8

// EmotionsFelt counts the emotions named in check-ins over the range ending
// today, most often first (ties alphabetically), the top eight.
func EmotionsFelt(entries []*journal.Entry, today journal.Date, r Range) Emotions {
	from := today.AddDays(1 - r.Days())
	counts := map[string]int{}
	for _, e := range entries {
		c := e.Fields.CheckIn
		if c == nil || e.Kind != journal.KindCheckIn || e.InTrash() || e.Date.Compare(from) < 0 || e.Date.Compare(today) > 0 {
			continue
		}
		// An emotion named twice in one check-in was felt once.
		seen := map[string]bool{}
		for _, em := range c.Emotions {
			em = strings.ToLower(strings.TrimSpace(em))
			if em != "" && !seen[em] {
				seen[em] = true
				counts[em]++
			}
		}
	}
	var out Emotions
	for l, n := range counts {
		out.Counts = append(out.Counts, Count{l, n})
	}
	slices.SortFunc(out.Counts, func(a, b Count) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Label, b.Label))
	})
	out.Counts = out.Counts[:min(len(out.Counts), maxEmotions)]
	switch len(out.Counts) {
	case 0:
		out.Reading = i18n.L("No emotions named in check-ins {{.Span}}. A check-in lets you pick a few.", i18n.Data{"Span": r.span()})
	case 1:
		out.Reading = i18n.L("You named {{.Emotion}} {{.Span}}.", i18n.Data{"Emotion": EmotionWord(out.Counts[0].Label), "Span": r.span()})
	default:
		out.Reading = i18n.L("You felt {{.First}} most often {{.Span}}, then {{.Second}}.",
			i18n.Data{"First": EmotionWord(out.Counts[0].Label), "Span": r.span(), "Second": EmotionWord(out.Counts[1].Label)})
	}
	return out
}

// LabelRate is how often actions matched words for one person or topic.
type LabelRate struct {
	Label string
	Rate  float64 // 0 to 1
	N     int     // items behind the rate
}

// MatchRate is how often what was done matched what was said, per month
// over the last twelve months, and per label.
type MatchRate struct {
	From, To journal.Date // the first day of the first month, and today
	Points   []Point      // one per month with items, Value 0 to 1
	Labels   []LabelRate  // most items first
	Items    int
	Reading  string
}

// matchScore scores a ledger item: matched counts fully, partly half.
func matchScore(m journal.Match) (float64, bool) {
	switch m {
	case journal.Matched:
		return 1, true
	case journal.Partly:
		return 0.5, true
	case journal.NotMatched:
		return 0, true
	}
	return 0, false
}

// unnamed is the label for ledger items without one.
const unnamed = "Not named"

// WordsAndActions works out the words-versus-actions match rate over the
// twelve months up to today (the current month included).
func WordsAndActions(entries []*journal.Entry, today journal.Date) MatchRate {
	first := journal.Date{Year: today.Year, Month: today.Month, Day: 1}
	mr := MatchRate{From: journal.DateOf(first.Time().AddDate(0, -11, 0)), To: today}
	var sums [12]float64
	var counts [12]int
	type acc struct {
		label string
		sum   float64
		n     int
	}
	labels := map[string]*acc{}
	var recent, earlier []float64
	threeAgo := journal.DateOf(first.Time().AddDate(0, -2, 0))
	for _, e := range entries {
		w := e.Fields.WordsActions
		if w == nil || e.Kind != journal.KindWordsActions || e.InTrash() || e.Date.Compare(mr.From) < 0 || e.Date.Compare(today) > 0 {
			continue
		}
		v, ok := matchScore(w.Match)
		if !ok {
			continue
		}
		i := (e.Date.Year-mr.From.Year)*12 + int(e.Date.Month) - int(mr.From.Month)
		sums[i] += v
		counts[i]++
		mr.Items++
		if e.Date.Compare(threeAgo) >= 0 {
			recent = append(recent, v)
		} else {
			earlier = append(earlier, v)
		}
		l, k := ledgerLabel(w)
		if labels[k] == nil {
			labels[k] = &acc{label: l}
		}
		labels[k].sum += v
		labels[k].n++
	}
	for i, n := range counts {
		if n > 0 {
			mr.Points = append(mr.Points, Point{Day: journal.DateOf(mr.From.Time().AddDate(0, i, 0)), Value: sums[i] / float64(n), N: n})
		}
	}
	for _, a := range labels {
		mr.Labels = append(mr.Labels, LabelRate{Label: a.label, Rate: a.sum / float64(a.n), N: a.n})
	}
	slices.SortFunc(mr.Labels, func(a, b LabelRate) int {
		return cmp.Or(cmp.Compare(b.N, a.N), cmp.Compare(a.Label, b.Label))
	})
	switch {
	case mr.Items == 0:
		mr.Reading = i18n.L("Nothing noted yet about words and actions. Over time, notes here show whether they match.")
	case mr.Items < minReadings:
		mr.Reading = i18n.L("A few more notes will start to show whether words and actions match.")
	default:
		all := append(earlier, recent...)
		mr.Reading = i18n.L("Over the last year, actions matched words about {{.Times}} times in 10.", i18n.Data{"Times": int(math.Round(mean(all) * 10))})
		if len(recent) >= 2 && len(earlier) >= 2 {
			switch d := mean(recent) - mean(earlier); {
			case d >= 0.2:
				mr.Reading += " " + i18n.L("More often in the last three months.")
			case d <= -0.2:
				mr.Reading += " " + i18n.L("Less often in the last three months.")
			}
		}
	}
	return mr
}

// Incidents places incidents after a betrayal on a timeline of the last
// year, grouped by the person or topic each was about. Its reading counts
// and never judges: for this writer, a pattern claimed where there is none
// (two incidents about two different people, say) does harm, so it says
// how little there is to go on, respects the choice recorded after each
// one, and leaves whether it is a pattern to the writer.
type Incidents struct {
	From, To journal.Date   // the timeline, a year up to today
	Dates    []journal.Date // incidents on the timeline, oldest first
	Total    int            // all incidents, however long ago
	Recent   int            // in the last six months
	Last     journal.Date   // the latest incident, zero when none
	// Notes are every incident, newest first, so the entries behind the
	// reading can be opened.
	Notes   []IncidentNote
	Reading string
}

// IncidentNote is one incident as Insights shows it: no writing, only its
// day, who or what it was about, and the choice made after it.
type IncidentNote struct {
	ID     journal.ID
	Date   journal.Date
	About  string // as first written; empty when not named
	Choice journal.Choice
}

// incidentGroup counts the incidents about one person or topic.
type incidentGroup struct {
	about  string
	recent int
	total  int
	latest IncidentNote // the newest incident about it
}

// IncidentTimeline gathers the incidents written up to today.
func IncidentTimeline(entries []*journal.Entry, today journal.Date) Incidents {
	in := Incidents{From: today.AddDays(-364), To: today}
	sixAgo := journal.DateOf(today.Time().AddDate(0, -6, 0))
	groups := map[string]*incidentGroup{}
	var order []*incidentGroup
	unnamedRecent := 0
	for _, e := range entries {
		if e.Kind != journal.KindIncident || e.InTrash() || e.Date.Compare(today) > 0 {
			continue
		}
		n := IncidentNote{ID: e.ID, Date: e.Date}
		if i := e.Fields.Incident; i != nil {
			n.About, n.Choice = strings.TrimSpace(i.About), i.Choice
		}
		in.Notes = append(in.Notes, n)
		in.Total++
		if e.Date.Compare(in.Last) > 0 {
			in.Last = e.Date
		}
		recent := e.Date.Compare(sixAgo) > 0
		if recent {
			in.Recent++
		}
		if e.Date.Compare(in.From) >= 0 {
			in.Dates = append(in.Dates, e.Date)
		}
		if n.About == "" {
			if recent {
				unnamedRecent++
			}
			continue
		}
		key := strings.ToLower(n.About)
		g := groups[key]
		if g == nil {
			g = &incidentGroup{about: n.About}
			groups[key] = g
			order = append(order, g)
		}
		g.total++
		if recent {
			g.recent++
		}
		if g.latest.Date.IsZero() || n.Date.Compare(g.latest.Date) > 0 {
			g.latest = n
		}
	}
	slices.SortFunc(in.Dates, journal.Date.Compare)
	slices.SortStableFunc(in.Notes, func(a, b IncidentNote) int { return b.Date.Compare(a.Date) })
	slices.SortStableFunc(order, func(a, b *incidentGroup) int {
		return cmp.Or(cmp.Compare(b.recent, a.recent), cmp.Compare(b.total, a.total), b.latest.Date.Compare(a.latest.Date))
	})
	in.Reading = incidentReading(in, order, unnamedRecent)
	return in
}

// incidentReading says what the incidents show, and no more.
func incidentReading(in Incidents, groups []*incidentGroup, unnamedRecent int) string {
	if in.Total == 0 {
		return i18n.L("No breach of trust written down. If one happens, noting it helps you see, in time, whether it stands alone.")
	}
	if in.Total == 1 {
		if len(groups) == 1 {
			return i18n.L("One breach of trust written down about {{.About}}. One alone says nothing about a pattern.", i18n.Data{"About": groups[0].about}) + choiceSentence(groups)
		}
		return i18n.L("One breach of trust written down. One alone says nothing about a pattern.") + choiceSentence(groups)
	}
	if in.Recent == 0 {
		return i18n.N("None in the last six months; {{.Count}} breaches of trust before that.", in.Total) + choiceSentence(groups)
	}
	var parts []string
	repeated := false
	for _, g := range groups {
		if g.recent > 0 {
			parts = append(parts, i18n.N("{{.Count}} about {{.About}}", g.recent, i18n.Data{"About": g.about}))
		}
		repeated = repeated || g.recent > 1
	}
	if unnamedRecent > 0 {
		parts = append(parts, i18n.N("{{.Count}} not named", unnamedRecent))
	}
	out := i18n.N("{{.Count}} breaches of trust in the last six months", in.Recent)
	switch {
	case len(parts) == 1 && unnamedRecent == 0 && in.Recent > 1:
		out += i18n.L(", all about {{.About}}", i18n.Data{"About": groups[0].about})
	case len(parts) == 1 && unnamedRecent == 0:
		out += i18n.L(", about {{.About}}", i18n.Data{"About": groups[0].about})
	case len(parts) > 1:
		out += " (" + strings.Join(parts, ", ") + ")"
	}
	if before := in.Total - in.Recent; before > 0 {
		out += i18n.N(", and {{.Count}} before that", before)
	}
	out += "."
	switch {
	case repeated:
		out += " " + i18n.L("When it is the same person or topic more than once, only you can say whether it is a pattern; the entries are below.")
	case unnamedRecent > 1 || (unnamedRecent > 0 && len(parts) > 1):
		out += " " + i18n.L("Some are not named, so Tend cannot tell whether they are about the same person or topic.")
	case len(parts) > 1:
		out += " " + i18n.L("Each is about someone or something different.")
	}
	if in.Total < 3 {
		out += " " + i18n.L("That is very little to go on.")
	}
	return out + choiceSentence(groups)
}

// choiceSentence recalls the choice written after the latest incident
// about the most present person or topic, so the reading respects it.
func choiceSentence(groups []*incidentGroup) string {
	if len(groups) == 0 {
		return ""
	}
	g := groups[0]
	about := i18n.Data{"About": g.about}
	switch g.latest.Choice {
	case journal.ChoiceStepBack:
		return " " + i18n.L("After the latest about {{.About}} you chose to step back.", about)
	case journal.ChoiceLeanIn:
		return " " + i18n.L("After the latest about {{.About}} you chose to lean in.", about)
	}
	return ""
}

// Activity is one year of writing, a count per day, laid out in weeks from
// Monday so a calendar can draw it as columns.
type Activity struct {
	From, To journal.Date // From is a Monday 52 weeks before this week's
	Counts   []int        // entries per day from From to To
	Days     int          // days with writing in the last 365
	Entries  int          // entries in the last 365 days
	Reading  string
}

// WritingActivity counts entries per day over the year up to today.
func WritingActivity(entries []*journal.Entry, today journal.Date) Activity {
	weekday := (int(today.Time().Weekday()) + 6) % 7 // Monday is 0
	a := Activity{From: today.AddDays(-weekday - 52*7), To: today}
	a.Counts = make([]int, daysBetween(a.From, today)+1)
	yearAgo := today.AddDays(-364)
	for _, e := range entries {
		d := daysBetween(a.From, e.Date)
		if e.InTrash() || d < 0 || d >= len(a.Counts) {
			continue
		}
		a.Counts[d]++
		if e.Date.Compare(yearAgo) >= 0 {
			a.Entries++
		}
	}
	for i, n := range a.Counts {
		if n > 0 && a.From.AddDays(i).Compare(yearAgo) >= 0 {
			a.Days++
		}
	}
	if a.Days == 0 {
		a.Reading = i18n.L("Nothing written in the last year yet. Each day you write will show here.")
	} else {
		a.Reading = i18n.N("You wrote on {{.Count}} days in the last year.", a.Days)
	}
	return a
}

// People lists the people and topics named in words-and-actions notes and
// incidents, most often named first, each spelt as first written. It is
// what a form offers when a person or topic is asked for.
func People(entries []*journal.Entry) []string {
	type person struct {
		name string
		n    int
	}
	byKey := map[string]*person{}
	var out []*person
	add := func(name string) {
		name = strings.TrimSpace(name)
		if name == "" {
			return
		}
		k := strings.ToLower(name)
		if byKey[k] == nil {
			byKey[k] = &person{name: name}
			out = append(out, byKey[k])
		}
		byKey[k].n++
	}
	for _, e := range entries {
		if e.InTrash() {
			continue
		}
		if w := e.Fields.WordsActions; w != nil {
			add(w.Label)
		}
		if i := e.Fields.Incident; i != nil {
			add(i.About)
		}
	}
	slices.SortStableFunc(out, func(a, b *person) int { return cmp.Compare(b.n, a.n) })
	names := make([]string, len(out))
	for i, p := range out {
		names[i] = p.name
	}
	return names
}

// ledgerLabel is a ledger item's label as shown and the key it is grouped
// by. Labels are the writer's own words; "Sam" and "sam " are one person,
// shown as first written.
func ledgerLabel(w *journal.WordsActions) (shown, key string) {
	l := strings.TrimSpace(w.Label)
	if l == "" {
		l = unnamed
	}
	return l, strings.ToLower(l)
}

// LedgerItem is one words-and-actions note as a ledger lists it.
type LedgerItem struct {
	ID        journal.ID
	Date      journal.Date
	Said, Did string
	Match     journal.Match
}

// Ledger is the words-and-actions notes about one person or topic.
type Ledger struct {
	Label string
	Items []LedgerItem // newest first
}

// Ledgers groups words-and-actions notes by person or topic, the label with
// the most notes first, over the whole journal (the trash left out). The
// entries must be full ones, since the ledger shows what was said and done;
// the caller keeps the result only while the journal is open.
func Ledgers(entries []*journal.Entry) []Ledger {
	var out []Ledger
	at := map[string]int{}
	for _, e := range entries {
		w := e.Fields.WordsActions
		if w == nil || e.Kind != journal.KindWordsActions || e.InTrash() {
			continue
		}
		l, k := ledgerLabel(w)
		i, ok := at[k]
		if !ok {
			i = len(out)
			at[k] = i
			out = append(out, Ledger{Label: l})
		}
		out[i].Items = append(out[i].Items, LedgerItem{ID: e.ID, Date: e.Date, Said: w.Said, Did: w.Did, Match: w.Match})
	}
	for _, l := range out {
		slices.SortStableFunc(l.Items, func(a, b LedgerItem) int { return b.Date.Compare(a.Date) })
	}
	slices.SortStableFunc(out, func(a, b Ledger) int {
		return cmp.Or(cmp.Compare(len(b.Items), len(a.Items)), cmp.Compare(a.Label, b.Label))
	})
	return out
}

// InsightFields is what Insights needs of an entry and nothing more: its
// date, kind and mood, and the numbers and labels of its form. The UI keeps
// only this while the journal is open, so no body or note sits in memory
// for the pictures' sake.
func InsightFields(e *journal.Entry) *journal.Entry {
	out := &journal.Entry{ID: e.ID, Kind: e.Kind, Date: e.Date, Mood: e.Mood, Deleted: e.Deleted}
	if c := e.Fields.CheckIn; c != nil {
		out.Fields.CheckIn = &journal.CheckIn{Safety: c.Safety, Emotions: slices.Clone(c.Emotions)}
	}
	if w := e.Fields.WordsActions; w != nil {
		out.Fields.WordsActions = &journal.WordsActions{Label: w.Label, Match: w.Match}
	}
	if i := e.Fields.Incident; i != nil {
		out.Fields.Incident = &journal.Incident{About: i.About, Choice: i.Choice}
	}
	return out
}

// NeedsFields reports whether Insights needs an entry's form, which a
// summary from List does not carry.
func NeedsFields(k journal.Kind) bool {
	return k == journal.KindCheckIn || k == journal.KindWordsActions || k == journal.KindIncident
}
