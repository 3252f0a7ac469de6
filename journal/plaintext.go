package journal

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Markdown read as plain text, for the gist: what a person wrote, without
// the marks that shape it on the page.

// fold collapses every run of white space to one space and trims the ends.
// Control characters count as white space, and a byte that is not UTF-8
// becomes U+FFFD. A backup's restore folds the opening lines of every
// entry, so plain ASCII, most of what people write, is taken a byte at a
// time, and a line with nothing to fold is returned as it is.
func fold(s string) string {
	if foldedASCII(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if asciiSpace(c) {
				space = b.Len() > 0
				continue
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if unicode.IsSpace(r) || unicode.Is(unicode.Cc, r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r) // a byte that is not UTF-8 becomes U+FFFD
	}
	return b.String()
}

// asciiSpace reports whether fold takes an ASCII byte for white space:
// the spaces and every control character.
func asciiSpace(c byte) bool { return c <= ' ' || c == 0x7F }

// foldedASCII reports whether s is ASCII that fold would leave as it is:
// no control characters, and single spaces only between other characters.
func foldedASCII(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= utf8.RuneSelf || c < ' ' || c == 0x7F || (c == ' ' && prev == ' ') {
			return false
		}
		prev = c
	}
	return true
}

// plainLines reads Markdown as plain text: its non-empty lines, each with
// its marks taken away (headings, quotes, list markers, emphasis, code
// marks, links as their text) and its white space folded. Pictures are
// left out: their words describe a picture, and read as part of the
// writing they would run into it ("so still. the sea at dusk I want"). It
// stops once it has about need characters, so a long body costs no more
// than a short one.
func plainLines(md string, need int) []string {
	var out []string
	got := 0
	fence := ""
	for md != "" && got < need {
		var line string
		line, md, _ = strings.Cut(md, "\n")
		line = clipBytes(line, 4*need)
		trimmed := strings.TrimSpace(line)
		if f := fenceMark(trimmed); f != "" && (fence == "" || strings.HasPrefix(f, fence)) {
			if fence == "" {
				fence = f
			} else {
				fence = ""
			}
			continue
		}
		if fence != "" {
			line = fold(line)
		} else {
			if isRule(trimmed) {
				continue
			}
			line = fold(InlinePlain(withoutImages(blockPlain(trimmed))))
		}
		if line != "" {
			out = append(out, line)
			got += utf8.RuneCountInString(line)
		}
	}
	return out
}

// fenceMark returns the fence a line opens or closes a code block with
// (``` or ~~~, however long), or "".
func fenceMark(s string) string {
	for _, c := range []byte{'`', '~'} {
		n := 0
		for n < len(s) && s[n] == c {
			n++
		}
		if n >= 3 {
			return s[:n]
		}
	}
	return ""
}

// isRule reports whether a line is a thematic break or a heading's
// underline: only -, *, _ or = (three or more) and spaces.
func isRule(s string) bool {
	if len(s) < 3 {
		return false
	}
	var mark byte
	n := 0
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == ' ' || c == '\t':
		case (c == '-' || c == '*' || c == '_' || c == '=') && (mark == 0 || mark == c):
			mark = c
			n++
		default:
			return false
		}
	}
	return n >= 3
}

// blockPlain takes away the marks at the start of a line: quotes, a
// heading's hashes, list markers and task boxes.
func blockPlain(s string) string {
	for {
		t := strings.TrimLeft(s, " \t")
		switch {
		case strings.HasPrefix(t, ">"):
			s = t[1:]
			continue
		case strings.HasPrefix(t, "#"):
			n := 0
			for n < len(t) && t[n] == '#' {
				n++
			}
			if n <= 6 && (n == len(t) || t[n] == ' ' || t[n] == '\t') {
				s = closingHashes(t[n:])
			} else {
				s = t
			}
		default:
			s = t
		}
		break
	}
	// One list marker, then a task box.
	if len(s) >= 2 && (s[0] == '-' || s[0] == '*' || s[0] == '+') && (s[1] == ' ' || s[1] == '\t') {
		s = s[2:]
	} else if n := leadingDigits(s); n > 0 && n <= 9 && len(s) > n+1 && (s[n] == '.' || s[n] == ')') && (s[n+1] == ' ' || s[n+1] == '\t') {
		s = s[n+2:]
	}
	s = strings.TrimLeft(s, " \t")
	for _, box := range []string{"[ ] ", "[x] ", "[X] "} {
		if strings.HasPrefix(s, box) {
			s = s[len(box):]
			break
		}
	}
	return s
}

// closingHashes takes away the hashes that may close a heading: "Title ##"
// is "Title", while "C#" stays as it is.
func closingHashes(s string) string {
	s = strings.TrimRight(s, " \t")
	t := strings.TrimRight(s, "#")
	if t == "" || t[len(t)-1] == ' ' || t[len(t)-1] == '\t' {
		return t
	}
	return s
}

func leadingDigits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// InlinePlain takes away the Markdown marks inside a line: emphasis (* and ~~
// anywhere, _ at the edge of a word), code marks, links and images (their
// text stays), autolinks (their address stays), simple HTML tags, and the
// backslash of an escaped mark.
func InlinePlain(s string) string {
	if !strings.ContainsAny(s, "*_~`[]<\\!") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && strings.IndexByte("\\`*_{}[]()#+-.!~<>|", s[i+1]) >= 0:
			b.WriteByte(s[i+1])
			i += 2
			continue
		case c == '*' || c == '`':
			i++
			continue
		case c == '~' && i+1 < len(s) && s[i+1] == '~':
			i += 2
			continue
		case c == '_':
			// Only at the edge of a word: snake_case stays as it is.
			before, _ := utf8.DecodeLastRuneInString(s[:i])
			after, _ := utf8.DecodeRuneInString(s[i+1:])
			if i == 0 || i+1 == len(s) || !isWordRune(before) || !isWordRune(after) {
				i++
				continue
			}
		case c == '!' && i+1 < len(s) && s[i+1] == '[':
			i++ // an image: its alt text stays, as a link's text does
			continue
		case c == '[':
			if text, n := linkText(s[i:]); n > 0 {
				b.WriteString(text)
				i += n
				continue
			}
		case c == '<':
			if text, n := angle(s[i:]); n > 0 {
				b.WriteString(text)
				i += n
				continue
			}
		}
		b.WriteByte(c)
		i++
	}
	return b.String()
}

// withoutImages takes the pictures out of a line of Markdown:
// ![alt](address) and ![alt][ref], whole.
func withoutImages(s string) string {
	if !strings.Contains(s, "![") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "![")
		if i < 0 {
			break
		}
		if i > 0 && s[i-1] == '\\' { // an escaped mark: not a picture
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		_, n := linkText(s[i+1:])
		if n == 0 {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		s = s[i+1+n:]
	}
	b.WriteString(s)
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// linkText reads [text](address), [text][ref] or [text] at the start of s
// and returns its text (marks and all, for InlinePlain to go on with) and
// how many bytes it spans; n is 0 when s does not start a link.
func linkText(s string) (text string, n int) {
	end := strings.IndexByte(s, ']')
	if end < 0 {
		return "", 0
	}
	text = s[1:end]
	if strings.ContainsAny(text, "[") {
		return "", 0
	}
	rest := s[end+1:]
	for _, pair := range []string{"()", "[]"} {
		if strings.HasPrefix(rest, pair[:1]) {
			stop := strings.IndexByte(rest, pair[1])
			if stop < 0 {
				return "", 0
			}
			return InlinePlain(text), end + 1 + stop + 1
		}
	}
	return InlinePlain(text), end + 1
}

// angle reads an autolink (<https://…>, its address stays) or a simple
// HTML tag (<br>, </em>, it goes) at the start of s. "<3" and "a < b" are
// not either, and stay.
func angle(s string) (text string, n int) {
	end := strings.IndexByte(s, '>')
	if end < 2 {
		return "", 0
	}
	inner := s[1:end]
	if strings.HasPrefix(inner, "http://") || strings.HasPrefix(inner, "https://") || strings.HasPrefix(inner, "mailto:") {
		if strings.ContainsAny(inner, " \t") {
			return "", 0
		}
		return strings.TrimPrefix(inner, "mailto:"), end + 1
	}
	name := strings.TrimPrefix(inner, "/")
	name = strings.TrimSuffix(name, "/")
	if name == "" || !(name[0] >= 'a' && name[0] <= 'z' || name[0] >= 'A' && name[0] <= 'Z') {
		return "", 0
	}
	for i := 0; i < len(name); i++ {
		c := name[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return "", 0
		}
	}
	return "", end + 1
}
