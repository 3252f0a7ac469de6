package ui

import (
	"context"
	"errors"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/vault"
)

// checkScreen shows while the journal is checked in a separate process.
// The journal is closed for the check, so the window shows nothing of it.
type checkScreen struct {
	u    *UI
	busy *widget.ProgressBarInfinite
}

func newCheckScreen(u *UI) *checkScreen {
	return &checkScreen{u: u, busy: newBusyBar()}
}

func (s *checkScreen) buildUI() fyne.CanvasObject {
	startBusy(s.busy)
	return centered(container.NewVBox(
		iconImage(72),
		heading(i18n.L("Checking your journal")),
		paragraph(i18n.L("Tend is reading every record and checking that it is exactly as you wrote it. On a large journal this takes a minute or two. Nothing is changed.")),
		s.busy,
	), 460)
}

// hideCheckDialogs closes the notice and the password question when the
// journal locks, so neither is left over the locked window.
func (u *UI) hideCheckDialogs() {
	if u.unreadableDialog != nil {
		u.unreadableDialog.Hide()
		u.unreadableDialog = nil
	}
	if u.checkAsk != nil {
		u.checkAsk.password.SetText("")
		u.checkAsk.dialog.Hide()
	}
}

// checkAsk is the dialog that asks for the password before a check.
type checkAsk struct {
	dialog   *dialog.CustomDialog
	password *widget.Entry
	check    *widget.Button
}

// askCheck asks for the password, then checks the journal. The password
// is needed because the check runs in a separate process, and for the
// rescue the check may offer.
func (u *UI) askCheck() {
	pw := widget.NewPasswordEntry()
	pw.SetPlaceHolder(i18n.L("Your password"))
	var d *dialog.CustomDialog
	start := func() {
		if pw.Text == "" {
			return
		}
		p := []byte(pw.Text)
		pw.SetText("")
		d.Hide()
		u.runCheck(p)
	}
	pw.OnSubmitted = func(string) { start() }
	check := &widget.Button{Text: i18n.L("Check my journal"), Importance: widget.HighImportance, OnTapped: start}
	cancel := &widget.Button{Text: i18n.L("Not now"), OnTapped: func() {
		pw.SetText("")
		d.Hide()
	}}
	content := container.NewVBox(
		paragraph(i18n.L("Tend will close your journal for a moment and read every record in a separate process, so that even a damaged journal cannot harm anything. Nothing is changed.")),
		pw,
	)
	d = dialog.NewCustomWithoutButtons(i18n.L("Check my journal"), content, u.win)
	d.SetButtons([]fyne.CanvasObject{cancel, check})
	d.Resize(fyne.NewSize(440, 0))
	u.checkAsk = &checkAsk{dialog: d, password: pw, check: check}
	d.Show()
	u.win.Canvas().Focus(pw)
}

// runCheck closes the journal, checks it in a child process with a busy
// screen, and then opens it again when it is whole, or offers the ways
// forward when it is not. password is cleared when the check is done, or
// handed to the attention screen for the rescue.
func (u *UI) runCheck(password []byte) {
	if u.shell == nil || !u.sess.Unlocked() {
		clear(password) // locked meanwhile: there is nothing open to check
		return
	}
	if u.shell.editor.flush() != nil {
		clear(password)
		u.shell.show(secEditor)
		return
	}
	back := u.shell.current // where the person comes back to
	u.clearContentScreens()
	u.checking = newCheckScreen(u)
	u.setContent(u.checking.buildUI(), nil)
	var chk app.StoreCheck
	u.background(func() error {
		var err error
		chk, err = u.sess.CheckNow(password)
		return err
	}, func(err error) {
		if u.checking != nil {
			stopBusy(u.checking.busy)
			u.checking = nil
		}
		var de *app.DamagedError
		if errors.As(err, &de) {
			u.showAttention(de, password)
			return
		}
		clear(password)
		switch {
		case err == nil:
			u.showMain()
			u.showSection(back)
			u.checkResult = i18n.N("Every record passed its check: {{.Count}} entries are whole, exactly as you wrote them.", chk.Entries)
			u.present(dialog.NewInformation(i18n.L("Your journal is whole"), u.checkResult, u.win))
		case u.sess.Unlocked():
			u.showMain()
			u.showSection(back)
			u.checkResult = i18n.L("That password didn't match, so nothing was checked. Your journal is open as before.")
			if !errors.Is(err, vault.ErrWrongPassword) {
				u.checkResult = i18n.L("The check could not run ({{.Reason}}). Your journal is open as before.", i18n.Data{"Reason": reason(err)})
			}
			u.present(dialog.NewInformation(i18n.L("Nothing was checked"), u.checkResult, u.win))
		default:
			u.showOpenError(err)
		}
	})
}

// watchUnreadable waits until the journal just opened has built its index,
// which reads every entry, and then tells the person calmly when some
// could not be read, offering the full check and, from there, the rescue.
func (u *UI) watchUnreadable(v *vault.Vault) {
	wait := func() int {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Minute)
		defer cancel()
		if v.WaitIndex(ctx) != nil {
			return 0
		}
		return v.Unreadable()
	}
	show := func(n int) {
		if n == 0 || u.shell == nil || u.sess.Vault() != v {
			return // nothing found, or the journal was locked meanwhile
		}
		u.showUnreadable(n)
	}
	if u.inline {
		show(wait())
		return
	}
	go func() {
		n := wait()
		fyne.Do(func() { show(n) })
	}()
}

// showUnreadable is the calm word at unlock that part of the journal
// could not be read.
func (u *UI) showUnreadable(n int) {
	u.unreadableNotice = i18n.N("Tend could not read {{.Count}} records of your journal, perhaps after a problem with the disk. Everything else is here and safe, and backups and exports will hold all of it. A check names what is damaged and offers to rescue the rest.", n)
	d := dialog.NewConfirm(i18n.L("Part of your journal can't be read"), u.unreadableNotice, func(ok bool) {
		if ok && u.shell != nil {
			u.askCheck()
		}
	}, u.win)
	d.SetConfirmText(i18n.L("Check my journal"))
	d.SetDismissText(i18n.L("Not now"))
	u.unreadableDialog = d
	u.present(d)
}
