package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/vault"
)

// recoverScreen opens the journal with the recovery key and sets a new
// password, for when the password is forgotten.
type recoverScreen struct {
	u        *UI
	key      *widget.Entry
	password *widget.Entry
	confirm  *widget.Entry
	meter    *strengthMeter
	open     *widget.Button
	busy     *widget.ProgressBarInfinite
	problem  *widget.Label
}

func newRecoverScreen(u *UI) *recoverScreen {
	s := &recoverScreen{u: u}
	s.key = widget.NewEntry()
	s.key.SetPlaceHolder("XXXX-XXXX-XXXX-…")
	s.key.TextStyle = fyne.TextStyle{Monospace: true}
	s.key.OnChanged = func(string) { s.onChanged() }
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(i18n.L("A new password"))
	s.password.OnChanged = func(string) { s.onChanged() }
	s.confirm = widget.NewPasswordEntry()
	s.confirm.SetPlaceHolder(i18n.L("The new password once more"))
	s.confirm.OnChanged = func(string) { s.onChanged() }
	s.confirm.OnSubmitted = func(string) { s.onOpen() }
	s.meter = newStrengthMeter()
	s.open = &widget.Button{Text: i18n.L("Unlock and set new password"), Importance: widget.HighImportance, OnTapped: s.onOpen}
	s.open.Disable()
	s.busy = newBusyBar()
	s.problem = note("")
	s.problem.Importance = widget.DangerImportance
	return s
}

func (s *recoverScreen) buildUI() fyne.CanvasObject {
	back := &widget.Button{Text: i18n.L("Back to unlock"), Importance: widget.LowImportance, OnTapped: func() {
		s.key.SetText("")
		s.u.recover = nil
		s.u.showUnlock()
	}}
	return centered(container.NewVBox(
		heading(i18n.L("Use your recovery key")),
		paragraph(i18n.L("Type the recovery key you saved when you made your journal, then choose a new password. Your writing stays just as it is.")),
		s.key,
		s.password,
		s.meter.box,
		s.confirm,
		s.open,
		s.busy,
		s.problem,
		back,
	), 460)
}

func (s *recoverScreen) onChanged() {
	st := app.EstimateStrength(s.password.Text)
	s.meter.set(st)
	if s.key.Text != "" && st.Acceptable() && s.password.Text == s.confirm.Text {
		s.open.Enable()
	} else {
		s.open.Disable()
	}
	s.problem.SetText("")
}

func (s *recoverScreen) onOpen() {
	if s.open.Disabled() {
		return
	}
	key, pw := s.key.Text, []byte(s.password.Text)
	s.open.Disable()
	startBusy(s.busy)
	s.u.background(func() error {
		err := s.u.sess.UnlockWithRecovery(key, pw)
		clear(pw)
		return err
	}, func(err error) {
		stopBusy(s.busy)
		s.open.Enable()
		switch {
		case err == nil:
			s.key.SetText("")
			s.password.SetText("")
			s.confirm.SetText("")
			s.u.recover = nil
			s.u.unlock = nil // the screen this one was reached from
			s.u.showMain()
		case errors.Is(err, vault.ErrRecoveryKeyFormat):
			s.problem.SetText(reason(err) + ".")
		case errors.Is(err, vault.ErrWrongPassword):
			s.problem.SetText(i18n.L("That recovery key didn't open this journal. Check it against what you saved, group by group."))
		default:
			s.u.showOpenError(err)
		}
	})
}
