package ui

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/backup"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/vault"
)

// attentionScreen is shown when the journal's files failed their check. It
// offers, in this order: restoring the newest automatic backup into a fresh
// journal, rescuing every record that still reads into a fresh journal, and
// the details a technical helper would need. The damaged folder is always
// moved aside, never deleted. It holds the password the person just typed
// until they leave it.
type attentionScreen struct {
	u        *UI
	damage   *app.DamagedError
	password []byte

	buttons []*widget.Button
	busy    *widget.ProgressBarInfinite
	status  *widget.Label
	details *widget.Label
}

func newAttentionScreen(u *UI, de *app.DamagedError, password []byte) *attentionScreen {
	s := &attentionScreen{u: u, damage: de, password: password}
	s.busy = newBusyBar()
	s.status = paragraph("")
	s.status.Hide()
	s.details = &widget.Label{Wrapping: fyne.TextWrapWord, Selectable: true, TextStyle: fyne.TextStyle{Monospace: true}}
	s.details.Hide()
	return s
}

// summary says in one plain sentence what the check found.
func (s *attentionScreen) summary() string {
	c := s.damage.Check
	if !c.Opened {
		return i18n.L("Tend couldn't open your journal's files, perhaps after a crash or a problem with the disk. Nothing has been deleted, and nothing will be.")
	}
	return i18n.N("Tend found damage in {{.Count}} records of your journal, perhaps after a crash or a problem with the disk.", len(c.Damaged)) + " " +
		i18n.N("{{.Count}} entries are whole.", c.Entries) + " " + i18n.L("Nothing has been deleted, and nothing will be.")
}

func (s *attentionScreen) buildUI() fyne.CanvasObject {
	box := container.NewVBox(
		iconImage(72),
		heading(i18n.L("Your journal needs attention")),
		paragraph(s.summary()),
	)
	if snap := s.damage.Snapshot; snap != nil {
		restore := &widget.Button{
			Text:       i18n.L("Restore the automatic backup of {{.Day}}", i18n.Data{"Day": i18n.Date(snap.Taken, "2 January 2006")}),
			Importance: widget.HighImportance, OnTapped: func() { s.onRestore(*snap) },
		}
		s.buttons = append(s.buttons, restore)
		box.Add(restore)
	} else {
		none := note(i18n.L("There is no automatic backup of this journal to restore."))
		none.Alignment = fyne.TextAlignCenter
		box.Add(none)
	}
	rescue := &widget.Button{Text: i18n.L("Rescue everything that can still be read"), OnTapped: s.onRescue}
	if len(s.buttons) == 0 {
		rescue.Importance = widget.HighImportance
	}
	s.buttons = append(s.buttons, rescue)
	box.Add(rescue)
	if s.damage.Check.Opened {
		asIs := &widget.Button{Text: i18n.L("Open it as it is"), Importance: widget.LowImportance, OnTapped: s.onOpenAsIs}
		s.buttons = append(s.buttons, asIs)
		box.Add(asIs)
	}
	show := &widget.Button{Text: i18n.L("Show details for a helper"), Importance: widget.LowImportance}
	show.OnTapped = func() {
		s.details.SetText(s.detailText())
		s.details.Show()
		show.Hide()
	}
	back := &widget.Button{Text: i18n.L("Back"), Importance: widget.LowImportance, OnTapped: func() {
		s.leave()
		s.u.start()
	}}
	s.buttons = append(s.buttons, back)
	box.Add(s.busy)
	box.Add(s.status)
	box.Add(container.NewCenter(container.NewHBox(show, back)))
	box.Add(s.details)
	return centered(box, 520)
}

// detailText is what a technical helper needs: where the journal is, what
// failed, and which records. It names records by id, never by content. An
// error Tend does not know stays as the store said it, in English.
func (s *attentionScreen) detailText() string {
	var b strings.Builder
	c := s.damage.Check
	b.WriteString(i18n.L("Journal folder: {{.Folder}}", i18n.Data{"Folder": s.u.sess.Dir()}) + "\n")
	if s.damage.Err != nil {
		b.WriteString(i18n.L("On opening: {{.Reason}}", i18n.Data{"Reason": reason(s.damage.Err)}) + "\n")
	}
	if c.Opened {
		b.WriteString(i18n.N("Check: {{.Records}} read, {{.Entries}} whole, {{.Count}} damaged", len(c.Damaged),
			i18n.Data{"Records": i18n.N("{{.Count}} records", c.Records), "Entries": i18n.N("{{.Count}} entries", c.Entries)}) + "\n")
	} else {
		b.WriteString(i18n.L("Check: the store did not open") + "\n")
	}
	for i, d := range c.Damaged {
		if i == 40 {
			b.WriteString(i18n.N("and {{.Count}} more", len(c.Damaged)-i) + "\n")
			break
		}
		entry := ""
		if !d.Entry.IsZero() {
			entry = d.Entry.String()
		}
		fmt.Fprintf(&b, "  %s\n", say.Damage(entry, d.Record, d.Problem))
	}
	if c.Ended != nil || c.Unread != "" {
		b.WriteString(say.StoreUnopened(c.Ended, c.Unread) + "\n")
	}
	if c.Details != "" {
		b.WriteString(strings.TrimPrefix(c.Details, "\n") + "\n")
	}
	b.WriteString(i18n.L("The command 'tend verify' prints the same check; 'tend salvage' rescues into a new folder."))
	return b.String()
}

func (s *attentionScreen) setBusy(text string) {
	for _, b := range s.buttons {
		b.Disable()
	}
	startBusy(s.busy)
	s.status.SetText(text)
	s.status.Show()
}

func (s *attentionScreen) done(problem string) {
	for _, b := range s.buttons {
		b.Enable()
	}
	stopBusy(s.busy)
	s.status.SetText(problem)
	s.status.Show()
}

// failed says what went wrong in a plain sentence, and keeps the error
// itself for the details a helper reads.
func (s *attentionScreen) failed(err error, sentence string) {
	s.damage.Check.Details += "\n" + i18n.L("Then: {{.Reason}}", i18n.Data{"Reason": reason(err)})
	if s.details.Visible() {
		s.details.SetText(s.detailText())
	}
	s.done(sentence)
}

// leave forgets the password and stills the busy bar.
func (s *attentionScreen) leave() {
	stopBusy(s.busy)
	clear(s.password)
	s.password = nil
	s.u.attention = nil
}

func (s *attentionScreen) onRestore(snap backup.SnapshotFile) {
	msg := i18n.L("Tend will move the damaged journal aside, into \"{{.Folder}}\" beside it, and make a fresh journal from the backup of {{.Day}}, with your password and a new recovery key to keep. Anything written after that day stays in the damaged copy, which Tend keeps untouched.",
		i18n.Data{"Folder": filepath.Base(s.u.sess.Dir()) + "-damaged-…", "Day": i18n.Date(snap.Taken, "2 January")})
	d := dialog.NewConfirm(i18n.L("Restore the backup?"), msg, func(ok bool) {
		if ok {
			s.restore(snap)
		}
	}, s.u.win)
	d.SetConfirmText(i18n.L("Restore"))
	d.SetDismissText(i18n.L("Not now"))
	s.u.present(d)
}

// restore replaces the journal with the automatic backup snap.
func (s *attentionScreen) restore(snap backup.SnapshotFile) {
	s.setBusy(i18n.L("Restoring your journal…"))
	var (
		rk    vault.RecoveryKey
		aside string
	)
	s.u.background(func() error {
		var err error
		rk, aside, err = s.u.sess.RestoreSnapshot(snap, s.password)
		return err
	}, func(err error) {
		switch {
		case err == nil:
			s.leave()
			s.u.showRecoveryKey(rk)
		case errors.Is(err, vault.ErrWrongPassword):
			s.done(i18n.L("That backup was taken while you had a different password, so this one doesn't open it. You can restore it from Settings with that password or your recovery key, or rescue what can be read instead."))
		case aside != "":
			s.failed(err, i18n.L("Tend couldn't finish restoring ({{.Reason}}). The damaged journal is kept, untouched, in \"{{.Folder}}\".", i18n.Data{"Reason": reason(err), "Folder": filepath.Base(aside)}))
		default:
			s.failed(err, i18n.L("Tend couldn't restore that backup ({{.Reason}}). Your journal has not been changed; you can rescue what can be read instead.", i18n.Data{"Reason": reason(err)}))
		}
	})
}

func (s *attentionScreen) onRescue() {
	s.setBusy(i18n.L("Rescuing what can be read… this can take a few minutes on a large journal."))
	var r app.SalvageResult
	s.u.background(func() error {
		var err error
		r, err = s.u.sess.Salvage(s.password)
		return err
	}, func(err error) {
		if err != nil {
			s.failed(err, i18n.L("Tend couldn't finish the rescue. The damaged journal is still where it was, untouched; the details below can help someone who knows computers."))
			return
		}
		s.leave()
		s.u.showMain()
		msg := i18n.N("Tend rescued {{.Count}} entries into a fresh journal.", r.Entries)
		if n := len(r.Damaged); n > 0 {
			msg += " " + i18n.N("{{.Count}} records could not be read and were left out.", n)
		}
		if len(r.Files) > 0 {
			msg += " " + i18n.L("Some of the journal's files could not be read to the end, so a few entries may be missing.")
		}
		msg += " " + i18n.L("The damaged copy is kept, untouched, in \"{{.Folder}}\".", i18n.Data{"Folder": filepath.Base(r.Aside)})
		s.u.present(dialog.NewInformation(i18n.L("Your journal is back"), msg, s.u.win))
	})
}

func (s *attentionScreen) onOpenAsIs() {
	s.setBusy(i18n.L("Opening your journal…"))
	s.u.background(func() error { return s.u.sess.OpenAsItIs(s.password) }, func(err error) {
		if err != nil {
			s.failed(err, i18n.L("Your journal still didn't open. Try rescuing what can be read; the details below can help someone who knows computers."))
			return
		}
		s.leave()
		s.u.showMain()
	})
}
