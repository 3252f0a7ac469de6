package ui

import (
	"bytes"
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/picture"
	"tend/journal"
)

// viewSide is the longest side a picture is decoded to in the viewer:
// enough for a large screen, a fraction of a big photo's memory.
const viewSide = 2400

// tallAspect is how much taller than wide a picture must be for the viewer
// to show it as wide as it can and let it scroll, rather than fit it whole.
const tallAspect = 2

// fileViewer shows one attached file larger, over the window: a picture
// fitted to the window, a tall one as wide as it can be and scrolling,
// any other file as its name and size. It offers a copy saved outside the
// journal and taking the file off the entry; Escape closes it.
type fileViewer struct {
	s    *editorScreen
	id   journal.ID
	file journal.File
	d    dialog.Dialog

	pic       *viewPicture
	status    *widget.Label
	saveBtn   *widget.Button
	removeBtn *widget.Button
	closeBtn  *widget.Button
}

// openFile shows file f of the entry open in the viewer.
func (s *editorScreen) openFile(f journal.File) {
	if s.entry == nil {
		return
	}
	s.closeViewer()
	fv := &fileViewer{s: s, id: s.entry.ID, file: f, status: note("")}
	fv.saveBtn = &widget.Button{Text: i18n.L("Save a copy…"), Icon: theme.DocumentSaveIcon(), OnTapped: fv.onSave}
	fv.removeBtn = &widget.Button{Text: i18n.L("Remove from this entry"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: fv.onRemove}
	fv.closeBtn = &widget.Button{Text: i18n.L("Close"), OnTapped: func() { fv.d.Hide() }}
	// The name heads the picture on one line: a long one is cut short
	// rather than widening the window.
	name := &widget.Label{Text: f.Name, TextStyle: fyne.TextStyle{Bold: true}, Truncation: fyne.TextTruncateEllipsis}
	title := i18n.L("Picture")
	var body fyne.CanvasObject
	if f.IsImage() {
		fv.pic = newViewPicture()
		fv.status.SetText(i18n.L("Opening the picture…"))
		body = container.NewBorder(name, fv.status, nil, nil, fv.pic.area)
	} else {
		title = i18n.L("File")
		icon := canvas.NewImageFromResource(theme.FileIcon())
		icon.FillMode = canvas.ImageFillContain
		icon.SetMinSize(fyne.NewSquareSize(64))
		about := paragraph(i18n.L("{{.Size}}. Tend keeps this file sealed with the entry; save a copy to open it with another app.", i18n.Data{"Size": fileSize(f.Size)}))
		body = container.NewVBox(name, icon, about, fv.status)
	}
	buttons := container.NewHBox(fv.removeBtn, layout.NewSpacer(), fv.saveBtn, fv.closeBtn)
	fv.d = dialog.NewCustomWithoutButtons(title, container.NewBorder(nil, buttons, nil, nil, body), s.u.win)
	fv.d.SetOnClosed(func() {
		if s.viewer == fv {
			s.viewer = nil
		}
	})
	s.viewer = fv
	s.u.present(fv.d)
	win := s.u.win.Canvas().Size()
	fv.d.Resize(fyne.NewSize(win.Width*0.94, win.Height*0.94))
	if f.IsImage() {
		fv.load()
	}
}

// closeViewer closes the viewer, if it is open.
func (s *editorScreen) closeViewer() {
	if s.viewer != nil {
		s.viewer.d.Hide()
		s.viewer = nil
	}
}

// load reads and decodes the picture off the window's goroutine.
func (fv *fileViewer) load() {
	v := fv.s.u.vault()
	if v == nil {
		return
	}
	var img image.Image
	fv.s.u.background(func() error {
		data, err := v.Attachment(fv.id, fv.file.ID)
		if err != nil {
			return err
		}
		img, err = picture.Load(data, viewSide)
		return err
	}, func(err error) {
		if fv.s.viewer != fv {
			return // closed meanwhile: the pixels are let go
		}
		if err != nil {
			fv.status.SetText(i18n.L("This picture could not be shown. It is still kept with the entry, and a saved copy may open in another app."))
			return
		}
		fv.status.SetText("")
		fv.status.Hide()
		fv.pic.set(img)
	})
}

// onSave writes a copy of the file where the person chooses, asking
// before it replaces a file already there.
func (fv *fileViewer) onSave() {
	u := fv.s.u
	b := newBackupUI(u)
	b.files = fv.s.files // the editor's: the folder last chosen, and one place to answer it
	title := i18n.L("Save a copy of {{.Name}}", i18n.Data{"Name": fv.file.Name})
	then := func(path string) {
		b.mayReplace(path, func() {
			u.background(func() error { return u.sess.SaveAttachment(fv.id, fv.file.ID, path) }, func(err error) {
				if err != nil {
					fv.status.SetText(i18n.L("The copy was not saved ({{.Reason}}). Nothing was written there; you can try somewhere else.", i18n.Data{"Reason": reason(err)}))
					fv.status.Show()
					return
				}
				u.toast(i18n.L("A copy of {{.Name}} is saved.", i18n.Data{"Name": fv.file.Name}), nil)
			})
		}, func() {})
	}
	b.files.saveFile(title, fv.file.Name, nil, func() { b.askSavePath(title, fv.file.Name, then, nil) }, then, nil)
}

// onRemove takes the file off the entry, with Undo. The entry's earlier
// version in its history still has it.
func (fv *fileViewer) onRemove() {
	s, u := fv.s, fv.s.u
	if s.entry == nil || s.entry.ID != fv.id || s.flush() != nil {
		return
	}
	v := u.vault()
	if v == nil {
		return
	}
	data, err := v.Attachment(fv.id, fv.file.ID)
	if err == nil {
		err = v.Detach(fv.id, fv.file.ID)
	}
	if err != nil {
		fv.status.SetText(i18n.L("The file could not be taken off the entry just now ({{.Reason}}). It is still here.", i18n.Data{"Reason": reason(err)}))
		fv.status.Show()
		return
	}
	s.closeViewer()
	s.filesChanged()
	f := fv.file
	u.toast(i18n.L("{{.Name}} is no longer in this entry.", i18n.Data{"Name": f.Name}), func() { s.undoRemove(fv.id, f, data) })
}

// undoRemove puts a removed file back on the entry, under its name.
func (s *editorScreen) undoRemove(id journal.ID, f journal.File, data []byte) {
	v := s.u.vault()
	if v == nil || s.entry == nil || s.entry.ID != id {
		return
	}
	if _, err := v.Attach(id, f.Name, bytes.NewReader(data)); err != nil {
		s.u.toast(i18n.L("{{.Name}} couldn't be put back. The entry's earlier version in History still has it.", i18n.Data{"Name": f.Name}), nil)
		return
	}
	s.filesChanged()
}

// filesChanged shows the entry's files again after one was taken off or
// put back, on the page being written or read.
func (s *editorScreen) filesChanged() {
	s.refreshFiles()
	if s.reading {
		s.setReading(true)
	}
}

// viewPicture is the picture in the viewer, in a scroll that it fills.
type viewPicture struct {
	img  *canvas.Image
	box  *fyne.Container // the scroll's content
	area *fyne.Container // the scroll, sized by viewLayout
	// view is the size of the area the picture has, set as it is laid out.
	view   fyne.Size
	scroll *container.Scroll
}

func newViewPicture() *viewPicture {
	p := &viewPicture{img: &canvas.Image{FillMode: canvas.ImageFillContain}}
	p.box = container.New(pictureBoxLayout{p}, p.img)
	p.scroll = container.NewVScroll(p.box)
	p.area = container.New(viewLayout{p}, p.scroll)
	return p
}

// set shows img.
func (p *viewPicture) set(img image.Image) {
	p.img.Image = img
	p.img.Refresh()
	p.area.Refresh()
}

// size is where the picture is drawn within the area: fitted whole, or,
// for a tall one, as wide as the area and as tall as that makes it.
func (p *viewPicture) size() fyne.Size {
	if p.img.Image == nil || p.view.Width <= 0 {
		return p.view
	}
	b := p.img.Image.Bounds()
	aspect := float32(b.Dy()) / float32(b.Dx())
	if aspect >= tallAspect {
		w := min(p.view.Width, float32(b.Dx()))
		return fyne.NewSize(p.view.Width, w*aspect)
	}
	return p.view
}

// viewLayout gives the scroll the whole area and notes its size, so the
// picture knows how large to be.
type viewLayout struct{ p *viewPicture }

func (l viewLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.p.view = size
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
	l.p.box.Refresh()
}

func (viewLayout) MinSize([]fyne.CanvasObject) fyne.Size { return fyne.NewSize(0, 0) }

// pictureBoxLayout draws the picture at its size, centred across.
type pictureBoxLayout struct{ p *viewPicture }

func (l pictureBoxLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	s := l.p.size()
	l.p.img.Move(fyne.NewPos(max((size.Width-s.Width)/2, 0), 0))
	l.p.img.Resize(s)
}

func (l pictureBoxLayout) MinSize([]fyne.CanvasObject) fyne.Size {
	return fyne.NewSize(0, l.p.size().Height)
}
