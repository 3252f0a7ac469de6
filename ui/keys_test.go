package ui

import (
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
)

// menuKey finds the main menu's item for the shortcut key with the
// platform's modifier (plus extra), as the window would when the keys are
// pressed, and runs it.
func menuKey(t *testing.T, u *UI, key fyne.KeyName, extra fyne.KeyModifier) {
	t.Helper()
	want := shortcut(key, extra).ShortcutName()
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			if it.Shortcut != nil && it.Shortcut.ShortcutName() == want {
				it.Action()
				return
			}
		}
	}
	t.Fatalf("no menu item answers %s", want)
}

// TestEveryShortcutIsListedOnce: no two menu items share keys, and the
// shortcuts page lists every one.
func TestEveryShortcutIsListedOnce(t *testing.T) {
	u, _ := newUnlockedUI(t)
	listed := map[string]bool{}
	for _, k := range shortcutKeys() {
		for _, key := range strings.Split(k[0], " / ") {
			listed[key] = true
		}
	}
	seen := map[string]string{}
	for _, m := range u.win.MainMenu().Items {
		for _, it := range m.Items {
			sc, ok := it.Shortcut.(interface{ ShortcutName() string })
			if !ok || it.Shortcut == nil {
				continue
			}
			name := sc.ShortcutName()
			if other, dup := seen[name]; dup {
				t.Errorf("%q and %q share %s", other, it.Label, name)
			}
			seen[name] = it.Label
			if !listed[keyLabel(it.Shortcut)] {
				t.Errorf("the shortcuts page does not list %q (%s)", it.Label, keyLabel(it.Shortcut))
			}
		}
	}
	if len(seen) < 14 {
		t.Fatalf("only %d shortcuts in the menus", len(seen))
	}
}

// keyLabel is how the shortcuts page writes a menu shortcut's key, without
// the platform's modifier.
func keyLabel(sc fyne.Shortcut) string {
	c, ok := sc.(interface {
		Key() fyne.KeyName
		Mod() fyne.KeyModifier
	})
	if !ok {
		return ""
	}
	name := string(c.Key())
	switch c.Key() {
	case fyne.KeyPageUp:
		name = "Page Up"
	case fyne.KeyPageDown:
		name = "Page Down"
	}
	if c.Mod()&fyne.KeyModifierShift != 0 {
		name = "Shift+" + name
	}
	return name
}

// TestTheKeyboardReachesEverySection: each section's keys show it, and
// Ctrl+F puts the keys in the search box.
func TestTheKeyboardReachesEverySection(t *testing.T) {
	u, _ := newUnlockedUI(t)
	for _, c := range []struct {
		key fyne.KeyName
		sec section
	}{{fyne.KeyJ, secJournal}, {fyne.KeyComma, secSettings}, {fyne.KeyT, secToday}, {fyne.KeyF, secSearch}} {
		menuKey(t, u, c.key, 0)
		if u.shell.current != c.sec {
			t.Fatalf("Ctrl+%s shows %s, want %s", c.key, u.shell.current, c.sec)
		}
	}
	if u.win.Canvas().Focused() != u.shell.search.query {
		t.Fatal("Ctrl+F did not put the keys in the search box")
	}
	menuKey(t, u, fyne.KeyN, 0)
	if u.shell.current != secEditor {
		t.Fatal("Ctrl+N did not start writing")
	}
}

// TestDayAndMonthKeysWalkTheJournal: the day keys step from today, or from
// the day shown; the month keys keep the day of the month where it exists.
func TestDayAndMonthKeysWalkTheJournal(t *testing.T) {
	u, v := newUnlockedUI(t)
	now := time.Date(2026, time.January, 31, 20, 0, 0, 0, time.Local)
	u.now = func() time.Time { return now }
	saveEntry(t, v, &journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2026, Month: time.January, Day: 30}, Title: "The evening before", Body: "Quiet."})
	menuKey(t, u, fyne.KeyLeftBracket, 0)
	tl := u.shell.timeline
	if u.shell.current != secJournal || tl.day != (journal.Date{Year: 2026, Month: time.January, Day: 30}) {
		t.Fatalf("Ctrl+[ shows %v in %s", tl.day, u.shell.current)
	}
	if len(tl.rows) != 2 || tl.rows[1].entry == nil || tl.rows[1].entry.Title != "The evening before" {
		t.Fatalf("the day shows %d rows", len(tl.rows))
	}
	if tl.cal.selected != tl.day {
		t.Fatal("the calendar does not mark the day shown")
	}
	menuKey(t, u, fyne.KeyRightBracket, 0)
	menuKey(t, u, fyne.KeyRightBracket, 0)
	if tl.day != (journal.Date{Year: 2026, Month: time.February, Day: 1}) {
		t.Fatalf("two days on: %v", tl.day)
	}
	menuKey(t, u, fyne.KeyPageUp, 0)
	menuKey(t, u, fyne.KeyPageUp, 0)
	if tl.day != (journal.Date{Year: 2025, Month: time.December, Day: 1}) {
		t.Fatalf("two months back: %v", tl.day)
	}
	tl.goTo(journal.Date{Year: 2026, Month: time.January, Day: 31})
	menuKey(t, u, fyne.KeyPageDown, 0)
	if tl.day != (journal.Date{Year: 2026, Month: time.February, Day: 28}) || tl.cal.month.Month != time.February {
		t.Fatalf("a month after 31 January: %v, calendar on %v", tl.day, tl.cal.month)
	}
	// With every day shown, the month keys turn the calendar's page.
	tl.onAllDays()
	month := tl.cal.month
	menuKey(t, u, fyne.KeyPageDown, 0)
	if tl.cal.month != addMonths(month, 1) || !tl.day.IsZero() {
		t.Fatalf("the calendar shows %v, the list %v", tl.cal.month, tl.day)
	}
}

// TestGoToADate reads a date typed in the usual ways, says calmly when it
// cannot, and shows that day.
func TestGoToADate(t *testing.T) {
	for _, c := range []struct {
		in   string
		want journal.Date
		ok   bool
	}{
		{"2026-11-23", journal.Date{Year: 2026, Month: time.November, Day: 23}, true},
		{" 23 November 2026 ", journal.Date{Year: 2026, Month: time.November, Day: 23}, true},
		{"Nov 23, 2026", journal.Date{Year: 2026, Month: time.November, Day: 23}, true},
		{"3 mar 2024", journal.Date{Year: 2024, Month: time.March, Day: 3}, true},
		{"23/11/2026", journal.Date{}, false},
		{"2026-02-30", journal.Date{}, false},
		{"yesterday", journal.Date{}, false},
		{"", journal.Date{}, false},
	} {
		if got, ok := parseTypedDate(c.in); ok != c.ok || got != c.want {
			t.Errorf("%q reads as %v %v", c.in, got, ok)
		}
	}

	u, _ := newUnlockedUI(t)
	menuKey(t, u, fyne.KeyD, 0)
	entry, ok := u.win.Canvas().Focused().(*escEntry)
	if !ok || len(u.dialogs) != 1 {
		t.Fatalf("Ctrl+D opened %d dialogs, keys in %T", len(u.dialogs), u.win.Canvas().Focused())
	}
	test.Type(entry, "the day he left")
	entry.OnSubmitted(entry.Text)
	if len(u.dialogs) != 1 || !strings.Contains(dialogText(u), "can't read that as a date") {
		t.Fatalf("a date that can't be read: %d dialogs, %q", len(u.dialogs), dialogText(u))
	}
	entry.SetText("23 November 2026")
	entry.OnSubmitted(entry.Text)
	if len(u.dialogs) != 0 || u.shell.current != secJournal || u.shell.timeline.day != (journal.Date{Year: 2026, Month: time.November, Day: 23}) {
		t.Fatalf("after going: %d dialogs, %s, %v", len(u.dialogs), u.shell.current, u.shell.timeline.day)
	}
}

// dialogText is the text of every label in the window's overlays.
func dialogText(u *UI) string {
	var b strings.Builder
	for _, o := range u.win.Canvas().Overlays().List() {
		for _, c := range test.LaidOutObjects(o) {
			if l, ok := c.(*widget.Label); ok {
				b.WriteString(l.Text + "\n")
			}
		}
	}
	return b.String()
}

// TestEscapeClosesTheDialogOnTop: Escape closes the topmost dialog as its
// Cancel or Close would, from the window or from a password field in it;
// F1 opens the shortcuts; the recovery key shown once does not close by
// Escape.
func TestEscapeClosesTheDialogOnTop(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyF1})
	u.showAbout()
	if len(u.dialogs) != 2 || len(u.win.Canvas().Overlays().List()) != 2 {
		t.Fatalf("%d dialogs open", len(u.dialogs))
	}
	u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 1 || !strings.Contains(dialogText(u), "Close the dialog on top") {
		t.Fatalf("Escape left %d dialogs: %q", len(u.dialogs), dialogText(u))
	}
	u.onTypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.dialogs) != 0 || len(u.win.Canvas().Overlays().List()) != 0 {
		t.Fatal("the second Escape did not close the shortcuts")
	}
	if u.escape() {
		t.Fatal("Escape with no dialog open said it closed one")
	}

	cancelled := false
	u.gate.ask("Make a new recovery key", "To be sure it is you, type your password.", "Continue", func() { t.Fatal("the action ran") }, func() { cancelled = true })
	test.Type(u.gate.field, "half a pass")
	u.gate.field.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if !cancelled || len(u.win.Canvas().Overlays().List()) != 0 {
		t.Fatal("Escape in the password field did not close the gate")
	}
}

// TestTabReachesEverySection: from the top of the window, Tab reaches New
// entry, then every section of the sidebar in its order, and Space on one
// shows it.
func TestTabReachesEverySection(t *testing.T) {
	u, _ := newUnlockedUI(t)
	c := u.win.Canvas()
	c.Unfocus()
	var order []fyne.Focusable
	for range 40 {
		c.FocusNext()
		f := c.Focused()
		if f == nil || (len(order) > 0 && f == order[0]) {
			break
		}
		order = append(order, f)
	}
	if len(order) == 0 || order[0] != fyne.Focusable(u.shell.newBtn) {
		t.Fatalf("Tab starts at %T, want New entry", first(order))
	}
	at := 0
	for _, sec := range sidebarOrder {
		found := false
		for ; at < len(order); at++ {
			if order[at] == fyne.Focusable(u.shell.nav[sec]) {
				found = true
				break
			}
		}
		if !found {
			t.Fatalf("Tab never reaches %s in its place (%d stops)", sec, len(order))
		}
	}
	c.Focus(u.shell.nav[secInsights])
	u.shell.nav[secInsights].TypedKey(&fyne.KeyEvent{Name: fyne.KeySpace})
	if u.shell.current != secInsights {
		t.Fatal("Space on Insights did not show it")
	}
}

func first(fs []fyne.Focusable) fyne.Focusable {
	if len(fs) == 0 {
		return nil
	}
	return fs[0]
}

// TestEscapeInAPasswordFieldClosesItsDialog: in the dialogs that ask for a
// password or a passphrase, Escape from the field closes the dialog and
// nothing is done.
func TestEscapeInAPasswordFieldClosesItsDialog(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showSection(secSettings)
	st := u.shell.settings
	for name, open := range map[string]func(){
		"change password":     st.onChangePassword,
		"stronger protection": st.onStronger,
		"a backup's passphrase": func() {
			newBackupUI(u).askPassphrase(func([]byte) { t.Fatal("the backup was opened") })
		},
	} {
		open()
		f, ok := u.win.Canvas().Focused().(*escEntry)
		if !ok {
			// The dialog may not put the keys in its field; the first
			// password field of the top dialog is the one.
			for _, o := range test.LaidOutObjects(u.win.Canvas().Overlays().Top()) {
				if e, isEsc := o.(*escEntry); isEsc {
					f, ok = e, true
					break
				}
			}
		}
		if !ok {
			t.Fatalf("%s: no password field", name)
		}
		test.Type(f, "half")
		f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
		if n := len(u.win.Canvas().Overlays().List()); n != 0 || len(u.dialogs) != 0 {
			t.Fatalf("%s: Escape left %d overlays", name, n)
		}
	}
}

// TestEscapeLeavesTheDialogBeneathAnother: with a dialog Escape must not
// close (the recovery key shown once) over one it may, Escape closes
// neither.
func TestEscapeLeavesTheDialogBeneathAnother(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.showAbout()
	dialog.NewCustomWithoutButtons("Your new recovery key", widget.NewLabel("KEY"), u.win).Show()
	if u.escape() || len(u.win.Canvas().Overlays().List()) != 2 {
		t.Fatal("Escape closed a dialog beneath one it may not close")
	}
}

// TestEscapeFromAJournalsNameClosesTheDialog: the journals dialog opens with
// the keys in its name field, and Escape there closes it.
func TestEscapeFromAJournalsNameClosesTheDialog(t *testing.T) {
	u, _ := newUnlockedUI(t)
	u.manageJournals()
	f, ok := u.win.Canvas().Focused().(*escEntry)
	if !ok {
		t.Fatalf("the keys are in %T", u.win.Canvas().Focused())
	}
	test.Type(f, "Not now")
	f.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	if len(u.win.Canvas().Overlays().List()) != 0 {
		t.Fatal("Escape in the name field left the journals dialog open")
	}
}
