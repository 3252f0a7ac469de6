package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/storage"
)

// showFileDialog shows a file or folder dialog titled with what it is for,
// offering only files ending in one of exts (any file when there are none),
// as a list so long names are read whole, at a size within the window.
func (u *UI) showFileDialog(d *dialog.FileDialog, title string, exts []string) {
	d.SetTitleText(title)
	d.SetView(dialog.ListView)
	if len(exts) > 0 {
		d.SetFilter(storage.NewExtensionFileFilter(exts))
	}
	win := u.win.Canvas().Size()
	d.Resize(fyne.NewSize(min(win.Width*0.94, 820), min(win.Height*0.94, 600)))
	d.Show()
}
