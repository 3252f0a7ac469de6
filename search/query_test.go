package search

import (
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"tend/journal"
)

func TestParseQuery(t *testing.T) {
	d := func(s string) journal.Date {
		v, err := journal.ParseDate(s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		in   string
		want Query
	}{
		{"", Query{}},
		{"   \t\n ", Query{}},
		{"Betrayal trust", Query{Terms: []string{"betrayal", "trust"}}},
		{"trust TRUST trust", Query{Terms: []string{"trust"}}},
		{"Café don't self-compassion", Query{Terms: []string{"cafe", "dont", "self", "compassion"}}},
		{`"felt safe" again`, Query{Terms: []string{"again"}, Phrases: [][]string{{"felt", "safe"}}}},
		{`信頼を、学ぶ "田中さん Today" Straße`, Query{Terms: []string{"信頼を", "学ぶ", "strasse"}, Phrases: [][]string{{"田中さん", "today"}}}},
		{`“Felt  Safe”`, Query{Phrases: [][]string{{"felt", "safe"}}}},
		{`"unclosed phrase`, Query{Phrases: [][]string{{"unclosed", "phrase"}}}},
		{`"" "!!" word`, Query{Terms: []string{"word"}}},
		{`before"inside"after`, Query{Terms: []string{"before", "after"}, Phrases: [][]string{{"inside"}}}},
		{"#Body #body tag:Inner-Child", Query{Tags: []string{"body", "inner-child"}}},
		{`tag:"Inner Child" #`, Query{Tags: []string{"inner child"}}},
		{"##work", Query{Tags: []string{"work"}}},
		{"kind:checkin", Query{Kind: journal.KindCheckIn}},
		{"Kind:Check-In kind:therapy_note", Query{Kind: journal.KindTherapyNote}},
		{"kind:happy", Query{Terms: []string{"kind", "happy"}}},
		{"from:2024-01-01 to:2024-02-01", Query{From: d("2024-01-01"), To: d("2024-02-01")}},
		{"from:2024-02 to:2024-02", Query{From: d("2024-02-01"), To: d("2024-02-29")}},
		{"to:2023", Query{To: d("2023-12-31")}},
		{"from:yesterday", Query{Terms: []string{"from", "yesterday"}}},
		{"from:2024-13-01", Query{Terms: []string{"from", "2024", "13", "01"}}},
		{"in:trash", Query{Trash: true}},
		{"in:Trash in:journal", Query{}},
		{"in:garden", Query{Terms: []string{"in", "garden"}}},
		{"is:starred", Query{Starred: true}},
		{"IS:Favourite starred:yes", Query{Starred: true}},
		{"is:starred starred:no", Query{}},
		{"is:happy", Query{Terms: []string{"is", "happy"}}},
		{"starred:maybe", Query{Terms: []string{"starred", "maybe"}}},
		{"journal:therapy", Query{JournalNames: []string{"therapy"}}},
		{`Journal:"Therapy notes" safe`, Query{Terms: []string{"safe"}, JournalNames: []string{"Therapy notes"}}},
		{"journal: alone", Query{Terms: []string{"alone"}}},
		{"sort:relevance", Query{Order: OrderBest}},
		{"sort:newest", Query{Order: OrderNewest}},
		{"sort:best sort:date", Query{Order: OrderNewest}},
		{"sort:size", Query{Terms: []string{"sort", "size"}}},
		{"tag: kind: from:", Query{}},
		{"http://example.com/a", Query{Terms: []string{"http", "example", "com", "a"}}},
		{"note:private", Query{Terms: []string{"note", "private"}}},
		{`#therapy "inner child" kind:letter from:2024 sort:relevance in:trash anger`, Query{
			Terms: []string{"anger"}, Phrases: [][]string{{"inner", "child"}}, Tags: []string{"therapy"},
			Kind: journal.KindLetter, From: d("2024-01-01"), Trash: true, Order: OrderBest,
		}},
	}
	for _, tt := range tests {
		if got := ParseQuery(tt.in); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ParseQuery(%q) =\n\t%+v, want\n\t%+v", tt.in, got, tt.want)
		}
	}
}

func TestParseQueryBounds(t *testing.T) {
	var b strings.Builder
	for i := range 200 {
		b.WriteString(strings.Repeat("w", 1+i%7))
		b.WriteString(string(rune('a'+i%26)) + string(rune('a'+i/26)))
		b.WriteString(` "p h" `)
	}
	q := ParseQuery(b.String() + `"` + strings.Repeat("long ", 100))
	if len(q.Terms) > maxQueryTerms || len(q.Phrases) > maxQueryPhrases {
		t.Errorf("%d terms, %d phrases: bounds not applied", len(q.Terms), len(q.Phrases))
	}
	for _, p := range q.Phrases {
		if len(p) > maxQueryPhraseWords {
			t.Errorf("phrase of %d words", len(p))
		}
	}
}

func FuzzParseQuery(f *testing.F) {
	for _, s := range []string{"", `#tag "a phrase" kind:checkin from:2024-01-01 to:2024 in:trash sort:relevance word`, `tag:"x`, "“", "\xff:\xfe"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		q := ParseQuery(s)
		for _, w := range q.Terms {
			if toks := Tokens(w); len(toks) != 1 || toks[0] != w {
				t.Errorf("term %q is not a normalised token", w)
			}
		}
		if len(q.Terms) != len(slices.Compact(slices.Sorted(slices.Values(q.Terms)))) {
			t.Errorf("duplicate terms %q", q.Terms)
		}
		for _, p := range q.Phrases {
			if len(p) == 0 {
				t.Error("empty phrase")
			}
		}
		for _, tag := range q.Tags {
			if tag == "" || !utf8.ValidString(tag) && utf8.ValidString(s) {
				t.Errorf("tag %q", tag)
			}
		}
		if q.Kind != "" && !q.Kind.Valid() {
			t.Errorf("kind %q", q.Kind)
		}
		// Whatever was typed must search without trouble.
		ix := NewIndex()
		ix.Put(&journal.Entry{ID: journal.NewID(), Body: s, Tags: []string{s}})
		if _, _, err := ix.Search(q, 0, 10, func(journal.ID) (*journal.Entry, error) { return &journal.Entry{Body: s}, nil }); err != nil {
			t.Error(err)
		}
	})
}
