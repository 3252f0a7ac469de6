package ui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/vault"
)

// trashUI returns an unlocked UI on Trash, holding one deleted entry.
func trashUI(t *testing.T) (*UI, *vault.Vault, *trashScreen, journal.ID) {
	t.Helper()
	u, v := newUnlockedUI(t)
	e := &journal.Entry{Title: "Let go", Body: "words I deleted"}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	u.showSection(secTrash)
	s := u.shell.trash
	if len(s.entries) != 1 || s.empty.Visible() {
		t.Fatalf("trash lists %d entries, empty shown %v", len(s.entries), s.empty.Visible())
	}
	return u, v, s, e.ID
}

func TestTrashRestore(t *testing.T) {
	u, v, s, id := trashUI(t)
	row := newTrashRowTemplate()
	s.updateRow(0, row)
	restore := row.(*fyne.Container).Objects[1].(*fyne.Container).Objects[0].(*fyne.Container).Objects[0].(*widget.Button)
	test.Tap(restore)
	if e, err := v.Get(id); err != nil || e.InTrash() {
		t.Fatalf("not restored: %v", err)
	}
	if len(s.entries) != 0 || !s.empty.Visible() {
		t.Fatal("the restored entry is still listed")
	}
	if !strings.Contains(u.shell.toastText.Text, "Restored") || !u.shell.toastUndo.Visible() {
		t.Fatalf("toast %q", u.shell.toastText.Text)
	}
	// Undo sends it back.
	test.Tap(u.shell.toastUndo)
	if e, _ := v.Get(id); !e.InTrash() || len(s.entries) != 1 {
		t.Fatal("Undo did not put the entry back in the trash")
	}
}

func TestTrashPurgeAsksFirst(t *testing.T) {
	u, v, s, id := trashUI(t)
	s.onPurge(s.entries[0])
	if s.confirm == nil {
		t.Fatal("no question before deleting for ever")
	}
	overlay := u.win.Canvas().Overlays().Top()
	if overlay == nil {
		t.Fatal("the question is not shown")
	}
	var words []string
	for _, o := range test.LaidOutObjects(overlay) {
		if l, ok := o.(*widget.Label); ok {
			words = append(words, l.Text)
		}
	}
	if !strings.Contains(strings.Join(words, " "), "can't be undone") {
		t.Fatalf("the question does not say it can't be undone: %q", words)
	}

	// Keeping it changes nothing.
	s.confirm.Hide()
	if _, err := v.Get(id); err != nil {
		t.Fatalf("dismissing deleted the entry: %v", err)
	}

	s.onPurge(s.entries[0])
	s.confirm.Confirm()
	if _, err := v.Get(id); !errors.Is(err, journal.ErrNotFound) {
		t.Fatalf("after confirming, Get says %v", err)
	}
	if len(s.entries) != 0 || !s.empty.Visible() || s.confirm != nil {
		t.Fatal("the trash still lists the purged entry")
	}
}

func TestTrashRendersEmpty(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	s := newTrashScreen(u)
	w := test.NewTempWindow(t, s.buildUI())
	w.Resize(fyne.NewSize(800, 600))
	s.refresh()
	test.AssertRendersToMarkup(t, "trash/empty.xml", w.Canvas())
}

// TestTrashRendersEntries keeps the trash's rows: each deleted entry, titled
// or not, with its icon, headline, day and preview, then Restore and Delete
// for ever.
func TestTrashRendersEntries(t *testing.T) {
	u, v := newUnlockedUI(t)
	u.now = func() time.Time { return fixedNow }
	gone := fixedNow.Add(-time.Hour)
	seedJournal(t, v,
		&journal.Entry{Date: day(t, "2026-11-20"), Title: "Let go", Body: "Words I wrote and no longer need.", Deleted: gone},
		&journal.Entry{Date: day(t, "2026-11-21"), Kind: journal.KindIncident, Mood: 1, Deleted: gone, Fields: journal.Fields{Incident: &journal.Incident{About: "Sam", What: "Read my messages"}}},
	)
	s := newTrashScreen(u)
	w := test.NewTempWindow(t, s.buildUI())
	w.Resize(fyne.NewSize(800, 600))
	s.refresh()
	w.Content().Refresh() // as the next frame lays out what refresh showed
	test.AssertRendersToMarkup(t, "trash/entries.xml", w.Canvas())
}

// TestTrashSaysHowLongAndEmpties: the trash says it keeps entries until the
// person decides, and Empty the trash asks first, then deletes every entry
// in it for ever and nothing in the journal.
func TestTrashSaysHowLongAndEmpties(t *testing.T) {
	u, v, s, id := trashUI(t)
	kept := &journal.Entry{Title: "Still here", Body: "not in the trash"}
	if err := v.Put(kept); err != nil {
		t.Fatal(err)
	}
	second := &journal.Entry{Title: "Also let go", Body: "more"}
	if err := v.Put(second); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(second.ID); err != nil {
		t.Fatal(err)
	}
	u.showSection(secTrash)
	if !s.tools.Visible() || !strings.Contains(s.keeps.Text, "never empties the trash by itself") || !s.emptyAll.Visible() {
		t.Fatalf("the trash does not say how long it keeps entries: %q", s.keeps.Text)
	}
	test.Tap(s.emptyAll)
	if s.confirm == nil {
		t.Fatal("no question before emptying the trash")
	}
	s.confirm.Hide()
	if _, err := v.Get(id); err != nil {
		t.Fatalf("keeping them deleted an entry: %v", err)
	}
	test.Tap(s.emptyAll)
	s.confirm.Confirm()
	for _, gone := range []journal.ID{id, second.ID} {
		if _, err := v.Get(gone); !errors.Is(err, journal.ErrNotFound) {
			t.Fatalf("after emptying, Get says %v", err)
		}
	}
	if _, err := v.Get(kept.ID); err != nil {
		t.Fatalf("emptying the trash touched the journal: %v", err)
	}
	if len(s.entries) != 0 || !s.empty.Visible() || s.tools.Visible() {
		t.Fatal("the empty trash still offers to empty it")
	}
}
