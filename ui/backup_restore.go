package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/backup"
	"tend/journal"
	"tend/vault"
)

// backupProblem says in one calm sentence why a backup could not be read.
func backupProblem(err error) string {
	switch {
	case errors.Is(err, backup.ErrPassphrase):
		return "That passphrase does not open this backup. Nothing was changed; you can try again."
	case errors.Is(err, backup.ErrNotABackup):
		return "That file is not a Tend backup. Nothing was changed."
	case errors.Is(err, backup.ErrNewer):
		return "This backup was made by a newer version of Tend. Nothing was changed; a newer Tend can open it."
	case errors.Is(err, backup.ErrDamaged):
		return "This backup is damaged or incomplete, so Tend left everything as it was. Another copy may be whole."
	default:
		return "That backup could not be read (" + reason(err) + "). Nothing was changed."
	}
}

// askPassphrase asks for an existing backup's passphrase, then calls open.
func (b *backupUI) askPassphrase(open func(pass []byte)) {
	pw := newEscPasswordEntry(b.escape)
	pw.SetPlaceHolder("The backup's passphrase")
	ok := &widget.Button{Text: "Open the backup", Importance: widget.HighImportance}
	ok.OnTapped = func() {
		pass := []byte(pw.Text)
		pw.SetText("")
		open(pass)
	}
	pw.OnSubmitted = func(string) { ok.OnTapped() }
	b.show("Open a backup", container.NewVBox(paragraph("Type the passphrase you chose when you made this backup."), pw), b.cancelButton(), ok)
	b.win.Canvas().Focus(pw)
}

// chooseBackup asks for a backup file and its passphrase, then calls read.
func (b *backupUI) chooseBackup(read func(path string, pass []byte)) {
	b.files.openFile("Choose the backup", []string{backupExt}, func(path string) {
		b.askPassphrase(func(pass []byte) { read(path, pass) })
	})
}

// readBackup reads and checks the backup at path off the UI goroutine,
// then calls then with it; a backup that cannot be read is said calmly.
func (b *backupUI) readBackup(path string, pass []byte, then func()) {
	b.dropContents()
	b.status.SetText("Opening the backup… this takes a moment.")
	busy := newBusyBar()
	startBusy(busy)
	b.show("Opening the backup", container.NewVBox(b.status, busy), widget.NewLabel(""))
	var c *backup.Contents
	b.run(func() error {
		defer clear(pass)
		var err error
		c, err = app.ReadBackupFile(path, pass)
		return err
	}, func(err error) {
		stopBusy(busy)
		if err != nil {
			b.tell("The backup was not opened", backupProblem(err))
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
	made := ""
	if !c.Manifest.Created.IsZero() {
		made = " It was made on " + c.Manifest.Created.Local().Format("2 January 2006") + "."
	}
	return "This backup holds " + entryCount(len(c.Entries)) + dateSpan(dates) + "." + made
}

// dateSpan is ", from X to Y" over some days, or "" when there are none.
func dateSpan(dates []journal.Date) string {
	var from, to journal.Date
	for _, d := range dates {
		if from.IsZero() || d.Compare(from) < 0 {
			from = d
		}
		if to.IsZero() || d.Compare(to) > 0 {
			to = d
		}
	}
	switch {
	case from.IsZero():
		return ""
	case from == to:
		return ", from " + spanDate(from)
	}
	return ", from " + spanDate(from) + " to " + spanDate(to)
}

// spanDate writes a day shortly, for a range: 23 November 2026.
func spanDate(d journal.Date) string { return d.Time().Format("2 January 2006") }

// restoreIntro says what restoring into this journal does, as Merge does
// it.
const restoreIntro = "Restoring brings the entries of a backup into this journal. The entries you have now stay; where both have the same entry, the newer version is the one you see and the other is kept in its history."

// restoreNewIntro says what restoring on first run does, as RestoreNew
// does it.
const restoreNewIntro = "Restoring makes your journal on this computer from a backup, with every entry and its history. You will need the backup's passphrase; then you choose a password for the journal here and get a new recovery key."

// onRestore brings a backup's entries into the open journal.
func (b *backupUI) onRestore() {
	b.introduce("Restore from a backup", restoreIntro, "Choose the backup…", func() { b.chooseBackup(b.restoreFrom) },
		note("You will see what the backup holds before anything changes."))
}

// restoreFrom reads the backup at path and shows what it holds, with a
// button to bring it in. Nothing changes until that button is pressed.
func (b *backupUI) restoreFrom(path string, pass []byte) {
	b.readBackup(path, pass, func() {
		b.status.SetText(describeBackup(b.contents))
		b.bringIn = &widget.Button{Text: "Bring these in", Importance: widget.HighImportance, OnTapped: b.onBringIn}
		body := container.NewVBox(b.status, note("The entries you have now stay. Where both have the same entry, the newer version is the one you see and the other is kept in its history: not a word is lost."))
		b.show("Restore from a backup", body, b.cancelButton(), b.bringIn)
	})
}

// onBringIn merges the backup read by restoreFrom into the journal.
func (b *backupUI) onBringIn() {
	v, c := b.sess.Vault(), b.contents
	if v == nil || c == nil {
		return
	}
	b.bringIn.Disable()
	b.status.SetText("Bringing them in…")
	var rep vault.MergeReport
	b.run(func() error {
		var err error
		rep, err = v.Merge(c)
		return err
	}, func(err error) {
		b.dropContents()
		if errors.Is(err, vault.ErrUnfinished) {
			b.tell("Almost done", "Everything from the backup is saved. Lock your journal and open it again to finish bringing it in.")
			return
		}
		if err != nil {
			b.tell("The backup was not brought in", "The backup could not be brought in ("+reason(err)+"). Your journal is as it was.")
			return
		}
		msg := fmt.Sprintf("Done: %d added, %d updated, %d kept as they were here, %d already here.", rep.Added, rep.Updated, rep.Kept, rep.Skipped)
		b.tell("Restored", msg)
		b.say(msg)
		b.changed()
	})
}

// onRestoreNew makes the journal from a backup, on first run.
func (b *backupUI) onRestoreNew() {
	b.introduce("Restore your journal", restoreNewIntro, "Choose the backup…", func() { b.chooseBackup(b.restoreNewFrom) })
}

// restoreNewFrom reads the backup at path, then asks for the new journal's
// password.
func (b *backupUI) restoreNewFrom(path string, pass []byte) {
	b.readBackup(path, pass, func() {
		b.status.SetText(describeBackup(b.contents))
		b.newPass = newPasswordForm(false, b.escape)
		b.newPass.next.SetPlaceHolder("A password for your journal")
		b.restore = &widget.Button{Text: "Restore my journal", Importance: widget.HighImportance, OnTapped: b.onRestoreNewJournal}
		items := append([]fyne.CanvasObject{b.status, paragraph("Choose a password for the journal on this computer. Your journal password from before is fine.")}, b.newPass.items()...)
		b.show("Restore your journal", container.NewVBox(items...), b.cancelButton(), b.restore)
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
	b.newPass.problem.SetText("Restoring… this takes a moment.")
	var rk vault.RecoveryKey
	b.run(func() error {
		defer clear(password)
		var err error
		rk, err = b.sess.RestoreNew(c, password)
		return err
	}, func(err error) {
		if err != nil {
			b.restore.Enable()
			b.newPass.problem.SetText("Your journal could not be restored (" + reason(err) + "). Nothing was kept; you can try again.")
			return
		}
		b.dropContents()
		b.newPass.next.SetText("")
		b.newPass.confirm.SetText("")
		b.hide()
		b.restored(rk)
	})
}
