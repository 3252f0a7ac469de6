package search

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"tend/internal/sample"
	"tend/journal"
)

var benchLarge = flag.Bool("bench-large", false, "also run search benchmarks at 100,000 entries")

// largeSearch reports whether the 100,000-entry benchmark and test should run.
func largeSearch() bool { return *benchLarge || os.Getenv("TEND_BENCH_LARGE") == "1" }

func TestTokens(t *testing.T) {
	long := strings.Repeat("ab", 100)
	tests := []struct {
		in   string
		want []string
	}{
		{"", nil},
		{"Hello, World!", []string{"hello", "world"}},
		{"Café CAFÉ cafe", []string{"cafe", "cafe", "cafe"}},
		{"cafe\u0301", []string{"cafe"}}, // decomposed accent
		{"naïve façade señor Ångström", []string{"naive", "facade", "senor", "angstrom"}},
		{"don't", []string{"dont"}},
		{"Don’t you'd", []string{"dont", "youd"}},
		{"'quoted' words'", []string{"quoted", "words"}},
		{"rock 'n' roll", []string{"rock", "n", "roll"}},
		{"don''t", []string{"don", "t"}},
		{"self-compassion", []string{"self", "compassion"}},
		{"2024-01-02", []string{"2024", "01", "02"}},
		{"ﬁne ½", []string{"fine", "1", "2"}},
		{"İstanbul ΣΟΦΙΑ", []string{"istanbul", "σοφια"}},
		{"soft\u00adhyphen", []string{"softhyphen"}},
		{"I ❤️ you 👩‍👩‍👧!", []string{"i", "you"}},
		{"日本語のテキスト 한국어", []string{"日本", "本語", "語の", "のテ", "テキ", "キス", "スト", "ト", "한국", "국어", "어"}},
		{"信 Tendアプリ", []string{"信", "tend", "アプ", "プリ", "リ"}},
		{"STRASSE Straße ẞ", []string{"strasse", "strasse", "ss"}},
		{"Æsir Œuvre Søren Łódź Þór", []string{"aesir", "oeuvre", "soren", "lodz", "thor"}},
		{"ΣΟΦΟΣ σοφός", []string{"σοφοσ", "σοφοσ"}},
		{"KIZ kız", []string{"kiz", "kiz"}},
		{"bad \xff\xfe utf8", []string{"bad", "utf8"}},
		{long, []string{long[:maxTokenBytes]}},
		{"snake_case", []string{"snake", "case"}},
	}
	for _, tt := range tests {
		if got := Tokens(tt.in); !slices.Equal(got, tt.want) {
			t.Errorf("Tokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTokensRanges(t *testing.T) {
	s := "  Ça   va? Très «bien», don’t worry 日本 ok\u0301 "
	var got []string
	scanTokens(s, nil, func(tok token) {
		if !utf8.ValidString(s[tok.start:tok.end]) || !utf8.ValidString(s[tok.start:tok.split]) {
			t.Errorf("range [%d,%d,%d) splits a rune", tok.start, tok.split, tok.end)
		}
		got = append(got, s[tok.start:tok.end])
	})
	want := []string{"Ça", "va", "Très", "bien", "don’t", "worry", "日本", "本", "ok\u0301"}
	if !slices.Equal(got, want) {
		t.Errorf("ranges cover %q, want %q", got, want)
	}
}

func TestTokensLongMultibyte(t *testing.T) {
	for _, tok := range Tokens(strings.Repeat("é日", 100)) {
		if len(tok) > maxTokenBytes || !utf8.ValidString(tok) {
			t.Errorf("token %q: %d bytes, valid %v", tok, len(tok), utf8.ValidString(tok))
		}
	}
}

// searchEntry makes an entry for index tests. date is YYYY-MM-DD.
func searchEntry(t testing.TB, date, title, body string, tags ...string) *journal.Entry {
	t.Helper()
	d, err := journal.ParseDate(date)
	if err != nil {
		t.Fatal(err)
	}
	return &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindFree, Date: d, Title: title, Body: body, Tags: tags,
		Created: d.Time(), Updated: d.Time().Add(12 * time.Hour),
	}
}

// searchLib is a set of entries with a verify function over them, standing
// in for the store.
type searchLib struct {
	ix      *Index
	mu      sync.Mutex
	byID    map[journal.ID]*journal.Entry
	fetches int
}

func newSearchLib(es ...*journal.Entry) *searchLib {
	l := &searchLib{ix: NewIndex(), byID: map[journal.ID]*journal.Entry{}}
	for _, e := range es {
		l.put(e)
	}
	return l
}

func (l *searchLib) put(e *journal.Entry) {
	l.mu.Lock()
	l.byID[e.ID] = e
	l.mu.Unlock()
	l.ix.Put(e)
}

func (l *searchLib) verify(id journal.ID) (*journal.Entry, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.fetches++
	e, ok := l.byID[id]
	if !ok {
		return nil, journal.ErrNotFound
	}
	return e, nil
}

// titles runs a search and returns the titles of the hits and the total.
func (l *searchLib) titles(t *testing.T, query string) ([]string, int) {
	t.Helper()
	return l.titlesQ(t, ParseQuery(query), 0, 100)
}

func (l *searchLib) titlesQ(t *testing.T, q Query, offset, limit int) ([]string, int) {
	t.Helper()
	hits, total, err := l.ix.Search(q, offset, limit, l.verify)
	if err != nil {
		t.Fatalf("Search(%+v): %v", q, err)
	}
	out := []string{}
	for _, h := range hits {
		e := l.byID[h.ID]
		if h.Date != e.Date {
			t.Errorf("hit %q has date %v, entry %v", e.Title, h.Date, e.Date)
		}
		out = append(out, e.Title)
	}
	return out, total
}

func checkTitles(t *testing.T, l *searchLib, query string, want ...string) {
	t.Helper()
	got, total := l.titles(t, query)
	if want == nil {
		want = []string{}
	}
	if !slices.Equal(got, want) || total != len(want) {
		t.Errorf("search %q = %q (total %d), want %q", query, got, total, want)
	}
}

func TestIndexPrefixAndAnd(t *testing.T) {
	l := newSearchLib(
		searchEntry(t, "2024-01-01", "a", "The betrayal still hurts."),
		searchEntry(t, "2024-01-02", "b", "I bet on us. Trust takes time."),
		searchEntry(t, "2024-01-03", "c", "Café with my sister; trusting again."),
		searchEntry(t, "2024-01-04", "d", "NOTHING here"),
	)
	checkTitles(t, l, "betra", "a")
	checkTitles(t, l, "bet", "b", "a")
	checkTitles(t, l, "BETRAYAL", "a")
	checkTitles(t, l, "trust", "b", "c") // the word itself before a word it begins
	checkTitles(t, l, "trust sort:newest", "c", "b")
	checkTitles(t, l, "trust time", "b")
	checkTitles(t, l, "trust betrayal")
	checkTitles(t, l, "cafe", "c")
	checkTitles(t, l, "cafés")
	checkTitles(t, l, "CAFÉ sis", "c")
	checkTitles(t, l, "zebra")
	checkTitles(t, l, "nothing", "d")
}

func TestIndexEmptyQueryListsNewestFirst(t *testing.T) {
	e1 := searchEntry(t, "2024-03-01", "older day", "x")
	e2 := searchEntry(t, "2024-03-02", "newer day, written earlier", "x")
	e3 := searchEntry(t, "2024-03-02", "newer day, written later", "x")
	// The day's order is the order it was written in, not the order of
	// the saves: the one written earlier was saved last.
	zone := time.FixedZone("", 3600)
	e2.Written, e3.Written = e2.Date.At(9, 0, zone), e3.Date.At(21, 40, zone)
	e2.Updated = e3.Updated.Add(time.Hour)
	// An entry without a time keeps its place by when it was first saved.
	e4 := searchEntry(t, "2024-03-02", "newer day, no time", "x")
	e4.Created = e4.Date.At(12, 0, zone)
	l := newSearchLib(e3, e1, e4, e2)
	checkTitles(t, l, "", "newer day, written later", "newer day, no time", "newer day, written earlier", "older day")
	checkTitles(t, l, "x sort:newest", "newer day, written later", "newer day, no time", "newer day, written earlier", "older day")
	if l.ix.Len() != 4 {
		t.Errorf("Len = %d, want 4", l.ix.Len())
	}
}

func TestIndexPhrase(t *testing.T) {
	l := newSearchLib(
		searchEntry(t, "2024-01-01", "in order", "Today I felt safe with him."),
		searchEntry(t, "2024-01-02", "reversed", "Safe? I never felt it."),
		searchEntry(t, "2024-01-03", "split", "I felt. Safe came later."),
		searchEntry(t, "2024-01-04", "across texts", "safe and sound", "felt"),
		searchEntry(t, "2024-01-05", "accents", "Un CAFÉ   crème, s'il vous plaît."),
		searchEntry(t, "2024-01-06", "repeated", "so so so sad"),
	)
	// Punctuation is not a word: phrases match across it, as in most search.
	checkTitles(t, l, `"felt safe"`, "split", "in order")
	checkTitles(t, l, `"Felt  SAFE" today`, "in order")
	checkTitles(t, l, `"felt saf"`) // phrase words are whole words
	checkTitles(t, l, `"cafe creme"`, "accents")
	checkTitles(t, l, `"so so sad"`, "repeated")
	checkTitles(t, l, `"safe" "felt"`, "across texts", "split", "reversed", "in order")
	checkTitles(t, l, `"felt safe" "never"`)

	// A single quoted word is a whole word, and needs no fetching.
	l.fetches = 0
	checkTitles(t, l, `"saf"`)
	checkTitles(t, l, `"sad"`, "repeated")
	if l.fetches != 0 {
		t.Errorf("one-word phrases fetched %d entries", l.fetches)
	}

	// Without verify, a phrase is only narrowed: by its words, then by the
	// word-pair filters, which never miss but may let a few through.
	hits, total, err := l.ix.Search(ParseQuery(`"felt safe"`), 0, 10, nil)
	if err != nil || len(hits) < 2 || len(hits) > 4 || total != len(hits) {
		t.Errorf("Search without verify: %d hits, total %d, %v; want 2 to 4", len(hits), total, err)
	}
}

func TestIndexPhraseFetchesOnlyWhatThePageNeeds(t *testing.T) {
	var es []*journal.Entry
	for i := range 50 {
		body := "we felt safe together"
		if i%2 == 1 {
			body = "safe, but felt alone"
		}
		es = append(es, searchEntry(t, journal.Date{Year: 2024, Month: 1, Day: 1}.AddDays(i).String(), fmt.Sprint(i), body))
	}
	l := newSearchLib(es...)
	q := ParseQuery(`"felt safe"`)
	got, total := l.titlesQ(t, q, 0, 3)
	if !slices.Equal(got, []string{"48", "46", "44"}) || total != TotalMore {
		t.Errorf("first page = %q, total %d; want [48 46 44], TotalMore", got, total)
	}
	// Three hits and one more to know there is a next page, among the
	// newest eight candidates (half of which fail).
	if l.fetches > 8 {
		t.Errorf("fetched %d entries for a page of 3", l.fetches)
	}
	got, total = l.titlesQ(t, q, 23, 10)
	if !slices.Equal(got, []string{"2", "0"}) || total != 25 {
		t.Errorf("last page = %q, total %d; want [2 0], 25", got, total)
	}
}

func TestIndexVerifyErrors(t *testing.T) {
	gone := searchEntry(t, "2024-01-02", "gone", "felt safe")
	l := newSearchLib(searchEntry(t, "2024-01-01", "here", "felt safe"), gone)
	delete(l.byID, gone.ID) // deleted from the store, not yet from the index
	checkTitles(t, l, `"felt safe"`, "here")

	boom := errors.New("disk on fire")
	_, _, err := l.ix.Search(ParseQuery(`"felt safe"`), 0, 10, func(journal.ID) (*journal.Entry, error) { return nil, boom })
	if !errors.Is(err, boom) {
		t.Errorf("Search error = %v, want %v", err, boom)
	}
}

func TestIndexFilters(t *testing.T) {
	checkin := searchEntry(t, "2024-02-10", "checkin", "steady today", "Body")
	checkin.Kind = journal.KindCheckIn
	checkin.Fields.CheckIn = &journal.CheckIn{Safety: 6, Emotions: []string{"calm"}, BodyNotes: "shoulders loose"}
	trashed := searchEntry(t, "2024-02-11", "trashed", "steady but thrown away", "body")
	trashed.Deleted = time.Now()
	prompted := searchEntry(t, "2024-02-12", "prompted", "my answer", "Inner Child", "café")
	prompted.Kind = journal.KindPrompted
	prompted.Prompt = &journal.PromptRef{Path: "p", Step: "s", Text: "What did the little one need?"}
	l := newSearchLib(
		searchEntry(t, "2024-01-31", "january", "steady", "body", "therapy"),
		checkin, trashed, prompted,
		searchEntry(t, "2024-03-01", "march", "steady", "THERAPY"),
	)
	checkTitles(t, l, "steady sort:newest", "march", "checkin", "january")
	checkTitles(t, l, "#body", "checkin", "january")
	checkTitles(t, l, "tag:BODY #therapy", "january")
	checkTitles(t, l, `tag:"inner child"`, "prompted")
	checkTitles(t, l, "#cafe", "prompted")
	checkTitles(t, l, "#nosuchtag")
	checkTitles(t, l, "kind:checkin", "checkin")
	checkTitles(t, l, "kind:checkin calm shoulders", "checkin")
	checkTitles(t, l, "kind:letter")
	checkTitles(t, l, "little one", "prompted")
	checkTitles(t, l, "from:2024-02-10 to:2024-02-12", "prompted", "checkin")
	checkTitles(t, l, "from:2024-02", "march", "prompted", "checkin")
	checkTitles(t, l, "to:2024-01-31", "january")
	checkTitles(t, l, "from:2024-03-02")
	checkTitles(t, l, "in:trash", "trashed")
	checkTitles(t, l, "in:trash steady #body", "trashed")
	checkTitles(t, l, "in:trash march")
	// A star, given and taken away, is a filter like the others.
	starred := *checkin
	starred.Starred = true
	l.put(&starred)
	checkTitles(t, l, "is:starred", "checkin")
	checkTitles(t, l, "steady starred:yes", "checkin")
	checkTitles(t, l, "is:starred in:trash")
	unstarred := starred
	unstarred.Starred = false
	l.put(&unstarred)
	checkTitles(t, l, "is:starred")
	// Tags are words too.
	checkTitles(t, l, "therapy", "march", "january")
}

func TestIndexReplaceAndRemove(t *testing.T) {
	e := searchEntry(t, "2024-01-01", "e", "first draft about anger")
	other := searchEntry(t, "2024-01-02", "other", "anger and grief")
	l := newSearchLib(e, other)

	e2 := *e
	e2.Body = "second draft about grief"
	l.put(&e2)
	checkTitles(t, l, "anger", "other")
	checkTitles(t, l, "grief", "other", "e")
	checkTitles(t, l, "draft", "e")
	if l.ix.Len() != 2 {
		t.Errorf("Len = %d after replace, want 2", l.ix.Len())
	}

	e3 := e2
	e3.Deleted = time.Now()
	l.put(&e3)
	checkTitles(t, l, "grief", "other")
	checkTitles(t, l, "in:trash grief", "e")

	l.ix.Remove(e.ID)
	l.ix.Remove(e.ID) // twice is harmless
	l.ix.Remove(journal.NewID())
	checkTitles(t, l, "in:trash")
	checkTitles(t, l, "", "other")
	if l.ix.Len() != 1 {
		t.Errorf("Len = %d after remove, want 1", l.ix.Len())
	}
}

func TestIndexCompaction(t *testing.T) {
	keep := searchEntry(t, "2023-12-31", "keep", "steady ground #rare")
	l := newSearchLib(keep)
	e := searchEntry(t, "2024-01-01", "edited", "draft 0")
	for i := range 3 * compactMinDead {
		v := *e
		v.Body = fmt.Sprintf("draft word%d", i)
		v.Tags = []string{fmt.Sprintf("t%d", i)}
		l.put(&v)
	}
	l.ix.mu.RLock()
	docs, dead, terms := len(l.ix.ids), l.ix.dead, len(l.ix.terms)
	l.ix.mu.RUnlock()
	if docs > compactMinDead+2 || dead > compactMinDead {
		t.Errorf("after %d saves: %d documents, %d dead; compaction did not run", 3*compactMinDead, docs, dead)
	}
	if terms > 2*compactMinDead+10 {
		t.Errorf("%d terms kept; dead words were not dropped", terms)
	}
	last := fmt.Sprintf("word%d", 3*compactMinDead-1)
	checkTitles(t, l, last, "edited")
	checkTitles(t, l, "word1", "edited") // prefix of the last
	checkTitles(t, l, "word0")
	checkTitles(t, l, "draft", "edited")
	checkTitles(t, l, fmt.Sprintf(`"draft %s"`, last), "edited")
	checkTitles(t, l, `"steady ground"`, "keep")
	checkTitles(t, l, "steady", "keep")
	checkTitles(t, l, fmt.Sprintf("#t%d", 3*compactMinDead-1), "edited")
	checkTitles(t, l, "#t0")
	checkTitles(t, l, "", "edited", "keep")
}

func TestIndexPairFilter(t *testing.T) {
	c := benchCorpus(1000)
	ix := c.ix
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	misses, tries := 0, 0
	for ord, id := range ix.ids {
		if ix.flags[ord]&docDead != 0 {
			continue
		}
		var words []string // the sequence of words: no character alone
		scanTokens(c.byID[id].Body, nil, func(tok token) {
			if !tok.alone {
				words = append(words, string(tok.text))
			}
		})
		for i := 0; i+1 < len(words) && i < 200; i += 7 {
			// Every pair that is there must pass: the filter never misses.
			if !ix.mayHavePairs(uint32(ord), phrasePairs([][]string{words[i : i+2]})) {
				t.Fatalf("entry %d: pair %q is there but the filter says no", ord, words[i:i+2])
			}
			// A pair made up from the entry's own words, reversed, is
			// almost never there; count how often the filter lets it by.
			if words[i] != words[i+1] {
				tries++
				if ix.mayHavePairs(uint32(ord), phrasePairs([][]string{{words[i+1], words[i] + "x"}})) {
					misses++
				}
			}
		}
	}
	rate := float64(misses) / float64(tries)
	t.Logf("absent pairs let through: %.1f%% of %d", 100*rate, tries)
	if rate > 0.12 {
		t.Errorf("pair filter lets %.0f%% of absent pairs through", 100*rate)
	}
}

func TestIndexManyNewWords(t *testing.T) {
	// Enough new words to merge the pending list into the sorted one, with
	// some left pending: prefix search must see both.
	l := newSearchLib()
	for i := range 2*pendingMin + 100 {
		l.put(searchEntry(t, "2024-01-01", fmt.Sprint(i), fmt.Sprintf("zz%05d common", i)))
	}
	for _, i := range []int{0, 1500, 2*pendingMin + 99} {
		checkTitles(t, l, fmt.Sprintf("zz%05d", i), fmt.Sprint(i))
	}
	if _, total := l.titlesQ(t, ParseQuery("zz000"), 0, 1); total != 100 {
		t.Errorf("zz000 total = %d, want 100", total)
	}
}

func TestIndexRelevance(t *testing.T) {
	l := newSearchLib(
		searchEntry(t, "2024-01-05", "prefix only", "trustworthy friends and a long walk by the sea"),
		searchEntry(t, "2024-01-01", "exact once", "trust is hard, some days it is harder than others"),
		searchEntry(t, "2024-01-02", "exact often", "trust trust trust, I keep writing trust"),
		searchEntry(t, "2024-01-03", "none", "nothing to see"),
	)
	checkTitles(t, l, "trust sort:relevance", "exact often", "exact once", "prefix only")
	checkTitles(t, l, "trust", "exact often", "exact once", "prefix only") // the default
	checkTitles(t, l, "trust sort:newest", "prefix only", "exact often", "exact once")
	hits, _, _ := l.ix.Search(ParseQuery("trust sort:relevance"), 0, 10, nil)
	for i := 1; i < len(hits); i++ {
		if hits[i].Score > hits[i-1].Score || hits[i].Score <= 0 {
			t.Errorf("scores not descending and positive: %v", hits)
		}
	}
	// Phrases rank too, and are still confirmed.
	checkTitles(t, l, `"trust is" sort:relevance`, "exact once")
	// Relevance with only filters falls back to newest first.
	checkTitles(t, l, "sort:relevance", "prefix only", "none", "exact often", "exact once")
}

func TestIndexPaging(t *testing.T) {
	var es []*journal.Entry
	for i := range 30 {
		es = append(es, searchEntry(t, journal.Date{Year: 2024, Month: 1, Day: 1}.AddDays(i).String(), fmt.Sprint(i), "page"))
	}
	l := newSearchLib(es...)
	q := ParseQuery("page")
	for _, tt := range []struct {
		offset, limit int
		want          []string
	}{
		{0, 3, []string{"29", "28", "27"}},
		{28, 5, []string{"1", "0"}},
		{30, 5, []string{}},
		{-1, 1, []string{"29"}},
		{0, 0, []string{}},
		{1, int(^uint(0) >> 1), nil},
	} {
		got, total := l.titlesQ(t, q, tt.offset, tt.limit)
		if total != 30 {
			t.Errorf("offset %d limit %d: total %d, want 30", tt.offset, tt.limit, total)
		}
		if tt.want != nil && !slices.Equal(got, tt.want) {
			t.Errorf("offset %d limit %d: %q, want %q", tt.offset, tt.limit, got, tt.want)
		}
		if tt.want == nil && len(got) != 29 {
			t.Errorf("offset %d limit %d: %d hits, want 29", tt.offset, tt.limit, len(got))
		}
	}
}

func TestIndexZeroValueAndNil(t *testing.T) {
	var ix Index
	if hits, total, err := ix.Search(ParseQuery("anything"), 0, 10, nil); len(hits) != 0 || total != 0 || err != nil {
		t.Errorf("empty index: %v %d %v", hits, total, err)
	}
	if hits, total, _ := ix.Search(Query{}, 0, 10, nil); len(hits) != 0 || total != 0 {
		t.Errorf("empty index, empty query: %v %d", hits, total)
	}
	ix.Put(nil)
	ix.Remove(journal.ID{})
	e := searchEntry(t, "2024-01-01", "", "")
	e.Date = journal.Date{}
	ix.Put(e)
	if hits, _, _ := ix.Search(Query{}, 0, 10, nil); len(hits) != 1 || hits[0].ID != e.ID {
		t.Errorf("an undated, empty entry is listed: %v", hits)
	}
}

func TestIndexUnnormalisedQuery(t *testing.T) {
	// Callers may build a Query by hand; Search normalises it.
	l := newSearchLib(searchEntry(t, "2024-01-01", "x", "Crème brûlée, don't", "Inner Child"))
	q := Query{Terms: []string{"CRÈME", "Don’t"}, Phrases: [][]string{{"Crème BRÛLÉE"}}, Tags: []string{"#inner child"}}
	if got, _ := l.titlesQ(t, q, 0, 10); !slices.Equal(got, []string{"x"}) {
		t.Errorf("hand-built query found %q", got)
	}
}

func TestIndexConcurrent(t *testing.T) {
	l := newSearchLib()
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Go(func() {
			for i := range 200 {
				e := searchEntry(t, "2024-01-01", fmt.Sprint(w, i), fmt.Sprintf("shared words w%d n%d", w, i))
				l.put(e)
				if i%3 == 0 {
					l.ix.Remove(e.ID)
				}
			}
		})
		wg.Go(func() {
			for range 200 {
				if _, _, err := l.ix.Search(ParseQuery(`shared "shared words" sort:relevance`), 0, 5, l.verify); err != nil {
					t.Error(err)
					return
				}
			}
		})
	}
	wg.Wait()
	if _, total := l.titlesQ(t, ParseQuery("shared"), 0, 0); total != 4*133 {
		t.Errorf("total = %d, want %d", total, 4*133)
	}
}

// TestIndexDropsOldVersionsOfALongEntry saves a long entry again and again
// in a journal of many short ones: the search index must not keep the old
// versions' word-pair filters, which for a long entry are megabytes each.
func TestIndexDropsOldVersionsOfALongEntry(t *testing.T) {
	ix := NewIndex()
	for i := range 300 {
		ix.Put(&journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2024, Month: 1, Day: 1}, Body: sample.ChatLog(400, uint64(i))})
	}
	e := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2024, Month: 1, Day: 1}, Body: sample.ChatLog(1<<20, 1)}
	ix.Put(e)
	one := len(ix.pairArena)
	for i := range 100 {
		e.Body = sample.EditChatLog(e.Body, i)
		ix.Put(e)
	}
	if n := len(ix.pairArena); n > 2*one+compactMinPairs {
		t.Fatalf("after 100 saves of a long entry the index holds %d words of filters, %d after the first", n, one)
	}
	res, _, err := ix.Search(ParseQuery("still here"), 0, 10, func(journal.ID) (*journal.Entry, error) { return e, nil })
	if err != nil || len(res) != 1 {
		t.Fatalf("search after the saves: %d results, %v", len(res), err)
	}
}

// TestIndexJournalFilter keeps a search to the journals chosen: each
// document knows its journal, an entry moved to another journal moves in
// the index, and compaction keeps each document's journal with it.
func TestIndexJournalFilter(t *testing.T) {
	l := journal.DefaultJournals()
	l, therapy, err := l.Add("Therapy notes", time.Now())
	if err != nil {
		t.Fatal(err)
	}
	first := searchEntry(t, "2024-01-01", "first", "steady")
	second := searchEntry(t, "2024-01-02", "second", "steady")
	second.Journal = therapy.ID
	lib := newSearchLib(first, second)
	titles := func(set journal.JournalSet, want ...string) {
		t.Helper()
		q := ParseQuery("steady")
		q.Journals = set
		got, total := lib.titlesQ(t, q, 0, 10)
		if want == nil {
			want = []string{}
		}
		if !slices.Equal(got, want) || total != len(want) {
			t.Errorf("search in %v = %q, want %q", set, got, want)
		}
	}
	titles(journal.JournalSet{}, "second", "first")
	titles(l.Only(therapy.ID), "second")
	titles(l.Only(journal.JournalID{}), "first")
	titles(l.Only())
	// Moved to the first journal, it is found there.
	moved := *second
	moved.Journal = journal.JournalID{}
	lib.put(&moved)
	titles(l.Only(therapy.ID))
	titles(l.Only(journal.JournalID{}), "second", "first")
	// Many saves make the index compact; each keeps its journal.
	for range 2 * compactMinDead {
		lib.put(&moved)
	}
	back := moved
	back.Journal = therapy.ID
	lib.put(&back)
	titles(l.Only(therapy.ID), "second")
	titles(l.Only(journal.JournalID{}), "first")
}

// TestFeelingsAreFoundInEveryLanguage: a check-in keeps the feelings
// chosen by their English names, and shows them in the person's language;
// it is found by the name of each in every language Tend speaks, and a
// feeling the person typed by its own word alone.
func TestFeelingsAreFoundInEveryLanguage(t *testing.T) {
	e := searchEntry(t, "2026-12-05", "evening", "")
	e.Kind = journal.KindCheckIn
	e.Fields.CheckIn = &journal.CheckIn{Safety: 6, Emotions: []string{"calm", "insecure", "settings"}}
	other := searchEntry(t, "2026-12-05", "walk", "A calm walk.")
	l := newSearchLib(e, other)
	checkTitles(t, l, "ruhig", "evening")
	checkTitles(t, l, "unsicher", "evening")
	checkTitles(t, l, "inseguridad", "evening")
	checkTitles(t, l, "calma", "evening")
	checkTitles(t, l, "settings", "evening")
	checkTitles(t, l, "Einstellungen")
}
