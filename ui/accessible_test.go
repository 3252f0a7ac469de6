package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/internal/say"
	"tend/journal"
)

// TestEveryKindIsNamedForScreenReaders checks that each row of the kind
// chooser, whose words are drawn beside it rather than on it, tells a
// screen reader the kind and what it is for.
func TestEveryKindIsNamedForScreenReaders(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.chooseNewEntry()
	for _, k := range formKinds {
		row := u.shell.chooser.rows[k]
		var a fyne.Accessible = row
		label := a.AccessibilityLabel()
		if !strings.Contains(label, say.Kind(k)) || !strings.Contains(label, kindPurpose(k)) {
			t.Errorf("the %s row says %q", say.Kind(k), label)
		}
		if a.AccessibilityRole() != fyne.AccessibleRoleButton {
			t.Errorf("the %s row is a %q", say.Kind(k), a.AccessibilityRole())
		}
	}
}

// TestEntriesAreNamedForScreenReaders checks that an entry on Today tells
// a screen reader what a person reads on it: its headline and its day.
func TestEntriesAreNamedForScreenReaders(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v, &journal.Entry{Date: day(t, "2026-11-20"), Title: "Morning pages"})
	u.showSection(secToday)
	recent := u.shell.today.recent.Objects
	if len(recent) != 1 {
		t.Fatalf("%d recent entries", len(recent))
	}
	var a fyne.Accessible = recent[0].(*entryButton)
	label := a.AccessibilityLabel()
	if !strings.Contains(label, "Morning pages") || !strings.Contains(label, "20 Nov") {
		t.Errorf("an entry says %q", label)
	}
	if a.AccessibilityRole() != fyne.AccessibleRoleButton {
		t.Errorf("an entry is a %q", a.AccessibilityRole())
	}
}

// TestSentencesSkipsWhatIsEmpty keeps a label free of stray pauses.
func TestSentencesSkipsWhatIsEmpty(t *testing.T) {
	if got := sentences("", "Morning pages", " ", "Fri 20 Nov.", "A cold morning"); got != "Morning pages. Fri 20 Nov. A cold morning" {
		t.Errorf("sentences gave %q", got)
	}
}

// TestNoButtonIsReadByItsIconName walks every section, and a dialogue
// with turns, for buttons a screen reader would read by their icon's
// file name: each says in words what it does.
func TestNoButtonIsReadByItsIconName(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	seedJournal(t, v, &journal.Entry{Date: day(t, "2026-11-20"), Title: "Morning pages"})
	check := func(where string) {
		t.Helper()
		for _, o := range test.LaidOutObjects(u.win.Content()) {
			if !o.Visible() {
				continue // the toolkit hands only what is shown to the screen reader
			}
			if b, ok := o.(*widget.Button); ok && b.Text == "" && b.Icon == nil {
				// The toolkit's label for it would panic.
				t.Errorf("%s: a button with neither words nor an icon", where)
				continue
			}
			a, ok := o.(fyne.Accessible)
			if !ok || a.AccessibilityRole() != fyne.AccessibleRoleButton {
				continue
			}
			if l := a.AccessibilityLabel(); strings.TrimSpace(l) == "" || strings.HasSuffix(l, ".svg") {
				t.Errorf("%s: a %T is read as %q", where, o, l)
			}
		}
	}
	for _, sec := range sidebarOrder {
		u.showSection(sec)
		check(string(sec))
	}
	u.newEntry(journal.KindDialogue)
	f := u.shell.editor.form.(*dialogueForm)
	f.turns = []journal.Turn{{Voice: journal.VoiceNow, Text: "I'm here."}, {Voice: journal.VoiceChild, Text: "Are you staying?"}}
	f.rebuild()
	check("a dialogue")
}
