package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
)

// Settings offers one "Back up now", and it is the automatic backup taken
// at once: it asks nothing, and what it makes opens with the password or
// the recovery key the person already keeps. A backup file with its own
// passphrase is a different thing, made for another disk or another
// computer, and is named for what it is: "Save a backup file".

// snapshotCard is the automatic backups' part of Settings: when the last
// one was taken, where they are kept, and "Back up now".
func (s *settingsScreen) snapshotCard() fyne.CanvasObject {
	s.backUpNow = &widget.Button{Text: i18n.L("Back up now"), OnTapped: s.onSnapshotNow}
	return card(i18n.L("Automatic backups"), i18n.L("Once a day, when your journal locks, Tend saves a locked copy of it. A copy opens with the password or recovery key you had when it was taken, so your words stay safe even if the journal's own folder is lost."),
		container.NewVBox(s.lastSnap,
			flow(s.backUpNow, &widget.Button{Text: i18n.L("Choose the folder…"), OnTapped: s.onSnapshotFolder})))
}

// backupCard is the part of Settings for backup files, exports and
// imports.
func (s *settingsScreen) backupCard() fyne.CanvasObject {
	return card(i18n.L("Backup files and exports"), i18n.L("A backup file is a locked copy of your whole journal with a passphrase of its own, to keep on another disk or take to another computer. An export is a plain, readable copy for other apps."),
		flow(
			&widget.Button{Text: i18n.L("Save a backup file…"), OnTapped: s.backups.onBackup},
			&widget.Button{Text: i18n.L("Restore from a backup…"), OnTapped: s.backups.onRestore},
			&widget.Button{Text: i18n.L("Export…"), OnTapped: s.backups.onExport},
			&widget.Button{Text: i18n.L("Import…"), OnTapped: s.backups.onImport},
		))
}

// showLastSnapshot says when the last automatic backup was taken, and where.
func (s *settingsScreen) showLastSnapshot() {
	dir := s.u.sess.SnapshotDir()
	switch last, ok := s.u.sess.LastSnapshot(); {
	case s.u.sess.LastSnapshotError() != nil:
		s.lastSnap.SetText(i18n.L("The last backup didn't work ({{.Reason}}). Your journal itself is fine; Back up now tries again. Backups are kept in {{.Folder}}.", i18n.Data{"Reason": reason(s.u.sess.LastSnapshotError()), "Folder": dir}))
	case ok:
		when := i18n.Date(last.Taken, "Monday 2 January 2006 at 15:04")
		if last.Taken.Hour() == 1 {
			// The one o'clock hour, which some languages say apart.
			when = i18n.Date(last.Taken, "date.at.one")
		}
		if last.DayOnly {
			when = i18n.Date(last.Taken, "Monday 2 January 2006")
		}
		s.lastSnap.SetText(i18n.L("The last backup was taken on {{.When}}. Backups are kept in {{.Folder}}.", i18n.Data{"When": when, "Folder": dir}))
	default:
		s.lastSnap.SetText(i18n.L("No backup yet. The first is taken when you next lock, or now with Back up now, and kept in {{.Folder}}.", i18n.Data{"Folder": dir}))
	}
}

// onSnapshotNow takes the automatic backup at once.
func (s *settingsScreen) onSnapshotNow() {
	s.backUpNow.Disable()
	s.lastSnap.SetText(i18n.L("Backing up…"))
	s.u.background(func() error {
		_, err := s.u.sess.SnapshotNow()
		return err
	}, func(err error) {
		s.backUpNow.Enable()
		if err != nil {
			s.lastSnap.SetText(i18n.L("That backup didn't work ({{.Reason}}). Your journal itself is fine; you can try again.", i18n.Data{"Reason": reason(err)}))
			return
		}
		s.showLastSnapshot()
		s.u.toast(i18n.L("Backed up. The copy holds your journal as it is now."), nil)
	})
}

func (s *settingsScreen) onSnapshotFolder() {
	newFilePicker(s.u.win, func() bool { return s.u.inline }).openFolder(i18n.L("Choose a folder for automatic backups"), s.setSnapshotFolder)
}

// setSnapshotFolder uses dir for automatic backups from now on.
func (s *settingsScreen) setSnapshotFolder(dir string) {
	s.u.settings.SetSnapshotDir(dir)
	s.u.sess.UseSnapshotDir(dir)
	s.showLastSnapshot()
}
