package ui

import (
	"runtime"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// Everything Tend does can be reached from the keyboard: the menus carry
// the shortcuts (a menu's shortcut fires even while a text field has the
// keys, which a canvas shortcut does not), Tab moves through every screen's
// controls in reading order, and Escape closes the dialog on top.

// shortcut is a menu shortcut with the platform's usual modifier (Ctrl,
// or Cmd on macOS), plus extra.
func shortcut(key fyne.KeyName, extra fyne.KeyModifier) *desktop.CustomShortcut {
	return &desktop.CustomShortcut{KeyName: key, Modifier: fyne.KeyModifierShortcutDefault | extra}
}

// goMenu moves between the sections and, in the journal, between days and
// months.
func (u *UI) goMenu() *fyne.Menu {
	item := func(label string, key fyne.KeyName, extra fyne.KeyModifier, do func()) *fyne.MenuItem {
		it := fyne.NewMenuItem(label, do)
		it.Shortcut = shortcut(key, extra)
		return it
	}
	return fyne.NewMenu(i18n.X("menu.go", "Go"),
		item(i18n.L("Today"), fyne.KeyT, 0, func() { u.showSection(secToday) }),
		item(i18n.L("Journal"), fyne.KeyJ, 0, func() { u.showSection(secJournal) }),
		item(i18n.L("Search"), fyne.KeyF, 0, u.goSearch),
		item(i18n.L("Settings"), fyne.KeyComma, 0, func() { u.showSection(secSettings) }),
		fyne.NewMenuItemSeparator(),
		item(i18n.L("Previous day"), fyne.KeyLeftBracket, 0, func() { u.stepDay(-1) }),
		item(i18n.L("Next day"), fyne.KeyRightBracket, 0, func() { u.stepDay(1) }),
		item(i18n.L("Previous month"), fyne.KeyPageUp, 0, func() { u.stepMonth(-1) }),
		item(i18n.L("Next month"), fyne.KeyPageDown, 0, func() { u.stepMonth(1) }),
		item(i18n.L("Go to a date…"), fyne.KeyD, 0, u.askDate),
	)
}

// goSearch shows Search with the keys in its box, its words selected so
// typing starts a new search.
func (u *UI) goSearch() {
	u.showSection(secSearch)
	if u.shell == nil || u.shell.current != secSearch {
		return
	}
	q := u.shell.search.query
	u.win.Canvas().Focus(q)
	q.TypedShortcut(&fyne.ShortcutSelectAll{})
}

// stepDay shows the journal's day before or after the one shown, or
// after today when none is.
func (u *UI) stepDay(n int) {
	u.showSection(secJournal)
	if u.shell == nil || u.shell.current != secJournal {
		return
	}
	tl := u.shell.timeline
	from := tl.day
	if from.IsZero() {
		from = journal.DateOf(u.now())
	}
	tl.goTo(journal.DateOf(from.Time().AddDate(0, 0, n)))
}

// stepMonth shows the calendar's month before or after the one shown;
// with a day picked, the same day of that month (or its last day).
func (u *UI) stepMonth(n int) {
	u.showSection(secJournal)
	if u.shell == nil || u.shell.current != secJournal {
		return
	}
	tl := u.shell.timeline
	if tl.day.IsZero() {
		tl.cal.showMonth(addMonths(tl.cal.month, n))
		return
	}
	first := addMonths(tl.day, n)
	day := min(tl.day.Day, lastOfMonth(first).Day)
	tl.goTo(journal.Date{Year: first.Year, Month: first.Month, Day: day})
}

// dateLayouts are the ways a date may be typed to go to it.
var dateLayouts = []string{time.DateOnly, "2 January 2006", "2 Jan 2006", "January 2 2006", "Jan 2 2006", "2006/01/02"}

// parseTypedDate reads a date as a person may type it: 2026-11-23, 23
// November 2026, Nov 23, 2026. Commas and extra spaces do not matter.
func parseTypedDate(s string) (journal.Date, bool) {
	s = strings.Join(inEnglish(strings.Fields(strings.ReplaceAll(s, ",", " "))), " ")
	for _, l := range dateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return journal.DateOf(t), true
		}
	}
	return journal.Date{}, false
}

// inEnglish reads the words of a date typed in the window's language as
// the time package reads them: a month named in the language becomes its
// English name, and what the language puts between day, month and year
// ("de" in Spanish, a full stop after the day in German) goes.
func inEnglish(fields []string) []string {
	out := make([]string, 0, len(fields))
	for _, f := range fields {
		low := strings.ToLower(strings.TrimSuffix(f, "."))
		if low == "de" {
			continue
		}
		for m := time.January; m <= time.December; m++ {
			if low == strings.ToLower(strings.TrimSuffix(i18n.MonthName(m), ".")) {
				low = m.String()
			}
		}
		out = append(out, low)
	}
	return out
}

// askDate asks for a date and shows that day of the journal.
func (u *UI) askDate() {
	if u.shell == nil {
		return
	}
	u.touch()
	entry := newEscEntry(u.escape)
	today := journal.DateOf(u.now())
	example := i18n.L("{{.Short}}, or {{.Long}}", i18n.Data{"Short": today.String(), "Long": i18n.Date(today.Time(), "2 January 2006")})
	entry.SetPlaceHolder(example)
	problem := note("")
	problem.Hide()
	var d dialog.Dialog
	goTo := func() {
		day, ok := parseTypedDate(entry.Text)
		if !ok {
			problem.SetText(i18n.L("Tend can't read that as a date. Try it like {{.Short}} or {{.Long}}.", i18n.Data{"Short": today.String(), "Long": i18n.Date(today.Time(), "2 January 2006")}))
			problem.Show()
			return
		}
		d.Hide()
		u.showSection(secJournal)
		if u.shell != nil && u.shell.current == secJournal {
			u.shell.timeline.goTo(day)
		}
	}
	entry.OnSubmitted = func(string) { goTo() }
	form := container.NewVBox(leftParagraph(i18n.L("Type a day to see what you wrote then.")), entry, problem)
	cd := dialog.NewCustomConfirm(i18n.L("Go to a date"), i18n.L("Go"), i18n.L("Cancel"), form, func(ok bool) {
		if ok {
			goTo()
		}
	}, u.win)
	d = cd
	cd.Resize(fyne.NewSize(420, 0))
	u.present(cd)
	u.win.Canvas().Focus(entry)
}

// shortcutKeys are the keys Tend answers to, as the shortcuts page lists
// them, with the platform's modifier before each.
func shortcutKeys() [][2]string {
	return [][2]string{
		{"N", i18n.L("Start a new page of free writing")},
		{i18n.L("Shift+N"), i18n.L("Start a new entry of another kind")},
		{"S", i18n.L("Save now (Tend also saves by itself)")},
		{"E", i18n.L("Edit the entry you are reading, or read the one you are writing")},
		{"L", i18n.L("Lock the journal")},
		{"T", i18n.L("Go to Today")},
		{"J", i18n.L("Go to the journal")},
		{"F", i18n.L("Search")},
		{",", i18n.L("Settings")},
		{"[ / ]", i18n.L("The day before or after, in the journal")},
		{i18n.L("Page Up"), i18n.L("The month before, in the journal")},
		{i18n.L("Page Down"), i18n.L("The month after, in the journal")},
		{"D", i18n.L("Go to a date")},
		{"G", i18n.L("Pause and ground")},
		{"/", i18n.L("This list (F1 too, when no text field has the keys)")},
		{"Z / Y", i18n.L("Undo / redo in a text field")},
		{"X / C / V", i18n.L("Cut, copy, paste")},
		{"A", i18n.L("Select all the text of a field")},
	}
}

// modifierName is what the keyboard's shortcut modifier is called here.
func modifierName() string {
	if runtime.GOOS == "darwin" {
		return "Cmd"
	}
	return "Ctrl"
}

// showShortcuts lists the keyboard shortcuts, and what Tab and Escape do.
func (u *UI) showShortcuts() {
	mod := modifierName()
	rows := container.New(layout.NewFormLayout())
	for _, k := range shortcutKeys() {
		rows.Add(&widget.Label{Text: mod + "+" + strings.ReplaceAll(k[0], " / ", " / "+mod+"+"), TextStyle: fyne.TextStyle{Bold: true}})
		rows.Add(leftParagraph(k[1]))
	}
	for _, k := range [][2]string{
		{i18n.L("Tab / Shift+Tab"), i18n.L("Move to the next or previous control")},
		{i18n.L("Space or Enter"), i18n.L("Press the button that has the keys")},
		{i18n.L("Escape"), i18n.L("Close the dialog on top")},
	} {
		rows.Add(&widget.Label{Text: k[0], TextStyle: fyne.TextStyle{Bold: true}})
		rows.Add(leftParagraph(k[1]))
	}
	d := dialog.NewCustom(i18n.L("Keyboard shortcuts"), i18n.L("Close"), container.NewVScroll(rows), u.win)
	d.Resize(fyne.NewSize(560, 460))
	u.present(d)
}

// shownDialog is a dialog Escape may close, with the overlay it shows in.
type shownDialog struct {
	d    dialog.Dialog
	over fyne.CanvasObject
}

// present shows d and keeps it among the dialogs Escape closes, topmost
// last, until it closes. Dialogs whose closing would lose something (the
// recovery key shown once) are shown without it.
func (u *UI) present(d dialog.Dialog) {
	d.Show()
	u.dialogs = append(u.dialogs, shownDialog{d: d, over: u.win.Canvas().Overlays().Top()})
	d.SetOnClosed(func() {
		for i := len(u.dialogs) - 1; i >= 0; i-- {
			if u.dialogs[i].d == d {
				u.dialogs = append(u.dialogs[:i], u.dialogs[i+1:]...)
				break
			}
		}
	})
}

// escape closes the dialog on top, as its Cancel or Close button would,
// and reports whether it did. A dialog shown without present on top of it
// (the recovery key, a file chooser) keeps Escape from reaching the one
// beneath.
func (u *UI) escape() bool {
	if len(u.dialogs) == 0 {
		return false
	}
	top := u.dialogs[len(u.dialogs)-1]
	if top.over != u.win.Canvas().Overlays().Top() {
		return false
	}
	top.d.Dismiss()
	return true
}

// onTypedKey hears the keys no control took: Escape closes the dialog on
// top, F1 lists the shortcuts. Any key counts as being there.
func (u *UI) onTypedKey(ev *fyne.KeyEvent) {
	u.touch()
	if !u.typedKey(ev) && u.unlock != nil {
		u.unlock.typedWhileResting(0, ev)
	}
}

// typedKey does what Escape and F1 do, for the window and for the text
// fields that pass them on; it reports whether the key was used.
func (u *UI) typedKey(ev *fyne.KeyEvent) bool {
	switch ev.Name {
	case fyne.KeyEscape:
		return u.escape()
	case fyne.KeyF1:
		u.showShortcuts()
		return true
	}
	return false
}

// escEntry is a text field that lets Escape close its dialog: Fyne gives
// every key to the field that has the keyboard, so the window never hears
// it otherwise.
type escEntry struct {
	widget.Entry
	onEscape func() bool
}

func newEscEntry(onEscape func() bool) *escEntry {
	e := &escEntry{onEscape: onEscape}
	e.ExtendBaseWidget(e)
	return e
}

// newEscPasswordEntry is newEscEntry for a password.
func newEscPasswordEntry(onEscape func() bool) *escEntry {
	e := newEscEntry(onEscape)
	e.Password = true
	e.ActionItem = nil
	return e
}

// TypedKey closes the dialog on Escape and types every other key.
func (e *escEntry) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyEscape && e.onEscape != nil && e.onEscape() {
		return
	}
	e.Entry.TypedKey(ev)
}
