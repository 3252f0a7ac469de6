package ui

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/backup"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// backupExt ends the name of every backup file Tend makes.
const backupExt = ".tend-backup"

// backupUI is the way in and out of the journal: encrypted backups, restoring
// them (into this journal, or as a new one on first run), plain exports and
// imports. Each action asks in a dialog, then runs its work off the UI
// goroutine; the inner steps take paths so tests need no file dialogs.
type backupUI struct {
	sess  *app.Session
	win   fyne.Window
	files *filePicker
	// run runs a job off the UI goroutine, then done on it.
	run func(job func() error, done func(error))
	// say shows a quiet confirmation at the foot of the window.
	say func(msg string)
	// changed tells the screen on show, and the sidebar's journals, that
	// entries (and perhaps journals) came in.
	changed func()
	// into is the journal an import puts the entries its file gives no
	// journal: the one the sidebar shows.
	into func() journal.JournalID
	// restored shows the recovery key of the journal made from a backup
	// on first run.
	restored func(vault.RecoveryKey)
	// now is the clock that dates the names of new files.
	now func() time.Time
	// gate asks for the journal's password before a backup file or a
	// plain export is written.
	gate *passwordGate
	// present shows a dialog so Escape closes it; escape is what Escape
	// in one of its password fields does.
	present func(dialog.Dialog)
	escape  func() bool

	// shown is the dialog on screen now, if any.
	shown dialog.Dialog
	// status is the latest calm sentence about the action under way.
	status *widget.Label
	// progress is fed by a backup's progress callback.
	progress *widget.ProgressBar

	// choose goes on from the sentence that opens every action to the
	// file or folder dialog.
	choose *widget.Button

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
	importSource *widget.RadioGroup
	plan         *plain.Plan
	applyBtn     *widget.Button
}

// newBackupUI gives the backup screens the session, the window and what
// they call back in the rest of the app.
func newBackupUI(u *UI) *backupUI {
	b := &backupUI{
		sess:  u.sess,
		win:   u.win,
		files: newFilePicker(u.win, func() bool { return u.inline }),
		run:   u.background,
		say:   func(msg string) { u.toast(msg, nil) },
		changed: func() {
			if s := u.shell; s != nil {
				s.journals.load()
				s.screens[s.current].refresh()
			}
		},
		into:     u.homeJournal,
		restored: u.showRecoveryKey,
		now:      func() time.Time { return u.now() },
		status:   note(""),
		progress: widget.NewProgressBar(),
	}
	b.status.Importance = widget.MediumImportance
	b.gate = u.gate
	b.present, b.escape = u.present, u.escape
	return b
}

// show replaces the dialog on screen with a new one.
func (b *backupUI) show(title string, content fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	b.showSized(title, 460, content, buttons...)
}

// showWide is show for a dialog with a list in it, as wide as fits.
func (b *backupUI) showWide(title string, content fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	b.showSized(title, min(600, b.win.Canvas().Size().Width*0.9), content, buttons...)
}

func (b *backupUI) showSized(title string, width float32, content fyne.CanvasObject, buttons ...fyne.CanvasObject) {
	b.hide()
	d := dialog.NewCustomWithoutButtons(title, content, b.win)
	if len(buttons) == 0 {
		buttons = []fyne.CanvasObject{&widget.Button{Text: i18n.L("Close"), OnTapped: b.hide}}
	}
	d.SetButtons(buttons)
	d.Resize(fyne.NewSize(width, 0))
	b.shown = d
	b.present(d)
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

// introduce opens an action: a sentence or two saying what will happen,
// anything to decide first (more), and a button, labelled label, that goes
// on to choose the file. No file dialog opens before the person has read
// what it is for.
func (b *backupUI) introduce(title, what, label string, choose func(), more ...fyne.CanvasObject) {
	b.choose = &widget.Button{Text: label, Importance: widget.HighImportance, OnTapped: func() {
		b.hide()
		choose()
	}}
	b.show(title, container.NewVBox(append([]fyne.CanvasObject{saying(what)}, more...)...), b.cancelButton(), b.choose)
}

// saying is a dialog's text, wrapped and read from the left like a letter:
// a few centred lines are harder to read than a short paragraph.
func saying(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}

// cancelButton closes the dialog on screen.
func (b *backupUI) cancelButton() *widget.Button {
	return &widget.Button{Text: i18n.L("Cancel"), OnTapped: b.hide}
}

// backupIntro says what a backup file is, as Backup writes it.
func backupIntro() string {
	return i18n.L("A backup file holds your whole journal, every entry with its history, locked with a passphrase you choose now. Keep it on another disk, or take it to another computer.")
}

// onBackup asks for the journal's password, then says what a backup file
// is and asks for its passphrase twice, then where to save it.
func (b *backupUI) onBackup() {
	b.gate.ask(i18n.L("Save a backup file"), i18n.L("A backup file holds your whole journal and opens with a passphrase chosen now. To be sure it is you, type your journal's password first."), i18n.L("Continue"), b.askBackupPassphrase, nil)
}

// askBackupPassphrase asks for the new backup's passphrase twice, then
// where to save it.
func (b *backupUI) askBackupPassphrase() {
	f := newPasswordForm(false, b.escape)
	f.next.SetPlaceHolder(i18n.L("A passphrase for this backup"))
	f.confirm.SetPlaceHolder(i18n.L("The same passphrase once more"))
	next := &widget.Button{Text: i18n.L("Choose where to save…"), Importance: widget.HighImportance}
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
		saying(backupIntro()),
		note(i18n.L("Your journal password is fine as the passphrase. Without it nobody can open the backup, not even you.")),
	}, f.items()...)
	b.show(i18n.L("Save a backup file"), container.NewVBox(items...), b.cancelButton(), next)
}

// chooseBackupFile asks where the backup goes, then writes it.
func (b *backupUI) chooseBackupFile(pass []byte) {
	b.chooseSavePath(i18n.L("Where should the backup go?"), "tend-"+b.now().Format("2006-01-02")+backupExt, backupExt,
		func(path string) { b.backupTo(path, pass) },
		func() { clear(pass) })
}

// chooseSavePath asks where to save a file named name (ending in ext),
// with the desktop's own dialog where there is one, then calls then with
// the path, or cancel when the person steps back.
func (b *backupUI) chooseSavePath(title, name, ext string, then func(path string), cancel func()) {
	b.files.saveFile(title, name, []string{ext}, func() { b.askSavePath(title, name, then, cancel) }, then, func() {
		if cancel != nil {
			cancel()
		}
	})
}

// askSavePath asks for a file name and a folder in a dialog of Tend's own,
// then calls then with the path, or cancel when the person steps back.
// Tend asks here rather than through the toolkit's save dialog because
// that dialog creates or empties the chosen file before handing it over:
// a file it replaced would be gone even if the backup then failed or the
// person changed their mind.
func (b *backupUI) askSavePath(title, name string, then func(path string), cancel func()) {
	if b.saveDir == "" {
		if home, err := os.UserHomeDir(); err == nil {
			b.saveDir = home
		}
	}
	b.saveName = &widget.Entry{Text: name}
	where := note(i18n.L("In the folder {{.Folder}}", i18n.Data{"Folder": filepath.Base(b.saveDir)}))
	folder := &widget.Button{Text: i18n.L("Choose a folder…")}
	folder.OnTapped = func() {
		b.files.openFolder(i18n.L("Choose a folder"), func(dir string) {
			b.saveDir = dir
			where.SetText(i18n.L("In the folder {{.Folder}}", i18n.Data{"Folder": filepath.Base(b.saveDir)}))
		})
	}
	b.saveBtn = &widget.Button{Text: i18n.L("Save here"), Importance: widget.HighImportance}
	b.saveBtn.OnTapped = func() {
		n := strings.TrimSpace(b.saveName.Text)
		if n == "" || n != filepath.Base(n) || b.saveDir == "" {
			where.SetText(i18n.L("Give the file a name (without a folder in it) and choose a folder."))
			return
		}
		b.hide()
		then(filepath.Join(b.saveDir, n))
	}
	back := &widget.Button{Text: i18n.L("Cancel"), OnTapped: func() {
		b.hide()
		if cancel != nil {
			cancel()
		}
	}}
	// Return in the name saves, as in any save dialog.
	b.saveName.OnSubmitted = func(string) { b.saveBtn.OnTapped() }
	b.show(title, container.NewVBox(&widget.Label{Text: i18n.L("File name"), TextStyle: fyne.TextStyle{Bold: true}}, b.saveName, where, container.NewHBox(folder)), back, b.saveBtn)
	b.win.Canvas().Focus(b.saveName)
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
		b.tell(i18n.L("Nothing was written"), i18n.L("Tend could not look at that place ({{.Reason}}). Nothing was changed; you can choose another.", i18n.Data{"Reason": reason(err)}))
		return
	case t == app.TargetNew:
		write()
		return
	case t == app.TargetFolder:
		cancel()
		b.tell(i18n.L("Nothing was written"), i18n.L("There is a folder named “{{.Name}}” there, so Tend left it alone. You can choose another name.", i18n.Data{"Name": name}))
		return
	}
	b.status.SetText(i18n.L("There is already a file named “{{.Name}}” there. Replace it? What it holds now will be gone.", i18n.Data{"Name": name}))
	b.replaceBtn = &widget.Button{Text: i18n.L("Replace it"), Importance: widget.WarningImportance, OnTapped: func() {
		b.hide()
		write()
	}}
	keep := &widget.Button{Text: i18n.L("Keep it"), OnTapped: func() {
		b.hide()
		cancel()
	}}
	b.show(i18n.L("Replace {{.Name}}?", i18n.Data{"Name": name}), container.NewVBox(b.status), keep, b.replaceBtn)
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
	b.status.SetText(i18n.L("Backing up…"))
	b.show(i18n.L("Backing up"), container.NewVBox(b.status, b.progress), widget.NewLabel(""))
	var m backup.Manifest
	b.run(func() error {
		defer clear(pass)
		var err error
		m, err = b.sess.Backup(path, pass, func(done, total int) {
			if total > 0 {
				fyne.Do(func() { b.progress.SetValue(float64(done) / float64(total)) })
			}
		})
		return err
	}, func(err error) {
		b.hide()
		if err != nil {
			b.tell(i18n.L("The backup was not made"), i18n.L("The backup could not be made ({{.Reason}}). Your journal is as it was; you can try again, perhaps somewhere else.", i18n.Data{"Reason": reason(err)}))
			return
		}
		msg := i18n.N("Backed up {{.Count}} entries to {{.File}}.", m.Counts.Entries, i18n.Data{"File": filepath.Base(path)})
		if len(m.LeftOut) > 0 {
			b.tell(i18n.L("The backup is made, with a few things left out"), msg+" "+leftOutSentence(m.LeftOut))
			return
		}
		b.status.SetText(msg)
		b.say(msg)
	})
}

// leftOutSentence says calmly what a backup or export left out because it
// could not be read, and what to do next.
func leftOutSentence(left []journal.Damage) string {
	var b strings.Builder
	b.WriteString(i18n.N("{{.Count}} damaged records could not be read, so they were left out; everything else is in it.", len(left)))
	for i, d := range left {
		if i == 5 {
			b.WriteString("\n" + i18n.N("… and {{.Count}} more.", len(left)-i))
			break
		}
		if d.Record == "body" && strings.HasPrefix(d.Problem, "the text of ") {
			fmt.Fprintf(&b, "\n• %s", strings.TrimSuffix(d.Problem, ", so it was left out"))
		} else {
			b.WriteString("\n• " + i18n.L("a {{.Record}} record", i18n.Data{"Record": d.Record}))
		}
	}
	b.WriteString("\n" + i18n.L("Settings › Check my journal names the damage and offers to rescue the rest."))
	return b.String()
}

// reason puts an error into a few plain words for a sentence shown to the
// person: the common causes by name, and never a file path.
func reason(err error) string {
	if s, ok := say.Problem(err); ok {
		return strings.TrimSuffix(s, ".")
	}
	if errors.Is(err, vault.ErrRecordTooLarge) || errors.Is(err, journal.ErrTooBig) {
		return i18n.L("one entry in it is larger than the journal can hold")
	}
	return say.System(err)
}
