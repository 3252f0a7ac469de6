package ui

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"syscall"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/backup"
	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// exportWarning is said before every plain export, in these words.
const exportWarning = "This copy is not encrypted. Anyone who can open the file can read it."

// importChoices are the import sources, as the person sees them.
var importChoices = []struct {
	label  string
	src    plain.Source
	folder bool     // chosen with a folder dialog rather than a file dialog
	exts   []string // the files the file dialog offers
}{
	{"Day One (zip or JSON)", plain.FromDayOne, false, []string{".zip", ".json"}},
	{"jrnl (JSON export)", plain.FromJrnl, false, []string{".json"}},
	{"A folder of Markdown files", plain.FromMarkdown, true, nil},
	{"Tend JSON export", plain.FromJSON, false, []string{".json"}},
}

// backupExt ends the name of every backup file Tend makes.
const backupExt = ".tend-backup"

// backupUI is the way in and out of the journal: encrypted backups, restoring
// them (into this journal, or as a new one on first run), plain exports and
// imports. Each action asks in a dialog, then runs its work off the UI
// goroutine; the inner steps take paths so tests need no file dialogs.
type backupUI struct {
	u *UI

	// shown is the dialog on screen now, if any.
	shown dialog.Dialog
	// status is the latest calm sentence about the action under way.
	status *widget.Label
	// progress is fed by a backup's progress callback.
	progress *widget.ProgressBar

	// contents is a backup read and checked, waiting for "Bring these in"
	// (or, on first run, for a new password).
	contents *backup.Contents
	bringIn  *widget.Button
	// newPass and restore make a new journal from contents on first run.
	newPass *passwordForm
	restore *widget.Button

	// saveDir and saveName are where a backup or an export goes;
	// saveBtn takes them. replaceBtn agrees to replace a file already
	// there.
	saveDir    string
	saveName   *widget.Entry
	saveBtn    *widget.Button
	replaceBtn *widget.Button

	// exportFormat is chosen in the warning dialog.
	exportFormat *widget.RadioGroup
	// importSource is chosen before the file; plan waits for "Import these".
	importSource *widget.Select
	plan         *plain.Plan
	applyBtn     *widget.Button
}

func newBackupUI(u *UI) *backupUI {
	b := &backupUI{u: u, status: note(""), progress: widget.NewProgressBar()}
	b.status.Importance = widget.MediumImportance
	return b
}

// show replaces the dialog on screen with a new one.
func (b *backupUI) show(title string, content fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	b.hide()
	d := dialog.NewCustomWithoutButtons(title, content, b.u.win)
	if len(buttons) == 0 {
		buttons = []fyne.CanvasObject{&widget.Button{Text: "Close", OnTapped: b.hide}}
	}
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(460, 0))
	b.shown = d
	d.Show()
}

func (b *backupUI) hide() {
	if b.shown != nil {
		b.shown.Hide()
		b.shown = nil
	}
}

// tell shows one calm sentence in a dialog of its own.
func (b *backupUI) tell(title, msg string) {
	b.status.SetText(msg)
	b.show(title, container.NewVBox(paragraph(msg)))
}

// cancelButton closes the dialog on screen.
func (b *backupUI) cancelButton() *widget.Button {
	return &widget.Button{Text: "Cancel", OnTapped: b.hide}
}

// onBackup asks for the backup's passphrase twice, then where to save it.
func (b *backupUI) onBackup() {
	f := newPasswordForm(false)
	f.next.SetPlaceHolder("A passphrase for this backup")
	f.confirm.SetPlaceHolder("The same passphrase once more")
	next := &widget.Button{Text: "Choose where to save…", Importance: widget.HighImportance}
	next.OnTapped = func() {
		pass, why := f.check()
		if why != "" {
			f.problem.SetText(strings.ReplaceAll(why, "password", "passphrase"))
			return
		}
		f.next.SetText("")
		f.confirm.SetText("")
		b.hide()
		b.chooseBackupFile([]byte(pass))
	}
	items := append([]fyne.CanvasObject{
		paragraph("The backup is encrypted with a passphrase. Your journal password is fine; without the passphrase nobody can open the backup, not even you."),
	}, f.items()...)
	b.show("Back up your journal", container.NewVBox(items...), b.cancelButton(), next)
}

// chooseBackupFile asks where the backup goes, then writes it.
func (b *backupUI) chooseBackupFile(pass []byte) {
	b.chooseSavePath("Where should the backup go?", "tend-"+b.u.now().Format("2006-01-02")+backupExt,
		func(path string) { b.backupTo(path, pass) },
		func() { clear(pass) })
}

// chooseSavePath asks for a file name and a folder, then calls then with
// the path, or cancel when the person steps back. Tend asks here rather
// than through the toolkit's save dialog because that dialog creates or
// empties the chosen file before handing it over: a file it replaced would
// be gone even if the backup then failed or the person changed their mind.
func (b *backupUI) chooseSavePath(title, name string, then func(path string), cancel func()) {
	if b.saveDir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			b.saveDir = home
		}
	}
	b.saveName = &widget.Entry{Text: name}
	where := note("In the folder " + filepath.Base(b.saveDir))
	folder := &widget.Button{Text: "Choose a folder…"}
	folder.OnTapped = func() {
		b.u.showFileDialog(dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				b.saveDir = dir.Path()
				where.SetText("In the folder " + filepath.Base(b.saveDir))
			}
		}, b.u.win), "Choose a folder", nil)
	}
	b.saveBtn = &widget.Button{Text: "Save here", Importance: widget.HighImportance}
	b.saveBtn.OnTapped = func() {
		n := strings.TrimSpace(b.saveName.Text)
		if n == "" || n != filepath.Base(n) || b.saveDir == "" {
			where.SetText("Give the file a name (without a folder in it) and choose a folder.")
			return
		}
		b.hide()
		then(filepath.Join(b.saveDir, n))
	}
	back := &widget.Button{Text: "Cancel", OnTapped: func() {
		b.hide()
		if cancel != nil {
			cancel()
		}
	}}
	// Return in the name saves, as in any save dialog.
	b.saveName.OnSubmitted = func(string) { b.saveBtn.OnTapped() }
	b.show(title, container.NewVBox(&widget.Label{Text: "File name", TextStyle: fyne.TextStyle{Bold: true}}, b.saveName, where, container.NewHBox(folder)), back, b.saveBtn)
	b.u.win.Canvas().Focus(b.saveName)
}

// mayReplace calls write at once when nothing is at path yet. When a file
// is there, it asks first, naming only the file, and writes only on a yes;
// a folder is never written over. cancel runs when nothing will be written.
func (b *backupUI) mayReplace(path string, write, cancel func()) {
	name := filepath.Base(path)
	t, err := app.ExistingTarget(path)
	switch {
	case err != nil:
		cancel()
		b.tell("Nothing was written", "Tend could not look at that place ("+reason(err)+"). Nothing was changed; you can choose another.")
		return
	case t == app.TargetNew:
		write()
		return
	case t == app.TargetFolder:
		cancel()
		b.tell("Nothing was written", "There is a folder named “"+name+"” there, so Tend left it alone. You can choose another name.")
		return
	}
	b.status.SetText("There is already a file named “" + name + "” there. Replace it? What it holds now will be gone.")
	b.replaceBtn = &widget.Button{Text: "Replace it", Importance: widget.WarningImportance, OnTapped: func() {
		b.hide()
		write()
	}}
	keep := &widget.Button{Text: "Keep it", OnTapped: func() {
		b.hide()
		cancel()
	}}
	b.show("Replace "+name+"?", container.NewVBox(b.status), keep, b.replaceBtn)
}

// backupTo writes a backup to path with a progress bar, and says how it
// went; a file already at path is replaced only when the person says so.
// It wipes pass when done.
func (b *backupUI) backupTo(path string, pass []byte) {
	b.mayReplace(path, func() { b.writeBackup(path, pass) }, func() { clear(pass) })
}

// writeBackup writes a backup to path, agreed to replace whatever is there.
func (b *backupUI) writeBackup(path string, pass []byte) {
	b.progress.SetValue(0)
	b.status.SetText("Backing up…")
	b.show("Backing up", container.NewVBox(b.status, b.progress), widget.NewLabel(""))
	var m backup.Manifest
	b.u.background(func() error {
		defer clear(pass)
		var err error
		m, err = b.u.sess.Backup(path, pass, func(done, total int) {
			if total > 0 {
				fyne.Do(func() { b.progress.SetValue(float64(done) / float64(total)) })
			}
		})
		return err
	}, func(err error) {
		b.hide()
		if err != nil {
			b.tell("The backup was not made", "The backup could not be made ("+reason(err)+"). Your journal is as it was; you can try again, perhaps somewhere else.")
			return
		}
		msg := fmt.Sprintf("Backed up %s to %s.", entryCount(m.Counts.Entries), filepath.Base(path))
		if len(m.LeftOut) > 0 {
			b.tell("The backup is made, with a few things left out", msg+" "+leftOutSentence(m.LeftOut))
			return
		}
		b.status.SetText(msg)
		b.u.toast(msg, nil)
	})
}

// leftOutSentence says calmly what a backup or export left out because it
// could not be read, and what to do next.
func leftOutSentence(left []journal.Damage) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s could not be read, so %s left out; everything else is in it.",
		plural(len(left), "One damaged record", "damaged records"), map[bool]string{true: "it was", false: "they were"}[len(left) == 1])
	for i, d := range left {
		if i == 5 {
			fmt.Fprintf(&b, "\n… and %d more.", len(left)-i)
			break
		}
		if d.Record == "body" && strings.HasPrefix(d.Problem, "the text of ") {
			fmt.Fprintf(&b, "\n• %s", strings.TrimSuffix(d.Problem, ", so it was left out"))
		} else {
			fmt.Fprintf(&b, "\n• a %s record", d.Record)
		}
	}
	b.WriteString("\nSettings › Check my journal names the damage and offers to rescue the rest.")
	return b.String()
}

// entryCount is "1 entry" or "n entries".
func entryCount(n int) string {
	if n == 1 {
		return "1 entry"
	}
	return fmt.Sprintf("%d entries", n)
}

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
	pw := widget.NewPasswordEntry()
	pw.SetPlaceHolder("The backup's passphrase")
	ok := &widget.Button{Text: "Open the backup", Importance: widget.HighImportance}
	ok.OnTapped = func() {
		pass := []byte(pw.Text)
		pw.SetText("")
		open(pass)
	}
	pw.OnSubmitted = func(string) { ok.OnTapped() }
	b.show("Open a backup", container.NewVBox(paragraph("Type the passphrase you chose when you made this backup."), pw), b.cancelButton(), ok)
	b.u.win.Canvas().Focus(pw)
}

// chooseBackup asks for a backup file and its passphrase, then calls read.
func (b *backupUI) chooseBackup(read func(path string, pass []byte)) {
	d := dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		b.askPassphrase(func(pass []byte) { read(path, pass) })
	}, b.u.win)
	b.u.showFileDialog(d, "Choose the backup", []string{backupExt})
}

// readBackup reads and checks the backup at path off the UI goroutine,
// then calls then with it; a backup that cannot be read is said calmly.
func (b *backupUI) readBackup(path string, pass []byte, then func()) {
	b.contents = nil
	b.status.SetText("Opening the backup… this takes a moment.")
	busy := newBusyBar()
	startBusy(busy)
	b.show("Opening the backup", container.NewVBox(b.status, busy), widget.NewLabel(""))
	var c *backup.Contents
	b.u.background(func() error {
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

// onRestore brings a backup's entries into the open journal.
func (b *backupUI) onRestore() { b.chooseBackup(b.restoreFrom) }

// restoreFrom reads the backup at path and shows what it holds, with a
// button to bring it in. Nothing changes until that button is pressed.
func (b *backupUI) restoreFrom(path string, pass []byte) {
	b.readBackup(path, pass, func() {
		b.status.SetText(describeBackup(b.contents))
		b.bringIn = &widget.Button{Text: "Bring these in", Importance: widget.HighImportance, OnTapped: b.onBringIn}
		body := container.NewVBox(b.status, note("Entries already here are kept. Where the two differ, the newer version comes first and the other stays in the entry's history: not a word is lost."))
		b.show("Restore from a backup", body, b.cancelButton(), b.bringIn)
	})
}

// onBringIn merges the backup read by restoreFrom into the journal.
func (b *backupUI) onBringIn() {
	v, c := b.u.vault(), b.contents
	if v == nil || c == nil {
		return
	}
	b.bringIn.Disable()
	b.status.SetText("Bringing them in…")
	var rep vault.MergeReport
	b.u.background(func() error {
		var err error
		rep, err = v.Merge(c)
		return err
	}, func(err error) {
		b.contents = nil
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
		b.u.toast(msg, nil)
		if s := b.u.shell; s != nil {
			s.screens[s.current].refresh()
		}
	})
}

// onRestoreNew makes the journal from a backup, on first run.
func (b *backupUI) onRestoreNew() { b.chooseBackup(b.restoreNewFrom) }

// restoreNewFrom reads the backup at path, then asks for the new journal's
// password.
func (b *backupUI) restoreNewFrom(path string, pass []byte) {
	b.readBackup(path, pass, func() {
		b.status.SetText(describeBackup(b.contents))
		b.newPass = newPasswordForm(false)
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
	b.u.background(func() error {
		defer clear(password)
		var err error
		rk, err = b.u.sess.RestoreNew(c, password)
		return err
	}, func(err error) {
		if err != nil {
			b.restore.Enable()
			b.newPass.problem.SetText("Your journal could not be restored (" + reason(err) + "). Nothing was kept; you can try again.")
			return
		}
		b.contents = nil
		b.newPass.next.SetText("")
		b.newPass.confirm.SetText("")
		b.hide()
		b.u.showRecoveryKey(rk)
	})
}

// onExport warns that a plain export is not encrypted, then asks for the
// format and where to write it.
func (b *backupUI) onExport() {
	b.exportFormat = widget.NewRadioGroup([]string{"Markdown (one file per entry)", "JSON (one file, everything)"}, nil)
	b.exportFormat.SetSelected("Markdown (one file per entry)")
	warn := &widget.Label{Text: exportWarning, Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true}}
	next := &widget.Button{Text: "I understand, continue…", Importance: widget.HighImportance}
	next.OnTapped = func() {
		b.hide()
		if strings.HasPrefix(b.exportFormat.Selected, "JSON") {
			b.chooseExportFile()
		} else {
			b.chooseExportFolder()
		}
	}
	body := container.NewVBox(warn,
		paragraph("An export is for reading your journal in other apps or moving it elsewhere. To keep a safe copy, make a backup instead."),
		b.exportFormat)
	b.show("A plain copy of your journal", body, b.cancelButton(), next)
}

func (b *backupUI) chooseExportFile() {
	b.chooseSavePath("Where should the export go?", "tend-export-"+b.u.now().Format("2006-01-02")+".json",
		func(path string) { b.exportTo(path, plain.JSON) }, nil)
}

func (b *backupUI) chooseExportFolder() {
	b.u.showFileDialog(dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err != nil || dir == nil {
			return
		}
		b.exportTo(filepath.Join(dir.Path(), "Tend export "+b.u.now().Format("2006-01-02")), plain.Markdown)
	}, b.u.win), "Choose where the export goes", nil)
}

// exportTo writes a plain export to out and says how it went. A file
// already at out is replaced only when the person says so; a Markdown
// export always makes a new folder.
func (b *backupUI) exportTo(out string, format plain.Format) {
	if format == plain.Markdown && !strings.EqualFold(filepath.Ext(out), ".zip") {
		if t, err := app.ExistingTarget(out); err == nil && t != app.TargetNew {
			b.tell("Nothing was exported", "There is already something named “"+filepath.Base(out)+"” there, so Tend left it alone. You can choose another folder.")
			return
		}
		b.writeExport(out, format)
		return
	}
	b.mayReplace(out, func() { b.writeExport(out, format) }, func() {})
}

// writeExport writes a plain export to out, agreed to replace whatever is
// there.
func (b *backupUI) writeExport(out string, format plain.Format) {
	v := b.u.vault()
	if v == nil {
		return
	}
	var res vault.ExportResult
	b.u.background(func() error {
		var err error
		res, err = v.ExportToPath(out, format, vault.ExportOptions{})
		return err
	}, func(err error) {
		if err != nil {
			b.tell("Nothing was exported", "The export could not be written ("+reason(err)+"). Nothing was left behind; you can try again.")
			return
		}
		msg := fmt.Sprintf("Exported %s to %s. Keep it somewhere private.", entryCount(res.Entries), filepath.Base(out))
		if len(res.LeftOut) > 0 {
			b.tell("The export is made, with a few things left out", msg+" "+leftOutSentence(res.LeftOut))
			return
		}
		b.status.SetText(msg)
		b.u.toast(msg, nil)
	})
}

// onImport asks where the entries come from, then for the file or folder.
func (b *backupUI) onImport() {
	var labels []string
	for _, c := range importChoices {
		labels = append(labels, c.label)
	}
	b.importSource = widget.NewSelect(labels, nil)
	b.importSource.SetSelected(labels[0])
	next := &widget.Button{Text: "Choose…", Importance: widget.HighImportance}
	next.OnTapped = func() {
		for _, c := range importChoices {
			if c.label == b.importSource.Selected {
				b.hide()
				b.chooseImport(c.src, c.folder, c.exts)
			}
		}
	}
	body := container.NewVBox(paragraph("Bring entries in from another journal. You will see what is there before anything is written."), b.importSource)
	b.show("Import entries", body, b.cancelButton(), next)
}

func (b *backupUI) chooseImport(src plain.Source, folder bool, exts []string) {
	if folder {
		b.u.showFileDialog(dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				b.previewImport(src, dir.Path())
			}
		}, b.u.win), "Choose the folder to import", nil)
		return
	}
	b.u.showFileDialog(dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		b.previewImport(src, path)
	}, b.u.win), "Choose the file to import", exts)
}

// previewImport reads the source at path and shows what importing it would
// do, with a button to go ahead. Nothing is written before that.
func (b *backupUI) previewImport(src plain.Source, path string) {
	v := b.u.vault()
	if v == nil {
		return
	}
	b.plan = nil
	var plan *plain.Plan
	present := 0
	b.u.background(func() error {
		var err error
		if plan, err = plain.Read(src, path); err != nil {
			return err
		}
		present, err = v.PresentCount(plan)
		return err
	}, func(err error) {
		if err != nil {
			b.tell("Nothing was imported", "Tend could not read that: "+reason(err)+". Nothing was imported.")
			return
		}
		b.plan = plan
		b.status.SetText(describeImport(plan, present))
		b.applyBtn = &widget.Button{Text: "Import these", Importance: widget.HighImportance, OnTapped: b.onApplyImport}
		if len(plan.Entries) == present {
			b.applyBtn.Disable()
		}
		b.show("Import entries", container.NewVBox(b.status), b.cancelButton(), b.applyBtn)
	})
}

// describeImport says what an import would bring in.
func describeImport(p *plain.Plan, present int) string {
	var dates []journal.Date
	for _, e := range p.Entries {
		dates = append(dates, e.Date)
	}
	msg := "Found " + entryCount(len(p.Entries)) + dateSpan(dates) + "."
	if present > 0 {
		msg += fmt.Sprintf(" %d of them are already in your journal and will be left as they are.", present)
	}
	if n := len(p.Skipped); n > 0 {
		msg += fmt.Sprintf(" %d will be left out", n)
		if n <= 3 {
			var why []string
			for _, s := range p.Skipped {
				why = append(why, s.Item+": "+s.Reason)
			}
			msg += " (" + strings.Join(why, "; ") + ")"
		}
		msg += "."
	}
	if p.Media > 0 {
		msg += fmt.Sprintf(" %d photos or attachments are not brought in.", p.Media)
	}
	return msg
}

// onApplyImport writes the previewed plan.
func (b *backupUI) onApplyImport() {
	v, p := b.u.vault(), b.plan
	if v == nil || p == nil {
		return
	}
	b.applyBtn.Disable()
	var rep vault.ImportReport
	b.u.background(func() error {
		var err error
		rep, err = v.ApplyImport(p)
		return err
	}, func(err error) {
		b.plan = nil
		if errors.Is(err, vault.ErrUnfinished) {
			b.tell("Almost done", "The entries are saved. Lock your journal and open it again to finish bringing them in.")
			return
		}
		if err != nil {
			b.tell("Nothing was imported", "The entries could not be written ("+reason(err)+"). Nothing was imported.")
			return
		}
		b.hide()
		msg := "Imported " + entryCount(rep.Added) + "."
		if rep.AlreadyHere > 0 {
			msg += fmt.Sprintf(" %d were already here.", rep.AlreadyHere)
		}
		b.status.SetText(msg)
		b.u.toast(msg, nil)
		if s := b.u.shell; s != nil {
			s.screens[s.current].refresh()
		}
	})
}

// reason puts an error into a few plain words for a sentence shown to the
// person: the common causes by name, and never a file path.
func reason(err error) string {
	switch {
	case errors.Is(err, syscall.ENOSPC):
		return "the disk is full"
	case errors.Is(err, fs.ErrPermission):
		return "Tend isn't allowed to use that place"
	case errors.Is(err, fs.ErrNotExist):
		return "that file or folder is no longer there"
	case errors.Is(err, vault.ErrRecordTooLarge), errors.Is(err, journal.ErrTooBig):
		return "one entry in it is larger than the journal can hold"
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}
