package ui

import (
	"path/filepath"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/app"
	"tend/vault"
)

// The render tests keep the layout of the screens a person sees before the
// journal opens: a change in them shows up as a diff against the masters in
// testdata/, to be looked at before it is accepted.

func TestRenderWelcome(t *testing.T) {
	u, _ := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	u.win.Resize(fyne.NewSize(800, 600))
	test.AssertRendersToMarkup(t, "welcome/first-run.xml", u.win.Canvas())
}

func TestRenderUnlockWithGentleError(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	s := app.NewSession(dir)
	s.UseKDF(vault.TestKDF)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	_ = s.Lock()
	u, _ := newTestUI(t, dir)
	u.win.Resize(fyne.NewSize(800, 600))
	test.AssertRendersToMarkup(t, "unlock/locked.xml", u.win.Canvas())
	test.Type(u.unlock.password, "not the one")
	test.Tap(u.unlock.unlock)
	u.wait()
	test.AssertRendersToMarkup(t, "unlock/wrong-password.xml", u.win.Canvas())
}
