package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// filePicker asks the person for a file to open, a folder, or where to
// save a file: with the desktop's own dialog where the system offers one,
// otherwise with the toolkit's. Screens get a path, or nothing when the
// person stepped back, and never see which dialog asked.
type filePicker struct {
	win fyne.Window
	// folder is where the next dialog opens: the folder of the last
	// choice, so a second import or restore starts where the first did.
	// Empty is the dialog's own choice.
	folder string
	// system shows the desktop's own dialog and waits for the answer: a
	// path, "" when the person cancelled, or an error when it could not
	// be shown, and then the toolkit's dialog asks instead. Nil where the
	// system offers none, and in headless tests.
	system func(pickRequest) (string, error)
	// inline answers on the calling goroutine. Headless tests set it, as
	// they do for the UI's background jobs.
	inline func() bool
}

// pickKind is what a dialog asks for.
type pickKind int

const (
	pickFile pickKind = iota
	pickFolder
	pickSave
)

// pickRequest is one question for a file dialog.
type pickRequest struct {
	kind  pickKind
	title string
	// exts are the file endings offered; none offers every file.
	exts []string
	// name is the name suggested for a file to save.
	name string
	// folder is where the dialog opens, if not empty.
	folder string
	// parent names the window the dialog belongs to, for the desktop.
	parent string
}

func newFilePicker(win fyne.Window, inline func() bool) *filePicker {
	return &filePicker{win: win, system: systemChooser(), inline: inline}
}

// openFile asks for a file ending in one of exts (any file when there are
// none) and calls then with its path.
func (p *filePicker) openFile(title string, exts []string, then func(path string)) {
	p.pick(pickRequest{kind: pickFile, title: title, exts: exts}, then, func() {
		p.show(dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
			if err != nil || r == nil {
				return
			}
			path := r.URI().Path()
			_ = r.Close()
			p.chose(path, filepath.Dir(path), then)
		}, p.win), title, exts)
	}, nil)
}

// openFolder asks for a folder and calls then with its path.
func (p *filePicker) openFolder(title string, then func(dir string)) {
	p.pick(pickRequest{kind: pickFolder, title: title}, then, func() {
		p.show(dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
			if err == nil && dir != nil {
				p.chose(dir.Path(), dir.Path(), then)
			}
		}, p.win), title, nil)
	}, nil)
}

// saveFile asks the desktop's own dialog where to save a file named name
// and calls then with the path; cancel runs when the person steps back.
// Where there is no such dialog, ours asks instead: the toolkit's save
// dialog creates or empties the file it is given, so it is never used.
func (p *filePicker) saveFile(title, name string, exts []string, ours func(), then func(path string), cancel func()) {
	p.pick(pickRequest{kind: pickSave, title: title, exts: exts, name: name}, then, ours, cancel)
}

// pick asks the system's dialog for req when there is one, and calls then
// with the path chosen, or cancel (when not nil) when the person stepped
// back. Without a system dialog, or when it fails, fallback asks instead.
func (p *filePicker) pick(req pickRequest, then func(string), fallback, cancel func()) {
	if p.system == nil {
		fallback()
		return
	}
	req.folder, req.parent = p.folder, windowHandle(p.win)
	answer := func(path string, err error) {
		switch {
		case err != nil:
			fallback()
		case path == "":
			if cancel != nil {
				cancel()
			}
		default:
			dir := filepath.Dir(path)
			if req.kind == pickFolder {
				dir = path
			}
			p.chose(path, dir, then)
		}
	}
	if p.inline != nil && p.inline() {
		answer(p.system(req))
		return
	}
	// The desktop's dialog waits for the person, so the wait is off the
	// UI goroutine, and not one of the jobs quitting waits for.
	go func() {
		path, err := p.system(req)
		fyne.Do(func() { answer(path, err) })
	}()
}

// chose remembers dir for the next dialog and calls then with path.
func (p *filePicker) chose(path, dir string, then func(string)) {
	p.folder = dir
	then(path)
}

// show shows a file or folder dialog titled with what it is for, offering
// only files ending in one of exts (any file when there are none), as a
// list so long names are read whole, at a size within the window.
func (p *filePicker) show(d *dialog.FileDialog, title string, exts []string) {
	d.SetTitleText(title)
	d.SetView(dialog.ListView)
	if p.folder != "" {
		if l, err := storage.ListerForURI(storage.NewFileURI(p.folder)); err == nil {
			d.SetLocation(l)
		}
	}
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	// The dialog is sized once shown: before that it has no window of its
	// own to measure its smallest size against.
	d.Show()
	win := p.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(win.Width*0.94, 820), min(win.Height*0.94, 600)))
}
