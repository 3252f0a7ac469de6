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

// unlockScreen asks for the password. It reveals nothing about the journal:
// no count, no date, no title.
type unlockScreen struct {
	u        *UI
	password *widget.Entry
	unlock   *widget.Button
	forgot   *widget.Button
	busy     *widget.ProgressBarInfinite
	problem  *widget.Label
}

func newUnlockScreen(u *UI) *unlockScreen {
	s := &unlockScreen{u: u}
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(i18n.L("Your password"))
	s.password.OnSubmitted = func(string) { s.onUnlock() }
	s.unlock = &widget.Button{Text: i18n.L("Unlock"), Importance: widget.HighImportance, OnTapped: s.onUnlock}
	s.forgot = &widget.Button{Text: i18n.L("Forgot your password?"), Importance: widget.LowImportance, OnTapped: u.showRecover}
	s.busy = newBusyBar()
	s.problem = note("")
	s.problem.Importance = widget.DangerImportance
	s.problem.Alignment = fyne.TextAlignCenter
	if app.RestartedAfterCrash() {
		// The app before this one stopped while the journal was open;
		// the unlock checks the journal in a separate process first.
		s.problem.Importance = widget.MediumImportance
		s.problem.SetText(i18n.L("Tend closed unexpectedly a moment ago. Nothing you saved is lost. When you unlock, Tend checks your journal first, to be safe."))
	}
	return s
}

func (s *unlockScreen) buildUI() fyne.CanvasObject {
	return centered(container.NewVBox(
		iconImage(88),
		heading(i18n.L("Welcome back")),
		paragraph(i18n.L("Your journal is locked.")),
		s.password,
		s.unlock,
		s.busy,
		s.problem,
		s.forgot,
	), 380)
}

func (s *unlockScreen) onUnlock() {
	if s.password.Text == "" || s.unlock.Disabled() {
		return
	}
	pw := []byte(s.password.Text)
	s.unlock.Disable()
	s.password.Disable()
	s.problem.Importance = widget.DangerImportance
	s.problem.SetText("")
	startBusy(s.busy)
	s.u.background(func() error {
		err := s.u.sess.Unlock(pw)
		if !errors.As(err, new(*app.DamagedError)) {
			clear(pw) // kept only for the attention screen's choices
		}
		return err
	}, func(err error) {
		stopBusy(s.busy)
		s.unlock.Enable()
		s.password.Enable()
		switch {
		case err == nil:
			s.password.SetText("")
			s.u.unlock = nil
			s.u.showMain()
			if v := s.u.vault(); v != nil {
				s.u.watchUnreadable(v)
			}
		case errors.Is(err, vault.ErrWrongPassword):
			s.problem.SetText(i18n.L("That password didn't open your journal. Take your time and try again."))
			// The field starts empty again, so the next try is typed
			// afresh rather than added to the one that did not work.
			s.password.SetText("")
			s.u.win.Canvas().Focus(s.password)
		default:
			var de *app.DamagedError
			if errors.As(err, &de) {
				s.password.SetText("")
				s.u.unlock = nil
				s.u.showAttention(de, pw)
				return
			}
			s.u.showOpenError(err)
		}
	})
}
