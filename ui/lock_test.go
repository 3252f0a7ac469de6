package ui

import (
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"tend/app"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault"
)

const lockCanary = "LOCKCANARYm3v8"

// unlockThroughScreen types the password on the unlock screen.
func unlockThroughScreen(t *testing.T, u *UI) {
	t.Helper()
	if u.unlock == nil {
		t.Fatal("no unlock screen")
	}
	test.Type(u.unlock.password, goodPassword)
	u.unlock.password.TypedKey(&fyne.KeyEvent{Name: fyne.KeyReturn})
	u.wait()
	if u.shell == nil {
		t.Fatalf("the password did not unlock: %q", u.unlock.problem.Text)
	}
}

// editorWithUnsaveableWords returns a UI whose editor holds words the store
// refuses: the vault was closed under the editor, as a failing store would
// behave.
func editorWithUnsaveableWords(t *testing.T) (*UI, *app.Session, string, string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "vault")
	u, s := newTestUI(t, dir)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	u.showMain()
	u.newEntry(journal.KindFree)
	ed := u.shell.editor
	test.Type(ed.title, "Held")
	words := lockCanary + " words the store would not take."
	test.Type(ed.body, words)
	if err := s.Vault().Close(); err != nil {
		t.Fatal(err)
	}
	return u, s, dir, words
}

// TestLockWinsOverAFailingSave locks with words the store refuses: the
// lock completes, nothing of the words is readable on disk, and the next
// unlock gives them back with a note, until they are saved.
func TestLockWinsOverAFailingSave(t *testing.T) {
	u, s, dir, words := editorWithUnsaveableWords(t)
	u.lock()
	u.wait()
	if s.Unlocked() || u.unlock == nil || u.shell != nil {
		t.Fatal("the journal did not lock while a save was failing")
	}
	assertNoText(t, u.win.Content(), lockCanary)
	assertNotOnDisk(t, dir, lockCanary)

	unlockThroughScreen(t, u)
	ed := u.shell.editor
	if u.shell.current != secEditor || ed.body.Text != words || ed.title.Text != "Held" || !ed.dirty {
		t.Fatalf("the words were not given back: section %v, body %q", u.shell.current, ed.body.Text)
	}
	if !strings.Contains(ed.status.Text, "kept what you were writing") || !strings.Contains(ed.status.Text, "not saved yet") {
		t.Fatalf("no calm note with the words given back: %q", ed.status.Text)
	}
	u.saveNow()
	if ed.status.Text != "Saved" {
		t.Fatalf("saving the words given back: %q", ed.status.Text)
	}
	if e, err := s.Vault().Get(ed.entry.ID); err != nil || e.Body != words {
		t.Fatalf("the words given back were not saved: %v", err)
	}
	// Saved, so the draft is gone: the next unlock opens the saved entry
	// again, as it is, not words given back.
	u.lock()
	u.wait()
	unlockThroughScreen(t, u)
	if ed := u.shell.editor; ed.dirty || strings.Contains(ed.status.Text, "kept what you were writing") || ed.body.Text != words {
		t.Fatalf("words already saved were given back again: dirty %v, %q", ed.dirty, ed.status.Text)
	}
}

// TestLockShortcutAndIdleLockWinToo: Ctrl+L and the idle lock take the same
// way as the Lock button.
func TestLockShortcutAndIdleLockWinToo(t *testing.T) {
	u, s, _, words := editorWithUnsaveableWords(t)
	menuItem(t, u, "Lock").Action()
	u.wait()
	if s.Unlocked() || u.shell != nil {
		t.Fatal("Ctrl+L did not lock while a save was failing")
	}
	unlockThroughScreen(t, u)
	if u.shell.editor.body.Text != words {
		t.Fatal("Ctrl+L lost the words")
	}
	// Now the idle lock, with the store failing again.
	if err := s.Vault().Close(); err != nil {
		t.Fatal(err)
	}
	u.now = func() time.Time { return time.Now().Add(24 * time.Hour) }
	u.checkIdle()
	u.wait()
	if s.Unlocked() || u.shell != nil {
		t.Fatal("the idle lock did not lock while a save was failing")
	}
	u.now = time.Now
	unlockThroughScreen(t, u)
	if u.shell.editor.body.Text != words {
		t.Fatal("the idle lock lost the words")
	}
}

// TestQuitWinsOverAFailingSave closes the window with words the store
// refuses: the app quits, and a new start gives the words back.
func TestQuitWinsOverAFailingSave(t *testing.T) {
	u, s, dir, words := editorWithUnsaveableWords(t)
	u.onClose()
	u.wait()
	if s.Unlocked() || u.shell != nil || !u.quitting {
		t.Fatal("closing the window did not lock and quit while a save was failing")
	}
	assertNoText(t, u.win.Content(), lockCanary)
	assertNotOnDisk(t, dir, lockCanary)

	// The next start of the app, on the same journal.
	u2, _ := newTestUI(t, dir)
	unlockThroughScreen(t, u2)
	if ed := u2.shell.editor; ed.body.Text != words || !strings.Contains(ed.status.Text, "kept what you were writing") {
		t.Fatalf("after quitting, the words were not given back: %q", ed.status.Text)
	}
}

// TestDraftKeptWhileTyping: a moment of typing is sealed as a draft before
// any save, so a crash of the app loses at most that moment.
func TestDraftKeptWhileTyping(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	u, s := newTestUI(t, dir)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	u.showMain()
	u.newEntry(journal.KindFree)
	ed := u.shell.editor
	words := lockCanary + " typed without a pause."
	test.Type(ed.body, words)
	ed.keepDraft() // what the draft timer does a moment after the first edit
	assertNotOnDisk(t, dir, lockCanary)

	// The app is gone before any save: only the disk remains. A copy of
	// the folder as it is now is what a crash would leave.
	crashed := filepath.Join(t.TempDir(), "vault")
	vaulttest.CopyTree(t, dir, crashed)
	u2, _ := newTestUI(t, crashed)
	unlockThroughScreen(t, u2)
	if ed2 := u2.shell.editor; ed2.body.Text != words {
		t.Fatalf("after a crash, the words typed were not given back: %q", ed2.body.Text)
	}

	// Once autosave has the words, the draft is gone: a crash then gives
	// nothing back twice.
	ed.autosaveNow()
	if ed.status.Text != "Saved" {
		t.Fatalf("autosave says %q", ed.status.Text)
	}
	later := filepath.Join(t.TempDir(), "vault")
	vaulttest.CopyTree(t, dir, later)
	u3, _ := newTestUI(t, later)
	unlockThroughScreen(t, u3)
	if u3.shell.current == secEditor || u3.shell.editor.entry != nil {
		t.Fatal("words already saved were given back as a draft after a crash")
	}
}

// TestDraftOfAnotherJournalIsRefusedCalmly: a draft this journal's key does
// not open (another journal's, or damaged) is not shown, and the unlock
// says so in a calm sentence.
func TestDraftOfAnotherJournalIsRefusedCalmly(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "vault")
	u, s := newTestUI(t, dir)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	u.showMain()
	u.lock()
	u.wait()

	// Another journal leaves a draft; it is copied into this one.
	other := filepath.Join(t.TempDir(), "other")
	ov, _, err := vault.Create(other, []byte(goodPassword), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	before := topFiles(t, other)
	box, err := ov.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	if err := box.Seal(&journal.Entry{ID: journal.NewID(), Body: lockCanary}, 1); err != nil {
		t.Fatal(err)
	}
	ov.Close()
	for name, b := range topFiles(t, other) {
		if _, ok := before[name]; !ok {
			if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
	}

	unlockThroughScreen(t, u)
	if u.shell.current == secEditor || u.shell.editor.entry != nil {
		t.Fatal("another journal's draft was opened")
	}
	msg := u.shell.toastText.Text
	if !strings.Contains(msg, "could not be opened") || !strings.Contains(msg, "nothing in your journal changed") || strings.ContainsAny(msg, "/\\") {
		t.Fatalf("unlocking with another journal's draft says %q", msg)
	}
}

// topFiles reads the files directly in dir, by name.
func topFiles(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range ents {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
	}
	return out
}

// TestQuitDoesNotWaitForAHangingClose closes with a store that does not
// finish closing in time: the quit comes once the wait is over, and it
// comes only once, even when the close ends afterwards.
func TestQuitDoesNotWaitForAHangingClose(t *testing.T) {
	var quits atomic.Int32
	quitted := make(chan struct{}, 2)
	quit := func() {
		quits.Add(1)
		quitted <- struct{}{}
	}
	release, closed := make(chan struct{}), make(chan struct{})
	quitWhenClosed(func() error {
		defer close(closed)
		<-release
		return nil
	}, time.Millisecond, quit)
	<-quitted // would block for ever if quitting waited for the close
	close(release)
	<-closed
	quitWhenClosed(func() error { return nil }, time.Hour, quit)
	<-quitted // a close that ends in time quits at once
	if n := quits.Load(); n != 2 {
		t.Fatalf("two closes quit %d times, want once each", n)
	}
}

// TestUnlockReturnsToTheEntryOpenAtLock locks with a saved entry open in
// the editor: unlocking opens it again, rather than Today.
func TestUnlockReturnsToTheEntryOpenAtLock(t *testing.T) {
	u, v := newUnlockedUI(t)
	e := &journal.Entry{Kind: journal.KindFree, Date: journal.DateOf(time.Now()), Title: "Evening", Body: "The light on the wall."}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	u.openEntry(e.ID)
	u.lock()
	u.wait()
	unlockThroughScreen(t, u)
	if u.shell.current != secEditor || u.shell.editor.entry == nil || u.shell.editor.entry.ID != e.ID {
		t.Fatalf("after unlocking, %q shows, not the entry open at the lock", u.shell.current)
	}
	if u.shell.editor.body.Text != e.Body {
		t.Fatalf("the entry reopened with %q", u.shell.editor.body.Text)
	}

	// From another screen, unlocking starts on Today as before.
	u.showSection(secJournal)
	u.lock()
	u.wait()
	unlockThroughScreen(t, u)
	if u.shell.current != secToday {
		t.Fatalf("after a lock from the journal, %q shows", u.shell.current)
	}
}

// typeAsTheWindow types chars and then key as the real window delivers
// them: to the field that has the keyboard, or to the window's own
// handlers when none has.
func typeAsTheWindow(c fyne.Canvas, chars string, key fyne.KeyName) {
	for _, r := range chars {
		if f := c.Focused(); f != nil {
			f.TypedRune(r)
		} else {
			c.OnTypedRune()(r)
		}
	}
	if key == "" {
		return
	}
	ev := &fyne.KeyEvent{Name: key}
	if f := c.Focused(); f != nil {
		f.TypedKey(ev)
	} else {
		c.OnTypedKey()(ev)
	}
}

// TestLockedWindowRests: a locked window left alone lets its password
// field go of the keyboard (its cursor would otherwise redraw the window
// twice a second for as long as it stays locked), and the first keys typed
// after that go into the field, none lost, and unlock as always.
func TestLockedWindowRests(t *testing.T) {
	u, s, _, _ := editorWithUnsaveableWords(t)
	u.lock()
	u.wait()
	if u.unlock == nil {
		t.Fatal("no unlock screen")
	}
	c := u.win.Canvas()
	if c.Focused() != u.unlock.password {
		t.Fatal("the password field does not have the keyboard when the window locks")
	}
	u.checkIdle()
	if c.Focused() != u.unlock.password {
		t.Fatal("the password field let go of the keyboard at once")
	}
	u.now = func() time.Time { return time.Now().Add(unlockRestAfter) }
	u.checkIdle()
	if c.Focused() != nil {
		t.Fatalf("the locked window did not rest: %T has the keyboard", c.Focused())
	}
	// A Backspace first, as someone coming back might press, then the
	// password and Return.
	typeAsTheWindow(c, "", fyne.KeyBackspace)
	if c.Focused() != u.unlock.password {
		t.Fatal("a key typed while resting did not give the field the keyboard")
	}
	u.checkIdle() // a key just reached the screen: it stays awake
	if c.Focused() != u.unlock.password {
		t.Fatal("the field let go of the keyboard right after a key")
	}
	u.now = time.Now
	c.Unfocus()
	typeAsTheWindow(c, goodPassword, fyne.KeyReturn)
	u.wait()
	if !s.Unlocked() || u.shell == nil {
		t.Fatal("the password typed after a rest did not unlock the journal")
	}
}

// TestKeysAfterARecoveryStayInTheJournal: a journal opened with the
// recovery key leaves the unlock screen behind; keys typed in the journal
// with no field holding the keyboard never reach that screen's password
// field, and Return there never opens the journal again over what is on
// screen.
func TestKeysAfterARecoveryStayInTheJournal(t *testing.T) {
	u, _ := recoverThroughScreen(t)
	shell := u.shell
	c := u.win.Canvas()
	c.Unfocus()
	typeAsTheWindow(c, "hello", fyne.KeyReturn)
	u.wait()
	if u.shell != shell {
		t.Fatal("keys typed in the journal opened it again over the screen")
	}
	if u.unlock != nil && u.unlock.password.Text != "" {
		t.Fatalf("keys typed in the journal went into the unlock screen left behind: %q", u.unlock.password.Text)
	}
}

// TestKeysOverADialogOnTheLockScreenStayOut: with a dialog over the lock
// screen (the shortcuts, or a moment to ground oneself), keys typed while
// nothing in it has the keyboard stay out of the password field behind it.
func TestKeysOverADialogOnTheLockScreenStayOut(t *testing.T) {
	u, _, _, _ := editorWithUnsaveableWords(t)
	u.lock()
	u.wait()
	u.showShortcuts()
	c := u.win.Canvas()
	if c.Overlays().Top() == nil {
		t.Fatal("no dialog over the lock screen")
	}
	c.Unfocus()
	typeAsTheWindow(c, "ab c", fyne.KeySpace)
	if got := u.unlock.password.Text; got != "" {
		t.Fatalf("keys typed over a dialog went into the password field behind it: %q", got)
	}
}
