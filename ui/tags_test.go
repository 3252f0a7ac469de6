package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/journal"
	"tend/vault"
)

// suggestionTexts is what the tag field offers, in order.
func suggestionTexts(tc *tagChips) []string {
	if !tc.suggestBox.Visible() {
		return nil
	}
	var out []string
	for _, b := range tc.suggestions {
		out = append(out, b.Text)
	}
	return out
}

// editorWithTags returns an editor on a new entry in a journal whose tags
// are, most used first: Bob and boundaries (twice each), then body, Robot
// and work.
func editorWithTags(t *testing.T) (*UI, *vault.Vault, *editorScreen) {
	t.Helper()
	u, v := newUnlockedUI(t)
	for _, tags := range [][]string{{"boundaries", "work"}, {"Bob"}, {"boundaries", "Bob"}, {"body"}, {"Robot"}} {
		saveEntry(t, v, &journal.Entry{Body: "Earlier words.", Tags: tags, Date: journal.DateOf(u.now())})
	}
	u.newEntry(journal.KindFree)
	return u, v, u.shell.editor
}

func TestTagFieldSuggestsTheJournalsTags(t *testing.T) {
	_, _, ed := editorWithTags(t)
	tc := ed.tags
	if got := suggestionTexts(tc); got != nil {
		t.Fatalf("an empty field offers %q", got)
	}
	test.Type(tc.input, "bo")
	want := "Bob|boundaries|body|Robot|Add \"bo\" as a new tag"
	if got := strings.Join(suggestionTexts(tc), "|"); got != want {
		t.Fatalf("typing bo offers %q, want %q", got, want)
	}
	// Case does not matter, and the tags keep the journal's spelling.
	tc.input.SetText("BO")
	if got := strings.Join(suggestionTexts(tc), "|"); got != "Bob|boundaries|body|Robot|Add \"BO\" as a new tag" {
		t.Fatalf("typing BO offers %q", got)
	}
	// A word the journal has as a tag is not offered as a new one.
	tc.input.SetText("bob")
	if got := strings.Join(suggestionTexts(tc), "|"); got != "Bob" {
		t.Fatalf("typing bob offers %q", got)
	}
	tc.input.SetText("zz")
	if got := strings.Join(suggestionTexts(tc), "|"); got != "Add \"zz\" as a new tag" {
		t.Fatalf("typing zz offers %q", got)
	}
	tc.input.SetText("")
	if got := suggestionTexts(tc); got != nil {
		t.Fatalf("an emptied field still offers %q", got)
	}
	if len(tc.Tags()) != 0 || ed.dirty {
		t.Fatalf("typing alone made tags %q", tc.Tags())
	}
}

func TestTagSuggestionTapAddsIt(t *testing.T) {
	u, _, ed := editorWithTags(t)
	tc := ed.tags
	test.Type(tc.input, "bo")
	test.Tap(tc.suggestions[1])
	if got := strings.Join(tc.Tags(), ","); got != "boundaries" || tc.input.Text != "" || !ed.dirty {
		t.Fatalf("after tapping a suggestion: tags %q, field %q, dirty %v", got, tc.input.Text, ed.dirty)
	}
	if u.win.Canvas().Focused() != tc.input {
		t.Fatal("after a suggestion the field does not have the keyboard for the next tag")
	}
	// A tag the entry has is not offered again.
	test.Type(tc.input, "bo")
	if got := strings.Join(suggestionTexts(tc), "|"); strings.Contains(got, "boundaries") {
		t.Fatalf("a tag already on the entry is offered again: %q", got)
	}
	// The last choice adds the typed word as a new tag.
	tc.input.SetText("")
	test.Type(tc.input, "bold")
	add := tc.suggestions[len(tc.suggestions)-1]
	test.Tap(add)
	if got := strings.Join(tc.Tags(), ","); got != "boundaries,bold" {
		t.Fatalf("after Add: %q", got)
	}
}

func TestTagMadeOnEnterNotOnLeaving(t *testing.T) {
	u, v, ed := editorWithTags(t)
	tc := ed.tags
	c := u.win.Canvas()
	test.Type(ed.body, "A walk by the river.")

	// Enter makes the tag; a word the journal has keeps its spelling.
	c.Focus(tc.input)
	test.Type(tc.input, "bob")
	pressEnter(&tc.input.Entry)
	test.Type(tc.input, "river")
	pressEnter(&tc.input.Entry)
	if got := strings.Join(tc.Tags(), ","); got != "Bob,river" {
		t.Fatalf("after Enter: %q", got)
	}

	// Half-typed, then the person clicks back into the page and leaves:
	// no tag is made, and the words stay in the field while it shows.
	test.Type(tc.input, "bo")
	c.Focus(ed.body)
	if got := strings.Join(tc.Tags(), ","); got != "Bob,river" || tc.input.Text != "bo" {
		t.Fatalf("after focus left the field: tags %q, field %q", got, tc.input.Text)
	}
	ed.autosaveNow()
	if err := ed.flush(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(tc.Tags(), ","); got != "Bob,river" || tc.input.Text != "bo" {
		t.Fatalf("after saving: tags %q, field %q", got, tc.input.Text)
	}
	id := ed.entry.ID
	u.showSection(secJournal)
	if e := getEntry(t, v, id); strings.Join(e.Tags, ",") != "Bob,river" {
		t.Fatalf("stored tags %q", e.Tags)
	}
	// Nor does locking with words in the field make them a tag.
	u.openEntry(id)
	test.Type(tc.input, "half")
	u.lock()
	u.wait()
	if err := u.sess.Unlock([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	if e := getEntry(t, u.vault(), id); strings.Join(e.Tags, ",") != "Bob,river" {
		t.Fatalf("after lock the stored tags are %q", e.Tags)
	}
}

func TestMatchTags(t *testing.T) {
	known := []string{"Work", "family", "homework", "Walk", "worry"}
	for _, c := range []struct {
		typed, have, want string
	}{
		{"wo", "", "Work|worry|homework"},
		{"#WO ", "", "Work|worry|homework"},
		{"wo", "work", "worry|homework"},
		{"x", "", ""},
		{" ", "", ""},
	} {
		var have []string
		if c.have != "" {
			have = strings.Split(c.have, ",")
		}
		if got := strings.Join(matchTags(known, have, c.typed, 6), "|"); got != c.want {
			t.Errorf("matchTags(%q, have %q) = %q, want %q", c.typed, c.have, got, c.want)
		}
	}
	if got := matchTags(known, nil, "o", 2); len(got) != 2 {
		t.Errorf("the limit was not kept: %q", got)
	}
}

func TestTagSuggestionsByKeyboard(t *testing.T) {
	u, _, ed := editorWithTags(t)
	tc := ed.tags
	c := u.win.Canvas()
	c.Focus(tc.input)
	test.Type(tc.input, "bo")
	down := &fyne.KeyEvent{Name: fyne.KeyDown}
	up := &fyne.KeyEvent{Name: fyne.KeyUp}
	tc.input.TypedKey(down)
	if c.Focused() != tc.suggestions[0] {
		t.Fatalf("Down in the field went to %T", c.Focused())
	}
	tc.suggestions[0].TypedKey(down)
	if c.Focused() != tc.suggestions[1] {
		t.Fatal("Down did not move to the next suggestion")
	}
	tc.suggestions[1].TypedKey(up)
	tc.suggestions[0].TypedKey(up)
	if c.Focused() != tc.input {
		t.Fatalf("Up from the first suggestion went to %T", c.Focused())
	}
	tc.input.TypedKey(down)
	tc.suggestions[0].TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Focused() != tc.input || tc.input.Text != "bo" || len(tc.Tags()) != 0 {
		t.Fatal("Escape did not go back to the field as it was")
	}
	// Enter on a suggestion adds it and gives the field back.
	tc.input.TypedKey(down)
	tc.suggestions[0].TypedKey(down)
	second := tc.suggestions[1]
	second.KeyDown(&fyne.KeyEvent{Name: fyne.KeyReturn})
	second.KeyUp(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if got := strings.Join(tc.Tags(), ","); got != "boundaries" || c.Focused() != tc.input || tc.input.Text != "" {
		t.Fatalf("after Enter on a suggestion: tags %q, field %q", got, tc.input.Text)
	}
	// With nothing suggested, Down is the field's own.
	tc.input.TypedKey(down)
	if c.Focused() != tc.input {
		t.Fatal("Down left an empty field")
	}
}
