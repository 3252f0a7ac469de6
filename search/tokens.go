package search

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tend/journal"
)

// maxTokenBytes bounds one normalised token. Longer runs (pasted hashes,
// URLs without separators) are cut, in the index and in queries alike, so
// they still match each other and cannot bloat the dictionary.
const maxTokenBytes = 64

// Tokens returns the normalised words of s, as the index stores them and as
// queries and snippets compare them. Words are maximal runs of letters and
// digits in any script; everything else separates them, except that an
// apostrophe between two letters joins them ("don't" is "dont"). Each word is
// decomposed (NFKD), stripped of combining marks and lower-cased, so "Café",
// "CAFE" and "cafe" are the same word, and a ligature such as "ﬁ" reads as
// "fi". Runs of ideographs without spaces stay one word; they still match by
// prefix.
func Tokens(s string) []string {
	var out []string
	scanTokens(s, nil, func(tok []byte, _, _ int) {
		out = append(out, string(tok))
	})
	return out
}

// scanTokens calls emit for every word of s with its normalised form, valid
// only during the call, and the byte range [start, end) the word spans in s.
// It returns buf, possibly grown, so callers can reuse it.
func scanTokens(s string, buf []byte, emit func(tok []byte, start, end int)) []byte {
	t := tokenScanner{tok: buf[:0], start: -1, emit: emit}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// Most journal text is ASCII; skip the Unicode tables for it.
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				t.asciiWord(c, i)
			case 'A' <= c && c <= 'Z':
				t.asciiWord(c+'a'-'A', i)
			case c == '\'':
				t.apostrophe()
			default:
				t.brk()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if d := norm.NFKD.PropertiesString(s[i:]).Decomposition(); len(d) > 0 {
			for j := 0; j < len(d); {
				dr, n := utf8.DecodeRune(d[j:])
				t.rune(dr, i, size)
				j += n
			}
		} else {
			t.rune(r, i, size)
		}
		i += size
	}
	t.brk()
	return t.tok
}

// tokenScanner is the state of scanTokens between runes.
type tokenScanner struct {
	tok   []byte
	start int  // where the current word began in the source; -1 between words
	end   int  // just past the word's last letter, digit or mark
	apos  bool // an apostrophe followed the word's last letter
	emit  func(tok []byte, start, end int)
}

// rune classifies one rune of the decomposed text; i and size are the source
// rune it came from, so ranges always fall on source rune boundaries.
func (t *tokenScanner) rune(r rune, i, size int) {
	switch {
	case r == '\'' || r == '\u2019' || r == '\u02bc':
		t.apostrophe()
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
		// Spacing marks (Mc) are kept: in Indic scripts they are vowels,
		// and dropping them would split words apart.
		t.word(unicode.ToLower(r), i, size)
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		// Accents, enclosing marks and invisible format characters (soft
		// hyphen, zero-width joiners) neither count nor split a word.
		if t.start >= 0 && !t.apos {
			t.end = i + size
		}
	default:
		t.brk()
	}
}

func (t *tokenScanner) word(r rune, i, size int) {
	if t.start < 0 {
		t.start = i
	}
	t.apos = false
	if len(t.tok)+utf8.RuneLen(r) <= maxTokenBytes {
		t.tok = utf8.AppendRune(t.tok, r)
	}
	t.end = i + size
}

// asciiWord is word for a lower-case ASCII letter or digit.
func (t *tokenScanner) asciiWord(c byte, i int) {
	if t.start < 0 {
		t.start = i
	}
	t.apos = false
	if len(t.tok) < maxTokenBytes {
		t.tok = append(t.tok, c)
	}
	t.end = i + 1
}

func (t *tokenScanner) apostrophe() {
	switch {
	case t.start < 0:
		// A quote mark before a word is punctuation.
	case t.apos:
		t.brk()
	default:
		t.apos = true
	}
}

// brk ends the current word, if any.
func (t *tokenScanner) brk() {
	if t.start >= 0 {
		t.emit(t.tok, t.start, t.end)
		t.tok = t.tok[:0]
		t.start = -1
	}
	t.apos = false
}

// foldTag returns the form tags are compared in: trimmed, without a leading
// "#", accents removed and lower-cased, so "#Café" filters "café".
func foldTag(tag string) string {
	tag = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(tag), "#"))
	var b strings.Builder
	for i := 0; i < len(tag); {
		r, size := utf8.DecodeRuneInString(tag[i:])
		d := norm.NFKD.PropertiesString(tag[i:]).Decomposition()
		if len(d) == 0 {
			d = utf8.AppendRune(nil, r)
		}
		for j := 0; j < len(d); {
			dr, n := utf8.DecodeRune(d[j:])
			if !unicode.In(dr, unicode.Mn, unicode.Me) {
				b.WriteRune(unicode.ToLower(dr))
			}
			j += n
		}
		i += size
	}
	return b.String()
}

// searchTexts calls fn with every piece of text of e that search covers, each
// separately so a phrase never matches across the end of one and the start
// of the next. head is set for the title and the tags, the words that say
// what an entry is about.
func searchTexts(e *journal.Entry, fn func(s string, head bool)) {
	fn(e.Title, true)
	fn(e.Body, false)
	for _, t := range e.Tags {
		fn(t, true)
	}
	for _, t := range e.Fields.Texts() {
		fn(t, false)
	}
	if e.Prompt != nil {
		fn(e.Prompt.Text, false)
	}
}
