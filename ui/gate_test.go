package ui

import (
	"strings"
	"testing"

	"fyne.io/fyne/v2/test"

	"tend/internal/vaulttest"
)

// passGate gives the gate the journal's password, as the person would.
func passGate(t *testing.T, g *passwordGate) {
	t.Helper()
	if g.shown == nil {
		t.Fatal("no password was asked for")
	}
	test.Type(g.field, goodPassword)
	test.Tap(g.goBtn)
	if g.shown != nil {
		t.Fatalf("the right password did not pass: %q", g.problem.Text)
	}
}

// failGate gives the gate a wrong password: it stays, says so calmly, and
// lets nothing through.
func failGate(t *testing.T, g *passwordGate) {
	t.Helper()
	test.Type(g.field, "not my password at all")
	test.Tap(g.goBtn)
	if g.shown == nil || !strings.Contains(g.problem.Text, "didn't match") || g.field.Text != "" {
		t.Fatalf("a wrong password: open %v, %q", g.shown != nil, g.problem.Text)
	}
}

// TestWhatWouldHelpAnIntruderAsksForThePassword: at an unlocked window, a
// new recovery key, a backup file, a plain export and turning the
// automatic lock off each ask for the journal's password first; a wrong
// one, or stepping back, does nothing.
func TestWhatWouldHelpAnIntruderAsksForThePassword(t *testing.T) {
	vaulttest.LowBackupCost(t)
	u, _ := newUnlockedUI(t)
	u.showSection(secSettings)
	s := u.shell.settings

	// A new recovery key: none is made, or shown, until the password.
	newKeyShown := func() bool {
		top := u.win.Canvas().Overlays().Top()
		return top != nil && labelWith(t, top, "If you ever forget your password")
	}
	s.onNewRecoveryKey()
	failGate(t, u.gate)
	if newKeyShown() {
		t.Fatal("a wrong password made a new recovery key")
	}
	passGate(t, u.gate)
	if !newKeyShown() {
		t.Fatal("the right password made no new recovery key")
	}
	u.win.Canvas().Overlays().Top().Hide()

	// A backup file and a plain export: nothing is asked of them before.
	for _, start := range []func(*backupUI){(*backupUI).onBackup, (*backupUI).onExport} {
		b := newBackupUI(u)
		start(b)
		failGate(t, b.gate)
		if b.shown != nil {
			t.Fatal("a wrong password went on to the backup or export")
		}
		passGate(t, b.gate)
		if b.shown == nil {
			t.Fatal("the right password did not go on")
		}
		b.hide()
	}

	// Turning the automatic lock off; Cancel puts the choice back.
	s.autoLock.SetSelected("Never")
	for _, btn := range buttonsIn(u.win.Canvas().Overlays().Top()) {
		if btn.Text == "Cancel" {
			test.Tap(btn)
		}
	}
	if u.settings.AutoLock() == 0 || s.autoLock.Selected == "Never" {
		t.Fatalf("Cancel left the lock off (%v, %q)", u.settings.AutoLock(), s.autoLock.Selected)
	}
	s.autoLock.SetSelected("Never")
	passGate(t, u.gate)
	if u.settings.AutoLock() != 0 {
		t.Fatal("the right password did not turn the lock off")
	}
	// Turning it back on asks nothing.
	s.autoLock.SetSelected("After 5 minutes")
	if u.gate.shown != nil || u.settings.AutoLock() == 0 {
		t.Fatal("turning the lock back on asked for the password")
	}
}

// TestLockClosesEveryDialog: dialogs stayed open above the lock screen, an
// import's list of titles or a password half typed among them. Locking
// closes them all.
func TestLockClosesEveryDialog(t *testing.T) {
	u, _ := newUnlockedUI(t)
	b := newBackupUI(u)
	b.show("Import entries", saying("A title I wrote"))
	u.shell.settings.onChangePassword()
	u.gate.ask("Make a new recovery key", "Why", "Go", func() {}, nil)
	test.Type(u.gate.field, "half a passw")
	field := u.gate.field
	if n := len(u.win.Canvas().Overlays().List()); n != 3 {
		t.Fatalf("%d dialogs open before the lock, want 3", n)
	}
	u.lock()
	u.wait()
	if n := len(u.win.Canvas().Overlays().List()); n != 0 {
		t.Fatalf("%d dialogs stay open over the lock screen", n)
	}
	if field.Text != "" {
		t.Fatal("the password half typed stays in its field")
	}
}
