package ui

import (
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/journal"
)

func TestNewEntryOffersTheKinds(t *testing.T) {
	u, _ := newUnlockedUI(t)
	c := u.win.Canvas()
	// The usual case stays one click: New entry is free writing at once.
	newBtn := u.shell.newKind
	test.Tap(newBtn)
	ch := u.shell.chooser
	if ch == nil || c.Overlays().Top() == nil {
		t.Fatal("the arrow beside New entry offers no kinds")
	}
	if formKinds[0] != journal.KindFree || len(ch.rows) != len(formKinds) {
		t.Fatalf("the chooser offers %d kinds, free writing first: %v", len(ch.rows), formKinds[0])
	}
	seen := map[string]bool{}
	for _, k := range formKinds {
		p := kindPurpose(k)
		if p == "" || seen[p] {
			t.Errorf("%s has no line of its own: %q", k, p)
		}
		seen[p] = true
	}
	// Free writing is ready for the keyboard: Space picks it.
	if c.Focused() != ch.rows[journal.KindFree] {
		t.Fatalf("the chooser focuses %T, not free writing", c.Focused())
	}
	test.Tap(ch.rows[journal.KindLetter])
	ed := u.shell.editor
	if _, ok := ed.form.(*letterForm); !ok || ed.entry.Kind != journal.KindLetter || u.shell.current != secEditor {
		t.Fatalf("choosing a letter opened %T (%q)", ed.form, ed.entry.Kind)
	}
	if c.Overlays().Top() != nil {
		t.Fatal("the chooser stays open after a choice")
	}
	// The menu's item opens the same choice.
	u.chooseNewEntry()
	test.Tap(u.shell.chooser.rows[journal.KindCheckIn])
	if ed.entry.Kind != journal.KindCheckIn {
		t.Fatalf("the menu's chooser started %q", ed.entry.Kind)
	}
}

func TestNewEntryButtonIsFreeWritingAtOnce(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showSection(secToday)
	u.shell.newBtn.OnTapped()
	if u.shell.current != secEditor || u.shell.editor.entry.Kind != journal.KindFree || u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("New entry did not open a free page at once")
	}
	if u.win.Canvas().Focused() != u.shell.editor.body {
		t.Fatal("the free page does not have the keyboard")
	}
}

// TestKindButtonHasRoom checks that the name of every kind of new entry is
// shown whole and inside a small window at the largest text: the menu it
// replaces cut "Letter to my younger self" to "Letter to m..." against the
// window's edge.
func TestKindButtonHasRoom(t *testing.T) {
	u := unlockedUIAtScale(t, textSizes()[len(textSizes())-1].scale)
	u.win.Resize(fyne.NewSize(smallWindow, 600))
	ed := u.shell.editor
	for _, k := range formKinds {
		u.newEntry(k)
		b := ed.kindBtn
		pos := u.app.Driver().AbsolutePositionForObject(b)
		if b.Size().Width < b.MinSize().Width || pos.X+b.Size().Width > smallWindow || !b.Visible() {
			t.Errorf("%s: the kind button is %.0f px wide of %.0f it needs, ending at %.0f of %d",
				k, b.Size().Width, b.MinSize().Width, pos.X+b.Size().Width, smallWindow)
		}
	}
}

func TestRenderKindChooser(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.now = func() time.Time { return time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC) }
	u.win.Resize(fyne.NewSize(smallWindow, 600))
	u.newEntry(journal.KindFree)
	test.Tap(u.shell.editor.kindBtn)
	u.win.Canvas().Unfocus()
	test.AssertRendersToMarkup(t, "editor/kinds.xml", u.win.Canvas())
}

func TestKindChooserKeys(t *testing.T) {
	u, _ := newUnlockedUI(t)
	c := u.win.Canvas()
	u.newEntry(journal.KindFree)
	ed := u.shell.editor
	id := ed.entry.ID
	u.chooseNewEntry()
	ch := u.shell.chooser
	free := ch.rows[journal.KindFree]
	// A key that went down before the list opened (the shortcut's) does
	// not choose on its way up.
	free.KeyUp(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if c.Overlays().Top() == nil || ed.entry.ID != id {
		t.Fatal("a key released on the list chose without being pressed on it")
	}
	free.TypedKey(&fyne.KeyEvent{Name: fyne.KeyDown})
	if c.Focused() != ch.rows[journal.KindLetter] {
		t.Fatalf("Down moved the keyboard to %T", c.Focused())
	}
	free.TypedKey(&fyne.KeyEvent{Name: fyne.KeyUp}) // at the top already
	letter := ch.rows[journal.KindLetter]
	letter.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if c.Overlays().Top() != nil || ed.entry.ID != id || ed.entry.Kind != journal.KindFree {
		t.Fatal("Escape did not close the list without a choice")
	}
	// Enter, pressed and released on a choice, makes it.
	u.chooseNewEntry()
	letter = u.shell.chooser.rows[journal.KindLetter]
	letter.KeyDown(&fyne.KeyEvent{Name: fyne.KeyReturn})
	letter.KeyUp(&fyne.KeyEvent{Name: fyne.KeyReturn})
	if ed.entry.Kind != journal.KindLetter || c.Overlays().Top() != nil {
		t.Fatalf("Enter on the letter started %q", ed.entry.Kind)
	}
}
