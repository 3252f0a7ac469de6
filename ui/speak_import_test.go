package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/internal/i18n"
	"tend/internal/vaulttest"
	"tend/plain"
)

// TestAnImportRefusedSpeaksTheLanguage imports, in the window, a folder
// with a note whose front matter has a line that belongs to no key, and a
// jrnl export whose entry has no date Tend can read, in German and in
// Spanish: the window says which note or entry, which line and what is
// wrong in the language, where it said it in English.
func TestAnImportRefusedSpeaksTheLanguage(t *testing.T) {
	vaulttest.LowBackupCost(t)
	speakEnglishAfter(t)
	notes := t.TempDir()
	if err := os.WriteFile(filepath.Join(notes, "abend.md"), []byte("---\n  verloren\ntitle: Ruhig\n---\nHeute war es still.\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	jrnl := filepath.Join(t.TempDir(), "jrnl.json")
	if err := os.WriteFile(jrnl, []byte("{\"entries\": [\n{\"title\": \"a\", \"date\": \"gestern\"}]}"), 0o600); err != nil {
		t.Fatal(err)
	}
	u, _ := newUnlockedUI(t)
	b := newBackupUI(u)
	for lang, want := range map[string][2]string{
		"de": {"abend.md, Zeile 2: Diese Zeile im Kopf der Notiz gehört zu keinem Schlüssel", "der jrnl-Export, Eintrag 1 (Zeile 2): date „gestern“ ist kein Datum wie 2024-03-31"},
		"es": {"abend.md, línea 2: esta línea de la cabecera no pertenece a ninguna clave", "la exportación de jrnl, entrada 1 (línea 2): su date «gestern» no es una fecha como 2024-03-31"},
	} {
		i18n.Use(lang)
		for i, src := range []struct {
			from plain.Source
			path string
		}{{plain.FromMarkdown, notes}, {plain.FromJrnl, jrnl}} {
			b.previewImport(src.from, src.path)
			if b.plan != nil || !strings.Contains(b.status.Text, want[i]) || strings.Contains(b.status.Text, "cannot be imported") {
				t.Errorf("%s, %s: the window says %q, want %q", lang, src.from, b.status.Text, want[i])
			}
		}
	}
}
