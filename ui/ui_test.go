package ui

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/storage"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/journal"
	"tend/vault"
)

const goodPassword = "a quiet river at dawn"

// newTestUI starts the UI on an empty vault folder with real crypto at low
// KDF cost.
func newTestUI(t *testing.T, dir string) (*UI, *app.Session) {
	t.Helper()
	a := test.NewTempApp(t)
	s := app.NewSession(dir)
	s.UseKDF(vault.TestKDF)
	// Store checks run this test binary as the command line (TestMain).
	s.UseChildCommand(os.Args[0], asCLIEnv+"=1")
	u := New(a, s)
	u.inline = true
	t.Cleanup(func() {
		u.wait()
		_ = s.Lock()
	})
	return u, s
}

// createVault goes through first run and the recovery-key screen.
func createVault(t *testing.T, u *UI) string {
	t.Helper()
	w := u.welcome
	if w == nil {
		t.Fatal("first run did not show the welcome screen")
	}
	test.Type(w.password, goodPassword)
	if !w.create.Disabled() {
		t.Fatal("create is enabled before the password is confirmed")
	}
	test.Type(w.confirm, goodPassword)
	if w.create.Disabled() {
		t.Fatalf("create stays disabled with a good, confirmed password (%q)", w.meter.label.Text)
	}
	test.Tap(w.create)
	u.wait()
	k := u.keyShown
	if k == nil {
		t.Fatalf("no recovery key screen after create; problem: %q", w.problem.Text)
	}
	key := k.key
	if _, err := vault.ParseRecoveryKey(key); err != nil {
		t.Fatalf("the key shown does not parse: %v", err)
	}
	if !k.done.Disabled() {
		t.Fatal("continue is enabled before the person says the key is stored")
	}
	test.Tap(k.stored)
	test.Tap(k.done)
	if u.shell == nil {
		t.Fatal("no journal after the recovery key")
	}
	if k.shown.Text != "" {
		t.Fatal("the recovery key is still on a widget after leaving its screen")
	}
	return key
}

func TestFirstRunCreatesVault(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	u, s := newTestUI(t, dir)
	if u.win.Title() != "Tend" {
		t.Fatalf("title %q", u.win.Title())
	}
	createVault(t, u)
	if !s.Unlocked() {
		t.Fatal("the session is not unlocked after first run")
	}
	if ok, _ := vault.Exists(dir); !ok {
		t.Fatal("no vault on disk after first run")
	}
}

func TestWeakPasswordCannotCreate(t *testing.T) {
	u, _ := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	test.Type(u.welcome.password, "password")
	test.Type(u.welcome.confirm, "password")
	if !u.welcome.create.Disabled() {
		t.Fatal("a well-known password can create a vault")
	}
	if !strings.Contains(u.welcome.meter.label.Text, "first passwords anyone would try") {
		t.Fatalf("meter says %q", u.welcome.meter.label.Text)
	}
	// What people really choose looks varied and is guessed early: a name
	// or a season with a year.
	for _, pw := range []string{"Summer2024!", "Michael1987!"} {
		u.welcome.password.SetText(pw)
		u.welcome.confirm.SetText(pw)
		if !u.welcome.create.Disabled() {
			t.Fatalf("%q can create a vault", pw)
		}
	}
}

func TestWriteLockUnlock(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	u, s := newTestUI(t, dir)
	createVault(t, u)
	u.showSection(secJournal)
	if !u.shell.timeline.empty.Visible() {
		t.Fatal("an empty journal shows no invitation to write")
	}
	u.newEntry(journal.KindFree)
	ed := u.shell.editor
	test.Type(ed.title, "First light")
	test.Type(ed.body, "SECRETBODYq1 I felt safe today.")
	u.saveNow()
	if ed.status.Text != "Saved" {
		t.Fatalf("status %q", ed.status.Text)
	}
	list, _ := s.Vault().List(vault.ListQuery{})
	if len(list) != 1 || list[0].Title != "First light" {
		t.Fatalf("vault holds %v", list)
	}
	// Unsaved text is saved by locking, then every widget is emptied.
	test.Type(ed.body, " More.")
	u.lock()
	u.wait()
	if s.Unlocked() {
		t.Fatal("still unlocked after lock")
	}
	if u.unlock == nil || u.shell != nil {
		t.Fatal("lock did not show the unlock screen")
	}
	if ed.body.Text != "" || ed.title.Text != "" || ed.entry != nil {
		t.Fatal("a widget still holds entry text after lock")
	}
	assertNoText(t, u.win.Content(), "SECRETBODYq1")
	if u.win.Title() != "Tend" {
		t.Fatalf("title %q", u.win.Title())
	}

	// Wrong password: a gentle line, and the field empty for the next try.
	un := u.unlock
	test.Type(un.password, "not it at all")
	test.Tap(un.unlock)
	u.wait()
	if !strings.Contains(un.problem.Text, "didn't open") || un.password.Text != "" || s.Unlocked() {
		t.Fatalf("wrong password: problem %q, field %q", un.problem.Text, un.password.Text)
	}
	test.Type(un.password, goodPassword)
	un.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	u.wait()
	if !s.Unlocked() || u.shell == nil {
		t.Fatal("the right password did not unlock")
	}
	e, err := s.Vault().Get(list[0].ID)
	if err != nil || e.Body != "SECRETBODYq1 I felt safe today. More." {
		t.Fatalf("after lock and unlock: %q, %v", e.Body, err)
	}
}

// menuItem finds a main-menu item by label.
func menuItem(t *testing.T, u *UI, label string) *fyne.MenuItem {
	t.Helper()
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Label == label {
				return it
			}
		}
	}
	t.Fatalf("no menu item %q", label)
	return nil
}

func TestLockShortcutWorksInsideTheEditor(t *testing.T) {
	u, s := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	createVault(t, u)
	lock := menuItem(t, u, "Lock")
	sc, ok := lock.Shortcut.(*desktop.CustomShortcut)
	if !ok || sc.KeyName != fyne.KeyL || sc.Modifier != fyne.KeyModifierShortcutDefault {
		t.Fatalf("Lock's shortcut is %#v, want Ctrl+L", lock.Shortcut)
	}
	newItem := menuItem(t, u, "New entry")
	newItem.Action()
	test.Type(u.shell.editor.body, "typed before the shortcut")
	lock.Action()
	u.wait()
	if s.Unlocked() || u.unlock == nil {
		t.Fatal("the Lock menu item did not lock")
	}
}

func TestIdleLock(t *testing.T) {
	u, s := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	now := time.Date(2026, 11, 23, 21, 0, 0, 0, time.UTC)
	u.now = func() time.Time { return now }
	createVault(t, u)
	u.idle.Touch()
	now = now.Add(4 * time.Minute)
	u.checkIdle()
	if !s.Unlocked() {
		t.Fatal("locked after 4 of 5 idle minutes")
	}
	u.newEntry(journal.KindFree)
	test.Type(u.shell.editor.body, "still typing")
	now = now.Add(4 * time.Minute)
	u.checkIdle()
	if !s.Unlocked() {
		t.Fatal("typing did not count as activity")
	}
	now = now.Add(5 * time.Minute)
	u.checkIdle()
	u.wait()
	if s.Unlocked() || u.unlock == nil {
		t.Fatal("not locked after 5 idle minutes")
	}
	// What was typed was saved on the way.
	if err := s.Unlock([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	list, _ := s.Vault().List(vault.ListQuery{})
	if len(list) != 1 {
		t.Fatalf("idle lock lost the unsaved entry: %d entries", len(list))
	}
}

// recoverThroughScreen makes a journal, locks it, and opens it again from
// the unlock screen's "forgot" way with its recovery key, setting the new
// password "a brand new sentence".
func recoverThroughScreen(t *testing.T) (*UI, *app.Session) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	u, s := newTestUI(t, dir)
	key := createVault(t, u)
	u.lock()
	u.wait()
	test.Tap(u.unlock.forgot)
	r := u.recover
	if r == nil {
		t.Fatal("forgot password did not show recovery")
	}
	test.Type(r.key, strings.ToLower(key))
	test.Type(r.password, "a brand new sentence")
	test.Type(r.confirm, "a brand new sentence")
	test.Tap(r.open)
	u.wait()
	if !s.Unlocked() || u.shell == nil {
		t.Fatalf("recovery did not unlock: %q", r.problem.Text)
	}
	return u, s
}

func TestRecoveryUnlock(t *testing.T) {
	_, s := recoverThroughScreen(t)
	_ = s.Lock()
	if err := s.Unlock([]byte("a brand new sentence")); err != nil {
		t.Fatalf("the new password does not open the vault: %v", err)
	}
}

func TestVaultInUseScreen(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	other := app.NewSession(dir)
	other.UseKDF(vault.TestKDF)
	if _, err := other.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	defer other.Lock()
	u, _ := newTestUI(t, dir)
	test.Type(u.unlock.password, goodPassword)
	test.Tap(u.unlock.unlock)
	u.wait()
	if u.notice == nil || u.notice.kind != noticeInUse {
		t.Fatal("a vault open elsewhere did not show the in-use screen")
	}
}

func TestNetworkIsBlocked(t *testing.T) {
	newTestUI(t, t.TempDir())
	for _, raw := range []string{"https://example.com/x.png", "http://example.com/"} {
		u, err := storage.ParseURI(raw)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := storage.Reader(u); !errors.Is(err, errNoNetwork) {
			t.Fatalf("%s: reader error %v, want errNoNetwork", raw, err)
		}
	}
}

// assertNoText fails if any text drawn under o shows s.
// assertNotOnDisk fails when any file under dir holds s as it is.
func assertNotOnDisk(t *testing.T, dir, s string) {
	t.Helper()
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if bytes.Contains(b, []byte(s)) {
			t.Errorf("%q is on disk in plaintext, in %s", s, filepath.Base(p))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func assertNoText(t *testing.T, o fyne.CanvasObject, s string) {
	t.Helper()
	for _, obj := range test.LaidOutObjects(o) {
		var text string
		switch w := obj.(type) {
		case *canvas.Text:
			text = w.Text
		case *widget.Label:
			text = w.Text
		case *widget.Entry:
			text = w.Text
		}
		if strings.Contains(text, s) {
			t.Fatalf("%q is still shown by a %T", s, obj)
		}
	}
}

// TestEditMenuActsOnTheFocusedField: the Edit menu's items reach the field
// that has the keyboard, once each, as the keys themselves would.
func TestEditMenuActsOnTheFocusedField(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.newEntry(journal.KindFree)
	body := u.shell.editor.body
	u.win.Canvas().Focus(body)
	test.Type(body, "a line I wrote")
	menuItem(t, u, "Select all").Action()
	menuItem(t, u, "Copy").Action()
	if got := u.app.Clipboard().Content(); got != "a line I wrote" {
		t.Fatalf("Copy put %q on the clipboard", got)
	}
	menuItem(t, u, "Cut").Action()
	if body.Text != "" {
		t.Fatalf("Cut left %q", body.Text)
	}
	menuItem(t, u, "Paste").Action()
	if body.Text != "a line I wrote" {
		t.Fatalf("Paste gave %q, want the text once", body.Text)
	}
	menuItem(t, u, "Undo").Action()
	if body.Text == "a line I wrote" {
		t.Fatal("Undo did not undo the paste")
	}
	u.app.Clipboard().SetContent("")
}

// TestHelpMenuListsShortcutsAndAbout: the Help menu opens the shortcuts and
// a page about Tend, locked or not, and neither shows any writing.
func TestHelpMenuListsShortcutsAndAbout(t *testing.T) {
	u, _ := newTestUI(t, filepath.Join(t.TempDir(), "vault"))
	for _, label := range []string{"Keyboard shortcuts", "About Tend", "If it gets heavy"} {
		before := len(u.win.Canvas().Overlays().List())
		menuItem(t, u, label).Action()
		if len(u.win.Canvas().Overlays().List()) != before+1 {
			t.Fatalf("%s did not open", label)
		}
		u.win.Canvas().Overlays().Remove(u.win.Canvas().Overlays().Top())
	}
}
