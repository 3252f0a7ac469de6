package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/vault"
)

// welcomeScreen is the first run: what Tend is, and a password to make the
// journal with.
type welcomeScreen struct {
	u        *UI
	password *widget.Entry
	confirm  *widget.Entry
	meter    *strengthMeter
	match    *widget.Label
	create   *widget.Button
	busy     *widget.ProgressBarInfinite
	problem  *widget.Label
	// restore makes the journal from a backup instead.
	restore *backupUI
}

func newWelcomeScreen(u *UI) *welcomeScreen {
	s := &welcomeScreen{u: u, restore: newBackupUI(u)}
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(i18n.L("Choose a password"))
	s.password.OnChanged = func(string) { s.onChanged() }
	s.password.OnSubmitted = func(string) { u.win.Canvas().Focus(s.confirm) }
	s.confirm = widget.NewPasswordEntry()
	s.confirm.SetPlaceHolder(i18n.L("Type it once more"))
	s.confirm.OnChanged = func(string) { s.onChanged() }
	s.confirm.OnSubmitted = func(string) { s.onCreate() }
	s.meter = newStrengthMeter()
	s.match = note("")
	s.problem = note("")
	s.problem.Importance = widget.DangerImportance
	s.create = &widget.Button{Text: i18n.L("Create my journal"), Importance: widget.HighImportance, OnTapped: s.onCreate}
	s.create.Disable()
	s.busy = newBusyBar()
	return s
}

func (s *welcomeScreen) buildUI() fyne.CanvasObject {
	return centered(container.NewVBox(
		iconImage(88),
		heading(i18n.L("Welcome to Tend")),
		paragraph(i18n.L("A quiet place to write, just for you.")),
		paragraph(i18n.L("Everything you write stays on this computer, locked with a password only you know. Nothing is ever sent anywhere.")),
		widget.NewSeparator(),
		s.password,
		s.meter.box,
		s.confirm,
		s.match,
		s.create,
		s.busy,
		s.problem,
		note(i18n.L("Next you will get a recovery key: the only other way in if you ever forget your password.")),
		widget.NewSeparator(),
		&widget.Button{Text: i18n.L("Restore from a backup"), Importance: widget.LowImportance, OnTapped: s.restore.onRestoreNew},
	), 440)
}

// onChanged updates the meter and the match line as the person types.
func (s *welcomeScreen) onChanged() {
	st := app.EstimateStrength(s.password.Text)
	s.meter.set(st)
	switch {
	case s.confirm.Text == "":
		s.match.SetText("")
	case s.confirm.Text == s.password.Text:
		s.match.SetText(i18n.L("The two passwords match."))
	default:
		s.match.SetText(i18n.L("The two passwords are not the same yet."))
	}
	if st.Acceptable() && s.confirm.Text == s.password.Text {
		s.create.Enable()
	} else {
		s.create.Disable()
	}
	s.problem.SetText("")
}

func (s *welcomeScreen) onCreate() {
	if s.create.Disabled() {
		return
	}
	pw := []byte(s.password.Text)
	s.create.Disable()
	s.password.Disable()
	s.confirm.Disable()
	startBusy(s.busy)
	var rk vault.RecoveryKey
	s.u.background(func() error {
		var err error
		rk, err = s.u.sess.Create(pw)
		clear(pw)
		return err
	}, func(err error) {
		stopBusy(s.busy)
		if err != nil {
			s.password.Enable()
			s.confirm.Enable()
			s.create.Enable()
			s.problem.SetText(i18n.L("Tend could not create your journal: {{.Reason}}. Nothing was saved; you can try again.", i18n.Data{"Reason": err.Error()}))
			return
		}
		s.password.SetText("")
		s.confirm.SetText("")
		s.u.showRecoveryKey(rk)
	})
}
