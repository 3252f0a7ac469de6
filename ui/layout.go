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
