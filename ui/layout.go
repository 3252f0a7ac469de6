package ui

import (
	"image/color"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/assets"
)

// columnLayout centres one object horizontally at no more than a maximum
// width, and vertically when it fits; on a small window it fills the width.
type columnLayout struct{ max float32 }

func (l columnLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		w := min(size.Width, l.max)
		h := max(o.MinSize().Height, 0)
		y := float32(0)
		if h < size.Height {
			y = (size.Height - h) / 2
		} else {
			h = size.Height
		}
		o.Move(fyne.NewPos((size.Width-w)/2, y))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l columnLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = s.Max(fyne.NewSize(min(m.Width, l.max), m.Height))
	}
	return s
}

// centered shows content in a calm column of at most maxWidth, scrolling
// when the window is too short.
func centered(content fyne.CanvasObject, maxWidth float32) fyne.CanvasObject {
	padded := container.NewPadded(container.NewPadded(content))
	return container.NewVScroll(container.New(columnLayout{max: maxWidth}, padded))
}

// iconImage is Tend's icon at a fixed size.
func iconImage(size float32) fyne.CanvasObject {
	img := canvas.NewImageFromResource(assets.Icon)
	img.FillMode = canvas.ImageFillContain
	img.SetMinSize(fyne.NewSquareSize(size))
	return container.NewCenter(img)
}

// heading is a screen's title.
func heading(text string) *widget.Label {
	return &widget.Label{Text: text, Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText}
}

// paragraph is wrapped, centred body text.
func paragraph(text string) *widget.Label {
	return &widget.Label{Text: text, Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord}
}

// card is a titled group of settings with an optional line of explanation.
// Fyne's own card does not wrap its subtitle, and one long subtitle made
// the whole window wider than the screen at the larger text sizes; here
// the explanation wraps to the width there is. The title is a size smaller
// than Fyne's card title, so the screen's own heading stays the largest
// and every line in the card, title included, is spaced alike.
func card(title, text string, content fyne.CanvasObject) *widget.Card {
	head := &widget.Label{Text: title, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	if text == "" {
		return widget.NewCard("", "", container.NewVBox(head, content))
	}
	return widget.NewCard("", "", container.NewVBox(head, &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}, content))
}

// note is a quieter line: hints, results, gentle errors.
func note(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance}
}

// strengthMeter shows a password's strength as four soft segments and a word.
type strengthMeter struct {
	segments [4]*canvas.Rectangle
	label    *widget.Label
	box      *fyne.Container
}

func newStrengthMeter() *strengthMeter {
	m := &strengthMeter{label: note("")}
	row := container.NewGridWithColumns(4)
	for i := range m.segments {
		r := canvas.NewRectangle(color.Transparent)
		r.CornerRadius = 2
		r.SetMinSize(fyne.NewSize(20, 5))
		m.segments[i] = r
		row.Add(r)
	}
	m.box = container.NewVBox(row, m.label)
	m.set(app.EstimateStrength(""))
	return m
}

// set shows a strength reading.
func (m *strengthMeter) set(s app.Strength) {
	th := fyne.CurrentApp().Settings().Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	off := th.Color(theme.ColorNameSeparator, v)
	on := th.Color(theme.ColorNamePrimary, v)
	if s.Score <= 1 {
		on = th.Color(theme.ColorNameError, v)
	}
	for i, r := range m.segments {
		r.FillColor = off
		if i < s.Score {
			r.FillColor = on
		}
		r.Refresh()
	}
	switch {
	case s.Label == "":
		m.label.SetText(s.Hint)
	case s.Hint == "":
		m.label.SetText(s.Label + ".")
	default:
		m.label.SetText(s.Label + ". " + s.Hint)
	}
}

// sectionHeading is the title of a sidebar section, set to the left like
// the text under it.
func sectionHeading(text string) *widget.Label {
	h := heading(text)
	h.Alignment = fyne.TextAlignLeading
	return h
}

// wrappedHeading is a section heading that wraps at the width there is,
// for one that says a sentence: the night's greeting in Spanish at the
// largest text once asked for 640 px beside the sidebar.
func wrappedHeading(text string) *widget.Label {
	h := sectionHeading(text)
	h.Wrapping = fyne.TextWrapWord
	return h
}

// flowLayout lays its objects out in a row at their own widths, and starts
// a new row when the next one would not fit, as words wrap in a paragraph.
// With uniform set the rows are as even as they can be and each row is
// shared out in equal cells, at least as wide as the widest object, which
// suits a set of chips or of like buttons. Its minimum width
// is that of its widest object, so a row of buttons never makes the window
// wider; its height follows the width it was last laid out at, which Fyne
// picks up on the next frame, as it does for wrapping text. Fyne's own row
// wrap layout keeps, as its minimum width, the widest row it ever laid out,
// so once shown on a wide window it held every later window that wide.
type flowLayout struct {
	uniform bool
	width   float32 // the width of the last layout; 0 before the first
}

// flow returns a container that wraps objs onto as many rows as it needs.
func flow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flowLayout{}, objs...)
}

// chipFlow is flow for a set of like choices, each the same width.
func chipFlow(objs ...fyne.CanvasObject) *fyne.Container {
	return container.New(&flowLayout{uniform: true}, objs...)
}

func (l *flowLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	l.place(objs, size.Width, true)
}

func (l *flowLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	widest := l.widest(objs)
	if widest == 0 {
		return fyne.Size{}
	}
	width := max(l.width, widest)
	return fyne.NewSize(widest, l.place(objs, width, false))
}

// widest is the largest minimum width among the visible objects.
func (l *flowLayout) widest(objs []fyne.CanvasObject) float32 {
	var w float32
	for _, o := range objs {
		if o.Visible() {
			w = max(w, o.MinSize().Width)
		}
	}
	return w
}

// place works out the rows at width, moving the objects when move is set,
// and returns the height they take.
func (l *flowLayout) place(objs []fyne.CanvasObject, width float32, move bool) float32 {
	pad := theme.Padding()
	cell, perRow := float32(0), 0
	if l.uniform {
		n := 0
		for _, o := range objs {
			if o.Visible() {
				n++
			}
		}
		cell = l.widest(objs)
		perRow = max(1, int((width+pad)/(cell+pad)))
		// Rows as even as they can be: four choices go two and two
		// rather than three and one, and two share a row half and half.
		rows := (n + perRow - 1) / perRow
		perRow = max(1, (n+rows-1)/max(rows, 1))
		cell = (width - pad*float32(perRow-1)) / float32(perRow)
	}
	var x, y, rowHeight float32
	inRow := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		w := m.Width
		if l.uniform {
			w = cell
		}
		full := inRow > 0 && (x+w > width || (l.uniform && inRow == perRow))
		if full {
			y += rowHeight + pad
			x, rowHeight, inRow = 0, 0, 0
		}
		if move {
			o.Move(fyne.NewPos(x, y))
			o.Resize(fyne.NewSize(min(w, width), m.Height))
		}
		x += w + pad
		rowHeight = max(rowHeight, m.Height)
		inRow++
	}
	return y + rowHeight
}

// besideOrBelow lays out two objects side by side, the first at its own
// width and the second taking the rest, when both fit; otherwise the
// second goes below the first, as wide as there is room. The second fits
// beside at its minimum width, or, when it is a oneRow, at the width it
// needs to stay in one row: tags beside the date that wrapped into a tall
// narrow column took the writing's room. Its minimum width is that of the
// wider of the two, so it never makes a narrow window wider; like
// flowLayout, its height follows the width it was last laid out at.
type besideOrBelow struct {
	width float32 // the width of the last layout; 0 before the first
}

// besideOrBelowOf returns a container of first and rest laid out by
// besideOrBelow.
func besideOrBelowOf(first, rest fyne.CanvasObject) *fyne.Container {
	return container.New(&besideOrBelow{}, first, rest)
}

// oneRow is an object that can say how wide it is laid out in one row.
type oneRow interface{ OneRowWidth() float32 }

func (l *besideOrBelow) beside(objs []fyne.CanvasObject, width float32) bool {
	need := objs[1].MinSize().Width
	if r, ok := objs[1].(oneRow); ok {
		need = max(need, r.OneRowWidth())
	}
	return objs[0].MinSize().Width+theme.Padding()+need <= width
}

func (l *besideOrBelow) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	l.width = size.Width
	first, rest := objs[0].MinSize(), objs[1].MinSize()
	if l.beside(objs, size.Width) {
		objs[0].Move(fyne.NewPos(0, 0))
		objs[0].Resize(fyne.NewSize(first.Width, size.Height))
		x := first.Width + theme.Padding()
		objs[1].Move(fyne.NewPos(x, 0))
		objs[1].Resize(fyne.NewSize(size.Width-x, size.Height))
		return
	}
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(fyne.NewSize(min(first.Width, size.Width), first.Height))
	objs[1].Move(fyne.NewPos(0, first.Height+theme.Padding()))
	objs[1].Resize(fyne.NewSize(size.Width, rest.Height))
}

func (l *besideOrBelow) MinSize(objs []fyne.CanvasObject) fyne.Size {
	first, rest := objs[0].MinSize(), objs[1].MinSize()
	if l.width == 0 || l.beside(objs, l.width) {
		// Before the first layout, side by side is what a window of any
		// ordinary width shows; its width is not asked for.
		return fyne.NewSize(max(first.Width, rest.Width), max(first.Height, rest.Height))
	}
	return fyne.NewSize(max(first.Width, rest.Width), first.Height+theme.Padding()+rest.Height)
}

// dialogSize is want, made smaller where the window is: a dialog keeps a
// margin of 20 on every side, so its edges and buttons stay in view at
// the smallest window and the largest text.
func dialogSize(win fyne.Window, want fyne.Size) fyne.Size {
	room := win.Canvas().Size()
	return fyne.NewSize(min(want.Width, room.Width-40), min(want.Height, room.Height-40))
}
