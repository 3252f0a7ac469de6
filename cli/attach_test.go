package cli

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/app"
)

// seaJPEG is a real JPEG that carries where it was taken (EXIF GPS).
var seaJPEG = filepath.Join("..", "plain", "testdata", "import", "mdfiles", "img", "sea.jpg")

const seaPlace = "Brighton seafront"

func TestAddAttachShowAndWriteOut(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	dir := t.TempDir()
	notes := filepath.Join(dir, "session notes.txt")
	if err := os.WriteFile(notes, []byte("what to bring on Thursday\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errs := e.run("![the sea](sea.jpg)\n", "add", "--title", "By the sea", "--attach", seaJPEG, "--attach", notes)
	if code != app.ExitOK {
		t.Fatalf("add --attach: %d %s", code, errs)
	}
	id := strings.TrimSpace(out)
	if len(id) != 32 {
		t.Fatalf("add printed %q", out)
	}
	// Told once, and only of the picture.
	if strings.Count(errs, "kept without what it said about where it was taken") != 1 || !strings.Contains(errs, "sea.jpg") || strings.Contains(errs, "session notes") {
		t.Fatalf("add said: %q", errs)
	}

	code, out, _ = e.run("", "show", id[:8])
	if code != app.ExitOK || !strings.Contains(out, "2 attached files:\n  sea.jpg  (image/jpeg, ") || !strings.Contains(out, "  session notes.txt  (text/plain; charset=utf-8, 26 bytes)") {
		t.Fatalf("show: %q", out)
	}

	// Written out: private, without the place, never over a file unasked.
	to := filepath.Join(dir, "out.jpg")
	if code, _, errs := e.run("", "show", id, "--attachment", "sea.jpg", "--out", to); code != app.ExitOK {
		t.Fatalf("show --attachment: %s", errs)
	}
	data := mustRead(t, to)
	if fi, _ := os.Stat(to); fi.Mode().Perm() != 0o600 || len(data) == 0 || bytes.Contains(data, []byte(seaPlace)) {
		t.Fatalf("written out: mode %v, %d bytes, with its place: %v", fi.Mode().Perm(), len(data), bytes.Contains(data, []byte(seaPlace)))
	}
	if code, _, errs := e.run("", "show", id, "--attachment", "sea.jpg", "--out", to); code == app.ExitOK || !strings.Contains(errs, "already exists") {
		t.Fatalf("over an existing file: %d %s", code, errs)
	}
	if code, _, errs := e.run("", "show", id, "--attachment", "session notes.txt", "--out", to, "--force"); code != app.ExitOK || string(mustRead(t, to)) != "what to bring on Thursday\n" {
		t.Fatalf("--force: %d %s", code, errs)
	}
	if code, out, _ := e.run("", "show", id, "--attachment", "session notes.txt", "--out", "-"); code != app.ExitOK || out != "what to bring on Thursday\n" {
		t.Fatalf("--out -: %d %q", code, out)
	}
	code, _, errs = e.run("", "show", id, "--attachment", "beach.jpg", "--out", "-")
	if code == app.ExitOK || !strings.Contains(errs, `no attached file named "beach.jpg". Its files are: sea.jpg, session notes.txt`) {
		t.Fatalf("a wrong name: %d %q", code, errs)
	}
}

func TestAddAttachRefusesAndSavesNothing(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	dir := t.TempDir()
	broken := filepath.Join(dir, "broken.jpg")
	if err := os.WriteFile(broken, []byte{0xFF, 0xD8, 0xFF, 0xE0, 0, 16}, 0o600); err != nil {
		t.Fatal(err)
	}
	for name, args := range map[string][]string{
		"broken.jpg seems to be a damaged picture": {"--attach", seaJPEG, "--attach", broken},
		"gone.png is not there":                    {"--attach", filepath.Join(dir, "gone.png")},
		"is a folder, not a file":                  {"--attach", dir},
	} {
		code, _, errs := e.run("words", append([]string{"add"}, args...)...)
		if code == app.ExitOK || !strings.Contains(errs, name) || !strings.Contains(errs, "nothing was saved") {
			t.Errorf("%v: %d %q", args, code, errs)
		}
	}
	if _, out, _ := e.run("", "list"); strings.TrimSpace(out) != "" && !strings.Contains(out, "no entries") {
		t.Fatalf("a refused add saved something: %q", out)
	}
}

// TestImportSaysWhatFilesComeIn imports a Day One export with a photo and
// one that is missing: the preview says what comes in and what is left
// out, in real plurals, and the closing line counts the files.
func TestImportSaysWhatFilesComeIn(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	code, out, errs := e.run("", "import", "--from", "dayone", "--yes", filepath.Join("..", "plain", "testdata", "import", "dayone"))
	if code != app.ExitOK {
		t.Fatalf("import: %d %s", code, errs)
	}
	for _, want := range []string{
		"1 photo or other file comes with them, attached to their entries. JPEG, PNG, GIF and WebP pictures come without what they say about where they were taken and with what camera; other pictures, such as a phone's HEIC photos, come as they are.",
		"1 photo or other file is left out, as named below.",
		"Left out: entry 3 (2024-04-03): it holds only photos or other media, and they could not come in.",
		"Imported 2 new entries, with 1 photo or other file.",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the import does not say %q:\n%s", want, out)
		}
	}
}

// TestImportSaysWhatItLeavesOutInSpanish imports a Day One export and a
// folder of notes in Spanish: each thing left out is named, and why, in
// Spanish, with a real plural.
func TestImportSaysWhatItLeavesOutInSpanish(t *testing.T) {
	inLocale(t, "", "", "es_ES.UTF-8")
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	code, out, errs := e.run("", "import", "--from", "dayone", "--yes", filepath.Join("..", "plain", "testdata", "import", "dayone"))
	if want := "Fuera: la entrada 3 (2024-04-03): solo tiene fotos u otros archivos, y no se han podido traer."; code != app.ExitOK || !strings.Contains(out, want) {
		t.Fatalf("import: %d %s\n%s\nwithout %q", code, errs, out, want)
	}
	notes := t.TempDir()
	for name, text := range map[string]string{"a.md": "# Un paseo\n\nHacía sol.", "2024-05-01.md": "", "b.txt": "x", "c.pdf": "y"} {
		if err := os.WriteFile(filepath.Join(notes, name), []byte(text), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errs = e.run("", "import", "--from", "markdown", "--yes", notes)
	for _, want := range []string{"Fuera: 2024-05-01.md: está vacío.", "Fuera: 2 archivos más: no son archivos Markdown (.md)."} {
		if code != app.ExitOK || !strings.Contains(out, want) {
			t.Errorf("import: %d %s\n%s\nwithout %q", code, errs, out, want)
		}
	}
	// A note whose front matter cannot be read is named, and why, in Spanish.
	if err := os.WriteFile(filepath.Join(notes, "d.md"), []byte("---\ndate: mañana\n---\nHola."), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs = e.run("", "import", "--from", "markdown", "--yes", notes)
	if want := "d.md, línea 2: date debería ser una fecha como 2024-03-31."; code == app.ExitOK || !strings.Contains(errs, want) {
		t.Errorf("a bad date: %d %q, want %q", code, errs, want)
	}
}

// TestAddAttachSaysAPictureKeepsItsPlace: a phone's HEIC photo is kept as
// it came, and add says so rather than promising it was cleaned.
func TestAddAttachSaysAPictureKeepsItsPlace(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	heic := filepath.Join(t.TempDir(), "IMG_0042.HEIC")
	if err := os.WriteFile(heic, []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic GPS"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := e.run("From my phone.\n", "add", "--attach", heic)
	if code != app.ExitOK {
		t.Fatalf("add --attach: %d %s", code, errs)
	}
	if !strings.Contains(errs, "IMG_0042.HEIC kept as it came") || strings.Contains(errs, "kept without what it said") {
		t.Fatalf("add said: %q", errs)
	}
}
