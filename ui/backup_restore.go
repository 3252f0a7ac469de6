package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/backup"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// backupProblem says in one calm sentence why a backup could not be read.
func backupProblem(err error) string {
	switch {
	case errors.Is(err, backup.ErrPassphrase):
		return i18n.L("That passphrase does not open this backup. Nothing was changed; you can try again.")
	case errors.Is(err, backup.ErrNotABackup):
		return i18n.L("That file is not a Tend backup. Nothing was changed.")
	case errors.Is(err, backup.ErrNewer):
		return i18n.L("This backup was made by a newer version of Tend. Nothing was changed; a newer Tend can open it.")
	case errors.Is(err, backup.ErrDamaged):
		return i18n.L("This backup is damaged or incomplete, so Tend left everything as it was. Another copy may be whole.")
	default:
		return i18n.L("That backup could not be read ({{.Reason}}). Nothing was changed.", i18n.Data{"Reason": reason(err)})
	}
}

// askPassphrase asks for an existing backup's passphrase, then calls open.
func (b *backupUI) askPassphrase(open func(pass []byte)) {
	pw := newEscPasswordEntry(b.escape)
	pw.SetPlaceHolder(i18n.L("The backup's passphrase"))
	ok := &widget.Button{Text: i18n.L("Open the backup"), Importance: widget.HighImportance}
	ok.OnTapped = func() {
		pass := []byte(pw.Text)
		pw.SetText("")
		open(pass)
	}
	pw.OnSubmitted = func(string) { ok.OnTapped() }
	b.show(i18n.L("Open a backup"), container.NewVBox(paragraph(i18n.L("Type the passphrase you chose when you made this backup.")), pw), b.cancelButton(), ok)
	b.win.Canvas().Focus(pw)
}

// chooseBackup asks for a backup file and its passphrase, then calls read.
func (b *backupUI) chooseBackup(read func(path string, pass []byte)) {
	b.files.openFile(i18n.L("Choose the backup"), []string{backupExt}, func(path string) {
		b.askPassphrase(func(pass []byte) { read(path, pass) })
	})
}

// readBackup reads and checks the backup at path off the UI goroutine,
// then calls then with it; a backup that cannot be read is said calmly.
func (b *backupUI) readBackup(path string, pass []byte, then func()) {
	b.dropContents()
	b.status.SetText(i18n.L("Opening the backup… this takes a moment."))
	busy := newBusyBar()
	startBusy(busy)
	b.show(i18n.L("Opening the backup"), container.NewVBox(b.status, busy), widget.NewLabel(""))
	var c *backup.Contents
	b.run(func() error {
		defer clear(pass)
		var err error
		c, err = app.ReadBackupFile(path, pass)
		return err
	}, func(err error) {
		stopBusy(busy)
		if err != nil {
			b.tell(i18n.L("The backup was not opened"), backupProblem(err))
			return
		}
		b.contents = c
		then()
	})
}

// dropContents lets go of the backup read, once it is brought in or
// another is chosen: the attached files it set aside, sealed in a
// temporary file, go at once rather than when memory is reclaimed.
func (b *backupUI) dropContents() {
	if b.contents != nil {
		_ = b.contents.Close()
		b.contents = nil
	}
}

// describeBackup says what a backup holds, in a sentence.
func describeBackup(c *backup.Contents) string {
	var dates []journal.Date
	for _, e := range c.Entries {
		dates = append(dates, e.Date)
	}
	out := i18n.N("This backup holds {{.Count}} entries.", len(c.Entries))
	if from, to := spanOf(dates); from == to && !from.IsZero() {
		out = i18n.N("This backup holds {{.Count}} entries, from {{.From}}.", len(c.Entries), i18n.Data{"From": spanDate(from)})
	} else if !from.IsZero() {
		out = i18n.N("This backup holds {{.Count}} entries, from {{.From}} to {{.To}}.", len(c.Entries), i18n.Data{"From": spanDate(from), "To": spanDate(to)})
	}
	if !c.Manifest.Created.IsZero() {
		out += " " + i18n.L("It was made on {{.Day}}.", i18n.Data{"Day": i18n.Date(c.Manifest.Created.Local(), "2 January 2006")})
	}
	return out
}

// spanOf is the first and last of some days, or zero days when there are
// none.
func spanOf(dates []journal.Date) (from, to journal.Date) {
	for _, d := range dates {
		if from.IsZero() || d.Compare(from) < 0 {
			from = d
		}
		if to.IsZero() || d.Compare(to) > 0 {
			to = d
		}
	}
	return from, to
}

// spanDate writes a day shortly, for a range: 23 November 2026.
func spanDate(d journal.Date) string { return i18n.Date(d.Time(), "2 January 2006") }

// restoreIntro says what restoring into this journal does, as Merge does
// it.
func restoreIntro() string {
	return i18n.L("Restoring brings the entries of a backup into this journal. The entries you have now stay; where both have the same entry, the newer version is the one you see and the other is kept in its history.")
}

// restoreNewIntro says what restoring on first run does, as RestoreNew
// does it.
func restoreNewIntro() string {
	return i18n.L("Restoring makes your journal on this computer from a backup, with every entry and its history. You will need the backup's passphrase; then you choose a password for the journal here and get a new recovery key.")
}

// onRestore brings a backup's entries into the open journal.
func (b *backupUI) onRestore() {
	b.introduce(i18n.L("Restore from a backup"), restoreIntro(), i18n.L("Choose the backup…"), func() { b.chooseBackup(b.restoreFrom) },
		note(i18n.L("You will see what the backup holds before anything changes.")))
}

// restoreFrom reads the backup at path and shows what it holds, with a
// button to bring it in. Nothing changes until that button is pressed.
func (b *backupUI) restoreFrom(path string, pass []byte) {
	b.readBackup(path, pass, func() {
		b.status.SetText(describeBackup(b.contents))
		b.bringIn = &widget.Button{Text: i18n.L("Bring these in"), Importance: widget.HighImportance, OnTapped: b.onBringIn}
		body := container.NewVBox(b.status, note(i18n.L("The entries you have now stay. Where both have the same entry, the newer version is the one you see and the other is kept in its history: not a word is lost.")))
		b.show(i18n.L("Restore from a backup"), body, b.cancelButton(), b.bringIn)
	})
}

// onBringIn merges the backup read by restoreFrom into the journal.
func (b *backupUI) onBringIn() {
	v, c := b.sess.Vault(), b.contents
	if v == nil || c == nil {
		return
	}
	b.bringIn.Disable()
	b.status.SetText(i18n.L("Bringing them in…"))
	var rep vault.MergeReport
	b.run(func() error {
		var err error
		rep, err = v.Merge(c)
		return err
	}, func(err error) {
		b.dropContents()
		if errors.Is(err, vault.ErrUnfinished) {
			b.tell(i18n.L("Almost done"), i18n.L("Everything from the backup is saved. Lock your journal and open it again to finish bringing it in."))
			return
		}
		if err != nil {
			b.tell(i18n.L("The backup was not brought in"), i18n.L("The backup could not be brought in ({{.Reason}}). Your journal is as it was.", i18n.Data{"Reason": reason(err)}))
			return
		}
		msg := i18n.L("Done: {{.Added}} added, {{.Updated}} updated, {{.Kept}} kept as they were here, {{.Skipped}} already here.", i18n.Data{"Added": rep.Added, "Updated": rep.Updated, "Kept": rep.Kept, "Skipped": rep.Skipped})
		b.tell(i18n.L("Restored"), msg)
		b.say(msg)
		b.changed()
	})
}

// onRestoreNew makes the journal from a backup, on first run.
func (b *backupUI) onRestoreNew() {
	b.introduce(i18n.L("Restore your journal"), restoreNewIntro(), i18n.L("Choose the backup…"), func() { b.chooseBackup(b.restoreNewFrom) })
}

// restoreNewFrom reads the backup at path, then asks for the new journal's
// password.
func (b *backupUI) restoreNewFrom(path string, pass []byte) {
	b.readBackup(path, pass, func() {
		b.status.SetText(describeBackup(b.contents))
		b.newPass = newPasswordForm(false, b.escape)
		b.newPass.next.SetPlaceHolder(i18n.L("A password for your journal"))
		b.restore = &widget.Button{Text: i18n.L("Restore my journal"), Importance: widget.HighImportance, OnTapped: b.onRestoreNewJournal}
		items := append([]fyne.CanvasObject{b.status, paragraph(i18n.L("Choose a password for the journal on this computer. Your journal password from before is fine."))}, b.newPass.items()...)
		b.show(i18n.L("Restore your journal"), container.NewVBox(items...), b.cancelButton(), b.restore)
	})
}

// onRestoreNewJournal creates the vault from the backup read, then shows
// its new recovery key.
func (b *backupUI) onRestoreNewJournal() {
	pw, why := b.newPass.check()
	if why != "" {
		b.newPass.problem.SetText(why)
		return
	}
	c := b.contents
	if c == nil {
		return
	}
	password := []byte(pw)
	b.restore.Disable()
	b.newPass.problem.SetText(i18n.L("Restoring… this takes a moment."))
	var rk vault.RecoveryKey
	b.run(func() error {
		defer clear(password)
		var err error
		rk, err = b.sess.RestoreNew(c, password)
		return err
	}, func(err error) {
		if err != nil {
			b.restore.Enable()
			b.newPass.problem.SetText(i18n.L("Your journal could not be restored ({{.Reason}}). Nothing was kept; you can try again.", i18n.Data{"Reason": reason(err)}))
			return
		}
		b.dropContents()
		b.newPass.next.SetText("")
		b.newPass.confirm.SetText("")
		b.hide()
		b.restored(rk)
	})
}
