package insights

import (
	"reflect"
	"strings"
	"testing"
	"time"

	"tend/internal/sample"
	"tend/journal"
)

// insightsToday is the day the hand-made journal is read on: a Monday.
var insightsToday = date("2026-11-23")

func date(s string) journal.Date {
	d, err := journal.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func checkIn(day string, safety int, emotions ...string) *journal.Entry {
	return &journal.Entry{Kind: journal.KindCheckIn, Date: date(day), Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: safety, Emotions: emotions}}}
}

func ledger(day, label string, m journal.Match) *journal.Entry {
	return &journal.Entry{Kind: journal.KindWordsActions, Date: date(day), Fields: journal.Fields{WordsActions: &journal.WordsActions{Label: label, Said: "I'll call", Did: "called", Match: m}}}
}

func incident(day string) *journal.Entry {
	return &journal.Entry{Kind: journal.KindIncident, Date: date(day), Fields: journal.Fields{Incident: &journal.Incident{What: "it happened"}}}
}

func free(day string, mood journal.Mood) *journal.Entry {
	return &journal.Entry{Kind: journal.KindFree, Date: date(day), Mood: mood}
}

func trashed(e *journal.Entry) *journal.Entry {
	e.Deleted = time.Date(2026, 11, 22, 9, 0, 0, 0, time.UTC)
	return e
}

// handJournal is small enough to work out every point by hand.
func handJournal() []*journal.Entry {
	mood := checkIn("2026-11-20", 6, "hopeful")
	mood.Mood = 3
	return []*journal.Entry{
		checkIn("2026-10-26", 2, "anxious", "hurt"),
		checkIn("2026-10-28", 3, "anxious"),
		checkIn("2026-11-16", 5, "calm"),
		checkIn("2026-11-17", 4, "anxious", " Anxious"), // one feeling, named twice
		mood,
		checkIn("2026-11-20", 8, "calm", "safe"),
		checkIn("2026-11-23", 9, "calm"),
		checkIn("2026-11-21", -1, "lonely"), // safety not answered
		trashed(checkIn("2026-11-22", 0, "numb")),
		free("2026-11-18", 4),
		free("2026-11-23", 2),
		trashed(free("2026-11-19", 1)),
		free("2026-11-24", 5), // tomorrow: not yet on any chart
	}
}

func pt(day string, v float64, n int) Point { return Point{Day: date(day), Value: v, N: n} }

func TestLines(t *testing.T) {
	j := handJournal()
	for _, tc := range []struct {
		name    string
		got     Series
		from    string
		step    int
		points  []Point
		reading string
	}{
		{
			"safety week", FeltSafety(j, insightsToday, RangeWeek), "2026-11-17", 1,
			[]Point{pt("2026-11-17", 4, 1), pt("2026-11-20", 7, 2), pt("2026-11-23", 9, 1)},
			"Your felt safety has been around 7 out of 10 in the last week.",
		},
		{
			"safety month", FeltSafety(j, insightsToday, RangeMonth), "2026-10-25", 1,
			[]Point{pt("2026-10-26", 2, 1), pt("2026-10-28", 3, 1), pt("2026-11-16", 5, 1), pt("2026-11-17", 4, 1), pt("2026-11-20", 7, 2), pt("2026-11-23", 9, 1)},
			"Your felt safety has been higher in the last two weeks than before.",
		},
		{
			"safety year", FeltSafety(j, insightsToday, RangeYear), "2025-11-25", 7,
			[]Point{pt("2026-10-20", 2, 1), pt("2026-10-27", 3, 1), pt("2026-11-10", 5, 1), pt("2026-11-17", 6.75, 4)},
			"Your felt safety has been around 4 out of 10 in the last year.",
		},
		{
			"mood week", MoodOverTime(j, insightsToday, RangeWeek), "2026-11-17", 1,
			[]Point{pt("2026-11-18", 4, 1), pt("2026-11-20", 3, 1), pt("2026-11-23", 2, 1)},
			"Your mood has been around 3 out of 5 in the last week.",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.got.From != date(tc.from) || tc.got.To != insightsToday || tc.got.Step != tc.step {
				t.Errorf("span %s..%s step %d", tc.got.From, tc.got.To, tc.got.Step)
			}
			if !reflect.DeepEqual(tc.got.Points, tc.points) {
				t.Errorf("points %v\nwant   %v", tc.got.Points, tc.points)
			}
			if tc.got.Reading != tc.reading {
				t.Errorf("reading %q\nwant    %q", tc.got.Reading, tc.reading)
			}
		})
	}
}

func TestLineReadings(t *testing.T) {
	month := func(days []string, values []int) []*journal.Entry {
		var out []*journal.Entry
		for i, d := range days {
			out = append(out, checkIn(d, values[i]))
		}
		return out
	}
	days := []string{"2026-10-26", "2026-10-29", "2026-11-01", "2026-11-04", "2026-11-12", "2026-11-15", "2026-11-18", "2026-11-21"}
	for _, tc := range []struct {
		name    string
		entries []*journal.Entry
		r       Range
		want    string
	}{
		{"none at all", nil, RangeMonth, "No check-ins yet. Three or more will start to show a pattern."},
		{"none in range", month(days[:2], []int{5, 5}), RangeWeek, "No check-ins in the last week. A longer range may show more."},
		{"too few", month(days[:2], []int{5, 5}), RangeMonth, "Not enough check-ins yet to see a pattern — three or more will start to show one."},
		{"steadier", month(days, []int{2, 8, 3, 9, 5, 6, 5, 6}), RangeMonth, "Your felt safety has been steadier in the last two weeks."},
		{"moving", month(days, []int{5, 6, 5, 6, 2, 8, 3, 9}), RangeMonth, "Your felt safety has moved around more in the last two weeks."},
		{"lower", month(days, []int{7, 8, 7, 8, 4, 5, 4, 5}), RangeMonth, "Your felt safety has been lower in the last two weeks. Be gentle with yourself."},
		{"level", month(days, []int{6, 6, 7, 6, 6, 7, 6, 6}), RangeMonth, "Your felt safety has held about level, around 6 out of 10."},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := FeltSafety(tc.entries, insightsToday, tc.r).Reading; got != tc.want {
				t.Errorf("reading %q\nwant    %q", got, tc.want)
			}
		})
	}
}

func TestEmotionsFelt(t *testing.T) {
	j := handJournal()
	week := EmotionsFelt(j, insightsToday, RangeWeek)
	if want := []Count{{"calm", 2}, {"anxious", 1}, {"hopeful", 1}, {"lonely", 1}, {"safe", 1}}; !reflect.DeepEqual(week.Counts, want) {
		t.Errorf("week %v, want %v", week.Counts, want)
	}
	if want := "You felt calm most often in the last week, then anxious."; week.Reading != want {
		t.Errorf("reading %q", week.Reading)
	}
	m := EmotionsFelt(j, insightsToday, RangeMonth)
	if want := []Count{{"anxious", 3}, {"calm", 3}, {"hopeful", 1}, {"hurt", 1}, {"lonely", 1}, {"safe", 1}}; !reflect.DeepEqual(m.Counts, want) {
		t.Errorf("month %v, want %v", m.Counts, want)
	}
	var many []*journal.Entry
	for _, e := range []string{"a", "b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		many = append(many, checkIn("2026-11-20", 5, e))
	}
	if n := len(EmotionsFelt(many, insightsToday, RangeWeek).Counts); n != 8 {
		t.Errorf("%d bars, want the top 8", n)
	}
	if got := EmotionsFelt(nil, insightsToday, RangeWeek).Reading; got != "No emotions named in check-ins in the last week. A check-in lets you pick a few." {
		t.Errorf("empty reading %q", got)
	}
}

func TestWordsAndActions(t *testing.T) {
	j := []*journal.Entry{
		ledger("2025-11-30", "Sam", journal.Matched), // before the twelve months
		ledger("2026-01-10", "Sam", journal.Matched),
		ledger("2026-01-20", "sam ", journal.NotMatched),
		ledger("2026-06-05", "Mum", journal.Partly),
		ledger("2026-10-02", "Sam", journal.Matched),
		ledger("2026-11-03", "", journal.Matched),
		ledger("2026-11-04", "Sam", journal.Partly),
		ledger("2026-11-05", "Sam", ""), // not judged yet
		trashed(ledger("2026-11-06", "Sam", journal.NotMatched)),
	}
	mr := WordsAndActions(j, insightsToday)
	if mr.From != date("2025-12-01") || mr.Items != 6 {
		t.Errorf("from %s, %d items", mr.From, mr.Items)
	}
	if want := []Point{pt("2026-01-01", 0.5, 2), pt("2026-06-01", 0.5, 1), pt("2026-10-01", 1, 1), pt("2026-11-01", 0.75, 2)}; !reflect.DeepEqual(mr.Points, want) {
		t.Errorf("points %v\nwant   %v", mr.Points, want)
	}
	if want := []LabelRate{{"Sam", 0.625, 4}, {"Mum", 0.5, 1}, {unnamed, 1, 1}}; !reflect.DeepEqual(mr.Labels, want) {
		t.Errorf("labels %v\nwant   %v", mr.Labels, want)
	}
	if want := "Over the last year, actions matched words about 7 times in 10. More often in the last three months."; mr.Reading != want {
		t.Errorf("reading %q", mr.Reading)
	}
	if got := WordsAndActions(j[:3], insightsToday).Reading; got != "A few more notes will start to show whether words and actions match." {
		t.Errorf("few reading %q", got)
	}
	if got := WordsAndActions(nil, insightsToday); got.Reading != "Nothing noted yet about words and actions. Over time, notes here show whether they match." || got.Points != nil {
		t.Errorf("empty %+v", got)
	}
}

func TestIncidentTimeline(t *testing.T) {
	for _, tc := range []struct {
		days    []string
		dates   []string
		recent  int
		reading string
	}{
		{nil, nil, 0, "No breach of trust written down. If one happens, noting it helps you see, in time, whether it stands alone."},
		{[]string{"2025-03-01"}, nil, 0, "One breach of trust written down. One alone says nothing about a pattern."},
		{[]string{"2025-04-01", "2025-03-01"}, nil, 0, "None in the last six months; 2 breaches of trust before that."},
		{[]string{"2026-11-10", "2025-04-01", "2025-03-01"}, []string{"2026-11-10"}, 1, "One breach of trust in the last six months, and 2 before that."},
		{
			[]string{"2026-11-10", "2025-03-01", "2026-07-01"},
			[]string{"2026-07-01", "2026-11-10"},
			2,
			"2 breaches of trust in the last six months, and one before that. Some are not named, so Tend cannot tell whether they are about the same person or topic.",
		},
	} {
		var j []*journal.Entry
		for _, d := range tc.days {
			j = append(j, incident(d))
		}
		j = append(j, trashed(incident("2026-11-11")), free("2026-11-12", 3))
		in := IncidentTimeline(j, insightsToday)
		var dates []string
		for _, d := range in.Dates {
			dates = append(dates, d.String())
		}
		if !reflect.DeepEqual(dates, tc.dates) || in.Recent != tc.recent || in.Total != len(tc.days) || in.Reading != tc.reading {
			t.Errorf("%v: dates %v recent %d total %d reading %q", tc.days, dates, in.Recent, in.Total, in.Reading)
		}
		if in.From != date("2025-11-24") {
			t.Errorf("timeline starts %s", in.From)
		}
	}
}

// about is an incident about someone, with the choice made after it.
func about(day, who string, c journal.Choice) *journal.Entry {
	e := incident(day)
	e.Fields.Incident.About, e.Fields.Incident.Choice = who, c
	return e
}

// TestIncidentReadingNeverClaimsAPattern: two incidents about two people,
// after one of which the writer chose to lean in, were read as "Incidents
// recur ... Trust your sense of the pattern". Readings are per person or
// topic, say when there is little to go on, and recall the choice made.
func TestIncidentReadingNeverClaimsAPattern(t *testing.T) {
	for _, tc := range []struct {
		name    string
		entries []*journal.Entry
		reading string
	}{
		{
			"two people",
			[]*journal.Entry{about("2026-10-01", "Sam", journal.ChoiceStepBack), about("2026-11-01", "Dan", journal.ChoiceLeanIn)},
			"2 breaches of trust in the last six months (1 about Dan, 1 about Sam). Each is about someone or something different. That is very little to go on. After the latest about Dan you chose to lean in.",
		},
		{
			"one person, three times, spelt two ways",
			[]*journal.Entry{about("2026-08-01", "dan", ""), about("2026-10-01", "Dan ", ""), about("2026-11-01", "Dan", journal.ChoiceUndecided)},
			"3 breaches of trust in the last six months, all about dan. When it is the same person or topic more than once, only you can say whether it is a pattern; the entries are below.",
		},
		{
			"one named",
			[]*journal.Entry{about("2026-11-01", "work", journal.ChoiceStepBack)},
			"One breach of trust written down about work. One alone says nothing about a pattern. After the latest about work you chose to step back.",
		},
		{
			"named and not",
			[]*journal.Entry{about("2026-11-01", "Dan", ""), incident("2026-10-01"), incident("2024-01-01")},
			"2 breaches of trust in the last six months (1 about Dan, 1 not named), and one before that. Some are not named, so Tend cannot tell whether they are about the same person or topic.",
		},
	} {
		in := IncidentTimeline(tc.entries, insightsToday)
		if in.Reading != tc.reading {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, in.Reading, tc.reading)
		}
		for _, banned := range []string{"recur", "Trust your sense"} {
			if strings.Contains(in.Reading, banned) {
				t.Errorf("%s: the reading claims a pattern: %q", tc.name, in.Reading)
			}
		}
		if len(in.Notes) != len(tc.entries) {
			t.Errorf("%s: %d notes to link to, want %d", tc.name, len(in.Notes), len(tc.entries))
		}
		for i := 1; i < len(in.Notes); i++ {
			if in.Notes[i].Date.Compare(in.Notes[i-1].Date) > 0 {
				t.Errorf("%s: notes are not newest first", tc.name)
			}
		}
	}
}

// TestPeopleAreOneNameEach: the names offered for a person or topic merge
// spellings that differ only in case and spaces, most named first.
func TestPeopleAreOneNameEach(t *testing.T) {
	got := People([]*journal.Entry{
		ledger("2026-11-01", "Sam", journal.Matched),
		ledger("2026-11-02", "dan", journal.Partly),
		about("2026-11-03", "Dan ", ""),
		about("2026-11-04", "DAN", ""),
		trashed(about("2026-11-05", "Someone gone", "")),
		about("2026-11-06", "  ", ""),
	})
	if want := []string{"dan", "Sam"}; !reflect.DeepEqual(got, want) {
		t.Fatalf("People = %q, want %q", got, want)
	}
}

func TestWritingActivity(t *testing.T) {
	j := []*journal.Entry{
		free("2026-11-23", 0), free("2026-11-23", 0), free("2026-11-22", 0),
		free("2025-11-24", 0), free("2025-11-23", 0), trashed(free("2026-11-21", 0)),
	}
	a := WritingActivity(j, insightsToday)
	if a.From != date("2025-11-24") || len(a.Counts) != 365 || a.From.Time().Weekday() != time.Monday {
		t.Fatalf("from %s, %d days", a.From, len(a.Counts))
	}
	if a.Counts[0] != 1 || a.Counts[363] != 1 || a.Counts[364] != 2 || a.Days != 3 || a.Entries != 4 {
		t.Errorf("counts %d %d %d, %d days, %d entries", a.Counts[0], a.Counts[363], a.Counts[364], a.Days, a.Entries)
	}
	if a.Reading != "You wrote on 3 days in the last year." {
		t.Errorf("reading %q", a.Reading)
	}
	// On a Wednesday the grid starts on the Monday 52 weeks back and the
	// last column is two days short.
	w := WritingActivity(nil, date("2026-11-25"))
	if w.From != date("2025-11-24") || len(w.Counts) != 367 || w.Reading != "Nothing written in the last year yet. Each day you write will show here." {
		t.Errorf("from %s, %d days, %q", w.From, len(w.Counts), w.Reading)
	}
}

// TestInsightsOnSampleJournal runs every picture over a generated year and
// checks exact counts, worked out a second, plainer way as well.
func TestInsightsOnSampleJournal(t *testing.T) {
	today := date("2026-11-23")
	j := sample.Journal(1, 400, today)
	var checkIns, moods, yearCheckIns int
	days := map[journal.Date]bool{}
	for _, e := range j {
		if e.Kind == journal.KindCheckIn {
			checkIns++
			if e.Date.Compare(today.AddDays(-363)) >= 0 {
				yearCheckIns++
			}
		}
		if e.Mood > 0 {
			moods++
		}
		days[e.Date] = true
	}
	if checkIns != sampleCheckIns || moods != sampleMoods || len(days) != sampleDays {
		t.Fatalf("sample journal changed: %d check-ins, %d moods, %d days", checkIns, moods, len(days))
	}

	s := FeltSafety(j, today, RangeYear)
	if s.Readings != yearCheckIns || len(s.Points) != sampleSafetyWeeks {
		t.Errorf("safety: %d readings (want %d), %d weeks", s.Readings, yearCheckIns, len(s.Points))
	}
	if s.Reading != sampleSafetyReading {
		t.Errorf("safety reading %q", s.Reading)
	}
	m := MoodOverTime(j, today, RangeMonth)
	if m.Readings != sampleMonthMoods || len(m.Points) != sampleMonthMoodDays {
		t.Errorf("mood: %d readings, %d days", m.Readings, len(m.Points))
	}
	em := EmotionsFelt(j, today, RangeYear)
	if len(em.Counts) != 8 || em.Counts[0] != sampleTopEmotion {
		t.Errorf("emotions %v", em.Counts)
	}
	a := WritingActivity(j, today)
	if a.Days != len(days) || a.Entries != len(j) {
		t.Errorf("activity: %d days, %d entries; want %d, %d", a.Days, a.Entries, len(days), len(j))
	}
	if in := IncidentTimeline(j, today); in.Total != 0 {
		t.Errorf("%d incidents in a journal with none", in.Total)
	}
}

// What sample.Journal(1, 400, 2026-11-23) holds; it is deterministic.
const (
	sampleCheckIns      = 60
	sampleMoods         = 348
	sampleDays          = 264
	sampleSafetyWeeks   = 31
	sampleMonthMoods    = 40
	sampleMonthMoodDays = 24
	sampleSafetyReading = "Your felt safety has held about level, around 5 out of 10."
)

var sampleTopEmotion = Count{"calm", 16}

func TestInsightFieldsKeepsOnlyNumbers(t *testing.T) {
	e := checkIn("2026-11-20", 6, "calm")
	e.Body, e.Title, e.Fields.CheckIn.Context = "secret body", "secret title", "secret context"
	got := InsightFields(e)
	if got.Body != "" || got.Title != "" || got.Fields.CheckIn.Context != "" || got.Fields.CheckIn.Safety != 6 || got.Fields.CheckIn.Emotions[0] != "calm" {
		t.Errorf("kept %+v", got)
	}
	w := InsightFields(ledger("2026-11-20", "Sam", journal.Partly))
	if w.Fields.WordsActions.Said != "" || w.Fields.WordsActions.Label != "Sam" || w.Fields.WordsActions.Match != journal.Partly {
		t.Errorf("kept %+v", w.Fields.WordsActions)
	}
}

func TestLedgers(t *testing.T) {
	j := []*journal.Entry{
		ledger("2025-11-30", "Sam", journal.Matched),
		ledger("2026-06-05", "Mum", journal.Partly),
		ledger("2026-11-04", "sam ", journal.NotMatched),
		ledger("2026-01-20", "Sam", ""),
		ledger("2026-11-03", "", journal.Matched),
		trashed(ledger("2026-11-06", "Sam", journal.NotMatched)),
	}
	var got []string
	for _, l := range Ledgers(j) {
		got = append(got, "#"+l.Label)
		for _, it := range l.Items {
			got = append(got, it.Date.String()+" "+string(it.Match))
		}
	}
	want := []string{"#Sam", "2026-11-04 not", "2026-01-20 ", "2025-11-30 matched", "#Mum", "2026-06-05 partly", "#" + unnamed, "2026-11-03 matched"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("ledgers %q\nwant    %q", got, want)
	}
	if Ledgers(nil) != nil {
		t.Error("ledgers from nothing")
	}
}
