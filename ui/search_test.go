package ui

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/internal/say"
	"tend/journal"
	"tend/search"
	"tend/vault"
)

// searchUI returns an unlocked UI on Search, over the given entries, with
// the index ready.
func searchUI(t *testing.T, entries ...*journal.Entry) (*UI, *vault.Vault, *searchScreen) {
	t.Helper()
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	if len(entries) > 0 {
		seedJournal(t, v, entries...)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := v.WaitIndex(ctx); err != nil {
		t.Fatal(err)
	}
	u.showSection(secSearch)
	return u, v, u.shell.search
}

// resultTitles lists the titles of the results shown.
func resultTitles(s *searchScreen) []string {
	var out []string
	for _, r := range s.results {
		out = append(out, r.Entry.Title)
	}
	return out
}

func TestSearchAsYouType(t *testing.T) {
	_, _, s := searchUI(t,
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "The silence", Body: "I felt betrayed by the silence after the call."},
		&journal.Entry{Date: day(t, "2026-11-21"), Title: "Garden", Body: "Tea in the garden, calm."},
	)
	if s.status.Text == "" || len(s.results) != 0 {
		t.Fatal("an empty box shows results or no hint")
	}
	test.Type(s.query, "betra")
	s.searchNow()
	if got := resultTitles(s); len(got) != 1 || got[0] != "The silence" {
		t.Fatalf("results %q", got)
	}
	if s.status.Text != "1 entry" {
		t.Fatalf("count %q", s.status.Text)
	}

	test.Type(s.query, "yal")
	s.searchNow()
	if len(s.results) != 0 || s.status.Text != "Nothing matched. Try fewer words, or the start of a word." {
		t.Fatalf("no match shows %q", s.status.Text)
	}
}

func TestSearchMarksAreBold(t *testing.T) {
	_, _, s := searchUI(t,
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Walk", Body: "We walked by the river. The river was high."},
	)
	test.Type(s.query, "riv")
	s.searchNow()
	if len(s.results) != 1 {
		t.Fatalf("results %q", resultTitles(s))
	}
	row := newResultTemplate()
	s.updateResult(0, row)
	snip := row.(*fyne.Container).Objects[0].(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*container.Clip).Content.(*widget.RichText)
	var bold, all []string
	for _, seg := range snip.Segments {
		ts := seg.(*widget.TextSegment)
		all = append(all, ts.Text)
		if ts.Style.TextStyle.Bold {
			bold = append(bold, ts.Text)
		}
	}
	if strings.Join(bold, "|") != "river|river" {
		t.Fatalf("bold runs %q in %q", bold, all)
	}
	if strings.Join(all, "") != s.results[0].Snippet {
		t.Fatalf("segments %q do not spell the snippet %q", all, s.results[0].Snippet)
	}
}

func TestSnippetSegmentsTolerateOddMarks(t *testing.T) {
	segs := snippetSegments("calm and safe", [][2]int{{9, 13}, {0, 4}, {2, 6}, {11, 40}})
	var got []string
	for _, seg := range segs {
		ts := seg.(*widget.TextSegment)
		mark := ""
		if ts.Style.TextStyle.Bold {
			mark = "*"
		}
		got = append(got, mark+ts.Text)
	}
	if strings.Join(got, "|") != "calm and |*safe" {
		t.Fatalf("segments %q", got)
	}
}

func TestSearchFiltersNarrow(t *testing.T) {
	_, _, s := searchUI(t,
		&journal.Entry{Date: day(t, "2026-01-10"), Title: "January", Body: "a quiet river", Tags: []string{"walks"}},
		&journal.Entry{Date: day(t, "2026-06-10"), Title: "June", Body: "the river again", Kind: journal.KindCheckIn},
		&journal.Entry{Date: day(t, "2026-11-10"), Title: "November", Body: "river at dusk", Tags: []string{"walks"}},
	)
	// Newest first, so the order says nothing of how well each matches.
	test.Type(s.query, "river sort:newest")
	s.searchNow()
	if got := strings.Join(resultTitles(s), "|"); got != "November|June|January" {
		t.Fatalf("all: %q", got)
	}
	s.tag.SetSelected("walks")
	if got := strings.Join(resultTitles(s), "|"); got != "November|January" {
		t.Fatalf("tag walks: %q", got)
	}
	test.Type(s.from, "2026-06-01")
	s.searchNow()
	if got := strings.Join(resultTitles(s), "|"); got != "November" {
		t.Fatalf("walks from June: %q", got)
	}
	s.tag.SetSelectedIndex(0)
	test.Type(s.to, "2026-07")
	s.searchNow()
	if got := strings.Join(resultTitles(s), "|"); got != "June" {
		t.Fatalf("June to July: %q", got)
	}
	s.to.SetText("")
	s.from.SetText("")
	s.kind.SetSelected(say.Kind(journal.KindCheckIn))
	if got := strings.Join(resultTitles(s), "|"); got != "June" {
		t.Fatalf("check-ins: %q", got)
	}
	// Filters work with nothing typed, too.
	s.query.SetText("")
	s.searchNow()
	if got := strings.Join(resultTitles(s), "|"); got != "June" {
		t.Fatalf("check-ins, no words: %q", got)
	}
	s.kind.SetSelectedIndex(0)

	// A date that cannot be read is left out calmly, not the search.
	s.query.SetText("river")
	test.Type(s.from, "last spring")
	s.searchNow()
	if len(s.results) != 3 || !strings.Contains(s.status.Text, "dates look like 2026-11-23") {
		t.Fatalf("an unreadable date: %d results, %q", len(s.results), s.status.Text)
	}
}

func TestSearchGettingReady(t *testing.T) {
	_, _, s := searchUI(t,
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Anchor", Body: "five things I can see"},
	)
	s.query.SetText("five")
	s.show(nil, 0, vault.ErrIndexing)
	if !strings.HasPrefix(s.status.Text, "Search is getting ready…") || !s.waiting {
		t.Fatalf("while indexing: %q, waiting %v", s.status.Text, s.waiting)
	}
	// The index is ready here, so the next tick searches again.
	s.onIndexTick()
	if s.waiting || len(s.results) != 1 || s.status.Text != "1 entry" {
		t.Fatalf("once ready: %q, %d results", s.status.Text, len(s.results))
	}
	s.show(nil, 0, errors.New("disk trouble"))
	if !strings.Contains(s.status.Text, "try again") {
		t.Fatalf("on an error: %q", s.status.Text)
	}
}

func TestSearchCounts(t *testing.T) {
	for _, c := range []struct {
		shown, total int
		want         string
	}{
		{1, 1, "1 entry"},
		{7, 7, "7 entries"},
		{100, 312, "Showing 100 of 312 matches. A few more words or a filter will narrow it."},
		{100, search.TotalMore, "The first 100 matches, and there are more."},
	} {
		if got := resultCount(c.shown, c.total); got != c.want {
			t.Errorf("resultCount(%d, %d) = %q, want %q", c.shown, c.total, got, c.want)
		}
	}
}

func TestSearchEnterOpensFirstResult(t *testing.T) {
	u, _, s := searchUI(t,
		&journal.Entry{Date: day(t, "2026-11-19"), Title: "Older", Body: "breathing slowly"},
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Newer", Body: "breathing again"},
	)
	test.Type(s.query, "breath")
	s.query.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if u.shell.current != secEditor || u.shell.editor.entry == nil || u.shell.editor.entry.ID != s.results[0].Entry.ID || s.results[0].Entry.Title != "Newer" {
		t.Fatal("Enter did not open the first result")
	}
	// Tapping a result opens it too.
	u.showSection(secSearch)
	s.list.Select(1)
	if u.shell.current != secEditor || u.shell.editor.entry.Title != "Older" {
		t.Fatal("selecting a result did not open it")
	}
}

func TestSearchForgetsOnLock(t *testing.T) {
	u, _, s := searchUI(t,
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "PRIVATEtitle", Body: "PRIVATEbody words", Tags: []string{"PRIVATEtag"}},
	)
	test.Type(s.query, "privatebody")
	s.searchNow()
	if len(s.results) != 1 {
		t.Fatal("no result to forget")
	}
	s.show(nil, 0, vault.ErrIndexing)
	s.clear()
	if s.waiting || s.query.Text != "" || len(s.results) != 0 || len(s.tag.Options) != 1 {
		t.Fatal("search keeps something after clear")
	}
	for _, secret := range []string{"PRIVATEtitle", "PRIVATEbody", "PRIVATEtag"} {
		assertNoText(t, u.win.Content(), secret)
	}
}

// TestSearchSortChoice: beside the box, a choice of the best matches first
// (the default) or the newest first.
func TestSearchSortChoice(t *testing.T) {
	_, _, s := searchUI(t,
		&journal.Entry{Date: day(t, "2026-01-10"), Title: "River", Body: "the river, the river and the river again"},
		&journal.Entry{Date: day(t, "2026-06-10"), Title: "June", Body: "a long day, and a walk home past the river at last"},
	)
	test.Type(s.query, "river")
	s.searchNow()
	if s.sort.Selected != "Best match" || strings.Join(resultTitles(s), "|") != "River|June" {
		t.Fatalf("best first: %q %q", s.sort.Selected, resultTitles(s))
	}
	s.sort.SetSelected("Newest")
	if got := strings.Join(resultTitles(s), "|"); got != "June|River" {
		t.Fatalf("newest first: %q", got)
	}
}
