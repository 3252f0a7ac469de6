package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// editorLayout stacks the title, the row of date, mood and tags, the form
// and prompt of a structured entry, the body filling the rest, and the
// footer. Its objects are in focus order (title, form, body, details,
// footer), which is not top-to-bottom order.
type editorLayout struct {
	body *widget.Entry // the writing below a form, "anything else"
}

// bodyShare is the most of the height below the details that the writing
// below a form is given for what it holds; it always has bodyRows rows.
// The form takes the rest it needs, and scrolls past that.
const (
	bodyShare = 0.4
	bodyRows  = 3
)

func (l editorLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, form, body, meta, foot := objs[0], objs[1], objs[2], objs[3], objs[4]
	pad := theme.Padding()
	y := float32(0)
	// Rows that wrap (tags, a long status) know their height only once
	// they know their width, so each is sized twice.
	fit := func(o fyne.CanvasObject) float32 {
		o.Resize(fyne.NewSize(size.Width, o.MinSize().Height))
		h := o.MinSize().Height
		o.Resize(fyne.NewSize(size.Width, h))
		return h
	}
	if top.Visible() {
		top.Move(fyne.NewPos(0, y))
		y += fit(top) + pad
	}
	meta.Move(fyne.NewPos(0, y))
	y += fit(meta) + pad
	fh := fit(foot)
	foot.Move(fyne.NewPos(0, size.Height-fh))
	rest := max(size.Height-fh-pad-y, 0)
	if form.Visible() {
		h := min(formHeight(form, size.Width), rest-pad-l.bodyRoom(size.Width, rest))
		form.Move(fyne.NewPos(0, y))
		form.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
		rest = max(rest-h-pad, 0)
	}
	body.Move(fyne.NewPos(0, y))
	body.Resize(fyne.NewSize(size.Width, rest))
}

// bodyRoom is the height kept for the writing below a form: what its words
// need, at least bodyRows rows and at most bodyShare of the rest.
func (l editorLayout) bodyRoom(width, rest float32) float32 {
	row := fyne.MeasureText("M", theme.TextSize(), fyne.TextStyle{}).Height + theme.LineSpacing()
	most := rest * bodyShare
	rows := bodyRows
	if l.body != nil {
		inner := width - 2*theme.InnerPadding() - 2*theme.InputBorderSize()
		if inner > 0 {
			rows = max(rows, textRows(l.body.Text, inner, l.body.TextStyle, int(most/row)+1))
		}
	}
	need := float32(rows)*row + 2*theme.InnerPadding()
	return min(need, most)
}

// formHeight is the height the form area needs at a width: its content's,
// not the scroll's, which would be only a line.
func formHeight(o fyne.CanvasObject, width float32) float32 {
	sc, ok := o.(*container.Scroll)
	if !ok {
		return o.MinSize().Height
	}
	// Chips and wrapped turns know their height only once they know their
	// width, and a form sizes its rows from its last layout: so size,
	// lay out again, and measure once more.
	c := sc.Content
	c.Resize(fyne.NewSize(width, c.MinSize().Height))
	if box, ok := c.(*fyne.Container); ok {
		box.Refresh()
	}
	h := c.MinSize().Height
	c.Resize(fyne.NewSize(width, h))
	return h
}

func (editorLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	n := 0
	for _, o := range objs {
		if !o.Visible() {
			continue
		}
		m := o.MinSize()
		s.Width = max(s.Width, m.Width)
		s.Height += m.Height
		n++
	}
	s.Height += float32(max(n-1, 0)) * theme.Padding()
	return s
}

var _ fyne.Layout = editorLayout{}
