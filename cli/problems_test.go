package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/app"
)

// TestVerifyOfAStoreThatDoesNotOpenSpeaksTheLanguage cuts the store's
// manifest short and checks the journal in Spanish and in German: how the
// check that tried to open the store ended is said in the language, where
// it was said in English.
func TestVerifyOfAStoreThatDoesNotOpenSpeaksTheLanguage(t *testing.T) {
	for lang, want := range map[string]string{
		"es_ES.UTF-8": "La revisión terminó con el código ",
		"de_DE.UTF-8": "Die Prüfung endete mit dem Code ",
	} {
		t.Run(lang, func(t *testing.T) {
			inLocale(t, "", "", lang)
			e := newCLIEnv(t)
			if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
				t.Fatalf("init: %s", errs)
			}
			if code, _, errs := e.run("Una tarde tranquila.\n", "add"); code != app.ExitOK {
				t.Fatalf("add: %s", errs)
			}
			if err := os.Truncate(filepath.Join(e.dir, "store", "MANIFEST"), 5); err != nil {
				t.Fatal(err)
			}
			code, out, _ := e.run("", "verify")
			if code == app.ExitOK || !strings.Contains(out, want) || strings.Contains(out, "The check ended") {
				t.Fatalf("verify: %d\n%s\nwithout %q", code, out, want)
			}
		})
	}
}

// TestImportRefusalsSpeakTheLanguage imports sources that cannot be
// imported, in Spanish and in German: a jrnl export with a day that is not
// one, a note whose front matter has a line that is not "key: value", a
// folder named where a file is read; and exports into a folder that is
// already there. Each is refused in the language, naming the place.
func TestImportRefusalsSpeakTheLanguage(t *testing.T) {
	jrnl := "{\n  \"entries\": [\n    {\"title\": \"a\", \"date\": \"2023-11-02\"},\n    {\"title\": \"b\", \"date\": \"ayer\"}\n  ]\n}\n"
	for lang, want := range map[string][]string{
		"es_ES.UTF-8": {
			"tend: la exportación de jrnl, entrada 2 (línea 4): su date «ayer» no es una fecha como 2024-03-31.",
			"tend: nota.md, línea 3: la cabecera debería estar hecha de líneas «clave: valor».",
			"es una carpeta; elige dentro de ella el archivo que quieres importar.",
			": notas ya existe; elige un nombre nuevo de carpeta para la exportación.",
		},
		"de_DE.UTF-8": {
			"tend: der jrnl-Export, Eintrag 2 (Zeile 4): date „ayer“ ist kein Datum wie 2024-03-31.",
			"tend: nota.md, Zeile 3: Der Kopf der Notiz sollte aus Zeilen der Form „Schlüssel: Wert“ bestehen.",
			"ist ein Ordner; wähl darin die Datei, die du importieren willst.",
			": notas gibt es schon; wähl einen neuen Ordnernamen für den Export.",
		},
	} {
		t.Run(lang, func(t *testing.T) {
			inLocale(t, "", "", lang)
			e := newCLIEnv(t)
			if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
				t.Fatalf("init: %s", errs)
			}
			dir := t.TempDir()
			src := filepath.Join(dir, "jrnl.json")
			notes := filepath.Join(dir, "notas")
			if err := os.Mkdir(notes, 0o700); err != nil {
				t.Fatal(err)
			}
			for name, text := range map[string]string{
				src:                             jrnl,
				filepath.Join(notes, "nota.md"): "---\ntitle: bien\nesto no es yaml\n---\nHola.\n",
			} {
				if err := os.WriteFile(name, []byte(text), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			for i, args := range [][]string{
				{"import", "--from", "jrnl", "--yes", src},
				{"import", "--from", "markdown", "--yes", notes},
				{"import", "--from", "jrnl", "--yes", notes},
				{"export", "--format", "markdown", notes},
			} {
				code, _, errs := e.run("", args...)
				if code == app.ExitOK || !strings.Contains(errs, want[i]) || strings.Contains(errs, "cannot be") || strings.Contains(errs, "already exists") {
					t.Errorf("%s: %d %q, want %q", strings.Join(args, " "), code, errs, want[i])
				}
			}
		})
	}
}
