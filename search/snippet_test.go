package search

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"
)

// marked returns the marked words of a snippet, checking that every range
// lies on rune boundaries, in order, without overlap.
func marked(t *testing.T, snip string, marks [][2]int) []string {
	t.Helper()
	var out []string
	last := 0
	for _, m := range marks {
		if m[0] < last || m[1] <= m[0] || m[1] > len(snip) ||
			!utf8.RuneStart(snip[m[0]]) || (m[1] < len(snip) && !utf8.RuneStart(snip[m[1]])) {
			t.Fatalf("bad mark %v in %q (%d bytes)", m, snip, len(snip))
		}
		last = m[1]
		out = append(out, snip[m[0]:m[1]])
	}
	return out
}

func TestSnippetMarks(t *testing.T) {
	tests := []struct {
		text, query string
		wantSnip    string
		wantMarks   []string
	}{
		{"The betrayal still hurts.", "betra", "The betrayal still hurts.", []string{"betrayal"}},
		{"Un café au lait, CAFÉ noir", "cafe", "Un café au lait, CAFÉ noir", []string{"café", "CAFÉ"}},
		{"日本語 then Crème brûlée", "creme brulee", "日本語 then Crème brûlée", []string{"Crème", "brûlée"}},
		{"I felt safe, then felt scared", `"felt safe"`, "I felt safe, then felt scared", []string{"felt", "safe"}},
		{"Don’t go; I don't know", "dont", "Don’t go; I don't know", []string{"Don’t", "don't"}},
		{"trust\ttrusting\n\nmistrust", "trust", "trust trusting mistrust", []string{"trust", "trusting"}},
		{"cafe\u0301 decomposed", "café", "cafe\u0301 decomposed", []string{"cafe\u0301"}},
		{"½ cup, 2 spoons", "2", "½ cup, 2 spoons", []string{"½", "2"}},
		{"nothing here", "zebra", "nothing here", nil},
		{"two #tags only", "#tags", "two #tags only", nil},
	}
	for _, tt := range tests {
		snip, marks := Snippet(tt.text, ParseQuery(tt.query), 100)
		if snip != tt.wantSnip {
			t.Errorf("Snippet(%q, %q) = %q, want %q", tt.text, tt.query, snip, tt.wantSnip)
		}
		if got := marked(t, snip, marks); !slices.Equal(got, tt.wantMarks) {
			t.Errorf("Snippet(%q, %q) marks %q, want %q", tt.text, tt.query, got, tt.wantMarks)
		}
	}
}

func TestSnippetMarkdown(t *testing.T) {
	md := "# Heading\n\n> **bold** and `code` [link text](http://x.y) ![alt](img.png)\n" +
		"- item *one*\n  * [x] done\n---\nsnake_case _emph_ \\*star\\* ~~gone~~ [not a link]\n```go\nx := 1\n```\n"
	want := "Heading bold and code link text alt item one done snake_case emph *star* gone not a link x := 1"
	snip, marks := Snippet(md, ParseQuery("link"), 500)
	if snip != want {
		t.Errorf("plain text:\n got %q\nwant %q", snip, want)
	}
	if got := marked(t, snip, marks); !slices.Equal(got, []string{"link", "link"}) {
		t.Errorf("marks %q", got)
	}
}

func filler(n int) string {
	words := strings.Fields("quiet morning with coffee and a long walk by the river")
	var b strings.Builder
	for i := range n {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(words[i%len(words)])
	}
	return b.String()
}

func TestSnippetWindow(t *testing.T) {
	text := filler(150) + " the betrayal came back to me, " + filler(150)
	snip, marks := Snippet(text, ParseQuery("betrayal"), 80)
	if !strings.HasPrefix(snip, "…") || !strings.HasSuffix(snip, "…") {
		t.Errorf("cut snippet lacks ellipses: %q", snip)
	}
	if n := utf8.RuneCountInString(snip); n > 80+2 || n < 60 {
		t.Errorf("snippet is %d runes: %q", n, snip)
	}
	if got := marked(t, snip, marks); !slices.Equal(got, []string{"betrayal"}) {
		t.Errorf("marks %q in %q", got, snip)
	}
	// Cut at word boundaries: the first and last words are whole words
	// of the text.
	inner := strings.TrimSuffix(strings.TrimPrefix(snip, "…"), "…")
	f := strings.Fields(inner)
	for _, w := range []string{f[0], f[len(f)-1]} {
		if !strings.Contains(" "+text+" ", " "+strings.Trim(w, ",")+" ") && !strings.Contains(text, " "+w) {
			t.Errorf("snippet %q cuts a word: %q", snip, w)
		}
	}
	if strings.Index(inner, "betrayal") > len(inner)/2 {
		t.Errorf("match is not near the start of the window: %q", snip)
	}
}

func TestSnippetDensest(t *testing.T) {
	text := "anger once. " + filler(100) + " anger, then more anger and anger again. " + filler(100)
	snip, marks := Snippet(text, ParseQuery("anger"), 60)
	if got := marked(t, snip, marks); len(got) != 3 {
		t.Errorf("window %q marks %q, want the three close together", snip, got)
	}
}

func TestSnippetNoMatch(t *testing.T) {
	text := filler(100)
	snip, marks := Snippet(text, ParseQuery("zebra"), 40)
	if marks != nil || !strings.HasPrefix(snip, "quiet morning") || !strings.HasSuffix(snip, "…") {
		t.Errorf("no-match snippet %q %v", snip, marks)
	}
	if snip, _ := Snippet(text, Query{}, 0); utf8.RuneCountInString(snip) > defaultSnippetWidth+1 {
		t.Errorf("default width snippet is %d runes", utf8.RuneCountInString(snip))
	}
	if snip, marks := Snippet("", ParseQuery("x"), 10); snip != "" || marks != nil {
		t.Errorf("empty text gave %q %v", snip, marks)
	}
	if snip, _ := Snippet("**  **\n\n---", ParseQuery("x"), 10); snip != "" {
		t.Errorf("markup-only text gave %q", snip)
	}
}

func TestSnippetLongUnspacedText(t *testing.T) {
	text := strings.Repeat("日本語の文章です", 100) + " 信頼 " + strings.Repeat("長い文章", 100)
	snip, marks := Snippet(text, ParseQuery("信頼"), 30)
	if n := utf8.RuneCountInString(snip); n > 32 {
		t.Errorf("snippet is %d runes", n)
	}
	if got := marked(t, snip, marks); !slices.Equal(got, []string{"信頼"}) {
		t.Errorf("marks %q in %q", got, snip)
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("The betrayal still hurts. Café, don't.", "betra cafe", 20)
	f.Add("# h\n> *x* [a](b) ``` \xff 日本", `"a b" #t`, 3)
	f.Add("", "", 0)
	f.Fuzz(func(t *testing.T, text, query string, width int) {
		width %= 1000
		snip, marks := Snippet(text, ParseQuery(query), width)
		if utf8.ValidString(text) && !utf8.ValidString(snip) {
			t.Errorf("snippet %q is not valid UTF-8", snip)
		}
		last := 0
		for _, m := range marks {
			if m[0] < last || m[1] <= m[0] || m[1] > len(snip) {
				t.Fatalf("bad mark %v in %q", m, snip)
			}
			if len(Tokens(snip[m[0]:m[1]])) == 0 {
				t.Errorf("mark %v covers no word: %q", m, snip[m[0]:m[1]])
			}
			last = m[1]
		}
	})
}
