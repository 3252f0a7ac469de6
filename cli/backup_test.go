package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/app"
	"tend/internal/vaulttest"
)

func TestCLIBackupRestore(t *testing.T) {
	vaulttest.LowBackupCost(t)
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	for _, body := range []string{"First, small steps.", "Second, a letter."} {
		if code, _, errs := e.run(body, "add", "--title", body[:5], "--tag", "trust"); code != app.ExitOK {
			t.Fatalf("add: %s", errs)
		}
	}
	root := t.TempDir()
	ppFile := filepath.Join(root, "pp")
	if err := os.WriteFile(ppFile, []byte("salt wind over the harbour\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(root, "journal.tend-backup")
	code, stdout, errs := e.run("", "backup", "--passphrase-file", ppFile, out)
	if code != app.ExitOK || !strings.Contains(stdout, "2 entries") || !strings.Contains(stdout, "read back") {
		t.Fatalf("backup: %d %q %s", code, stdout, errs)
	}

	// Into a new journal, with its own password and a new recovery key.
	other := &cliEnv{t: t, dir: filepath.Join(root, "restored"), pwFile: e.pwFile}
	code, stdout, errs = other.run("", "restore", "--passphrase-file", ppFile, out)
	if code != app.ExitOK || !strings.Contains(stdout, "2 entries") || !strings.Contains(stdout, "recovery key") {
		t.Fatalf("restore: %d %q %s", code, stdout, errs)
	}
	code, list, _ := other.run("", "list")
	if code != app.ExitOK || !strings.Contains(list, "First") || !strings.Contains(list, "Secon") {
		t.Fatalf("restored list: %q", list)
	}
	if _, orig, _ := e.run("", "list"); orig != list {
		t.Fatalf("lists differ:\n%s\n%s", orig, list)
	}
	// A plain restore refuses a folder with a journal in it.
	if code, _, errs := other.run("", "restore", "--passphrase-file", ppFile, out); code != app.ExitError || !strings.Contains(errs, "--merge") {
		t.Fatalf("restore over a journal: %d %s", code, errs)
	}
	// Merging the same backup changes nothing.
	code, stdout, errs = other.run("", "restore", "--merge", "--passphrase-file", ppFile, out)
	if code != app.ExitOK || strings.Contains(stdout, "added") || !strings.Contains(stdout, "2 entries were already here, word for word.") {
		t.Fatalf("merge: %d %q %s", code, stdout, errs)
	}
}

func TestCLIRestoreBadBackups(t *testing.T) {
	vaulttest.LowBackupCost(t)
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	if code, _, errs := e.run("words", "add"); code != app.ExitOK {
		t.Fatalf("add: %s", errs)
	}
	root := t.TempDir()
	ppFile := filepath.Join(root, "pp")
	os.WriteFile(ppFile, []byte("salt wind over the harbour\n"), 0o600)
	wrongFile := filepath.Join(root, "wrong")
	os.WriteFile(wrongFile, []byte("not the passphrase at all\n"), 0o600)
	out := filepath.Join(root, "b.tend-backup")
	if code, _, errs := e.run("", "backup", "--passphrase-file", ppFile, out); code != app.ExitOK {
		t.Fatalf("backup: %s", errs)
	}
	code, _, errs := e.run("", "restore", "--merge", "--passphrase-file", wrongFile, out)
	if code != app.ExitWrongPassword || strings.Count(strings.TrimSpace(errs), "\n") != 0 || !strings.Contains(errs, "passphrase does not open") {
		t.Fatalf("wrong passphrase: %d %q", code, errs)
	}
	data, _ := os.ReadFile(out)
	cut := filepath.Join(root, "cut")
	os.WriteFile(cut, data[:len(data)-40], 0o600)
	if code, _, errs := e.run("", "restore", "--merge", "--passphrase-file", ppFile, cut); code != app.ExitError || !strings.Contains(errs, "cannot be restored: it is incomplete, or was changed after it was written.") {
		t.Fatalf("truncated: %d %q", code, errs)
	}
	foreign := filepath.Join(root, "foreign")
	os.WriteFile(foreign, []byte("a shopping list\n"), 0o600)
	if code, _, errs := e.run("", "restore", "--merge", "--passphrase-file", ppFile, foreign); code != app.ExitError || !strings.Contains(errs, "not a Tend backup") {
		t.Fatalf("foreign: %d %q", code, errs)
	}
	// In Spanish, why it is not a backup is said in Spanish too.
	inLocale(t, "", "", "es_ES.UTF-8")
	if code, _, errs := e.run("", "restore", "--merge", "--passphrase-file", ppFile, foreign); code != app.ExitError || !strings.Contains(errs, "no es una copia de Tend: no es un archivo cifrado con age. No se ha cambiado nada.") {
		t.Fatalf("foreign, in Spanish: %d %q", code, errs)
	}
	inLocale(t, "", "", "C.UTF-8")
	// A weak passphrase is refused before anything is written.
	weak := filepath.Join(root, "weak")
	os.WriteFile(weak, []byte("abc\n"), 0o600)
	if code, _, _ := e.run("", "backup", "--passphrase-file", weak, filepath.Join(root, "w")); code != app.ExitError {
		t.Fatalf("weak passphrase: %d", code)
	}
	if _, err := os.Stat(filepath.Join(root, "w")); err == nil {
		t.Fatal("a backup was written with a weak passphrase")
	}
}

// An existing file is never replaced without --force, whether the command
// writes a backup or an export; a folder is never replaced at all.
func TestCLIBackupAndExportKeepAnExistingFile(t *testing.T) {
	vaulttest.LowBackupCost(t)
	e := newCLIEnv(t)
	newJournal(t, e)
	if code, _, errs := e.run("A few words.", "add", "--title", "Words"); code != app.ExitOK {
		t.Fatal(errs)
	}
	root := t.TempDir()
	ppFile := filepath.Join(root, "pp")
	if err := os.WriteFile(ppFile, []byte("salt wind over the harbour\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	const keep = "the only copy of something important\n"
	for _, c := range []struct {
		name string
		args []string
	}{
		{"backup", []string{"backup", "--passphrase-file", ppFile}},
		{"export json", []string{"export", "--format", "json"}},
		{"export zip", []string{"export", "--format", "markdown"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "important.txt")
			if c.name == "export zip" {
				out = filepath.Join(t.TempDir(), "important.zip")
			}
			if err := os.WriteFile(out, []byte(keep), 0o600); err != nil {
				t.Fatal(err)
			}
			code, stdout, errs := e.run("", append(c.args, out)...)
			if code != app.ExitError || !strings.Contains(errs, "already exists") || !strings.Contains(errs, "--force") ||
				strings.Count(errs, "\n") != 1 || stdout != "" {
				t.Fatalf("without --force: %d %q %q", code, stdout, errs)
			}
			if got, err := os.ReadFile(out); err != nil || string(got) != keep {
				t.Fatalf("the existing file was changed: %q %v", got, err)
			}
			code, _, errs = e.run("", append(append(c.args[:1:1], "--force"), append(c.args[1:], out)...)...)
			if code != app.ExitOK {
				t.Fatalf("with --force: %d %q", code, errs)
			}
			if got, err := os.ReadFile(out); err != nil || string(got) == keep {
				t.Fatalf("--force did not replace the file: %v", err)
			}
			// A folder is never written over, --force or not.
			dir := t.TempDir()
			code, _, errs = e.run("", append(append(c.args[:1:1], "--force"), append(c.args[1:], dir)...)...)
			if code == app.ExitOK || !strings.Contains(errs, "folder") {
				t.Fatalf("over a folder: %d %q", code, errs)
			}
		})
	}
}
