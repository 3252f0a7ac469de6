package journal

import (
	"math/rand/v2"
	"strings"
	"testing"
	"unicode"
)

// foldRunes is fold as it reads in its definition, a rune at a time.
func foldRunes(s string) string {
	var b strings.Builder
	space := false
	for _, r := range s {
		if unicode.IsSpace(r) || r == 0 || unicode.Is(unicode.Cc, r) {
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

// countWordsRunes is countWords as it reads in its definition.
func countWordsRunes(s string) int {
	n, in := 0, false
	for _, r := range s {
		w := unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\'' || r == '’'
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// textSamples are texts of every kind fold and countWords meet: plain
// ASCII, every control and space character, other scripts, and bytes that
// are not UTF-8.
func textSamples() []string {
	out := []string{
		"", " ", "a", " a", "a ", "a  b", "a b", "a\tb", "\x00a\x7fb\x1f", "one two, three.",
		"naïve café", "don't", "don’t", "日本語のテキスト", "a\u00a0b", "a\u0085b", "a\u2028b",
		"\xff\xfeab", "a\xc3", "tab\t\tand\nnewline\r\n", "emoji 🙂 here", "x\u200bY", "١٢٣ digits",
	}
	alphabet := []string{"a", "Z", "0", " ", "  ", "\t", "\n", "\x00", "\x7f", "'", "’", ".", "é", "\u00a0", "\u0085", "\u3000", "日", "\xff", "\xc3", "🙂", "-"}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		var b strings.Builder
		for range rng.IntN(40) {
			b.WriteString(alphabet[rng.IntN(len(alphabet))])
		}
		out = append(out, b.String())
	}
	return out
}

func TestFoldReadsEveryTextAsRuneByRune(t *testing.T) {
	for _, s := range textSamples() {
		if got, want := fold(s), foldRunes(s); got != want {
			t.Errorf("fold(%q) = %q, want %q", s, got, want)
		}
	}
}

func TestCountWordsReadsEveryTextAsRuneByRune(t *testing.T) {
	for _, s := range textSamples() {
		if got, want := countWords(s), countWordsRunes(s); got != want {
			t.Errorf("countWords(%q) = %d, want %d", s, got, want)
		}
	}
}

func BenchmarkGist(b *testing.B) {
	e := &Entry{Kind: KindFree, Title: "A day by the sea", Body: strings.Repeat("The tide came in slowly, and I sat with it for a while. ", 30)}
	for b.Loop() {
		Gist(e)
		e.CountWords()
	}
}
