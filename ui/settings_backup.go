package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"
)

// snapshotCard is the automatic backups' part of Settings.
func (s *settingsScreen) snapshotCard() fyne.CanvasObject {
	return card("Automatic backups", "Once a day, when the journal locks, Tend keeps a locked copy of it that opens with your password or recovery key, so your words are safe even if this computer's journal folder is lost.",
		container.NewVBox(s.lastSnap,
			flow(
				&widget.Button{Text: "Take one now", OnTapped: s.onSnapshotNow},
				&widget.Button{Text: "Choose a folder…", OnTapped: s.onSnapshotFolder},
			)))
}

// backupCard is the part of Settings for backup files, exports and
// imports.
func (s *settingsScreen) backupCard() fyne.CanvasObject {
	return card("Backups and exports", "A backup is a locked copy you can bring back later. An export is a plain, readable copy for other apps.",
		flow(
			&widget.Button{Text: "Back up now…", OnTapped: s.backups.onBackup},
			&widget.Button{Text: "Restore from a backup…", OnTapped: s.backups.onRestore},
			&widget.Button{Text: "Export…", OnTapped: s.backups.onExport},
			&widget.Button{Text: "Import…", OnTapped: s.backups.onImport},
		))
}

// showLastSnapshot says when the last automatic backup was taken, and where.
func (s *settingsScreen) showLastSnapshot() {
	dir := s.u.sess.SnapshotDir()
	switch t, ok := s.u.sess.LastSnapshot(); {
	case s.u.sess.LastSnapshotError() != nil:
		s.lastSnap.SetText("The last automatic backup didn't work (" + s.u.sess.LastSnapshotError().Error() + "). Your journal itself is fine. Backups are kept in " + dir)
	case ok:
		s.lastSnap.SetText("Last automatic backup: " + t.Format("Monday 2 January 2006, 15:04") + ". Backups are kept in " + dir)
	default:
		s.lastSnap.SetText("No automatic backup yet. The first is made when you next lock, and kept in " + dir)
	}
}

func (s *settingsScreen) onSnapshotNow() {
	s.lastSnap.SetText("Backing up…")
	s.u.background(func() error {
		_, err := s.u.sess.SnapshotNow()
		return err
	}, func(err error) {
		if err != nil {
			s.lastSnap.SetText("That backup didn't work (" + err.Error() + "). Your journal itself is fine.")
			return
		}
		s.showLastSnapshot()
	})
}

func (s *settingsScreen) onSnapshotFolder() {
	newFilePicker(s.u.win).openFolder("Choose a folder for automatic backups", s.setSnapshotFolder)
}

// setSnapshotFolder uses dir for automatic backups from now on.
func (s *settingsScreen) setSnapshotFolder(dir string) {
	s.u.settings.SetSnapshotDir(dir)
	s.u.sess.UseSnapshotDir(dir)
	s.showLastSnapshot()
}
