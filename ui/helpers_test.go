package ui

import (
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
