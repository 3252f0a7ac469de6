package ui

import (
	"image/color"
	"math"
	"strings"
	"unicode/utf8"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"
)

// field is a multi-line field of a structured form. A form is one page that
// scrolls as a whole, so a field grows with what is written in it instead
// of scrolling inside itself, the mouse wheel over it scrolls the page (a
// text field would otherwise take the wheel and do nothing with it), and
// Tab moves on to the next field instead of typing a tab.
type field struct {
	widget.Entry
	minRows int
	rows    int
	// page is the scroller of the page the field is on; linkPage sets it.
	page  *container.Scroll
	wheel *wheelLayer
	// oneLine makes Enter move on instead of starting a new line.
	oneLine bool
	// fixed keeps the field at the size its layout gives it, for a page
	// that fills the editor and scrolls inside itself.
	fixed bool
}

// setFixed makes the field fill what it is given and scroll inside itself
// (on), or grow with its words on a page that scrolls (off).
func (f *field) setFixed(on bool) {
	f.fixed = on
	if on {
		f.page = nil
		f.rows = f.minRows
		f.SetMinRowsVisible(f.minRows)
		return
	}
	_ = f.fitRows()
}

// newField returns a field that shows at least minRows rows.
func newField(minRows int) *field {
	f := &field{minRows: minRows, rows: minRows}
	f.MultiLine = true
	f.Wrapping = fyne.TextWrapWord
	f.wheel = &wheelLayer{field: f}
	f.wheel.ExtendBaseWidget(f.wheel)
	f.ExtendBaseWidget(f)
	f.SetMinRowsVisible(minRows)
	return f
}

// AcceptsTab makes Tab move the focus on: a tab typed into a form's answer
// is never what was meant.
func (f *field) AcceptsTab() bool { return false }

// TypedKey moves on at Enter in a field for a line, as Tab does.
func (f *field) TypedKey(ev *fyne.KeyEvent) {
	if f.oneLine && (ev.Name == fyne.KeyReturn || ev.Name == fyne.KeyEnter) {
		if c := fyne.CurrentApp().Driver().CanvasForObject(f); c != nil {
			c.FocusNext()
		}
		return
	}
	f.Entry.TypedKey(ev)
}

// Resize fits the rows to the new width.
func (f *field) Resize(size fyne.Size) {
	f.Entry.Resize(size)
	_ = f.fitRows()
}

// fitRows shows as many rows as the text needs at the field's width, so
// nothing in it is hidden below its edge. It reports whether it grew.
func (f *field) fitRows() bool {
	if f.fixed {
		return false
	}
	inner := f.Size().Width - 2*theme.InnerPadding() - 2*theme.InputBorderSize()
	if inner <= 0 {
		return false
	}
	rows := max(textRows(f.Text, inner, f.TextStyle, fieldMaxRows), f.minRows)
	if rows == f.rows {
		return false
	}
	grew := rows > f.rows
	f.rows = rows
	f.SetMinRowsVisible(rows)
	return grew
}

// onChanged fits the rows to the words, then calls changed, which lays the
// page out again. A field at the end of its page keeps the end in view as
// it grows, so what comes after it (the buttons that add a turn) stays in
// reach.
func (f *field) onChanged(changed func()) func(string) {
	return func(string) {
		atEnd := f.page != nil && f.page.Offset.Y+f.page.Size().Height >= f.page.Content.MinSize().Height-1
		grew := f.fitRows()
		changed()
		if grew && atEnd {
			f.page.ScrollToBottom()
		}
	}
}

// textRows is about how many rows text takes when it wraps at width, with
// a row to spare once it wraps (words wrap a little wider than their
// measure), counting no further than limit. Measuring text costs time in
// proportion to its length and runs on every keystroke, so a paragraph too
// long to measure quickly is estimated from its length instead, and the
// count stops at the limit.
func textRows(text string, width float32, style fyne.TextStyle, limit int) int {
	rows := 0
	for len(text) > 0 && rows < limit {
		para, rest, _ := strings.Cut(text, "\n")
		text = rest
		var w float32
		if len(para) <= measureMax {
			w = fyne.MeasureText(para, theme.TextSize(), style).Width
		} else {
			w = float32(utf8.RuneCountInString(para)) * fyne.MeasureText(sampleText, theme.TextSize(), style).Width / float32(len(sampleText))
		}
		rows += max(1, int(math.Ceil(float64(w/width))))
	}
	if rows > 1 {
		rows++
	}
	return min(max(rows, 1), limit)
}

// measureMax is the longest paragraph textRows measures; sampleText gives
// the average width of a character for longer ones.
const (
	measureMax = 2000
	sampleText = "the quick brown fox jumps over a lazy dog, THEN SITS; "
)

// fieldMaxRows is as tall as a form's field grows; past it, the field
// scrolls inside itself.
const fieldMaxRows = 40

// CreateRenderer is the entry's own, with the wheel layer on top.
func (f *field) CreateRenderer() fyne.WidgetRenderer {
	return &fieldRenderer{WidgetRenderer: f.Entry.CreateRenderer(), wheel: f.wheel}
}

type fieldRenderer struct {
	fyne.WidgetRenderer
	wheel *wheelLayer
}

func (r *fieldRenderer) Layout(size fyne.Size) {
	r.WidgetRenderer.Layout(size)
	r.wheel.Resize(size)
}

// Objects lists the wheel layer last: of the objects under the pointer
// that take the wheel, the last one drawn gets it. It takes nothing else,
// so taps, drags and the text cursor still reach the entry below.
func (r *fieldRenderer) Objects() []fyne.CanvasObject {
	if r.wheel.field.page == nil {
		return r.WidgetRenderer.Objects() // no page: the field scrolls itself
	}
	return append(r.WidgetRenderer.Objects(), r.wheel)
}

// wheelLayer is a clear layer over a field that hands the mouse wheel to
// the page. It draws nothing.
type wheelLayer struct {
	widget.BaseWidget
	field *field
}

func (l *wheelLayer) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(canvas.NewRectangle(color.Transparent))
}

// Scrolled scrolls the page the field is on.
func (l *wheelLayer) Scrolled(ev *fyne.ScrollEvent) {
	if p := l.field.page; p != nil {
		p.Scrolled(ev)
	}
}

// linkPage gives every field in o the page they scroll with: fields in
// containers and in forms, as structured forms build them.
func linkPage(o fyne.CanvasObject, page *container.Scroll) {
	switch o := o.(type) {
	case *field:
		o.page = page
	case *fyne.Container:
		for _, c := range o.Objects {
			linkPage(c, page)
		}
	case *widget.Form:
		for _, it := range o.Items {
			linkPage(it.Widget, page)
		}
	}
}
