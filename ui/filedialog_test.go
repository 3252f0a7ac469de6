package ui

import (
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
