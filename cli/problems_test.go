package cli

import (
	"bytes"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"tend/app"
	"tend/assets"
	"tend/backup"
	"tend/internal/i18n"
	"tend/internal/vaulttest"
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

// TestDamagedBackupSpeaksTheLanguage restores real damaged backups in
// Spanish and in German: one cut short a little before its end, one cut
// short inside its encryption header, one with a byte changed in the
// middle. What is wrong with each is said in the language after "cannot
// be restored:", where it was said in English.
func TestDamagedBackupSpeaksTheLanguage(t *testing.T) {
	vaulttest.LowBackupCost(t)
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	if code, _, errs := e.run("Hoy el mar estaba en calma.\n", "add"); code != app.ExitOK {
		t.Fatalf("add: %s", errs)
	}
	root := t.TempDir()
	pp := filepath.Join(root, "pp")
	if err := os.WriteFile(pp, []byte("salt wind over the harbour\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "b.tend-backup")
	if code, _, errs := e.run("", "backup", "--passphrase-file", pp, out); code != app.ExitOK {
		t.Fatalf("backup: %s", errs)
	}
	data, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	changed := bytes.Clone(data)
	changed[len(changed)*2/3] ^= 0x40
	damaged := map[string][]byte{"cut": data[:len(data)-40], "head": data[:12], "changed": changed}
	for name, b := range damaged {
		if err := os.WriteFile(filepath.Join(root, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for lang, want := range map[string]map[string]string{
		"es_ES.UTF-8": {
			"cut":     ": la copia está incompleta, o se cambió después de escribirse.",
			"head":    ": la copia se acaba antes de tiempo; lo más probable es que se cortara al copiarla o al escribirla.",
			"changed": ": la copia está incompleta, o se cambió después de escribirse.",
		},
		"de_DE.UTF-8": {
			"cut":     ": die Sicherung ist unvollständig oder wurde nach dem Schreiben verändert.",
			"head":    ": die Sicherung endet zu früh; wahrscheinlich wurde sie beim Kopieren oder Schreiben abgeschnitten.",
			"changed": ": die Sicherung ist unvollständig oder wurde nach dem Schreiben verändert.",
		},
	} {
		inLocale(t, "", "", lang)
		for name, w := range want {
			code, _, errs := e.run("", "restore", "--merge", "--passphrase-file", pp, filepath.Join(root, name))
			if code != app.ExitError || !strings.Contains(errs, w) || strings.Contains(errs, "damaged or incomplete") {
				t.Errorf("%s, %s: %d %q, want %q", lang, name, code, errs, w)
			}
		}
	}
}

// TestErrTextKeepsTheLead: a lead a command put before an error the
// language can say stays before it, and the English the error itself
// wraps does not come with it.
func TestErrTextKeepsTheLead(t *testing.T) {
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	i18n.Use("es")
	err := fmt.Errorf("%s: %w", i18n.L("No backup was made"), &backup.ReadBackError{Err: &fs.PathError{Op: "read", Path: "b.tend-backup", Err: syscall.ENOSPC}})
	got := errText(err)
	want := i18n.L("No backup was made") + ": la copia no se pudo volver a leer del disco tal como se escribió, así que no se ha guardado (el disco está lleno)"
	if got != want {
		t.Fatalf("errText said %q, want %q", got, want)
	}
}

// TestFailedFileExportSpeaksTheLanguage exports a JSON document and a
// Markdown archive, in Spanish, into a folder that does not exist: the
// failure is said in the language as a Markdown folder's is, and names no
// temporary file.
func TestFailedFileExportSpeaksTheLanguage(t *testing.T) {
	inLocale(t, "", "", "es_ES.UTF-8")
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	missing := filepath.Join(t.TempDir(), "no", "such")
	for format, name := range map[string]string{"json": "x.json", "markdown": "x.zip"} {
		code, _, errs := e.run("", "export", "--format", format, filepath.Join(missing, name))
		want := "tend: No se ha exportado nada: ese archivo o esa carpeta ya no están ahí\n"
		if code == app.ExitOK || errs != want {
			t.Errorf("export %s: %d %q, want %q", format, code, errs, want)
		}
	}
}
