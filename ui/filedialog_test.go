package ui

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// shownNames is every text the window's top overlay shows.
func shownNames(w fyne.Window) []string {
	var out []string
	for _, o := range test.LaidOutObjects(w.Canvas().Overlays().Top()) {
		switch o := o.(type) {
		case *canvas.Text:
			out = append(out, o.Text)
		case *widget.Label:
			out = append(out, o.Text)
		}
	}
	return out
}

// TestRestorePickerOffersOnlyBackups opens the file dialog the restore
// uses on a folder holding a backup beside Markdown and other files: only
// the backup is offered, and the dialog is given room within the window.
func TestRestorePickerOffersOnlyBackups(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.win.Resize(fyne.NewSize(900, 640))
	dir := t.TempDir()
	for _, n := range []string{"winter.tend-backup", "notes.md", "photo.jpg"} {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("x"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	b := newBackupUI(u)
	b.files.folder = dir
	b.chooseBackup(func(string, []byte) {})
	names := strings.Join(shownNames(u.win), "|")
	if !strings.Contains(names, "winter") {
		t.Fatalf("the backup is not offered: %s", names)
	}
	if slices.ContainsFunc([]string{"notes", "photo"}, func(n string) bool { return strings.Contains(names, n) }) {
		t.Fatalf("files that are not backups are offered: %s", names)
	}
}

// TestEveryActionSaysWhatItDoesFirst: backing up, restoring (into this
// journal or, on first run, as a new one), exporting and importing each
// open with a sentence saying what will happen, and no file dialog opens
// until the person goes on from it.
func TestEveryActionSaysWhatItDoesFirst(t *testing.T) {
	u, _ := newUnlockedUI(t)
	first, _ := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	for _, c := range []struct {
		name   string
		win    fyne.Window
		start  func(b *backupUI)
		says   string
		picker string // the file dialog's title, after going on; "" for none
	}{
		{"back up", u.win, (*backupUI).onBackup, backupIntro(), ""},
		{"restore", u.win, (*backupUI).onRestore, restoreIntro(), "Choose the backup"},
		{"restore on first run", first.win, (*backupUI).onRestoreNew, restoreNewIntro(), "Choose the backup"},
		{"export", u.win, (*backupUI).onExport, exportIntro(), "Choose where the export goes"},
		{"import", u.win, (*backupUI).onImport, importIntro(), "Choose the file to import"},
	} {
		t.Run(c.name, func(t *testing.T) {
			b := newBackupUI(u)
			if c.win == first.win {
				b = first.welcome.restore
			}
			c.start(b)
			if b.gate.shown != nil { // asks who is there first: see gate_test
				passGate(t, b.gate)
			}
			over := c.win.Canvas().Overlays()
			if len(over.List()) != 1 || !labelWith(t, over.Top(), c.says) {
				t.Fatalf("%d dialogs open, and the first does not say what will happen", len(over.List()))
			}
			if c.picker == "" {
				b.hide()
				return
			}
			test.Tap(b.choose)
			if !slices.Contains(shownNames(c.win), c.picker) {
				t.Fatalf("going on did not open the file dialog %q: %v", c.picker, shownNames(c.win))
			}
			over.Top().Hide()
			for over.Top() != nil {
				over.Remove(over.Top())
			}
		})
	}
}

// TestDesktopDialogFallsBackToOurs: where the desktop's own dialog cannot
// be shown, the toolkit's asks instead, titled the same; where it answers,
// its path is used and no other dialog opens; where the person cancels
// it, nothing happens but the cancel.
func TestDesktopDialogFallsBackToOurs(t *testing.T) {
	u, _ := newUnlockedUI(t)
	b := newBackupUI(u)
	var asked []pickRequest
	b.files.system = func(req pickRequest) (string, error) {
		asked = append(asked, req)
		return "", errors.New("no desktop dialog here")
	}
	b.chooseBackup(func(string, []byte) { t.Fatal("a backup was read with no file chosen") })
	if len(asked) != 1 || asked[0].kind != pickFile || !slices.Equal(asked[0].exts, []string{backupExt}) {
		t.Fatalf("the desktop was asked %+v", asked)
	}
	if !slices.Contains(shownNames(u.win), "Choose the backup") {
		t.Fatalf("no dialog of ours after the desktop's failed: %v", shownNames(u.win))
	}
	u.win.Canvas().Overlays().Top().Hide()

	dir := t.TempDir()
	b.files.system = func(req pickRequest) (string, error) {
		asked = append(asked, req)
		return filepath.Join(dir, req.name), nil
	}
	var saved string
	b.chooseSavePath("Where should the backup go?", "tend.tend-backup", backupExt, func(p string) { saved = p }, nil)
	if last := asked[len(asked)-1]; saved != filepath.Join(dir, "tend.tend-backup") || last.kind != pickSave || last.name != "tend.tend-backup" {
		t.Fatalf("saved to %q after asking %+v", saved, last)
	}
	if b.shown != nil {
		t.Fatal("Tend's own save dialog opened after the desktop's answered")
	}
	if b.files.folder != dir {
		t.Fatalf("the next dialog opens in %q", b.files.folder)
	}

	b.files.system = func(pickRequest) (string, error) { return "", nil }
	cancelled := false
	b.chooseSavePath("Where should the backup go?", "tend.tend-backup", backupExt, func(string) { t.Fatal("saved after a cancel") }, func() { cancelled = true })
	if !cancelled || b.shown != nil {
		t.Fatalf("after a cancel in the desktop's dialog: cancelled %v, a dialog of ours open %v", cancelled, b.shown != nil)
	}
}
