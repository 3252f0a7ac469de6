package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/desktop"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/say"
	"tend/journal"
)

// entryRow is how every list shows an entry: a small icon for its kind,
// its headline in bold on one line, a quiet line of facts at the right
// (a star when it has one, a dot in the colour of the mood, when one was
// given), and up to two lines of its preview in a quieter colour. It
// reads only the summary.
//
// An entryRow takes no input, so in a widget.List the list takes the taps
// and the keyboard. On its own (Today's Lately, a memory of On This Day)
// an entry is an entryButton. As a card it sits on a surface of its own,
// with a small line above the headline.
type entryRow struct {
	widget.BaseWidget
	// self is the widget this row is part of: the row, or its button.
	self fyne.Widget

	kind     journal.Kind
	headline string
	preview  string
	meta     string
	mood     journal.Mood
	starred  bool
	// kicker is a small line above the headline: a memory's year.
	kicker string
	card   bool
	// lines is how many lines of preview the row keeps room for.
	lines int
	// alone is set on a row outside a list, which is as tall as what it
	// shows; a list sizes all its rows alike.
	alone bool

	hovered, focused bool
}

func newEntryRow() *entryRow {
	r := &entryRow{lines: 2}
	r.self = r
	r.ExtendBaseWidget(r)
	return r
}

// setEntry shows e with meta as the quiet facts at the right.
func (r *entryRow) setEntry(e *journal.Entry, meta string) {
	r.kind, r.headline, r.preview, r.meta, r.mood, r.starred = e.Kind, say.Headline(e), say.Preview(e), meta, e.Mood, e.Starred
	r.self.Refresh()
}

// entryButton is an entry on its own that opens it: it takes a tap and the
// keyboard (Space or Enter), as the links it replaces did, and shows hover
// and focus.
type entryButton struct {
	entryRow
	onTapped func()
}

func newEntryButton(onTapped func()) *entryButton {
	b := &entryButton{onTapped: onTapped}
	b.lines, b.alone = 2, true
	b.self = b
	b.ExtendBaseWidget(b)
	return b
}

// Tapped opens the entry.
func (b *entryButton) Tapped(*fyne.PointEvent) {
	if b.onTapped != nil {
		b.onTapped()
	}
}

// FocusGained, FocusLost, TypedRune and TypedKey make the entry reachable
// by the keyboard.
func (b *entryButton) FocusGained() {
	b.focused = true
	b.Refresh()
}

func (b *entryButton) FocusLost() {
	b.focused = false
	b.Refresh()
}

func (b *entryButton) TypedRune(rune) {}

func (b *entryButton) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	}
}

// MouseIn, MouseMoved and MouseOut show hover.
func (b *entryButton) MouseIn(*desktop.MouseEvent) {
	b.hovered = true
	b.Refresh()
}

func (b *entryButton) MouseMoved(*desktop.MouseEvent) {}

func (b *entryButton) MouseOut() {
	b.hovered = false
	b.Refresh()
}

// Cursor is a pointing hand over an entry that opens.
func (b *entryButton) Cursor() desktop.Cursor { return desktop.PointerCursor }

func (r *entryRow) CreateRenderer() fyne.WidgetRenderer {
	rr := &entryRowRenderer{
		r:      r,
		bg:     &canvas.Rectangle{},
		icon:   &canvas.Image{FillMode: canvas.ImageFillContain},
		kicker: &canvas.Text{},
		head:   &canvas.Text{TextStyle: fyne.TextStyle{Bold: true}},
		meta:   &canvas.Text{},
		dot:    &canvas.Circle{},
		star:   &canvas.Image{FillMode: canvas.ImageFillContain},
	}
	for i := range rr.lines {
		rr.lines[i] = &canvas.Text{}
	}
	rr.objects = []fyne.CanvasObject{rr.bg, rr.icon, rr.kicker, rr.head, rr.star, rr.dot, rr.meta, rr.lines[0], rr.lines[1]}
	rr.Refresh()
	return rr
}

type entryRowRenderer struct {
	r *entryRow
	// width is the width the row was last laid out at: a row on its own
	// is as tall as its preview's lines at that width (Fyne asks again on
	// the next frame, as it does for wrapping text).
	width   float32
	bg      *canvas.Rectangle
	icon    *canvas.Image
	kicker  *canvas.Text
	head    *canvas.Text
	meta    *canvas.Text
	dot     *canvas.Circle
	star    *canvas.Image
	lines   [2]*canvas.Text
	objects []fyne.CanvasObject
}

func (rr *entryRowRenderer) Destroy()                     {}
func (rr *entryRowRenderer) Objects() []fyne.CanvasObject { return rr.objects }

// metrics are the sizes a row is laid out with, from its theme.
type rowMetrics struct {
	text, caption, pad, inner, icon float32
	headH, lineH, capH              float32
}

func (rr *entryRowRenderer) metrics() rowMetrics {
	th := rr.r.Theme()
	m := rowMetrics{
		text:    th.Size(theme.SizeNameText),
		caption: th.Size(theme.SizeNameCaptionText),
		pad:     th.Size(theme.SizeNamePadding),
		inner:   th.Size(theme.SizeNameInnerPadding),
	}
	// The icon grows with the text, so it still marks the kind at the
	// largest text size.
	m.icon = max(th.Size(theme.SizeNameInlineIcon), m.text*1.35)
	m.headH = fyne.MeasureText("Ag", m.text, fyne.TextStyle{Bold: true}).Height
	m.lineH = fyne.MeasureText("Ag", m.text, fyne.TextStyle{}).Height
	m.capH = fyne.MeasureText("Ag", m.caption, fyne.TextStyle{}).Height
	return m
}

// MinSize is as narrow as an icon and a few letters, so a row never makes
// the window wider, and as tall as the headline and the preview's lines.
func (rr *entryRowRenderer) MinSize() fyne.Size {
	r, m := rr.r, rr.metrics()
	h := 3*m.pad + m.headH
	if r.kicker != "" {
		h += m.capH
	}
	lines := r.lines
	if r.alone {
		// On its own, a row has room for the lines it shows. In a list
		// every row keeps the same room, for the list sizes them alike.
		lines = 0
		if r.preview != "" {
			lines = r.lines
			if rr.width > 0 {
				lines = len(wrapPreview(r.preview, m.text, rr.textWidth(rr.width, m), r.lines))
			}
		}
	}
	h += float32(lines) * m.lineH
	if r.card {
		h += m.pad // as much room below as above
	}
	return fyne.NewSize(m.inner*2+m.icon+m.pad*2+4*m.text, h)
}

// textX is where the text starts, after the icon; textWidth is how wide it
// may be in a row of width w.
func (rr *entryRowRenderer) textX(m rowMetrics) float32 { return m.inner + m.icon + 2*m.pad }

func (rr *entryRowRenderer) textWidth(w float32, m rowMetrics) float32 {
	return max(0, w-rr.textX(m)-m.inner)
}

func (rr *entryRowRenderer) Layout(size fyne.Size) {
	r, m := rr.r, rr.metrics()
	rr.bg.Resize(size)
	rr.bg.Move(fyne.NewPos(0, 0))
	if size.Width != rr.width && r.alone {
		defer r.self.Refresh() // its height may follow its width
	}
	rr.width = size.Width
	x := m.inner
	y := m.pad
	if r.card {
		y = 2 * m.pad
	}
	textX := rr.textX(m)
	textW := rr.textWidth(size.Width, m)

	if r.kicker != "" {
		rr.kicker.Text = fitText(r.kicker, m.caption, fyne.TextStyle{}, textW)
		rr.kicker.Move(fyne.NewPos(textX, y))
		rr.kicker.Resize(fyne.NewSize(textW, m.capH))
		y += m.capH
	}
	rr.icon.Resize(fyne.NewSize(m.icon, m.icon))
	rr.icon.Move(fyne.NewPos(x, y+(m.headH-m.icon)/2))

	// The facts at the right give way to the headline: they take what it
	// leaves, and at least a quarter of the line.
	metaW := float32(0)
	dotW := float32(0)
	if r.mood > 0 {
		dotW = m.caption*0.7 + m.pad
	}
	// The star comes first, beside the headline: it is what the person
	// chose to mark.
	starW := float32(0)
	if r.starred {
		starW = m.capH + m.pad
	}
	if r.meta != "" || dotW > 0 || starW > 0 {
		headNeed := fyne.MeasureText(r.headline, m.text, fyne.TextStyle{Bold: true}).Width + 2*m.pad
		room := max(textW*0.25, textW-headNeed) - dotW - starW
		rr.meta.Text = fitParts(r.meta, m.caption, max(0, room))
		metaW = fyne.MeasureText(rr.meta.Text, m.caption, fyne.TextStyle{}).Width + dotW + starW
	} else {
		rr.meta.Text = ""
	}
	headW := textW - metaW
	if metaW > 0 {
		headW -= 2 * m.pad
	}
	rr.head.Text = fitText(r.headline, m.text, fyne.TextStyle{Bold: true}, max(0, headW))
	rr.head.Move(fyne.NewPos(textX, y))
	rr.head.Resize(fyne.NewSize(max(0, headW), m.headH))
	metaX := textX + textW - metaW
	// The facts sit on the headline's baseline.
	metaY := y + (m.headH-m.capH)*0.75
	if starW > 0 {
		rr.star.Move(fyne.NewPos(metaX, metaY))
		rr.star.Resize(fyne.NewSize(m.capH, m.capH))
	}
	if dotW > 0 {
		d := m.caption * 0.7
		rr.dot.Move(fyne.NewPos(metaX+starW, metaY+(m.capH-d)/2))
		rr.dot.Resize(fyne.NewSize(d, d))
	}
	rr.meta.Move(fyne.NewPos(metaX+starW+dotW, metaY))
	rr.meta.Resize(fyne.NewSize(max(0, metaW-dotW-starW), m.capH))
	y += m.headH

	lines := wrapPreview(r.preview, m.text, textW, r.lines)
	for i, t := range rr.lines {
		t.Text = ""
		if i < len(lines) {
			t.Text = lines[i]
		}
		t.Move(fyne.NewPos(textX, y))
		t.Resize(fyne.NewSize(textW, m.lineH))
		y += m.lineH
	}
}

func (rr *entryRowRenderer) Refresh() {
	r := rr.r
	th := r.Theme()
	v := fyne.CurrentApp().Settings().ThemeVariant()
	fg, quiet := th.Color(theme.ColorNameForeground, v), th.Color(theme.ColorNamePlaceHolder, v)
	m := rr.metrics()

	rr.bg.FillColor, rr.bg.StrokeColor, rr.bg.StrokeWidth, rr.bg.CornerRadius = color.Transparent, color.Transparent, 0, 0
	if r.card {
		rr.bg.FillColor = th.Color(theme.ColorNameOverlayBackground, v)
		rr.bg.StrokeColor = th.Color(theme.ColorNameSeparator, v)
		rr.bg.StrokeWidth = 1
		rr.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	}
	switch {
	case r.focused:
		rr.bg.FillColor = th.Color(theme.ColorNameFocus, v)
		rr.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	case r.hovered:
		rr.bg.FillColor = th.Color(theme.ColorNameHover, v)
		rr.bg.CornerRadius = th.Size(theme.SizeNameInputRadius)
	}
	rr.kicker.Hidden = r.kicker == ""
	rr.icon.Resource = kindIcon(r.kind)
	rr.icon.Hidden = r.kind == ""
	for _, t := range []*canvas.Text{rr.kicker, rr.meta} {
		t.Color, t.TextSize = quiet, m.caption
	}
	rr.head.Color, rr.head.TextSize = fg, m.text
	for _, t := range rr.lines {
		t.Color, t.TextSize = quiet, m.text
	}
	rr.dot.Hidden = r.mood <= 0
	rr.dot.FillColor = moodColor(r.mood, v)
	rr.star.Hidden = !r.starred
	if r.starred && rr.star.Resource == nil {
		rr.star.Resource = starIcon()
	}
	rr.Layout(r.Size())
	canvas.Refresh(r.self)
}

// fitText returns s, or as much of it as fits in width followed by an
// ellipsis.
func fitText(s string, size float32, style fyne.TextStyle, width float32) string {
	if s == "" || fyne.MeasureText(s, size, style).Width <= width {
		return s
	}
	runes := []rune(s)
	lo, hi := 0, len(runes) // the longest prefix that fits is in [lo, hi)
	for lo < hi {
		mid := (lo + hi + 1) / 2
		if fyne.MeasureText(strings.TrimRight(string(runes[:mid]), " ")+"…", size, style).Width <= width {
			lo = mid
		} else {
			hi = mid - 1
		}
	}
	if lo == 0 {
		return ""
	}
	return strings.TrimRight(string(runes[:lo]), " ,;:") + "…"
}

// fitParts returns as many of the facts in s (parts joined by " · ") as
// fit in width, whole, from the first: a fact cut short reads worse than
// one left out.
func fitParts(s string, size, width float32) string {
	parts := strings.Split(s, " · ")
	for n := len(parts); n > 0; n-- {
		t := strings.Join(parts[:n], " · ")
		if fyne.MeasureText(t, size, fyne.TextStyle{}).Width <= width {
			return t
		}
	}
	return ""
}

// wrapPreview breaks a preview into at most n lines of width, at spaces
// (within a word only when one word is wider than a line), the last line
// ending in an ellipsis when the text goes on.
func wrapPreview(s string, size float32, width float32, n int) []string {
	if s == "" || n <= 0 || width <= 0 {
		return nil
	}
	style := fyne.TextStyle{}
	fits := func(t string) bool { return fyne.MeasureText(t, size, style).Width <= width }
	var out []string
	rest := strings.TrimSpace(s)
	for rest != "" && len(out) < n-1 {
		if fits(rest) {
			return append(out, rest)
		}
		words := strings.Fields(rest)
		line := ""
		used := 0
		for _, w := range words {
			next := w
			if line != "" {
				next = line + " " + w
			}
			if !fits(next) {
				break
			}
			line = next
			used++
		}
		if used == 0 {
			// One word wider than the line: it breaks where it must.
			cut := fitText(words[0], size, style, width)
			cut = strings.TrimSuffix(cut, "…")
			if cut == "" {
				cut = string([]rune(words[0])[:1])
			}
			line = cut
			rest = strings.TrimSpace(strings.TrimPrefix(rest, cut))
		} else {
			rest = strings.Join(words[used:], " ")
		}
		out = append(out, line)
	}
	if rest != "" {
		out = append(out, fitText(rest, size, style, width))
	}
	return out
}

// moodColor is a mood's colour, from a dusky blue for a very low mood to
// a warm amber for a very good one, a step lighter in the dark, so each
// reads against either background. An unset mood has none.
func moodColor(m journal.Mood, v fyne.ThemeVariant) color.Color {
	light := [...]uint32{0, 0x5E6FA3, 0x5B93B8, 0x9A8F68, 0x5E9A5A, 0xD08A22}
	dark := [...]uint32{0, 0x98A6D6, 0x8CC0E0, 0xC9BE94, 0x94CC8C, 0xF0B55A}
	if m <= 0 || int(m) >= len(light) {
		return color.Transparent
	}
	if v == theme.VariantDark {
		return rgb(dark[m])
	}
	return rgb(light[m])
}
