package ui

import (
	"os"
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/internal/vaulttest"
	"tend/plain"
	"tend/vault"
)

// TestImportPreviewSaysWhatFilesComeIn: a folder of notes whose picture is
// beside them, and another picture missing: the preview says, in real
// plurals, which files come in (and that pictures lose their place) and
// which are left out, and the import attaches the one there.
func TestImportPreviewSaysWhatFilesComeIn(t *testing.T) {
	vaulttest.LowBackupCost(t)
	u, v := newUnlockedUI(t)
	b := newBackupUI(u)
	dir := writeFiles(t, map[string]string{
		"2024-05-02 By the sea.md": "We walked to the pier.\n\n![the sea](img/sea.jpg)\n\n![](img/gone.jpg)",
	})
	if err := os.Mkdir(filepath.Join(dir, "img"), 0o700); err != nil {
		t.Fatal(err)
	}
	jpeg := vaulttest.ReadFile(t, filepath.Join("..", "plain", "testdata", "import", "mdfiles", "img", "sea.jpg"))
	if err := os.WriteFile(filepath.Join(dir, "img", "sea.jpg"), jpeg, 0o600); err != nil {
		t.Fatal(err)
	}
	b.previewImport(plain.FromMarkdown, dir)
	top := u.win.Canvas().Overlays().Top()
	for _, want := range []string{
		"Found 1 entry",
		"1 photo or other file comes with them, attached to their entries. JPEG, PNG, GIF and WebP pictures come without what they say about where they were taken and with what camera; other pictures, such as a phone's HEIC photos, come as they are.",
		"1 photo or other file is left out, as named here",
		"img/gone.jpg (shown in 2024-05-02 By the sea.md): it is not in the folder",
	} {
		if !labelWith(t, top, want) {
			t.Errorf("the preview does not say %q", want)
		}
	}
	test.Tap(b.applyBtn)
	if b.status.Text != "Imported 1 entry, with 1 photo or other file." {
		t.Fatalf("after the import: %q", b.status.Text)
	}
	list, err := v.List(vault.ListQuery{})
	if err != nil || len(list) != 1 {
		t.Fatalf("%d entries, %v", len(list), err)
	}
	e, err := v.Get(list[0].ID)
	if err != nil || len(e.Files) != 1 || e.Files[0].Name != "sea.jpg" {
		t.Fatalf("the entry lists %+v, %v", e.Files, err)
	}
}

// TestImportCancelledLetsGoOfTheSource: cancelling a previewed import
// writes nothing and lets go of what it had open.
func TestImportCancelledLetsGoOfTheSource(t *testing.T) {
	u, v := newUnlockedUI(t)
	b := newBackupUI(u)
	dir := writeFiles(t, map[string]string{"2024-05-02 A note.md": "Only a note."})
	b.previewImport(plain.FromMarkdown, dir)
	if b.plan == nil {
		t.Fatal("no preview")
	}
	var cancel *widget.Button
	for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
		if btn, ok := o.(*widget.Button); ok && btn.Text == "Cancel" {
			cancel = btn
		}
	}
	if cancel == nil {
		t.Fatal("no Cancel in the preview")
	}
	test.Tap(cancel)
	if b.plan != nil || u.win.Canvas().Overlays().Top() != nil {
		t.Fatal("the preview was cancelled but its source is still held, or the dialog is open")
	}
	if list, _ := v.List(vault.ListQuery{}); len(list) != 0 {
		t.Fatalf("a cancelled import wrote %d entries", len(list))
	}
}
