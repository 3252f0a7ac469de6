package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/internal/sample"
	"tend/journal"
)

// insightsYear is a generated year of writing with a few ledger items and
// incidents added, since the generator writes neither.
func insightsYear(t *testing.T) []*journal.Entry {
	t.Helper()
	today := journal.DateOf(fixedNow)
	j := sample.Journal(1, 400, today)
	add := func(daysAgo int, f journal.Fields, kind journal.Kind) {
		e := &journal.Entry{ID: journal.NewID(), Kind: kind, Date: today.AddDays(-daysAgo), Fields: f, Created: fixedNow, Updated: fixedNow}
		j = append(j, e)
	}
	for i, m := range []journal.Match{journal.Matched, journal.Partly, journal.NotMatched, journal.Matched, journal.Matched, journal.Partly} {
		label := "Sam"
		if i%3 == 2 {
			label = "Work"
		}
		add(20+i*40, journal.Fields{WordsActions: &journal.WordsActions{Label: label, Said: "I'll be home by six", Did: "came home at six", Match: m}}, journal.KindWordsActions)
	}
	for _, ago := range []int{200, 60, 12} {
		add(ago, journal.Fields{Incident: &journal.Incident{What: "found the messages", Choice: journal.ChoiceUndecided}}, journal.KindIncident)
	}
	return j
}

// readings are the six one-line readings in the order the cards show them.
func readings(s *insightsScreen) []string {
	return []string{s.safetyNote.Text, s.moodNote.Text, s.emotionsNote.Text, s.matchNote.Text, s.incidentsNote.Text, s.activityNote.Text}
}

func TestInsightsEmptyThenAYear(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	u.showSection(secInsights)
	s := u.shell.insights
	want := []string{
		"No check-ins yet. Three or more will start to show a pattern.",
		"No moods noted yet. Three or more will start to show a pattern.",
		"No emotions named in check-ins in the last month. A check-in lets you pick a few.",
		"Nothing noted yet about words and actions. Over time, notes here show whether they match.",
		"No breach of trust written down. If one happens, noting it helps you see, in time, whether it stands alone.",
		"Nothing written in the last year yet. Each day you write will show here.",
	}
	for i, got := range readings(s) {
		if got != want[i] {
			t.Errorf("empty reading %d: %q, want %q", i, got, want[i])
		}
	}

	if err := v.Import(insightsYear(t)); err != nil {
		t.Fatal(err)
	}
	u.showSection(secJournal)
	u.showSection(secInsights)
	want = []string{
		"Your felt safety has held about level, around 4 out of 10.",
		"Your mood has held about level, around 2 out of 5.",
		"You felt jealous most often in the last month, then hurt.",
		"Over the last year, actions matched words about 7 times in 10.",
		"2 breaches of trust in the last six months, and one before that. Some are not named, so Tend cannot tell whether they are about the same person or topic.",
		"You wrote on 264 days in the last year.",
	}
	for i, got := range readings(s) {
		if got != want[i] {
			t.Errorf("reading %d: %q, want %q", i, got, want[i])
		}
	}
	if len(s.safety.points) == 0 || len(s.emotions.bars) == 0 || len(s.incidents.marks) != 3 || len(s.labels.bars) != 2 {
		t.Errorf("charts not filled: %d safety points, %d bars, %d incidents, %d labels", len(s.safety.points), len(s.emotions.bars), len(s.incidents.marks), len(s.labels.bars))
	}
	// Nothing of the writing itself is kept for the pictures.
	for _, e := range s.entries {
		if e.Body != "" || e.Title != "" || (e.Fields.WordsActions != nil && e.Fields.WordsActions.Said != "") {
			t.Fatalf("insights keep writing: %+v", e)
		}
	}

	// A longer range redraws from what is loaded.
	s.rng.SetSelected("Last year")
	if got := s.safetyNote.Text; got != "Your felt safety has held about level, around 5 out of 10." {
		t.Errorf("year reading %q", got)
	}

	u.lock()
	if s.entries != nil || len(s.safety.points) != 0 || len(s.emotions.bars) != 0 || s.activity.counts != nil || len(s.incidents.marks) != 0 {
		t.Error("numbers stay after lock")
	}
	for i, got := range readings(s) {
		if got != "" {
			t.Errorf("reading %d stays after lock: %q", i, got)
		}
	}
}

func TestRenderInsights(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	if err := v.Import(insightsYear(t)); err != nil {
		t.Fatal(err)
	}
	s := newInsightsScreen(u)
	w := test.NewTempWindow(t, s.buildUI())
	w.Resize(fyne.NewSize(720, 1500))
	s.refresh()
	test.AssertRendersToMarkup(t, "insights/year.xml", w.Canvas())
}

// ledgerTexts describes the ledger's rows as "day · match | said | did".
func ledgerTexts(s *insightsScreen) []string {
	var out []string
	for _, o := range s.ledgerRows.Objects {
		r := o.(*ledgerRow)
		out = append(out, r.head.Text+" | "+r.said.Text+" | "+r.did.Text)
	}
	return out
}

func TestInsightsLedger(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	put := func(date, label, said, did string, m journal.Match) journal.ID {
		return saveEntry(t, v, &journal.Entry{Kind: journal.KindWordsActions, Date: day(t, date), Fields: journal.Fields{
			WordsActions: &journal.WordsActions{Label: label, Said: said, Did: did, Match: m},
		}})
	}
	older := put("2026-10-02", "Sam", "I'll call you tonight", "called the next day", journal.Partly)
	put("2026-11-20", "Work", "Your review is Friday", "held the review Friday", journal.Matched)
	newer := put("2026-11-10", "Sam ", "I won't read your phone", "read my phone", journal.NotMatched)

	u.showSection(secInsights)
	s := u.shell.insights
	if got := s.ledgerPick.Options; len(got) != 2 || got[0] != "Sam" || got[1] != "Work" {
		t.Fatalf("ledger labels %q", got)
	}
	s.ledgerPick.SetSelected("Work")
	if got := ledgerTexts(s); len(got) != 1 || got[0] != "20 Nov 2026 · matched | Said: Your review is Friday | Did: held the review Friday" {
		t.Errorf("work ledger %q", got)
	}
	s.ledgerPick.SetSelected("Sam")
	want := []string{
		"10 Nov 2026 · did not match | Said: I won't read your phone | Did: read my phone",
		"2 Oct 2026 · partly | Said: I'll call you tonight | Did: called the next day",
	}
	got := ledgerTexts(s)
	if len(got) != len(want) || got[0] != want[0] || got[1] != want[1] {
		t.Errorf("sam ledger %q, want %q", got, want)
	}
	if s.ledgerEmpty.Visible() || s.ledgerMore.Visible() {
		t.Error("empty or earlier line shows beside two notes")
	}

	test.Tap(s.ledgerRows.Objects[1].(*ledgerRow))
	if u.shell.current != secEditor || u.shell.editor.entry == nil || u.shell.editor.entry.ID != older {
		t.Fatal("tapping a ledger row did not open its entry")
	}
	u.showSection(secInsights)
	if got := ledgerTexts(s); len(got) != 2 || s.ledgerPick.Selected != "Sam" || s.ledgers["Sam"].rows[0].(*ledgerRow).id != newer {
		t.Errorf("ledger after a reload: %q chosen, rows %q", s.ledgerPick.Selected, got)
	}

	rows := s.ledgerRows.Objects
	s.clear()
	if len(s.ledgerRows.Objects) != 0 || len(s.ledgerPick.Options) != 0 || s.ledgerPick.Selected != "" || len(s.ledgers) != 0 || !s.ledgerEmpty.Visible() {
		t.Error("ledger stays after clear")
	}
	for _, o := range rows {
		if r := o.(*ledgerRow); r.said.Text != "" || r.did.Text != "" {
			t.Errorf("a cleared row keeps its words: %q, %q", r.said.Text, r.did.Text)
		}
	}
}

func TestInsightsLedgerEarlier(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	for i := range ledgerLimit + 3 {
		saveEntry(t, v, &journal.Entry{Kind: journal.KindWordsActions, Date: journal.DateOf(fixedNow).AddDays(-i), Fields: journal.Fields{
			WordsActions: &journal.WordsActions{Label: "Sam", Said: "said", Did: "did", Match: journal.Matched},
		}})
	}
	u.showSection(secInsights)
	s := u.shell.insights
	if len(s.ledgerRows.Objects) != ledgerLimit || !s.ledgerMore.Visible() || s.ledgerMore.Text != "and 3 earlier" {
		t.Errorf("%d rows, earlier line %q", len(s.ledgerRows.Objects), s.ledgerMore.Text)
	}
}
