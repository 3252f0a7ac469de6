package ui

import (
	"path/filepath"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// filePicker asks the person for a file to open or a folder. Screens get
// a path, or nothing when the person stepped back, and never see which
// dialog asked.
type filePicker struct {
	win fyne.Window
	// folder is where the next dialog opens: the folder of the last
	// choice, so a second import or restore starts where the first did.
	// Empty is the toolkit's own choice.
	folder string
}

func newFilePicker(win fyne.Window) *filePicker { return &filePicker{win: win} }

// openFile asks for a file ending in one of exts (any file when there are
// none) and calls then with its path.
func (p *filePicker) openFile(title string, exts []string, then func(path string)) {
	p.show(dialog.NewFileOpen(func(r fyne.URIReadCloser, err error) {
		if err != nil || r == nil {
			return
		}
		path := r.URI().Path()
		_ = r.Close()
		p.folder = filepath.Dir(path)
		then(path)
	}, p.win), title, exts)
}

// openFolder asks for a folder and calls then with its path.
func (p *filePicker) openFolder(title string, then func(dir string)) {
	p.show(dialog.NewFolderOpen(func(dir fyne.ListableURI, err error) {
		if err == nil && dir != nil {
			p.folder = dir.Path()
			then(dir.Path())
		}
	}, p.win), title, nil)
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
	win := p.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(win.Width*0.94, 820), min(win.Height*0.94, 600)))
	d.Show()
}
