package search

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

// Search in the languages people write: scripts without spaces between
// words, letters with accents or none, and the two mixed in one sentence.

func TestIndexUnspacedScripts(t *testing.T) {
	l := newSearchLib(
		searchEntry(t, "2025-01-01", "ja", "私は信頼を学んでいます。"),
		searchEntry(t, "2025-01-02", "zh", "我在学习信任自己。"),
		searchEntry(t, "2025-01-03", "ko", "나는 신뢰를 배우고 있다."),
		searchEntry(t, "2025-01-04", "mixed", "I met 田中さん today, at the café."),
		searchEntry(t, "2025-01-05", "th", "ฉันกำลังเรียนรู้ที่จะไว้ใจ"),
		searchEntry(t, "2025-01-06", "places", "東京と京都へ行った。"),
		searchEntry(t, "2025-01-07", "key", "カギを忘れた。"),
		searchEntry(t, "2025-01-08", "oyster", "かきを食べた。"),
		// Korean as some systems store it: letters, not syllables.
		searchEntry(t, "2025-01-09", "jamo", norm.NFD.String("오늘은 신뢰하기로 했다")),
		searchEntry(t, "2025-01-10", "one", "心"),
	)
	for _, c := range []struct {
		query string
		want  []string
	}{
		// Two characters or more anywhere in a sentence, not only at its start.
		{"信頼", []string{"ja"}},
		{"頼を学", []string{"ja"}},
		{"います", []string{"ja"}},
		{"私は信頼を学んでいます", []string{"ja"}},
		{"信任", []string{"zh"}},
		{"学习", []string{"zh"}},
		{"신뢰", []string{"ko", "jamo"}},
		{"배우", []string{"ko"}},
		{"เรียนรู้", []string{"th"}},
		{"ไว้ใจ", []string{"th"}},
		// One character: the start of a pair, the last of a run, or alone.
		{"私", []string{"ja"}},
		{"す", []string{"ja"}},
		{"学", []string{"zh", "ja"}},
		{"心", []string{"one"}},
		// The characters must be side by side: 東京都 is not in 東京と京都.
		{"東京都", nil},
		{"東京", []string{"places"}},
		{"京都", []string{"places"}},
		// Voiced kana are their own letters; half-width kana are kana.
		{"カギ", []string{"key"}},
		{"ｶｷﾞ", []string{"key"}},
		{"かき", []string{"oyster"}},
		// Mixed text, both ways.
		{"田中さん", []string{"mixed"}},
		{"中さ", []string{"mixed"}},
		{`"met 田中さん today"`, []string{"mixed"}},
		{`"さん today"`, []string{"mixed"}},
		{"田中 cafe", []string{"mixed"}},
		{`"田中 today"`, nil},
		{"信頼 cafe", nil},
	} {
		checkTitles(t, l, c.query, c.want...)
	}
}

func TestIndexFoldsAccentsAndLetters(t *testing.T) {
	l := newSearchLib(
		searchEntry(t, "2025-02-01", "café", "We met at the café."),
		searchEntry(t, "2025-02-02", "cafe", "Then the cafe closed."),
		searchEntry(t, "2025-02-03", "naïve", "Maybe I was naïve."),
		searchEntry(t, "2025-02-04", "Straße", "Wir gingen die Straße entlang, über die Brücke."),
		searchEntry(t, "2025-02-05", "Søren", "Søren sagde, at Ærø er smuk."),
		searchEntry(t, "2025-02-06", "kız", "KIZ kardeşim İstanbul'da."),
		searchEntry(t, "2025-02-07", "σοφός", "Ο ΣΟΦΟΣ φίλος μου."),
	)
	for _, c := range []struct {
		query string
		want  []string
	}{
		{"cafe", []string{"cafe", "café"}},
		{"Café", []string{"cafe", "café"}},
		{"CAFÉ", []string{"cafe", "café"}},
		{"naive", []string{"naïve"}},
		{"naïve", []string{"naïve"}},
		{"strasse", []string{"Straße"}},
		{"STRASSE", []string{"Straße"}},
		{"straße", []string{"Straße"}},
		{"uber brucke", []string{"Straße"}},
		{"über", []string{"Straße"}},
		{"soren aero", []string{"Søren"}},
		{"kiz istanbul", []string{"kız"}},
		{"KIZ", []string{"kız"}},
		{"σοφος", []string{"σοφός"}},
		{"σοφός", []string{"σοφός"}},
		{`"ο σοφος φιλος"`, []string{"σοφός"}},
	} {
		checkTitles(t, l, c.query, c.want...)
	}
}

func TestSnippetMarksUnspacedScripts(t *testing.T) {
	for _, c := range []struct {
		text, query string
		want        []string
	}{
		{"私は信頼を学んでいます。", "信頼", []string{"信頼"}},
		{"私は信頼を学んでいます。", "頼を学", []string{"頼を学"}},
		{"私は信頼を学んでいます。", "す", []string{"す"}},
		{"私は信頼を学んでいます。", "い", []string{"い"}},
		{"私は信頼を学んでいます。信頼は難しい。", "信頼", []string{"信頼", "信頼"}},
		{"I met 田中さん today.", `"田中さん today"`, []string{"田中さん", "today"}},
		{"I met 田中さん today.", "さ met", []string{"met", "さ"}},
		{"東京と京都", "東京都", nil},
		{"ｶｷﾞを忘れた", "カギ", []string{"ｶｷﾞ"}},
		{"Wir gingen die Straße entlang.", "strasse", []string{"Straße"}},
	} {
		snip, marks := Snippet(c.text, ParseQuery(c.query), 80)
		if got := marked(t, snip, marks); !slices.Equal(got, c.want) {
			t.Errorf("Snippet(%q, %q) marks %q, want %q", c.text, c.query, got, c.want)
		}
	}
}
