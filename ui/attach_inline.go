package ui

import (
	"image"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/internal/picture"
	"tend/journal"
)

// Pictures in place. Where an entry's body links one of its own pictures
// by name (journal.Entry.LinkedFile), the reading page shows the picture
// there, read from the journal, never from a file or the network. Any
// other image keeps showing its alt text, as markdown.go makes it.

// inlineSide is the longest side a picture in the text is decoded to:
// sharp across the reading column at twice the screen's density.
const inlineSide = 1600

// maxInlineHeight bounds a picture in the text, so a tall one does not
// push the words after it far down; the viewer shows it whole.
const maxInlineHeight = 420

// bodyBlocks lays out e's Markdown body: its text as rich text and, where
// a paragraph of it links a picture attached to e, the picture show makes
// for it, between the text before and after. With show nil, or inside a
// list or a quote, a picture shows its alt text.
func bodyBlocks(e *journal.Entry, show func(f journal.File, alt string) fyne.CanvasObject) []fyne.CanvasObject {
	if show == nil || len(e.Files) == 0 {
		return []fyne.CanvasObject{markdownText(e.Body)}
	}
	segs := markdownSegmentsWith(e.Body, func(dest string) (journal.File, bool) {
		f, ok := e.LinkedFile(dest)
		return f, ok && f.IsImage()
	})
	var out []fyne.CanvasObject
	var run []widget.RichTextSegment
	flush := func() {
		if len(run) > 0 {
			rt := widget.NewRichText(run...)
			rt.Wrapping = fyne.TextWrapWord
			out = append(out, rt)
			run = nil
		}
	}
	afterPicture := false
	for _, s := range segs {
		if m, ok := s.(*pictureMark); ok {
			flush()
			out = append(out, show(m.file, m.alt))
			afterPicture = true
			continue
		}
		// The end of the paragraph the picture stood in would be an empty
		// line under it.
		if t, ok := s.(*widget.TextSegment); ok && afterPicture && t.Text == "" && !t.Style.Inline {
			afterPicture = false
			continue
		}
		afterPicture = false
		run = append(run, s)
	}
	flush()
	return out
}

// pictureMark stands where the body links an attached picture. At the top
// of the body, bodyBlocks puts the picture in its place; anywhere else it
// shows the picture's alt text, as any image does.
type pictureMark struct {
	file journal.File
	alt  string
}

func (m *pictureMark) Inline() bool    { return true }
func (m *pictureMark) Textual() string { return imageText(m.alt) }
func (m *pictureMark) Update(fyne.CanvasObject) {
}

func (m *pictureMark) Visual() fyne.CanvasObject {
	return &widget.Label{Text: imageText(m.alt), TextStyle: fyne.TextStyle{Italic: true}}
}
func (m *pictureMark) Select(_, _ fyne.Position) {}
func (m *pictureMark) SelectedText() string      { return "" }
func (m *pictureMark) Unselect()                 {}

// inlinePicture is a picture in the text: as wide as the column, or as its
// own pixels when smaller, up to maxInlineHeight tall, its alt text shown
// until it is read. A tap opens it in the viewer.
type inlinePicture struct {
	widget.BaseWidget
	img      *canvas.Image
	alt      *widget.Label
	onTapped func()
	// aspect is the picture's height over its width, 0 until it is read;
	// natural is its width in points; width the width last laid out at.
	aspect, natural, width float32
}

func newInlinePicture(alt string, onTapped func()) *inlinePicture {
	p := &inlinePicture{
		img:      &canvas.Image{FillMode: canvas.ImageFillContain},
		alt:      &widget.Label{Text: imageText(alt), TextStyle: fyne.TextStyle{Italic: true}, Wrapping: fyne.TextWrapWord},
		onTapped: onTapped,
	}
	p.ExtendBaseWidget(p)
	return p
}

// setImage shows the picture read.
func (p *inlinePicture) setImage(img image.Image) {
	b := img.Bounds()
	p.img.Image = img
	p.aspect = float32(b.Dy()) / float32(b.Dx())
	p.natural = float32(b.Dx())
	p.alt.Hide()
	p.Refresh()
}

// Tapped opens the picture larger.
func (p *inlinePicture) Tapped(*fyne.PointEvent) {
	if p.onTapped != nil && p.aspect > 0 {
		p.onTapped()
	}
}

// shown is the size the picture is drawn at, within width.
func (p *inlinePicture) shown(width float32) fyne.Size {
	w := min(width, p.natural)
	h := w * p.aspect
	if h > maxInlineHeight {
		h = maxInlineHeight
		w = h / p.aspect
	}
	return fyne.NewSize(w, h)
}

func (p *inlinePicture) MinSize() fyne.Size {
	if p.aspect == 0 || p.width == 0 {
		return p.alt.MinSize()
	}
	// Like wrapped text, the picture knows its height once it knows its
	// width; its own width asks for nothing, so it never widens a page.
	return fyne.NewSize(0, p.shown(p.width).Height)
}

func (p *inlinePicture) Resize(s fyne.Size) {
	grew := p.width != s.Width
	p.width = s.Width
	p.BaseWidget.Resize(s)
	if grew && p.aspect > 0 {
		p.Refresh()
	}
}

func (p *inlinePicture) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(container.New(inlinePictureLayout{p}, p.img, p.alt))
}

// inlinePictureLayout centres the picture at its size.
type inlinePictureLayout struct{ p *inlinePicture }

func (l inlinePictureLayout) Layout(_ []fyne.CanvasObject, size fyne.Size) {
	l.p.alt.Move(fyne.NewPos(0, 0))
	l.p.alt.Resize(size)
	if l.p.aspect == 0 {
		l.p.img.Resize(fyne.NewSize(0, 0))
		return
	}
	s := l.p.shown(size.Width)
	l.p.img.Move(fyne.NewPos((size.Width-s.Width)/2, 0))
	l.p.img.Resize(s)
}

func (l inlinePictureLayout) MinSize([]fyne.CanvasObject) fyne.Size { return l.p.MinSize() }

// inlinePictureFor makes the picture the reading page shows for file f of
// the entry open, and reads it off the window's goroutine.
func (s *editorScreen) inlinePictureFor(f journal.File, alt string) fyne.CanvasObject {
	p := newInlinePicture(alt, func() { s.openFile(f) })
	v := s.u.vault()
	if v == nil || s.entry == nil {
		return p
	}
	id, gen := s.entry.ID, s.reader.files.gen
	var img image.Image
	s.u.background(func() error {
		data, err := v.Attachment(id, f.ID)
		if err != nil {
			return err
		}
		img, err = picture.Load(data, inlineSide)
		return err
	}, func(err error) {
		if err == nil && s.entry != nil && s.entry.ID == id && s.reader.files.gen == gen {
			p.setImage(img)
		}
	})
	return p
}
