package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/app"
	"tend/vault"
)

// TestCLIRefusesWhatPeopleReallyChoose checks that init and passwd refuse
// the passwords a person who knows you would try first, with a sentence
// that says why and what would help.
func TestCLIRefusesWhatPeopleReallyChoose(t *testing.T) {
	for _, weak := range []string{"Password2024", "Summer2024!", "Michael1987!"} {
		e := newCLIEnv(t)
		os.WriteFile(e.pwFile, []byte(weak+"\n"), 0o600)
		code, _, errs := e.run("", "init")
		if code == app.ExitOK || !strings.Contains(errs, "easy to guess") || !strings.Contains(errs, "ordinary words") {
			t.Fatalf("init with %q: %d %q", weak, code, errs)
		}
		if ok, _ := vault.Exists(e.dir); ok {
			t.Fatalf("init with %q made a journal", weak)
		}
	}

	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init"); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	weak := filepath.Join(t.TempDir(), "weak")
	os.WriteFile(weak, []byte("Michael1987!\n"), 0o600)
	code, _, errs := e.run("", "passwd", "--new-password-file", weak)
	if code == app.ExitOK || !strings.Contains(errs, "Names") {
		t.Fatalf("passwd to a name and a year: %d %q", code, errs)
	}
	if code, _, errs := e.run("", "list"); code != app.ExitOK {
		t.Fatalf("the password changed although the new one was refused: %s", errs)
	}
}
