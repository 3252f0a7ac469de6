package ui

import (
	"errors"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// The choices below are functions, not tables, so that their labels are
// said in the language in use whenever Settings is built.

// autoLockChoices are the idle times offered, in minutes; 0 is never.
func autoLockChoices() []struct {
	label   string
	minutes int
} {
	return []struct {
		label   string
		minutes int
	}{
		{i18n.N("After {{.Count}} minutes", 1), 1},
		{i18n.N("After {{.Count}} minutes", 2), 2},
		{i18n.N("After {{.Count}} minutes", 5), 5},
		{i18n.N("After {{.Count}} minutes", 10), 10},
		{i18n.N("After {{.Count}} minutes", 15), 15},
		{i18n.N("After {{.Count}} minutes", 30), 30},
		{i18n.L("After an hour"), 60},
		{i18n.L("Never"), 0},
	}
}

// textSizes are the text sizes offered, the usual one second.
func textSizes() []struct {
	label string
	scale float32
} {
	return []struct {
		label string
		scale float32
	}{{i18n.L("Smaller"), 0.9}, {i18n.L("Normal"), 1}, {i18n.L("Larger"), 1.15}, {i18n.L("Largest"), 1.3}}
}

// memoryChoices are the ways On This Day can offer memories.
func memoryChoices() []struct {
	label string
	value journal.Memories
} {
	return []struct {
		label string
		value journal.Memories
	}{
		{i18n.L("Show them"), journal.MemoriesShown},
		{i18n.L("Ask me first"), journal.MemoriesAsk},
		{i18n.L("Don't show them"), journal.MemoriesOff},
	}
}

func themeChoices() []struct{ label, value string } {
	return []struct{ label, value string }{
		{i18n.L("Same as my computer"), app.ThemeSystem}, {i18n.L("Light"), app.ThemeLight}, {i18n.L("Dark"), app.ThemeDark},
	}
}

// settingsScreen holds the app's and the journal's preferences, and the
// key management: password, recovery key, encryption strength.
type settingsScreen struct {
	u          *UI
	autoLock   *widget.Select
	lockOnBlur *widget.Check
	// stillness keeps moving things still, such as the breathing circle.
	stillness  *widget.Check
	themeRadio *widget.RadioGroup
	textSize   *widget.Select
	// language is the language the window speaks (settings_language.go).
	language   *widget.Select
	hiddenTags *widget.Entry
	// memories says how On This Day offers memories.
	memories *widget.RadioGroup
	strength *widget.Label
	lastSnap *widget.Label
	// backUpNow takes the automatic backup at once.
	backUpNow  *widget.Button
	backups    *backupUI
	check      *widget.Button
	saveHidden *widget.Button
	// stronger raises the password's protection; it is hidden once that
	// is as strong as Tend makes it.
	stronger *widget.Button
	// rotate gives the journal new keys, through rotation (rotate.go).
	rotate   *widget.Button
	rotation *rotateDialog
	loading  bool
}

func newSettingsScreen(u *UI) *settingsScreen {
	s := &settingsScreen{u: u, backups: newBackupUI(u)}
	var lockLabels []string
	for _, c := range autoLockChoices() {
		lockLabels = append(lockLabels, c.label)
	}
	s.autoLock = widget.NewSelect(lockLabels, s.onAutoLock)
	s.lockOnBlur = widget.NewCheck(i18n.L("Also lock when I switch to another window"), s.onLockOnBlur)
	s.stillness = widget.NewCheck(i18n.L("Less motion"), s.onStillness)
	var themeLabels []string
	for _, c := range themeChoices() {
		themeLabels = append(themeLabels, c.label)
	}
	s.themeRadio = widget.NewRadioGroup(themeLabels, s.onTheme)
	var sizeLabels []string
	for _, c := range textSizes() {
		sizeLabels = append(sizeLabels, c.label)
	}
	s.textSize = widget.NewSelect(sizeLabels, s.onTextSize)
	s.language = s.newLanguageChoice()
	fitOptions(s.autoLock)
	fitOptions(s.textSize)
	var memoryLabels []string
	for _, c := range memoryChoices() {
		memoryLabels = append(memoryLabels, c.label)
	}
	s.memories = widget.NewRadioGroup(memoryLabels, s.onMemories)
	s.memories.Required = true
	s.hiddenTags = widget.NewEntry()
	s.hiddenTags.SetPlaceHolder(i18n.L("Tags, separated by commas"))
	s.strength = note("")
	s.lastSnap = note("")
	s.check = &widget.Button{Text: i18n.L("Check my journal…"), OnTapped: u.askCheck}
	s.saveHidden = &widget.Button{Text: i18n.L("Keep these hidden"), OnTapped: s.onHiddenTags}
	s.stronger = &widget.Button{Text: i18n.L("Make it stronger…"), OnTapped: s.onStronger}
	s.rotate = &widget.Button{Text: i18n.L("Give my journal new keys…"), OnTapped: s.onRotate}
	return s
}

func (s *settingsScreen) buildUI() fyne.CanvasObject {
	// Buttons keep their own width and wrap onto a new row when the window
	// is narrow: a button as wide as the window reads as a bar, not as
	// something to press.
	form := container.NewVBox(
		sectionHeading(i18n.L("Settings")),
		card(i18n.L("Locking"), i18n.L("Tend locks itself when you step away, so nobody else can read over your shoulder."),
			container.NewVBox(labelled(labelledRow{i18n.L("Lock after"), s.autoLock}), s.lockOnBlur)),
		card(i18n.L("Appearance"), "", container.NewVBox(labelled(labelledRow{i18n.L("Colours"), s.themeRadio}, labelledRow{i18n.L("Text size"), s.textSize}), s.stillness,
			note(i18n.L("With less motion, the breathing circle changes size only between breaths.")))),
		card(i18n.L("Language"), i18n.L("The language Tend speaks, in its guided paths and exercises too."), flow(s.language)),
		card(i18n.L("Journals"), i18n.L("You can keep several journals, say one for therapy and one for every day. Each entry belongs to one of them."),
			flow(&widget.Button{Text: i18n.L("Manage journals…"), OnTapped: s.u.manageJournals})),
		card(i18n.L("On this day"), i18n.L("Tend can show you what you wrote on this day in earlier years. Some memories are painful to meet unasked: you can be asked first, or not be shown them at all."),
			container.NewVBox(labelled(labelledRow{i18n.L("Memories"), s.memories}),
				&widget.Label{Text: i18n.L("Entries with these tags will never come back to you as memories."), Wrapping: fyne.TextWrapWord},
				container.NewBorder(nil, nil, nil, s.saveHidden, s.hiddenTags))),
		card(i18n.L("Password and recovery"), i18n.L("Your password opens your journal. Your recovery key opens it too, if you ever forget the password."),
			container.NewVBox(
				flow(
					&widget.Button{Text: i18n.L("Change my password…"), OnTapped: s.onChangePassword},
					&widget.Button{Text: i18n.L("Make a new recovery key…"), OnTapped: s.onNewRecoveryKey},
				),
				s.strength,
				flow(s.stronger),
				widget.NewSeparator(),
				note(i18n.L("A new password or recovery key changes only the lock: a copy of your journal, or a backup made before, still opens with the old one. If someone may know your password or have seen your recovery key, give your journal new keys instead: the old ones then no longer open your journal, nor any backup made after.")),
				flow(s.rotate),
			)),
		s.snapshotCard(),
		card(i18n.L("Checking"), i18n.L("Tend can read your whole journal and make sure every word is exactly as you wrote it. If something is damaged, it offers to rescue the rest."),
			flow(s.check)),
		s.backupCard(),
	)
	return container.NewVScroll(container.NewPadded(form))
}

// fitOptions makes a menu wide enough for its longest choice. Fyne sizes a
// menu by its placeholder, and cut "After 5 minutes" to "After 5 min..."
// once the menu kept its own width; these menus always show a choice, so
// the placeholder itself is never seen.
func fitOptions(sel *widget.Select) {
	for _, o := range sel.Options {
		if len([]rune(o)) > len([]rune(sel.PlaceHolder)) {
			sel.PlaceHolder = o
		}
	}
}

// labelledRow is a control with the label said before it.
type labelledRow struct {
	label   string
	control fyne.CanvasObject
}

// labelled lays out rows in two columns, the controls lined up after the
// longest label and each keeping its own width, as a menu does, rather
// than stretching across the card.
func labelled(rows ...labelledRow) fyne.CanvasObject {
	c := container.New(layout.NewFormLayout())
	for _, r := range rows {
		c.Add(widget.NewLabel(r.label))
		c.Add(container.NewHBox(r.control))
	}
	return c
}

func (s *settingsScreen) refresh() {
	s.loading = true
	defer func() { s.loading = false }()
	mins := int(s.u.settings.AutoLock() / time.Minute)
	for _, c := range autoLockChoices() {
		if c.minutes == mins {
			s.autoLock.SetSelected(c.label)
		}
	}
	s.lockOnBlur.SetChecked(s.u.settings.LockOnFocusLoss())
	s.stillness.SetChecked(s.u.settings.ReduceMotion())
	for _, c := range themeChoices() {
		if c.value == s.u.settings.Theme() {
			s.themeRadio.SetSelected(c.label)
		}
	}
	scale := s.u.settings.TextScale()
	s.textSize.SetSelected(textSizes()[1].label)
	for _, c := range textSizes() {
		if c.scale == scale {
			s.textSize.SetSelected(c.label)
		}
	}
	s.showLanguage()
	s.showLastSnapshot()
	if v := s.u.vault(); v != nil {
		if p, err := v.Prefs(); err == nil {
			s.hiddenTags.SetText(strings.Join(p.HiddenTags, ", "))
			s.memories.SetSelected(memoryChoices()[0].label)
			for _, c := range memoryChoices() {
				if c.value == p.OnThisDay {
					s.memories.SetSelected(c.label)
				}
			}
		}
		s.strength.SetText(kdfDescription(v.KDF()))
		if app.StrongerKDF(v.KDF()) == v.KDF() {
			s.stronger.Hide()
		} else {
			s.stronger.Show()
		}
	}
}

// kdfDescription says in plain words how well the password is protected:
// how slow Tend makes every try at it, against the care it gives a new
// journal.
func kdfDescription(p vault.KDFParams) string {
	d := vault.DefaultKDF
	switch {
	case app.StrongerKDF(p) == p:
		return i18n.L("Your password has the strongest protection Tend offers. Every try at it is made slow on purpose, so guessing it would take a very long time.")
	case p.MemoryKiB < d.MemoryKiB || p.Time < d.Time:
		return i18n.L("Your password has lighter protection than Tend now gives a new journal. Making it stronger makes guessing it much slower.")
	case p.MemoryKiB == d.MemoryKiB && p.Time == d.Time:
		return i18n.L("Your password has Tend's usual protection: every try at it is made slow on purpose, so guessing it would take a very long time.")
	default:
		return i18n.L("Your password has more than Tend's usual protection: every try at it is made slower still, so guessing it would take even longer.")
	}
}

// onAutoLock keeps the idle time chosen. Turning the lock off asks for the
// password first; without it the choice goes back to what it was.
func (s *settingsScreen) onAutoLock(label string) {
	if s.loading {
		return
	}
	for _, c := range autoLockChoices() {
		if c.label != label {
			continue
		}
		d := time.Duration(c.minutes) * time.Minute
		apply := func() {
			s.u.settings.SetAutoLock(d)
			s.u.idle.SetTimeout(d)
		}
		if d != 0 {
			apply()
			return
		}
		s.u.gate.ask(i18n.L("Turn off the automatic lock"),
			i18n.L("Tend would no longer lock itself when you step away, so anyone at this computer could read your journal. To be sure it is you, type your password."),
			i18n.L("Turn it off"), apply, s.refresh)
	}
}

func (s *settingsScreen) onLockOnBlur(on bool) {
	if !s.loading {
		s.u.settings.SetLockOnFocusLoss(on)
	}
}

func (s *settingsScreen) onStillness(on bool) {
	if !s.loading {
		s.u.settings.SetReduceMotion(on)
	}
}

func (s *settingsScreen) onTheme(label string) {
	if s.loading {
		return
	}
	for _, c := range themeChoices() {
		if c.label == label {
			s.u.settings.SetTheme(c.value)
			s.u.applyAppearance()
		}
	}
}

func (s *settingsScreen) onTextSize(label string) {
	if s.loading {
		return
	}
	for _, c := range textSizes() {
		if c.label == label {
			s.u.settings.SetTextScale(c.scale)
			s.u.applyAppearance()
		}
	}
}

func (s *settingsScreen) onHiddenTags() {
	v := s.u.vault()
	if v == nil {
		return
	}
	p, err := v.Prefs()
	if err == nil {
		p.HiddenTags = strings.Split(s.hiddenTags.Text, ",")
		err = v.SetPrefs(p)
	}
	if err != nil {
		s.u.toast(i18n.L("Those tags couldn't be saved just now. Nothing was changed; please try again."), nil)
		return
	}
	s.u.toast(i18n.L("Saved. Entries with those tags will stay where they are."), nil)
}

// onMemories keeps how On This Day offers memories, sealed with the
// journal's other preferences.
func (s *settingsScreen) onMemories(label string) {
	v := s.u.vault()
	if s.loading || v == nil {
		return
	}
	for _, c := range memoryChoices() {
		if c.label != label {
			continue
		}
		p, err := v.Prefs()
		if err == nil {
			p.OnThisDay = c.value
			err = v.SetPrefs(p)
		}
		if err != nil {
			s.u.toast(i18n.L("That choice couldn't be saved just now. Nothing was changed; please try again."), nil)
			return
		}
	}
}

// passwordForm builds the fields for a new password with its meter.
type passwordForm struct {
	current, next, confirm *escEntry
	meter                  *strengthMeter
	problem                *widget.Label
}

func newPasswordForm(withCurrent bool, escape func() bool) *passwordForm {
	f := &passwordForm{next: newEscPasswordEntry(escape), confirm: newEscPasswordEntry(escape), meter: newStrengthMeter(), problem: note("")}
	f.problem.Importance = widget.DangerImportance
	if withCurrent {
		f.current = newEscPasswordEntry(escape)
		f.current.SetPlaceHolder(i18n.L("Your current password"))
	}
	f.next.SetPlaceHolder(i18n.L("A new password"))
	f.confirm.SetPlaceHolder(i18n.L("The new password once more"))
	f.next.OnChanged = func(t string) { f.meter.set(app.EstimateStrength(t)) }
	return f
}

func (f *passwordForm) items() []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if f.current != nil {
		out = append(out, f.current)
	}
	return append(out, f.next, f.meter.box, f.confirm, f.problem)
}

// check returns the new password, or "" and a gentle reason.
func (f *passwordForm) check() (string, string) {
	st := app.EstimateStrength(f.next.Text)
	switch {
	case st.Label == "":
		return "", st.Hint // nothing typed yet
	case !st.Acceptable():
		return "", i18n.L("That password is {{.Strength}}.", i18n.Data{"Strength": strings.ToLower(st.Label)}) + " " + st.Hint
	case f.next.Text != f.confirm.Text:
		return "", i18n.L("The two new passwords are not the same yet.")
	}
	return f.next.Text, ""
}

func (s *settingsScreen) onChangePassword() {
	f := newPasswordForm(true, s.u.escape)
	var d *dialog.CustomDialog
	change := &widget.Button{Text: i18n.L("Change password"), Importance: widget.HighImportance}
	cancel := &widget.Button{Text: i18n.L("Cancel"), OnTapped: func() { d.Hide() }}
	change.OnTapped = func() {
		next, why := f.check()
		if why != "" {
			f.problem.SetText(why)
			return
		}
		cur := []byte(f.current.Text)
		change.Disable()
		f.problem.SetText(i18n.L("Changing…"))
		s.u.background(func() error {
			defer clear(cur)
			return s.u.sess.ChangePassword(cur, []byte(next))
		}, func(err error) {
			change.Enable()
			switch {
			case errors.Is(err, vault.ErrWrongPassword):
				f.problem.SetText(i18n.L("Your current password didn't match. Nothing was changed."))
			case err != nil:
				f.problem.SetText(i18n.L("The password couldn't be changed just now. Nothing was changed; your old password still works."))
			default:
				d.Hide()
				s.u.toast(i18n.L("Your password is changed. Your recovery key works as before."), nil)
			}
		})
	}
	content := container.NewVBox(append([]fyne.CanvasObject{paragraph(i18n.L("Your writing stays exactly as it is; only the lock changes. A copy of your journal or a backup made before still opens with the old password; if someone may know it, give your journal new keys instead, further down in Settings."))}, f.items()...)...)
	d = dialog.NewCustomWithoutButtons(i18n.L("Change your password"), content, s.u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, change})
	d.Resize(fyne.NewSize(420, 0))
	s.u.present(d)
}

func (s *settingsScreen) onNewRecoveryKey() {
	s.u.gate.ask(i18n.L("Make a new recovery key"),
		i18n.L("Your old recovery key will stop working, and Tend will show the new one once. To be sure it is you, type your password."),
		i18n.L("Make a new key"), func() {
			v := s.u.vault()
			if v == nil {
				return
			}
			rk, err := v.RegenerateRecoveryKey()
			if err != nil {
				s.u.toast(i18n.L("A new recovery key couldn't be made just now. Your old one still works."), nil)
				return
			}
			s.u.showKeyDialog(rk, nil)
		}, nil)
}

func (s *settingsScreen) onStronger() {
	v := s.u.vault()
	if v == nil {
		return
	}
	next := app.StrongerKDF(v.KDF())
	pw := newEscPasswordEntry(s.u.escape)
	pw.SetPlaceHolder(i18n.L("Your password"))
	problem := note("")
	problem.Importance = widget.DangerImportance
	var d *dialog.CustomDialog
	apply := &widget.Button{Text: i18n.L("Make it stronger"), Importance: widget.HighImportance}
	cancel := &widget.Button{Text: i18n.L("Cancel"), OnTapped: func() { d.Hide() }}
	apply.OnTapped = func() {
		cur := []byte(pw.Text)
		apply.Disable()
		problem.SetText(i18n.L("Working… this takes a moment."))
		s.u.background(func() error {
			defer clear(cur)
			return s.u.sess.ChangeKDF(cur, next)
		}, func(err error) {
			apply.Enable()
			switch {
			case errors.Is(err, vault.ErrWrongPassword):
				problem.SetText(i18n.L("That password didn't match. Nothing was changed."))
			case err != nil:
				problem.SetText(i18n.L("That didn't work just now. Nothing was changed; your password opens the journal as before."))
			default:
				d.Hide()
				s.refresh()
				s.u.toast(i18n.L("Done. Unlocking will take a little longer, and guessing your password much longer."), nil)
			}
		})
	}
	body := paragraph(i18n.L("Tend will make every try at your password slower still. For you, unlocking takes a moment longer; for anyone guessing, it takes much longer. Your password stays the same; type it below to go ahead."))
	d = dialog.NewCustomWithoutButtons(i18n.L("Stronger protection"), container.NewVBox(body, pw, problem), s.u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, apply})
	d.Resize(fyne.NewSize(420, 0))
	s.u.present(d)
}

func (s *settingsScreen) clear() {
	s.loading = true
	s.memories.SetSelected("")
	s.loading = false
	s.hiddenTags.SetText("")
	s.strength.SetText("")
}
