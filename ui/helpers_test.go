package ui

import (
	"os"
	"path/filepath"
	"testing"

	"tend/vault"
)

// newUnlockedUI returns a UI on a fresh vault, already unlocked and showing
// the journal, with real crypto at low KDF cost. Background jobs run inline.
func newUnlockedUI(t *testing.T) (*UI, *vault.Vault) {
	t.Helper()
	u, s := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	u.showMain()
	return u, s.Vault()
}

// copyTree copies the files under src to dst, as they are on disk now,
// leaving out the store's lock file, which belongs to a running app.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		if d.Name() == "LOCK" {
			return nil // the store's lock belongs to the running app
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}
