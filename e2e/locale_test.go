package e2e_test

import (
	"path/filepath"
	"strings"
	"testing"

	"tend/vault"
)

// TestOnlyOurWordsAtTheCLocale runs commands under the bare locales of
// containers and servers, and with none at all: nothing but Tend's own
// words may reach the terminal. The toolkit logged three lines of "Error
// parsing user locale C" on every command, tend help included.
func TestOnlyOurWordsAtTheCLocale(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "v")
	v, _, err := vault.Create(dir, []byte(damagePassword), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	s := newSandbox(t)
	pw := s.writeSecret(t, "pw", damagePassword)
	for _, env := range [][]string{{"LANG=C"}, {"LANG=C.UTF-8"}, {"LANG=POSIX"}, {"LANG=", "LC_ALL=C.UTF-8"}, {"LANG="}} {
		for _, args := range [][]string{{"help"}, {"--vault", dir, "--password-file", pw, "list"}} {
			r := s.runEnv(t, "", env, args...)
			if r.code != 0 || strings.Contains(r.stderr, "Fyne") || strings.Contains(r.stderr, "locale") {
				t.Errorf("%s: tend %s: %v", strings.Join(env, " "), strings.Join(args, " "), r)
			}
		}
	}
}
