package ui

import (
	"fmt"
	"image"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/picture"
	"tend/journal"
)

// thumbSize is the side of the square a thumbnail is shown in; thumbSmall
// is its side in a small strip (see fileStrip.setSmall).
const (
	thumbSize  = 96
	thumbSmall = thumbSize / 2
)

// fileStrip shows the files attached to an entry in a row under its text:
// a picture as a small thumbnail, any other file as an icon with its name
// and size. A tap, or Enter on a tile that has the keyboard, opens the
// file. Thumbnails are read from the journal, off the window's goroutine,
// each time the strip shows an entry, and held only while it does.
type fileStrip struct {
	u *UI
	// open is called with the file a tile opens.
	open func(journal.File)

	id    journal.ID
	tiles []*fileTile
	row   *fyne.Container
	// scroll lets a long row scroll sideways rather than widen the window.
	scroll *container.Scroll
	// gen counts the entries shown, so thumbnails read for an earlier one
	// are dropped.
	gen int
	// small shows every file as a small thumbnail or icon, without its
	// name and size, for a window too short for both the strip and the
	// writing.
	small bool
}

func newFileStrip(u *UI, open func(journal.File)) *fileStrip {
	s := &fileStrip{u: u, open: open, row: container.NewHBox()}
	s.scroll = container.NewHScroll(s.row)
	s.scroll.Hide()
	return s
}

// show lists files of entry id, and reads the thumbnails of the pictures.
func (s *fileStrip) show(id journal.ID, files []journal.File) {
	s.gen++
	s.id = id
	s.tiles = nil
	s.row.Objects = nil
	for _, f := range files {
		t := newFileTile(f, func() { s.open(f) })
		t.setSmall(s.small)
		s.tiles = append(s.tiles, t)
		s.row.Objects = append(s.row.Objects, t)
	}
	s.row.Refresh()
	if len(files) == 0 {
		s.scroll.Hide()
	} else {
		s.scroll.Show()
	}
	s.loadThumbs()
}

// loadThumbs reads the thumbnails of the pictures shown, making any not
// made yet, off the window's goroutine.
func (s *fileStrip) loadThumbs() {
	v := s.u.vault()
	if v == nil {
		return
	}
	gen, id := s.gen, s.id
	var want []journal.FileID
	for _, t := range s.tiles {
		if t.file.IsImage() {
			want = append(want, t.file.ID)
		}
	}
	if len(want) == 0 {
		return
	}
	got := make(map[journal.FileID]image.Image, len(want))
	s.u.background(func() error {
		for _, fid := range want {
			th, err := v.Thumbnail(id, fid)
			if err != nil {
				continue // the tile keeps its picture icon
			}
			if img, err := picture.Load(th, picture.ThumbSide); err == nil {
				got[fid] = img
			}
		}
		return nil
	}, func(error) {
		if s.gen != gen {
			return
		}
		for _, t := range s.tiles {
			if img, ok := got[t.file.ID]; ok {
				t.setThumb(img)
			}
		}
	})
}

// setSmall makes the strip small, or as usual. It reports whether that
// changed anything.
func (s *fileStrip) setSmall(small bool) bool {
	if s.small == small {
		return false
	}
	s.small = small
	for _, t := range s.tiles {
		t.setSmall(small)
	}
	s.row.Refresh()
	return true
}

// clear forgets every file and thumbnail shown, on lock.
func (s *fileStrip) clear() {
	s.gen++
	s.tiles = nil
	s.row.RemoveAll()
	s.scroll.Hide()
}

// fileTile is one attached file in a strip. It takes a tap and the
// keyboard (Space or Enter) and shows hover and focus, as an entry that
// opens does.
type fileTile struct {
	widget.BaseWidget
	file     journal.File
	onTapped func()

	bg    *canvas.Rectangle
	thumb *canvas.Image
	box   *fyne.Container
	// words are the name and size of a file that is not a picture.
	words *fyne.Container

	hovered, focused bool
}

func newFileTile(f journal.File, onTapped func()) *fileTile {
	t := &fileTile{file: f, onTapped: onTapped, bg: &canvas.Rectangle{CornerRadius: theme.InputRadiusSize()}}
	icon := theme.FileIcon()
	if f.IsImage() {
		icon = theme.FileImageIcon()
	}
	t.thumb = canvas.NewImageFromResource(icon)
	t.thumb.FillMode = canvas.ImageFillContain
	if f.IsImage() {
		t.box = container.NewStack(t.thumb)
	} else {
		name := &widget.Label{Text: f.Name, Alignment: fyne.TextAlignCenter, Truncation: fyne.TextTruncateEllipsis}
		size := &widget.Label{Text: fileSize(f.Size), Alignment: fyne.TextAlignCenter, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
		t.words = container.NewVBox(name, size)
		t.box = container.New(minWidth{thumbSize}, container.NewVBox(t.thumb, t.words))
	}
	t.setSmall(false)
	t.ExtendBaseWidget(t)
	return t
}

// setSmall sizes the tile for a small strip, or as usual: small, a
// picture's thumbnail is half as wide, and a file that is not a picture
// shows its icon alone.
func (t *fileTile) setSmall(small bool) {
	side := float32(thumbSize)
	if small || !t.file.IsImage() {
		side = thumbSmall
	}
	t.thumb.SetMinSize(fyne.NewSquareSize(side))
	if t.words == nil {
		return
	}
	t.box.Layout = minWidth{thumbSize}
	t.words.Show()
	if small {
		t.box.Layout = minWidth{thumbSmall}
		t.words.Hide()
	}
	t.box.Refresh()
}

// setThumb shows a picture's thumbnail in place of its icon.
func (t *fileTile) setThumb(img image.Image) {
	t.thumb.Resource = nil
	t.thumb.Image = img
	t.thumb.Refresh()
}

// Tapped opens the file.
func (t *fileTile) Tapped(*fyne.PointEvent) {
	if t.onTapped != nil {
		t.onTapped()
	}
}

// FocusGained, FocusLost, TypedRune and TypedKey make the file reachable
// by the keyboard.
func (t *fileTile) FocusGained() {
	t.focused = true
	t.Refresh()
}

func (t *fileTile) FocusLost() {
	t.focused = false
	t.Refresh()
}

func (t *fileTile) TypedRune(rune) {}

func (t *fileTile) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		t.Tapped(nil)
	}
}

// MouseIn, MouseMoved and MouseOut show hover.
func (t *fileTile) MouseIn(*desktop.MouseEvent) {
	t.hovered = true
	t.Refresh()
}

func (t *fileTile) MouseMoved(*desktop.MouseEvent) {}

func (t *fileTile) MouseOut() {
	t.hovered = false
	t.Refresh()
}

// Cursor is a pointing hand over a file that opens.
func (t *fileTile) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (t *fileTile) CreateRenderer() fyne.WidgetRenderer {
	t.paint()
	return widget.NewSimpleRenderer(container.NewStack(t.bg, container.NewPadded(t.box)))
}

// Refresh paints hover and focus before drawing again.
func (t *fileTile) Refresh() {
	t.paint()
	t.BaseWidget.Refresh()
}

// paint shades the tile under the pointer and rings the one with the
// keyboard, in the theme's colours.
func (t *fileTile) paint() {
	t.bg.FillColor = theme.Color(theme.ColorNameInputBackground)
	if t.hovered {
		t.bg.FillColor = theme.Color(theme.ColorNameHover)
	}
	t.bg.StrokeWidth = 0
	if t.focused {
		t.bg.StrokeColor = theme.Color(theme.ColorNameFocus)
		t.bg.StrokeWidth = 2
	}
	t.bg.Refresh()
}

// fileSize says how large a file is, in the unit a person expects.
func fileSize(n int64) string {
	switch {
	case n < 1000:
		return i18n.N("{{.Count}} bytes", int(n))
	case n < 1000*1000:
		return i18n.L("{{.Size}} KB", i18n.Data{"Size": (n + 500) / 1000})
	default:
		// A decimal comma in Spanish and German, as they write 1,5.
		mb := strings.Replace(fmt.Sprintf("%.1f", float64(n)/1e6), ".", i18n.X("number.decimal", "."), 1)
		return i18n.L("{{.Size}} MB", i18n.Data{"Size": mb})
	}
}
