package ui

import (
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/vault"
)

// unlockRestAfter is how long the unlock screen waits for a key before its
// password field lets go of the keyboard.
const unlockRestAfter = 30 * time.Second

// unlockScreen asks for the password. It reveals nothing about the journal:
// no count, no date, no title.
//
// The screen rests when nobody types: the window is often left locked for
// hours (the idle lock brings it here while the person is away), and a
// field with the keyboard fades its cursor in and out twice a second,
// redrawing the whole window each time. After unlockRestAfter without a
// key the field lets go of the keyboard and the window stops drawing; the
// first key typed gives the keyboard back to the field and goes into it, so
// nothing typed is lost.
type unlockScreen struct {
	u        *UI
	password *widget.Entry
	unlock   *widget.Button
	forgot   *widget.Button
	busy     *widget.ProgressBarInfinite
	problem  *widget.Label

	lastKey time.Time         // when the screen was shown or a key last reached it
	root    fyne.CanvasObject // the screen, as buildUI made it
}

func newUnlockScreen(u *UI) *unlockScreen {
	s := &unlockScreen{u: u, lastKey: u.now()}
	s.password = widget.NewPasswordEntry()
	s.password.SetPlaceHolder(i18n.L("Your password"))
	s.password.OnSubmitted = func(string) { s.onUnlock() }
	s.password.OnChanged = func(string) { s.lastKey = s.u.now() }
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
	s.root = centered(container.NewVBox(
		iconImage(88),
		heading(i18n.L("Welcome back")),
		paragraph(i18n.L("Your journal is locked.")),
		s.password,
		s.unlock,
		s.busy,
		s.problem,
		s.forgot,
	), 380)
	return s.root
}

// inFront reports whether this screen is the window's, with nothing over
// it: the window can keep a screen it has left (a recovery, a notice
// shown instead), and a dialog over the screen takes the keys itself.
func (s *unlockScreen) inFront() bool {
	return s.u.shell == nil && s.root != nil && s.u.win.Content() == s.root &&
		s.u.win.Canvas().Overlays().Top() == nil
}

// rest lets the password field go of the keyboard when no key has reached
// the screen for unlockRestAfter by now.
func (s *unlockScreen) rest(now time.Time) {
	c := s.u.win.Canvas()
	if s.inFront() && c.Focused() == s.password && now.Sub(s.lastKey) >= unlockRestAfter {
		c.Unfocus()
	}
}

// typedWhileResting gives a key typed while nothing has the keyboard to
// the password field, with the keyboard: the first key after a rest is
// the person coming back. A rune is given as r, any other key as ev.
func (s *unlockScreen) typedWhileResting(r rune, ev *fyne.KeyEvent) {
	c := s.u.win.Canvas()
	if !s.inFront() || c.Focused() != nil || s.password.Disabled() {
		return
	}
	s.lastKey = s.u.now()
	c.Focus(s.password)
	if ev != nil {
		s.password.TypedKey(ev)
	} else {
		s.password.TypedRune(r)
	}
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
