package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2"

	"tend/journal"
)

// contains reports whether o is root or inside it.
func contains(root, o fyne.CanvasObject) bool {
	if root == o {
		return true
	}
	if c, ok := root.(*fyne.Container); ok {
		for _, child := range c.Objects {
			if contains(child, o) {
				return true
			}
		}
	}
	return false
}

// TestAStructuredEntryIsOneScrollingPage: below a form, the writing is on
// the form's own page and grows with its words, so the whole entry
// scrolls as one document; in free writing it is the page itself.
func TestAStructuredEntryIsOneScrollingPage(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.win.Resize(fyne.NewSize(900, 640))
	u.newEntry(journal.KindDialogue)
	ed := u.shell.editor
	if !contains(ed.formBox, ed.body) || ed.bodySlot.Visible() {
		t.Fatal("the writing below a dialogue is not on the dialogue's page")
	}
	if ed.body.page != ed.formArea {
		t.Fatal("the wheel over the writing does not scroll the page")
	}
	before := ed.body.MinSize().Height
	ed.body.SetText(strings.Repeat("A line of what else there is to say.\n", 12))
	if after := ed.body.MinSize().Height; after <= before {
		t.Fatalf("the writing below a form did not grow with its words: %.0f -> %.0f px", before, after)
	}
	if h := ed.formArea.Content.MinSize().Height; h < ed.body.MinSize().Height+ed.form.view().MinSize().Height {
		t.Fatalf("the page (%.0f px) does not hold the form and the writing", h)
	}

	u.newEntry(journal.KindFree)
	if contains(ed.formBox, ed.body) || !ed.bodySlot.Visible() || !contains(ed.bodySlot, ed.body) {
		t.Fatal("free writing is not the page itself")
	}
	if ed.body.page != nil || !ed.body.fixed {
		t.Fatal("free writing does not scroll inside itself")
	}
	// Back to a form, and the writing goes with it.
	u.newEntry(journal.KindTherapyNote)
	if !contains(ed.formBox, ed.body) || ed.bodySlot.Visible() {
		t.Fatal("the writing did not follow the therapy note's form")
	}
}

// TestANewEntryBeginsWhereItsFormBegins: the cursor waits where the
// writing of each kind begins; a new dialogue starts with the next turn,
// not with "anything else" at the bottom.
func TestANewEntryBeginsWhereItsFormBegins(t *testing.T) {
	u, _ := newUnlockedUI(t)
	ed := u.shell.editor
	cases := []struct {
		kind journal.Kind
		want func() fyne.Focusable
	}{
		{journal.KindFree, func() fyne.Focusable { return ed.body }},
		{journal.KindLetter, func() fyne.Focusable { return ed.body }},
		{journal.KindDialogue, func() fyne.Focusable { return ed.form.(*dialogueForm).input }},
		{journal.KindConversation, func() fyne.Focusable { return ed.form.(*conversationForm).observation }},
		{journal.KindWordsActions, func() fyne.Focusable { return ed.form.(*wordsForm).label.SelectEntry }},
		{journal.KindIncident, func() fyne.Focusable { return ed.form.(*incidentForm).about.SelectEntry }},
		{journal.KindTherapyNote, func() fyne.Focusable { return ed.form.(*therapyForm).bring }},
		{journal.KindCheckIn, func() fyne.Focusable { return nil }},
	}
	for _, c := range cases {
		u.newEntry(c.kind)
		if got, want := u.win.Canvas().Focused(), c.want(); got != want {
			t.Errorf("a new %s entry puts the cursor in %T, not %T", c.kind, got, want)
		}
	}
}
