package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
)

// editorLayout stacks the title, the row of date, mood and tags, the
// page, the row of the entry's files, and the footer. The page is the form of a structured entry, which
// scrolls as one document with the writing below it, or the writing alone,
// filling the rest. Its objects are in focus order (title, form, body,
// files, details, footer), which is not top-to-bottom order.
//
// In a window too short for both, the writing comes before the pictures:
// strip, when set, is made small (see fileStrip.setSmall) while the editor
// is shorter than shortEditorLines lines of text, and as usual otherwise.
type editorLayout struct {
	strip *fileStrip
}

// shortEditorLines is the height in lines of text under which the editor
// shows its files small: about an 800 by 600 window at the largest text,
// where the strip at its usual size left the writing four lines.
const shortEditorLines = 34

func (l editorLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	top, form, body, files, meta, foot := objs[0], objs[1], objs[2], objs[3], objs[4], objs[5]
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
	// The files sit under the page, just above the footer.
	if l.strip != nil {
		l.strip.setSmall(size.Height < shortEditorLines*theme.TextSize())
	}
	ah := fit(files)
	files.Move(fyne.NewPos(0, size.Height-fh-pad-ah))
	rest := max(size.Height-fh-pad-ah-pad-y, 0)
	if form.Visible() {
		h := rest
		if body.Visible() {
			// A prompt above writing of its own: the prompt takes what it
			// needs, up to half, and the writing the rest.
			h = min(formHeight(form, size.Width), rest/2)
		}
		form.Move(fyne.NewPos(0, y))
		form.Resize(fyne.NewSize(size.Width, h))
		y += h + pad
		rest = max(rest-h-pad, 0)
	}
	body.Move(fyne.NewPos(0, y))
	body.Resize(fyne.NewSize(size.Width, rest))
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
