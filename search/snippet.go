package search

import (
	"cmp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"tend/journal"
)

// defaultSnippetWidth is the snippet length, in characters, used when the
// caller gives none: about two lines of a results list.
const defaultSnippetWidth = 160

// snippetEllipsis marks where a snippet cuts the text.
const snippetEllipsis = "…"

// Snippet returns a short plain-text excerpt of text for a results list and
// the byte ranges within it of the words that match q, for bolding.
//
// The excerpt is about width characters (runes) around the part of the text
// densest in matches, cut at word boundaries, with "…" where text was cut.
// Markdown markup (heading and quote markers, list bullets, emphasis, code
// ticks, link targets) is dropped and runs of white space become one space.
// A word that merely starts with a query word is highlighted whole, and
// matching ignores case and accents, so "Café" is marked for "cafe"; in a
// script written without spaces, only the characters asked for are marked,
// "信頼" within "私は信頼を学んでいます". When
// nothing matches, the excerpt is the start of the text. A width of zero or
// less means a default of about two lines.
func Snippet(text string, q Query, width int) (snippet string, out [][2]int) {
	if width <= 0 {
		width = defaultSnippetWidth
	}
	plain := markdownPlain(text)
	if plain == "" {
		return "", nil
	}

	prefixes, seqs := queryParts(q)
	matchers := make([]phraseMatcher, len(seqs))
	for i, seq := range seqs {
		matchers[i] = newPhraseMatcher(seq)
	}

	// Every token's bytes, for cutting, and the bytes that matched. A
	// token of two characters (see Tokens) overlaps the next.
	var words, marks []span
	var seq []span // the tokens of the sequence of words so far
	scanTokens(plain, nil, func(t token) {
		words = append(words, span{start: t.start, end: t.end})
		for _, p := range prefixes {
			if strings.HasPrefix(string(t.text), p) {
				// One character of a pair is the start of a pair.
				end := t.end
				if len(p) < len(t.text) && t.split < t.end {
					end = t.split
				}
				marks = append(marks, span{start: t.start, end: end})
				break
			}
		}
		if t.alone {
			return
		}
		seq = append(seq, span{start: t.start, end: t.end})
		for i := range matchers {
			if matchers[i].feed(t.text) {
				marks = append(marks, seq[len(seq)-len(matchers[i].words):]...)
			}
		}
	})
	marks = mergeSpans(marks)
	spanRunes(plain, words)
	spanRunes(plain, marks)
	total := utf8.RuneCountInString(plain)

	// The window in runes: around the densest run of matches, or the start.
	ws, we := 0, min(width, total)
	if len(marks) > 0 {
		best, bestN := 0, 0
		for a, b := 0, 0; a < len(marks); a++ {
			b = max(b, a+1)
			for b < len(marks) && marks[b].rend-marks[a].rstart <= width {
				b++
			}
			if b-a > bestN {
				best, bestN = a, b-a
			}
		}
		cs, ce := marks[best].rstart, marks[best+bestN-1].rend
		// A third of the spare room goes before the matches: enough to
		// read into them, leaving most for what follows.
		ws = max(0, cs-max(0, width-(ce-cs))/3)
		we = min(total, max(ws+width, ce))
		if we-ws < width {
			ws = max(0, we-width)
		}
	}

	// Cut at word boundaries, unless that would lose a large part of the
	// window (a long run of ideographs has no spaces to cut at).
	slop := width / 2
	if ws > 0 {
		for _, w := range words {
			if w.rstart >= ws {
				if w.rstart-ws <= slop {
					ws = w.rstart
				}
				break
			}
		}
	}
	if we < total {
		for i := len(words) - 1; i >= 0; i-- {
			if w := words[i]; w.rend <= we {
				if we-w.rend <= slop && w.rend > ws {
					we = w.rend
				}
				break
			}
		}
	}

	bs, be := byteOfRune(plain, ws), byteOfRune(plain, we)
	var b strings.Builder
	if bs > 0 {
		b.WriteString(snippetEllipsis)
	}
	shift := b.Len() - bs
	b.WriteString(plain[bs:be])
	if be < len(plain) {
		b.WriteString(snippetEllipsis)
	}
	for _, m := range marks {
		if m.start >= bs && m.end <= be {
			out = append(out, [2]int{m.start + shift, m.end + shift})
		}
	}
	return b.String(), out
}

// span is a stretch of a text, in bytes and in runes.
type span struct {
	start, end   int // bytes
	rstart, rend int // runes
}

// mergeSpans sorts spans by their start and joins those that overlap, so
// the marks of a match of several pairs of characters are one.
func mergeSpans(s []span) []span {
	if len(s) == 0 {
		return s
	}
	slices.SortFunc(s, func(a, b span) int { return cmp.Or(a.start-b.start, a.end-b.end) })
	out := s[:1]
	for _, x := range s[1:] {
		if last := &out[len(out)-1]; x.start < last.end {
			last.end = max(last.end, x.end)
		} else {
			out = append(out, x)
		}
	}
	return out
}

// spanRunes fills in the rune offsets of spans, whose starts and ends each
// come in increasing order, in one pass over text per edge.
func spanRunes(text string, spans []span) {
	at, runes := 0, 0
	for i := range spans {
		runes += utf8.RuneCountInString(text[at:spans[i].start])
		at = spans[i].start
		spans[i].rstart = runes
	}
	at, runes = 0, 0
	for i := range spans {
		runes += utf8.RuneCountInString(text[at:spans[i].end])
		at = spans[i].end
		spans[i].rend = runes
	}
}

// byteOfRune returns the byte offset of the n-th rune of s.
func byteOfRune(s string, n int) int {
	for i := range s {
		if n == 0 {
			return i
		}
		n--
	}
	return len(s)
}

// markdownPlain strips Markdown down to the words a reader sees, on one line.
func markdownPlain(md string) string {
	var b strings.Builder
	b.Grow(len(md))
	space := false // a space is owed before the next visible character
	emit := func(s string) {
		for _, r := range s {
			if unicode.IsSpace(r) {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteRune(r)
		}
	}
	for line := range strings.Lines(md) {
		line = strings.TrimSpace(line)
		if isMarkdownRule(line) {
			space = b.Len() > 0
			continue
		}
		emit(journal.InlinePlain(stripBlockMarkers(line)))
		space = b.Len() > 0
	}
	return b.String()
}

// isMarkdownRule reports whether line is only a thematic break, a setext
// heading underline or a code fence.
func isMarkdownRule(line string) bool {
	if strings.HasPrefix(line, "```") || strings.HasPrefix(line, "~~~") {
		return true
	}
	if len(line) < 3 {
		return false
	}
	for _, r := range line {
		if !strings.ContainsRune("-*_= ", r) {
			return false
		}
	}
	return true
}

// stripBlockMarkers removes heading hashes, quote markers, list bullets and
// task boxes from the start of a line.
func stripBlockMarkers(line string) string {
	for {
		before := line
		switch {
		case strings.HasPrefix(line, "#"):
			rest := strings.TrimLeft(line, "#")
			if rest == "" || rest[0] == ' ' || rest[0] == '\t' {
				line = rest
			}
		case strings.HasPrefix(line, ">"):
			line = line[1:]
		case len(line) >= 2 && strings.ContainsRune("-*+", rune(line[0])) && (line[1] == ' ' || line[1] == '\t'):
			line = line[2:]
		case strings.HasPrefix(line, "[ ]"), strings.HasPrefix(line, "[x]"), strings.HasPrefix(line, "[X]"):
			line = line[3:]
		}
		line = strings.TrimSpace(line)
		if line == before {
			return line
		}
	}
}
