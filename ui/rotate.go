package ui

import (
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

// rotateDialog gives the journal new keys, for when someone may know the
// password or have seen the recovery key. It says what that does and how
// long it takes, asks for the current password and a new one, shows
// progress while every entry is sealed again, then shows the new recovery
// key the way the first run does, and offers to remove the automatic
// backups that still open with the old password.
type rotateDialog struct {
	u        *UI
	form     *passwordForm
	status   *widget.Label
	progress *widget.ProgressBar
	scroll   *container.Scroll
	start    *widget.Button
	cancel   *widget.Button
	d        *dialog.CustomDialog
	// working is set while the keys are being replaced: the dialog cannot
	// be closed then.
	working bool
	// keys shows the new recovery key; keep and remove answer the offer
	// to remove the older backups.
	keys         *recoveryKeyScreen
	keep, remove *widget.Button
}

// onRotate opens the dialog that gives the journal new keys.
func (s *settingsScreen) onRotate() {
	s.rotation = newRotateDialog(s.u)
	s.rotation.show()
}

func newRotateDialog(u *UI) *rotateDialog {
	r := &rotateDialog{u: u, form: newPasswordForm(true, u.escape), status: note(""), progress: widget.NewProgressBar()}
	r.status.Hide()
	r.progress.Hide()
	r.start = &widget.Button{Text: i18n.L("Give it new keys"), Importance: widget.HighImportance, OnTapped: r.onStart}
	r.cancel = &widget.Button{Text: i18n.L("Cancel"), OnTapped: func() {
		if !r.working {
			r.d.Hide()
		}
	}}
	return r
}

// rotateIntro says what a rotation does, in plain words, and how long it
// will take for a journal of this many entries: three short paragraphs.
func rotateIntro(entries int, d time.Duration) []string {
	how := i18n.L("a few seconds")
	if d > 10*time.Second {
		how = i18n.N("about {{.Count}} seconds", int((d+9*time.Second)/(10*time.Second))*10)
	}
	if d > 90*time.Second {
		how = i18n.N("about {{.Count}} minutes", int((d+59*time.Second)/time.Minute))
	}
	return []string{
		i18n.L("For when someone may know your password or may have seen your recovery key."),
		i18n.L("Tend seals every entry again with new keys, and you choose a new password and get a new recovery key. Your old password and recovery key then no longer open your journal, a copy of it, or any backup made after. Your writing stays exactly as it is."),
		i18n.N("For your {{.Count}} entries this takes {{.Time}}. Please keep Tend open until it is done.", entries, i18n.Data{"Time": how}),
	}
}

func (r *rotateDialog) show() {
	entries, took := r.u.sess.RotateEstimate()
	var intro []fyne.CanvasObject
	for _, p := range rotateIntro(entries, took) {
		intro = append(intro, &widget.Label{Text: p, Wrapping: fyne.TextWrapWord})
	}
	content := container.NewVBox(append(intro, append(r.form.items(), r.status, r.progress)...)...)
	// At the largest text in a small window the dialog is taller than the
	// window: its words and fields scroll, its buttons stay in sight.
	scroll := container.NewVScroll(content)
	r.scroll = scroll
	r.d = dialog.NewCustomWithoutButtons(i18n.L("Give your journal new keys"), scroll, r.u.win)
	r.d.SetButtons([]fyne.CanvasObject{r.cancel, r.start})
	scale := max(r.u.theme.textScale, 1)
	width := min(480*scale, r.u.win.Canvas().Size().Width-40)
	for range 2 { // wrapped words need a width before they know their height
		content.Resize(fyne.NewSize(width, content.MinSize().Height))
	}
	room := r.u.win.Canvas().Size().Height - 3*r.start.MinSize().Height - 40
	scroll.SetMinSize(fyne.NewSize(width, min(content.MinSize().Height, room)))
	r.d.Show()
	r.u.win.Canvas().Focus(r.form.current)
}

func (r *rotateDialog) onStart() {
	if r.working {
		return
	}
	next, why := r.form.check()
	if why != "" {
		r.form.problem.SetText(why)
		return
	}
	cur, pw := []byte(r.form.current.Text), []byte(next)
	// What the editor holds goes into the journal first, so it is sealed
	// again with everything else.
	r.u.saveNow()
	r.working = true
	r.start.Disable()
	r.cancel.Disable()
	r.form.problem.SetText("")
	r.status.SetText(i18n.L("Sealing every entry again with the new keys… please keep Tend open."))
	r.status.Show()
	r.progress.SetValue(0)
	r.progress.Show()
	r.scroll.ScrollToBottom()
	var res app.Rotated
	r.u.background(func() error {
		defer clear(cur)
		defer clear(pw)
		var err error
		res, err = r.u.sess.Rotate(cur, pw, func(done, total int) {
			fyne.Do(func() {
				// A long rotation is not time away from the journal.
				r.u.touch()
				if total > 0 {
					r.progress.SetValue(float64(done) / float64(total))
				}
			})
		})
		return err
	}, func(err error) { r.onDone(res, err) })
}

func (r *rotateDialog) onDone(res app.Rotated, err error) {
	r.working = false
	r.start.Enable()
	r.cancel.Enable()
	r.status.Hide()
	r.progress.Hide()
	switch {
	case errors.Is(err, vault.ErrWrongPassword):
		r.form.problem.SetText(i18n.L("Your current password didn't match. Nothing was changed."))
		return
	case errors.Is(err, vault.ErrCorrupt) && res.Key == (vault.RecoveryKey{}) && r.u.vault() != nil:
		r.form.problem.SetText(i18n.L("Part of your journal couldn't be read, so it was not given new keys: that part would have been lost. Nothing was changed. Check my journal, further down in Settings, can say more and rescue the rest."))
		return
	case err != nil && res.Key == (vault.RecoveryKey{}):
		r.form.problem.SetText(i18n.L("Your journal couldn't be given new keys just now. Nothing was changed; your password and recovery key work as before."))
		if r.u.vault() == nil {
			r.d.Hide()
			r.u.lock()
		}
		return
	}
	r.d.Hide()
	r.form.current.SetText("")
	r.form.next.SetText("")
	r.form.confirm.SetText("")
	if err != nil {
		// The new keys are in place, but the journal did not open again:
		// the key must still be seen, then the new password opens it.
		r.showKey(res.Key, func() {
			r.u.lock()
			r.u.toast(i18n.L("Your journal has new keys. Open it with your new password."), nil)
		})
		return
	}
	r.showKey(res.Key, func() {
		if res.SnapshotErr != nil {
			r.u.toast(i18n.L("Your journal has new keys. A backup with them could not be made just now; Tend will try again when it locks."), nil)
		}
		if len(res.OldSnapshots) > 0 {
			r.offerRemoval(res.OldSnapshots)
			return
		}
		r.u.toast(i18n.L("Your journal has new keys. Your old password and recovery key no longer open it."), nil)
	})
}

// showKey shows the new recovery key until the person says it is stored,
// then runs then.
func (r *rotateDialog) showKey(rk vault.RecoveryKey, then func()) {
	r.keys = r.u.showKeyDialog(rk, then)
}

// offerRemoval asks whether to remove the automatic backups made with the
// old keys.
func (r *rotateDialog) offerRemoval(paths []string) {
	msg := i18n.N("{{.Count}} automatic backups were made before your journal had new keys. They still open with your old password and hold what you wrote until then. If someone may know that password, remove them. A new backup was just made with your new keys.", len(paths))
	keepText, removeText := i18n.L("Keep it"), i18n.L("Remove it")
	if len(paths) > 1 {
		keepText, removeText = i18n.L("Keep them"), i18n.L("Remove them")
	}
	var d *dialog.CustomDialog
	r.keep = &widget.Button{Text: keepText, OnTapped: func() {
		d.Hide()
		r.u.toast(i18n.L("Your journal has new keys. The older backups are kept."), nil)
	}}
	r.remove = &widget.Button{Text: removeText, Importance: widget.HighImportance, OnTapped: func() {
		d.Hide()
		r.u.background(func() error { return r.u.sess.RemoveSnapshots(paths) }, func(err error) {
			if err != nil {
				r.u.toast(i18n.L("Some of the older backups couldn't be removed. You can delete them from the backup folder yourself."), nil)
				return
			}
			if r.u.shell != nil {
				r.u.shell.settings.showLastSnapshot()
			}
			r.u.toast(i18n.L("Your journal has new keys, and the older backups are removed."), nil)
		})
	}}
	d = dialog.NewCustomWithoutButtons(i18n.L("Older backups"), paragraph(msg), r.u.win)
	d.SetButtons([]fyne.CanvasObject{r.keep, r.remove})
	d.Resize(fyne.NewSize(460, 0))
	r.u.present(d)
}
