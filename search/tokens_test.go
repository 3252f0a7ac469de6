package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tend/journal"
)

// FuzzTokenize holds the tokenizer to what the index and the snippets count
// on, whatever the text: no panic, tokens within bounds, ranges that fall
// on the source's runes in order, queries that read the same when read
// again, and a text found by its own words and by itself as a phrase.
func FuzzTokenize(f *testing.F) {
	for _, s := range []string{
		"Café CAFE naïve Straße", "私は信頼を学んでいます。", "I met 田中さん today",
		"ｶｷﾞ が か\u3099", "\xff\xfe 日\xff本", "e\u0301\u0301\u0301 \u0301日", "ß\u0301ẞ",
		"İı KIZ", norm.NFD.String("오늘은 신뢰"), "ฉันกำลังเรียนรู้", "don't 'x' '日本'", "\u200b日\u200b本",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		lastStart, lastEnd := 0, 0
		stream := 0
		scanTokens(s, nil, func(tok token) {
			if len(tok.text) == 0 || len(tok.text) > maxTokenBytes || !utf8.Valid(tok.text) {
				t.Fatalf("token %q of %q", tok.text, s)
			}
			if tok.start < lastStart || tok.end < lastEnd || tok.start >= tok.end ||
				tok.split < tok.start || tok.split > tok.end || tok.end > len(s) {
				t.Fatalf("token %q at [%d,%d,%d) after [%d,%d) in %q", tok.text, tok.start, tok.split, tok.end, lastStart, lastEnd, s)
			}
			if utf8.ValidString(s) && !(utf8.ValidString(s[tok.start:tok.split]) && utf8.ValidString(s[tok.split:tok.end])) {
				t.Fatalf("token %q at [%d,%d,%d) splits a rune of %q", tok.text, tok.start, tok.split, tok.end, s)
			}
			lastStart, lastEnd = tok.start, tok.end
			if !tok.alone {
				stream++
			}
		})

		words := queryWords(s)
		if again := queryWords(strings.Join(words, " ")); !slices.Equal(again, words) {
			t.Fatalf("query words of %q are %q, read again %q", s, words, again)
		}
		if (len(words) == 0) != (stream == 0) {
			t.Fatalf("%q has query words %q and %d tokens", s, words, stream)
		}
		if len(words) == 0 {
			return
		}
		e := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2025, Month: 1, Day: 1}, Body: s}
		l := newSearchLib(e)
		for _, q := range []Query{{Terms: words}, {Phrases: [][]string{{s}}}} {
			if hits, _, err := l.ix.Search(q, 0, 1, l.verify); err != nil || len(hits) != 1 {
				t.Fatalf("%q does not find itself by %+v: %d hits, %v", s, q, len(hits), err)
			}
		}
	})
}

// TestTokensHugeInput tokenizes a megabyte of marks on one letter and a
// megabyte of ideographs without a space: the first is one short word, the
// second a pair per character, and neither holds more than a token's worth
// of memory at a time.
func TestTokensHugeInput(t *testing.T) {
	marks := "a" + strings.Repeat("\u0301", 1<<19)
	if got := Tokens(marks); !slices.Equal(got, []string{"a"}) {
		t.Errorf("a letter with half a million accents gives %d tokens", len(got))
	}
	ideo := strings.Repeat("信頼", 1<<18)
	n, pairs := 0, 0
	scanTokens(ideo, nil, func(tok token) {
		n++
		if !tok.alone {
			pairs++
		}
	})
	if runes := utf8.RuneCountInString(ideo); pairs != runes-1 || n != runes {
		t.Errorf("%d characters without a space give %d tokens, %d of them pairs", runes, n, pairs)
	}
	words := queryWords(ideo)
	if len(words) != 1 {
		t.Fatalf("a run as a query gives %d words", len(words))
	}
	if pairs := runPairs(words[0], maxSeqTokens); len(pairs) != maxSeqTokens {
		t.Errorf("a long run as a query is %d pairs, want %d", len(pairs), maxSeqTokens)
	}
}
