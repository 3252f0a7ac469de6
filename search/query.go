package search

import (
	"slices"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"tend/journal"
)

// Order is how search results come.
type Order uint8

const (
	// OrderDefault is the order nobody chose: the search box or the command
	// line puts its own choice there, and Search reads it as OrderBest.
	OrderDefault Order = iota
	// OrderBest puts the best matches first: the entries where the words
	// weigh most (exact words over words they only begin, a title or tag
	// over the body). Among equals, and when only filters were given, the
	// newest come first.
	OrderBest
	// OrderNewest puts the newest first, by day and then by the time each
	// was written, however well each matches.
	OrderNewest
)

// Query is what a person asked the search to find. The zero Query matches
// every entry outside the trash, newest first (with no words to weigh, the
// best matches are the newest).
type Query struct {
	// Terms must all occur, each as the start of a word of the entry:
	// "betra" finds "betrayal". A term in a script written without spaces
	// (Chinese, Japanese, Korean, Thai) is found anywhere inside a run of
	// that script: "信頼" finds "私は信頼を学んでいます". Terms are
	// normalised as the index's words are, ignoring case and accents.
	Terms []string
	// Phrases must all occur, each as consecutive whole words of one text
	// of the entry (its title, body, a tag or a field).
	Phrases [][]string
	// Tags the entry must all carry, compared without regard to case or
	// accents and without a leading "#".
	Tags []string
	// Kind, when set, keeps only entries of that kind.
	Kind journal.Kind
	// From and To, when set, bound the entry's day; both are inclusive.
	From, To journal.Date
	// Starred keeps only the entries with a star.
	Starred bool
	// JournalNames are what was typed after journal: (the start of a
	// journal's name); the caller, who has the list of journals, turns
	// them into Journals.
	JournalNames []string
	// Journals keeps only the entries of the journals it holds; the zero
	// set is every journal.
	Journals journal.JournalSet
	// Trash searches the trash instead of the journal.
	Trash bool
	// Order is how the results come; sort:best or sort:newest in the
	// query sets it.
	Order Order
}

// Bounds on a parsed query. Someone who pastes a page into the search box
// gets a search over its start rather than one that takes seconds.
const (
	maxQueryTerms       = 32
	maxQueryPhrases     = 8
	maxQueryPhraseWords = 32
	maxQueryTags        = 16
)

// ParseQuery reads what a person typed into the search box:
//
//	words            every word must match, as the start of a word
//	"a phrase"       these words, together and in order
//	#tag, tag:x      only entries with that tag (tag:"two words" too)
//	kind:checkin     only entries of that kind
//	from:2024-01-01  only entries on or after that day (2024-01 and 2024 work)
//	to:2024-02-01    only entries on or before that day
//	in:trash         search the trash instead
//	is:starred       only entries with a star (starred:yes too)
//	journal:therapy  only entries of the journals whose names begin so
//	                 (journal:"Therapy notes" too)
//	sort:best        best matches first (sort:relevance too)
//	sort:newest      newest first (sort:date too)
//
// A key it does not know, or a value it cannot read ("from:yesterday"), is
// searched as plain words. ParseQuery never fails: whatever was typed makes
// some query.
func ParseQuery(s string) Query {
	var q Query
	p := queryLexer{s: s}
	for {
		tok, quoted, ok := p.next()
		if !ok {
			return q
		}
		if quoted {
			q.addPhrase(tok)
			continue
		}
		q.addToken(tok, &p)
	}
}

// queryLexer splits a query into bare tokens and quoted strings.
type queryLexer struct {
	s string
	i int
}

func isQuote(r rune) bool { return r == '"' || r == '“' || r == '”' || r == '„' }

// next returns the next token and whether it was quoted. An unclosed quote
// runs to the end of the query, so a phrase being typed already searches.
func (p *queryLexer) next() (tok string, quoted, ok bool) {
	for p.i < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[p.i:])
		if !unicode.IsSpace(r) {
			break
		}
		p.i += size
	}
	if p.i >= len(p.s) {
		return "", false, false
	}
	if r, size := utf8.DecodeRuneInString(p.s[p.i:]); isQuote(r) {
		p.i += size
		return p.quoted(), true, true
	}
	start := p.i
	for p.i < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[p.i:])
		if unicode.IsSpace(r) || isQuote(r) {
			break
		}
		p.i += size
	}
	return p.s[start:p.i], false, true
}

// quoted reads up to the closing quote, just after an opening one.
func (p *queryLexer) quoted() string {
	start := p.i
	for p.i < len(p.s) {
		r, size := utf8.DecodeRuneInString(p.s[p.i:])
		if isQuote(r) {
			tok := p.s[start:p.i]
			p.i += size
			return tok
		}
		p.i += size
	}
	return p.s[start:]
}

// quotedValue reads a quoted value right after "key:", if there is one.
func (p *queryLexer) quotedValue() (string, bool) {
	if p.i >= len(p.s) {
		return "", false
	}
	r, size := utf8.DecodeRuneInString(p.s[p.i:])
	if !isQuote(r) {
		return "", false
	}
	p.i += size
	return p.quoted(), true
}

func (q *Query) addPhrase(s string) {
	words := queryWords(s)
	if len(words) == 0 || len(q.Phrases) >= maxQueryPhrases {
		return
	}
	if len(words) > maxQueryPhraseWords {
		words = words[:maxQueryPhraseWords]
	}
	q.Phrases = append(q.Phrases, words)
}

func (q *Query) addWords(s string) {
	for _, w := range queryWords(s) {
		if len(q.Terms) >= maxQueryTerms {
			return
		}
		if !slices.Contains(q.Terms, w) {
			q.Terms = append(q.Terms, w)
		}
	}
}

func (q *Query) addTag(t string) {
	t = strings.ToLower(strings.TrimSpace(strings.TrimLeft(strings.TrimSpace(t), "#")))
	if t != "" && len(q.Tags) < maxQueryTags && !slices.Contains(q.Tags, t) {
		q.Tags = append(q.Tags, t)
	}
}

// addJournal adds a journal's name, or its start, to look in.
func (q *Query) addJournal(name string) {
	if name = strings.TrimSpace(name); name != "" && len(q.JournalNames) < maxQueryTags {
		q.JournalNames = append(q.JournalNames, name)
	}
}

// addToken interprets one bare token; p supplies a quoted value that may
// follow "key:".
func (q *Query) addToken(tok string, p *queryLexer) {
	if strings.HasPrefix(tok, "#") {
		q.addTag(tok)
		return
	}
	key, val, ok := strings.Cut(tok, ":")
	if !ok {
		q.addWords(tok)
		return
	}
	key = strings.ToLower(key)
	switch key {
	case "tag", "kind", "from", "to", "in", "is", "starred", "journal", "sort":
	default:
		q.addWords(tok)
		return
	}
	if val == "" {
		// "tag:" alone, or "tag:" followed by a quoted value.
		if v, ok := p.quotedValue(); ok {
			switch key {
			case "tag":
				q.addTag(v)
			case "journal":
				q.addJournal(v)
			}
		}
		return
	}
	if !q.setFilter(key, val) {
		q.addWords(tok)
	}
}

// setFilter applies key:val and reports whether val made sense for key.
func (q *Query) setFilter(key, val string) bool {
	lv := strings.ToLower(val)
	switch key {
	case "tag":
		q.addTag(val)
		return true
	case "journal":
		q.addJournal(val)
		return true
	case "kind":
		k, ok := kindByName(lv)
		if ok {
			q.Kind = k
		}
		return ok
	case "from":
		d, ok := parseQueryDate(val, false)
		if ok {
			q.From = d
		}
		return ok
	case "to":
		d, ok := parseQueryDate(val, true)
		if ok {
			q.To = d
		}
		return ok
	case "in":
		switch lv {
		case "trash", "bin":
			q.Trash = true
			return true
		case "journal":
			q.Trash = false
			return true
		}
	case "is":
		switch lv {
		case "starred", "star", "favourite", "favorite":
			q.Starred = true
			return true
		}
	case "starred":
		switch lv {
		case "yes", "true":
			q.Starred = true
			return true
		case "no", "false", "any":
			q.Starred = false
			return true
		}
	case "sort":
		switch lv {
		case "relevance", "rel", "best":
			q.Order = OrderBest
			return true
		case "date", "newest":
			q.Order = OrderNewest
			return true
		}
	}
	return false
}

// kindByName finds a kind by its stored name, forgiving "check-in" or
// "therapy note" style spellings.
func kindByName(s string) (journal.Kind, bool) {
	squash := func(s string) string {
		return strings.Map(func(r rune) rune {
			if r == '-' || r == '_' || r == ' ' {
				return -1
			}
			return r
		}, s)
	}
	want := squash(s)
	for _, k := range journal.Kinds {
		if squash(string(k)) == want {
			return k, true
		}
	}
	return "", false
}

// ParseDay reads a day as from: and to: read it: 2024-03-31, 2024-03 or
// 2024. A month or year stands for its first day, or its last when end is
// set. ok is false when s is none of these.
func ParseDay(s string, end bool) (d journal.Date, ok bool) {
	return parseQueryDate(strings.TrimSpace(s), end)
}

// parseQueryDate reads YYYY-MM-DD, YYYY-MM or YYYY. A month or year stands
// for its first day, or its last when end is set, so "to:2024" includes
// New Year's Eve.
func parseQueryDate(s string, end bool) (journal.Date, bool) {
	for _, layout := range []string{time.DateOnly, "2006-01", "2006"} {
		t, err := time.Parse(layout, s)
		if err != nil {
			continue
		}
		if end {
			switch layout {
			case "2006-01":
				t = t.AddDate(0, 1, -1)
			case "2006":
				t = t.AddDate(1, 0, -1)
			}
		}
		return journal.DateOf(t), true
	}
	return journal.Date{}, false
}
