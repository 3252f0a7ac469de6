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
