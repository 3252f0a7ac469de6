package ui

import (
	"path/filepath"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/app"
	"tend/vault"
)

// TestFileDialogsKeepTheirFolderToThemselves opens the toolkit's file
// dialog on a folder the person chose: the dialog still finds it next
// time, but the app's preferences, which are a plain file on disk, never
// hold it. A folder an earlier version let the dialog store is dropped.
func TestFileDialogsKeepTheirFolderToThemselves(t *testing.T) {
	a := test.NewTempApp(t)
	a.Preferences().SetString(fyneLastFolderKey, "file:///home/me/where-the-recovery-key-is")
	s := app.NewSession(filepath.Join(t.TempDir(), "vault"))
	s.UseKDF(vault.TestKDF)
	u := New(a, s)
	u.inline = true
	t.Cleanup(func() {
		u.wait()
		_ = s.Lock()
	})
	if got := a.Preferences().String(fyneLastFolderKey); got != "" {
		t.Fatalf("a folder stored by an earlier version is still there: %q", got)
	}
	u.win.Resize(fyne.NewSize(900, 640))
	dir := t.TempDir()
	p := newFilePicker(u.win, func() bool { return true })
	p.system = nil
	p.folder = dir
	p.openFile("Choose the backup", nil, func(string) {})
	if got := a.Preferences().String(fyneLastFolderKey); got != "" {
		t.Fatalf("the dialog's folder reached the preferences file: %q", got)
	}
	if got := fyne.CurrentApp().Preferences().String(fyneLastFolderKey); !strings.HasSuffix(got, filepath.Base(dir)) {
		t.Fatalf("the dialog does not find its folder again: %q", got)
	}
	// Every other preference still reaches the app's own.
	fyne.CurrentApp().Preferences().SetString("fyne:fileDialogViewLayout", "list")
	if a.Preferences().String("fyne:fileDialogViewLayout") != "list" {
		t.Fatal("other preferences no longer reach the app")
	}
}

// TestACopiedRecoveryKeyLeavesWithTheLock copies the recovery key on its
// screen: locking takes it off the clipboard, and so does quitting, but
// never what the person copied after it.
func TestACopiedRecoveryKeyLeavesWithTheLock(t *testing.T) {
	for _, leave := range []string{"lock", "quit", "copied since"} {
		u, _ := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
		w := u.welcome
		test.Type(w.password, goodPassword)
		test.Type(w.confirm, goodPassword)
		test.Tap(w.create)
		u.wait()
		k := u.keyShown
		k.onCopy()
		cb := u.app.Clipboard()
		if cb.Content() != k.key {
			t.Fatal("Copy did not put the key on the clipboard")
		}
		want := ""
		switch leave {
		case "lock":
			test.Tap(k.stored)
			test.Tap(k.done)
			u.lock()
		case "quit":
			u.onClose()
		case "copied since":
			want = "a line of my own"
			cb.SetContent(want)
			u.onClose()
		}
		u.wait()
		if got := cb.Content(); got != want {
			t.Errorf("after %s the clipboard holds %q", leave, got)
		}
		cb.SetContent("")
	}
}
