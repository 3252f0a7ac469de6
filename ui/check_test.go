package ui

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tend/app"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// journalWithADamagedRecord makes a journal, closed cleanly, in which one
// byte of a table is spoiled so that the journal still opens but a record
// fails its seal: the damage nothing at unlock used to mention.
func journalWithADamagedRecord(t *testing.T) string {
	t.Helper()
	base := filepath.Join(t.TempDir(), "base")
	s := app.NewSession(base)
	s.UseKDF(vault.TestKDF)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	for i := range 30 {
		e := &journal.Entry{
			Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.October, Day: 1 + i%28},
			Title: fmt.Sprintf("Evening %d", i), Body: strings.Repeat("I listened to what I needed. ", 30),
		}
		if err := s.Vault().Put(e); err != nil {
			t.Fatal(err)
		}
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	tables, _ := filepath.Glob(filepath.Join(base, "store", "*.sst"))
	if len(tables) == 0 {
		t.Fatal("no table files")
	}
	for tenth := 2; tenth < 9; tenth++ {
		dir := filepath.Join(t.TempDir(), "journal")
		vaulttest.CopyTree(t, base, dir)
		p := filepath.Join(dir, "store", filepath.Base(tables[0]))
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)*tenth/10] ^= 0x01
		if err := os.WriteFile(p, b, 0o600); err != nil {
			t.Fatal(err)
		}
		v, err := vault.Open(dir, []byte(goodPassword))
		if err != nil {
			continue
		}
		rep, err := v.Verify()
		v.Close()
		if err == nil && len(rep.Damaged) > 0 {
			return dir
		}
	}
	t.Skip("no single spoiled byte left the journal opening with a damaged record")
	return ""
}

// unlockWith starts the app on dir and unlocks it.
func unlockWith(t *testing.T, dir string) (*UI, *app.Session) {
	t.Helper()
	u, s := newTestUI(t, dir)
	u.start()
	test.Type(u.unlock.password, goodPassword)
	test.Tap(u.unlock.unlock)
	u.wait()
	return u, s
}

// TestUnlockSaysWhenRecordsCannotBeRead: a journal that opens but holds a
// damaged record gets a calm word at unlock, with the check offered.
func TestUnlockSaysWhenRecordsCannotBeRead(t *testing.T) {
	dir := journalWithADamagedRecord(t)
	u, s := unlockWith(t, dir)
	if !s.Unlocked() || u.shell == nil {
		t.Fatal("a journal with one damaged record did not open")
	}
	if !strings.Contains(u.unreadableNotice, "could not read") || !strings.Contains(u.unreadableNotice, "rescue") {
		t.Fatalf("the unlock said nothing of the damage: %q", u.unreadableNotice)
	}
	if u.unreadableDialog == nil {
		t.Fatal("the notice is not shown")
	}
	u.lock()
	u.wait()
	if u.unreadableDialog != nil {
		t.Fatal("the notice stayed over the locked window")
	}
}

// TestUnlockOfAWholeJournalSaysNothing: no notice without damage.
func TestUnlockOfAWholeJournalSaysNothing(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "journal")
	s := app.NewSession(dir)
	s.UseKDF(vault.TestKDF)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	if err := s.Vault().Put(&journal.Entry{Kind: journal.KindFree, Body: "a calm day"}); err != nil {
		t.Fatal(err)
	}
	if err := s.Lock(); err != nil {
		t.Fatal(err)
	}
	u, _ := unlockWith(t, dir)
	if u.unreadableNotice != "" {
		t.Fatalf("a whole journal got a notice: %q", u.unreadableNotice)
	}
}

// TestSettingsCheckOfAWholeJournal: Check my journal, in Settings, asks
// for the password, checks in a child process and opens the journal again
// with the result in plain words.
func TestSettingsCheckOfAWholeJournal(t *testing.T) {
	u, v := newUnlockedUI(t)
	for i := range 3 {
		if err := v.Put(&journal.Entry{Kind: journal.KindFree, Title: fmt.Sprintf("Day %d", i), Body: "steady"}); err != nil {
			t.Fatal(err)
		}
	}
	u.showSection(secSettings)
	test.Tap(u.shell.settings.check)
	if u.checkAsk == nil {
		t.Fatal("Check my journal did not ask for the password")
	}
	test.Type(u.checkAsk.password, goodPassword)
	test.Tap(u.checkAsk.check)
	u.wait()
	if !u.sess.Unlocked() || u.shell == nil {
		t.Fatal("after a clean check the journal is not open again")
	}
	if u.shell.current != secSettings {
		t.Fatalf("after the check the window shows %s, not Settings where it began", u.shell.current)
	}
	if !strings.Contains(u.checkResult, "3 entries are whole") {
		t.Fatalf("the check's result: %q", u.checkResult)
	}
	if u.checkAsk.password.Text != "" {
		t.Fatal("the password stayed in the dialog")
	}
}

// TestSettingsCheckOffersTheRescue: when the check finds damage, the
// journal stays closed and the ways forward are offered; the rescue then
// brings back everything that reads.
func TestSettingsCheckOffersTheRescue(t *testing.T) {
	dir := journalWithADamagedRecord(t)
	u, s := unlockWith(t, dir)
	if u.shell == nil {
		t.Fatal("the journal did not open")
	}
	u.runCheck([]byte(goodPassword))
	u.wait()
	if u.attention == nil {
		t.Fatal("a check that found damage did not offer the ways forward")
	}
	if s.Unlocked() {
		t.Fatal("the damaged journal was left open after the check")
	}
	var rescue bool
	for _, b := range u.attention.buttons {
		rescue = rescue || b.Text == "Rescue everything that can still be read"
	}
	if !rescue {
		t.Fatal("the rescue is not offered")
	}
	u.attention.onRescue()
	u.wait()
	if !s.Unlocked() {
		t.Fatal("after the rescue the journal is not open")
	}
	if list, err := s.Vault().List(vault.ListQuery{}); err != nil || len(list) == 0 {
		t.Fatalf("the rescued journal lists %d entries: %v", len(list), err)
	}
}

// TestSettingsCheckWithAWrongPassword changes nothing.
func TestSettingsCheckWithAWrongPassword(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.runCheck([]byte("not the password"))
	u.wait()
	if !u.sess.Unlocked() || u.shell == nil {
		t.Fatal("a wrong password closed the journal")
	}
	if !strings.Contains(u.checkResult, "didn't match") {
		t.Fatalf("the result: %q", u.checkResult)
	}
}

// TestBackupOfADamagedJournalSaysWhatItLeftOut: the app makes the backup
// and the export of everything that reads, and says what it left out.
func TestBackupOfADamagedJournalSaysWhatItLeftOut(t *testing.T) {
	dir := journalWithADamagedRecord(t)
	u, _ := unlockWith(t, dir)
	if u.shell == nil {
		t.Fatal("the journal did not open")
	}
	b := u.shell.settings.backups
	b.backupTo(filepath.Join(t.TempDir(), "j.tend-backup"), []byte("a long backup passphrase"))
	u.wait()
	if !strings.Contains(b.status.Text, "Backed up") || !strings.Contains(b.status.Text, "could not be read") {
		t.Fatalf("the backup said: %q", b.status.Text)
	}
	b.exportTo(filepath.Join(t.TempDir(), "j.json"), plain.JSON)
	u.wait()
	if !strings.Contains(b.status.Text, "Exported") || !strings.Contains(b.status.Text, "could not be read") {
		t.Fatalf("the export said: %q", b.status.Text)
	}
}
