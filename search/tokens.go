package search

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"tend/assets"
	"tend/journal"
)

// maxTokenBytes bounds one normalised token. Longer runs (pasted hashes,
// URLs without separators) are cut, in the index and in queries alike, so
// they still match each other and cannot bloat the dictionary.
const maxTokenBytes = 64

// token is one unit of text as the scanner hands it out.
type token struct {
	// text is the normalised form; it is valid only during the call.
	text []byte
	// start and end are the bytes of the source the token spans. They
	// always fall on rune boundaries of the source.
	start, end int
	// split is where the second character of a pair begins in the source;
	// for any other token it is end.
	split int
	// alone marks the last character of a run of pairs, indexed on its own
	// so that a query of one character finds it. It is not part of the
	// sequence of words: phrases and word pairs skip it.
	alone bool
}

// Tokens returns the normalised tokens of s, as the index stores them.
//
// Words are maximal runs of letters and digits; everything else separates
// them, except that an apostrophe between two letters joins them ("don't" is
// "dont"). Each word is decomposed (NFKD), stripped of combining marks and
// case-folded, and a few letters that have no decomposition are spelt out as
// their plain Latin letters (foldLetter), so "Café", "CAFE" and "cafe" are
// the same word, as are "Straße" and "strasse", and a ligature such as "ﬁ"
// reads as "fi".
//
// Scripts written without spaces between words (Chinese, Japanese, Korean,
// Thai and their neighbours: see isPairRune) have no words to cut at, so a
// run of them becomes its overlapping pairs of characters, "信頼を" giving
// "信頼" and "頼を", followed by its last character alone. Any two or more
// characters of a sentence are then consecutive pairs, found wherever they
// stand, and one character is the start of a pair or that last one.
func Tokens(s string) []string {
	var out []string
	scanTokens(s, nil, func(t token) {
		out = append(out, string(t.text))
	})
	return out
}

// queryWords returns the normalised words of s as a query reads them: like
// Tokens, except that a run of unspaced script stays one word, however long,
// to be matched as a whole (see queryParts).
func queryWords(s string) []string {
	var out []string
	t := tokenScanner{whole: true, start: -1, emit: func(t token) {
		out = append(out, string(t.text))
	}}
	t.scan(s)
	return out
}

// scanTokens calls emit for every token of s, in the order of the source.
// buf is scratch space; scanTokens returns it, possibly grown, so callers
// can reuse it.
func scanTokens(s string, buf []byte, emit func(t token)) []byte {
	t := tokenScanner{tok: buf[:0], start: -1, emit: emit}
	t.scan(s)
	return t.tok
}

// tokenScanner is the state of a scan between runes.
type tokenScanner struct {
	tok   []byte // the word being read, normalised
	start int    // where the current word began in the source; -1 between words
	end   int    // just past the word's last letter, digit or mark
	apos  bool   // an apostrophe followed the word's last letter
	emit  func(t token)

	// A run of unspaced script: its last two characters, and how many it
	// has had. A pair is emitted only once the character after it is
	// known, since a following mark can still change or widen the second.
	prev, cur runeSpan
	run       int
	runStart  int    // where the run began in the source
	runText   []byte // the pair or character being emitted; the whole run so far, when whole
	whole     bool   // queries: keep a run whole instead of in pairs
}

// runeSpan is one character of a run and the source bytes it came from.
type runeSpan struct {
	r          rune
	start, end int
}

func (t *tokenScanner) scan(s string) {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// Most journal text is ASCII; skip the Unicode tables for it.
			// Nothing in ASCII belongs to a run of unspaced script.
			if t.run > 0 {
				t.endRun()
			}
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
		if isPlainPairRune(r) {
			// Most text in unspaced scripts is these, and nothing in
			// them needs decomposing: a voiced kana would only come
			// back apart to be put together again.
			t.pairRune(r, i, size)
			i += size
			continue
		}
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
}

// rune classifies one rune of the decomposed text; i and size are the source
// rune it came from, so ranges always fall on source rune boundaries.
func (t *tokenScanner) rune(r rune, i, size int) {
	switch {
	case r == '\'' || r == '\u2019' || r == '\u02bc':
		t.apostrophe()
	case isPairRune(r):
		t.pairRune(r, i, size)
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
		// Spacing marks (Mc) are kept: in Indic scripts they are vowels,
		// and dropping them would split words apart.
		t.word(r, i, size)
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		// Accents, enclosing marks and invisible format characters (soft
		// hyphen, zero-width joiners and spaces) neither count nor split a
		// word.
		if t.run > 0 {
			t.runMark(r, i, size)
		} else if t.start >= 0 && !t.apos {
			t.end = i + size
		}
	default:
		t.brk()
	}
}

// word adds a letter or digit of a spaced script to the current word.
func (t *tokenScanner) word(r rune, i, size int) {
	if t.run > 0 {
		t.endRun()
	}
	if t.start < 0 {
		t.start = i
	}
	t.apos = false
	r = unicode.ToLower(unicode.ToUpper(r))
	if s := foldLetter(r); s != "" {
		if len(t.tok)+len(s) <= maxTokenBytes {
			t.tok = append(t.tok, s...)
		}
	} else if len(t.tok)+utf8.RuneLen(r) <= maxTokenBytes {
		t.tok = utf8.AppendRune(t.tok, r)
	}
	t.end = i + size
}

// asciiWord is word for a lower-case ASCII letter or digit, outside a run.
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
		// A quote mark before a word, or after a run of unspaced script,
		// is punctuation.
		if t.run > 0 {
			t.endRun()
		}
	case t.apos:
		t.brk()
	default:
		t.apos = true
	}
}

// brk ends the current word or run, if any.
func (t *tokenScanner) brk() {
	if t.start >= 0 {
		t.emit(token{text: t.tok, start: t.start, end: t.end, split: t.end})
		t.tok = t.tok[:0]
		t.start = -1
	}
	t.apos = false
	if t.run > 0 {
		t.endRun()
	}
}

// pairRune adds a character of an unspaced script to the current run.
func (t *tokenScanner) pairRune(r rune, i, size int) {
	if t.start >= 0 {
		t.brk()
	}
	if t.run > 0 {
		if c, ok := composeJamo(t.cur.r, r); ok {
			t.recompose(c, i+size)
			return
		}
		if t.run >= 2 && !t.whole {
			t.emitPair()
		}
	}
	if t.run == 0 {
		t.runStart = i
	}
	t.prev = t.cur
	t.cur = runeSpan{r: r, start: i, end: i + size}
	t.run++
	if t.whole {
		t.runText = utf8.AppendRune(t.runText, r)
	}
}

// runMark handles a combining or format mark inside a run: the kana voicing
// marks join the kana before them ("か" and U+3099 are "が", as typed), any
// other mark is dropped, as accents are, but widens the character it
// follows so highlighting covers it.
func (t *tokenScanner) runMark(r rune, i, size int) {
	if r == '\u3099' || r == '\u309a' {
		if c := []rune(norm.NFC.String(string([]rune{t.cur.r, r}))); len(c) == 1 {
			t.recompose(c[0], i+size)
			return
		}
	}
	t.cur.end = i + size
}

// recompose replaces the run's last character with c, which now ends at end.
func (t *tokenScanner) recompose(c rune, end int) {
	t.cur.r, t.cur.end = c, end
	if t.whole {
		_, n := utf8.DecodeLastRune(t.runText)
		t.runText = utf8.AppendRune(t.runText[:len(t.runText)-n], c)
	}
}

// emitPair emits the pair of the run's last two characters.
func (t *tokenScanner) emitPair() {
	t.runText = utf8.AppendRune(utf8.AppendRune(t.runText[:0], t.prev.r), t.cur.r)
	t.emit(token{text: t.runText, start: t.prev.start, end: t.cur.end, split: t.cur.start})
}

// endRun emits what the current run still holds: its last pair and its last
// character alone, or, for a run of one character, that character as a word.
func (t *tokenScanner) endRun() {
	switch {
	case t.run == 0:
		return
	case t.whole:
		t.emit(token{text: t.runText, start: t.runStart, end: t.cur.end, split: t.cur.end})
	case t.run == 1:
		t.runText = utf8.AppendRune(t.runText[:0], t.cur.r)
		t.emit(token{text: t.runText, start: t.cur.start, end: t.cur.end, split: t.cur.end})
	default:
		t.emitPair()
		t.runText = utf8.AppendRune(t.runText[:0], t.cur.r)
		t.emit(token{text: t.runText, start: t.cur.start, end: t.cur.end, split: t.cur.end, alone: true})
	}
	t.runText = t.runText[:0]
	t.run = 0
}

// pairScripts are the scripts written without spaces between words, whose
// runs are indexed as pairs of characters: Chinese, Japanese and Korean
// (which does use spaces, but between phrases of several words, so a word
// is found inside one only by its characters), and the scripts of South-East
// Asia.
var pairScripts = []*unicode.RangeTable{
	unicode.Han, unicode.Hiragana, unicode.Katakana, unicode.Hangul, unicode.Bopomofo,
	unicode.Thai, unicode.Lao, unicode.Khmer, unicode.Myanmar,
}

// isPairRune reports whether r is a letter, digit or spacing mark of a
// script in pairScripts.
func isPairRune(r rune) bool {
	if r < 0x0e00 {
		// Latin, Greek, Cyrillic, Hebrew, Arabic, Indic: spaced scripts.
		return false
	}
	if r == '\u30fc' {
		// The prolonged sound mark belongs to no script but is part of
		// katakana words ("コーヒー").
		return true
	}
	return unicode.In(r, pairScripts...) &&
		(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.In(r, unicode.Mc, unicode.Nl))
}

// isPlainPairRune reports whether r is a kana, a common ideograph or a
// Korean syllable: a pair rune that scanning may take as it is.
func isPlainPairRune(r rune) bool {
	return (r >= 0x3041 && r <= 0x3096) || (r >= 0x30a1 && r <= 0x30fa) || r == 0x30fc ||
		(r >= 0x4e00 && r <= 0x9fff) || (r >= hangulBase && r < hangulBase+hangulN)
}

// The conjoining Hangul letters and syllables (Unicode 3.12).
const (
	jamoL, jamoV, jamoT    = 0x1100, 0x1161, 0x11a7
	jamoLN, jamoVN, jamoTN = 19, 21, 28
	hangulBase, hangulN    = 0xac00, 19 * 21 * 28
)

// composeJamo joins Korean written as separate letters (as some systems
// store it) into the syllables it spells, so that it pairs as typed Korean
// does: a leading consonant and a vowel make a syllable, and a syllable
// without a final consonant takes one.
func composeJamo(a, b rune) (rune, bool) {
	switch {
	case a >= jamoL && a < jamoL+jamoLN && b >= jamoV && b < jamoV+jamoVN:
		return hangulBase + ((a-jamoL)*jamoVN+(b-jamoV))*jamoTN, true
	case a >= hangulBase && a < hangulBase+hangulN && (a-hangulBase)%jamoTN == 0 && b > jamoT && b < jamoT+jamoTN:
		return a + (b - jamoT), true
	}
	return 0, false
}

// foldLetter spells a case-folded letter that has no decomposition as the
// plain letters a person without it on their keyboard types instead, so
// "strasse" finds "Straße" and "oe" finds "Œuvre"; it returns "" for any
// other letter. The letters are those of European languages that are not a
// base letter with a mark; everything with a mark is folded by decomposing
// it.
func foldLetter(r rune) string {
	switch r {
	case 'ß':
		return "ss"
	case 'æ':
		return "ae"
	case 'œ':
		return "oe"
	case 'ø':
		return "o"
	case 'ł':
		return "l"
	case 'đ', 'ð':
		return "d"
	case 'þ':
		return "th"
	case 'ħ':
		return "h"
	}
	return ""
}

// foldTag returns the form tags are compared in: trimmed, without a leading
// "#", accents removed and case-folded as words are, so "#Café" filters
// "café".
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
				dr = unicode.ToLower(unicode.ToUpper(dr))
				if s := foldLetter(dr); s != "" {
					b.WriteString(s)
				} else {
					b.WriteRune(dr)
				}
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
// what an entry is about. The names of its attached files are covered too,
// so "sea" finds the entry with sea.jpg.
func searchTexts(e *journal.Entry, fn func(s string, head bool)) {
	fn(e.Title, true)
	fn(e.Body, false)
	for _, t := range e.Tags {
		fn(t, true)
	}
	for _, t := range e.Fields.Texts() {
		fn(t, false)
	}
	if c := e.Fields.CheckIn; c != nil {
		// A feeling chosen is kept by its English name and shown in the
		// person's language: it is found by its name in each.
		for _, f := range c.Emotions {
			if ws := assets.WordsOf(f); len(ws) > 1 && slices.Contains(journal.Feelings, f) {
				for _, w := range ws[1:] {
					fn(w, false)
				}
			}
		}
	}
	if e.Prompt != nil {
		fn(e.Prompt.Text, false)
	}
	for _, f := range e.Files {
		fn(f.Name, false)
	}
}
