package ui

import (
	"image/color"
	"math"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
)

// The charts on the Insights screen are drawn with plain canvas lines,
// rectangles, circles and text: no web view, no images, nothing fetched.
// Each chart is a widget whose renderer redraws its shapes for the size it
// is given, so it fills a card at any window width.

// drawing is what a chart draws for a size, and the least room it needs.
type drawing interface {
	draw(size fyne.Size) []fyne.CanvasObject
	minSize() fyne.Size
}

// chart is a widget that shows a drawing.
type chart struct {
	widget.BaseWidget
	d drawing
}

func newChart(d drawing) *chart {
	c := &chart{d: d}
	c.ExtendBaseWidget(c)
	return c
}

func (c *chart) CreateRenderer() fyne.WidgetRenderer { return &chartRenderer{c: c} }

type chartRenderer struct {
	c    *chart
	objs []fyne.CanvasObject
	size fyne.Size
}

func (r *chartRenderer) Layout(size fyne.Size) {
	r.size = size
	r.objs = r.c.d.draw(size)
}

func (r *chartRenderer) MinSize() fyne.Size           { return r.c.d.minSize() }
func (r *chartRenderer) Objects() []fyne.CanvasObject { return r.objs }
func (r *chartRenderer) Destroy()                     {}
func (r *chartRenderer) Refresh()                     { r.Layout(r.size); canvas.Refresh(r.c) }

// themeColor is a colour of the current theme and variant, read each time
// so a chart follows a change between light and dark.
func themeColor(n fyne.ThemeColorName) color.Color {
	s := fyne.CurrentApp().Settings()
	return s.Theme().Color(n, s.ThemeVariant())
}

// soften mixes a colour with transparency, for grid lines and the calm
// shades of the calendar.
func soften(c color.Color, alpha uint8) color.Color {
	r, g, b, _ := c.RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: alpha}
}

// captionSize is the size of the small text on the charts.
func captionSize() float32 { return theme.CaptionTextSize() }

// chartText is a small muted text placed at a point, aligned by align.
func chartText(text string, x, y float32, align fyne.TextAlign) *canvas.Text {
	t := canvas.NewText(text, themeColor(theme.ColorNamePlaceHolder))
	t.TextSize = captionSize()
	w := fyne.MeasureText(text, t.TextSize, t.TextStyle).Width
	switch align {
	case fyne.TextAlignCenter:
		x -= w / 2
	case fyne.TextAlignTrailing:
		x -= w
	}
	t.Move(fyne.NewPos(x, y))
	t.Resize(fyne.NewSize(w, t.MinSize().Height))
	return t
}

// strokeLine is a straight stroke from one point to another.
func strokeLine(c color.Color, width float32, x1, y1, x2, y2 float32) *canvas.Line {
	l := canvas.NewLine(c)
	l.StrokeWidth = width
	l.Position1 = fyne.NewPos(x1, y1)
	l.Position2 = fyne.NewPos(x2, y2)
	return l
}

// chartDot is a filled circle centred on a point.
func chartDot(c color.Color, radius, x, y float32) *canvas.Circle {
	d := canvas.NewCircle(c)
	d.Move(fyne.NewPos(x-radius, y-radius))
	d.Resize(fyne.NewSquareSize(2 * radius))
	return d
}

// chartEmpty is what an empty chart says in its middle.
func chartEmpty(text string, size fyne.Size) fyne.CanvasObject {
	return chartText(text, size.Width/2, size.Height/2-captionSize(), fyne.TextAlignCenter)
}

// linePoint is a point on a line chart: x from 0 (left) to 1 (right), y on
// the chart's own scale.
type linePoint struct{ x, y float64 }

// lineChart draws values over time: soft grid lines with their values on
// the left, the first and last day under the axis, the line and a dot on
// each reading.
type lineChart struct {
	points     []linePoint
	min, max   float64   // the bottom and top of the scale
	ticks      []float64 // values that get a grid line and a label
	tickText   func(float64) string
	start, end string // the first and last day, under the axis
	empty      string
}

func (l *lineChart) minSize() fyne.Size { return fyne.NewSize(240, 150) }

func (l *lineChart) draw(size fyne.Size) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	text := captionSize()
	left := fyne.MeasureText("100%", text, fyne.TextStyle{}).Width + theme.Padding()*1.5
	top := text / 2
	bottom := size.Height - text*2.2
	right := size.Width - theme.Padding()
	if right <= left || bottom <= top || l.max <= l.min {
		return nil
	}
	// The line is inset from the ends of the grid so a dot on the first or
	// last day does not sit on an axis label.
	inset := 2 * theme.Padding()
	y := func(v float64) float32 { return bottom - float32((v-l.min)/(l.max-l.min))*(bottom-top) }
	x := func(v float64) float32 { return left + inset + float32(v)*(right-left-2*inset) }
	grid := themeColor(theme.ColorNameSeparator)
	for _, t := range l.ticks {
		out = append(out, strokeLine(grid, 1, left, y(t), right, y(t)))
		out = append(out, chartText(l.tickText(t), left-theme.Padding()/2, y(t)-text*0.7, fyne.TextAlignTrailing))
	}
	out = append(out, chartText(l.start, left, bottom+text*0.6, fyne.TextAlignLeading))
	out = append(out, chartText(l.end, right, bottom+text*0.6, fyne.TextAlignTrailing))
	if len(l.points) == 0 {
		return append(out, chartEmpty(l.empty, size))
	}
	ink := themeColor(theme.ColorNamePrimary)
	for i := 1; i < len(l.points); i++ {
		a, b := l.points[i-1], l.points[i]
		out = append(out, strokeLine(ink, 2, x(a.x), y(a.y), x(b.x), y(b.y)))
	}
	for _, p := range l.points {
		out = append(out, chartDot(ink, 3.5, x(p.x), y(p.y)))
	}
	return out
}

// chartBar is one row of a bar chart.
type chartBar struct {
	label string
	value float64 // 0 to 1 of the chart's width
	text  string  // shown after the bar
}

// barChart draws labelled horizontal bars, longest value at full width.
type barChart struct {
	bars  []chartBar
	empty string
}

// barRow is the height of one bar's row.
const barRow = 24

func (b *barChart) minSize() fyne.Size {
	return fyne.NewSize(240, float32(max(len(b.bars), 2))*barRow)
}

func (b *barChart) draw(size fyne.Size) []fyne.CanvasObject {
	if len(b.bars) == 0 {
		return []fyne.CanvasObject{chartEmpty(b.empty, size)}
	}
	text := captionSize()
	var labelW, valueW float32
	for _, r := range b.bars {
		labelW = max(labelW, fyne.MeasureText(r.label, text, fyne.TextStyle{}).Width)
		valueW = max(valueW, fyne.MeasureText(r.text, text, fyne.TextStyle{}).Width)
	}
	pad := theme.Padding()
	left := labelW + 2*pad
	room := size.Width - left - valueW - 2*pad
	if room <= 0 {
		return nil
	}
	ink := themeColor(theme.ColorNamePrimary)
	var out []fyne.CanvasObject
	for i, r := range b.bars {
		top := float32(i) * barRow
		out = append(out, chartText(r.label, left-pad, top+(barRow-text)/2-2, fyne.TextAlignTrailing))
		w := max(float32(r.value)*room, 2) // a sliver shows a bar is there
		rect := canvas.NewRectangle(ink)
		rect.CornerRadius = 3
		rect.Move(fyne.NewPos(left, top+5))
		rect.Resize(fyne.NewSize(w, barRow-10))
		out = append(out, rect)
		out = append(out, chartText(r.text, left+w+pad, top+(barRow-text)/2-2, fyne.TextAlignLeading))
	}
	return out
}

// dotTimeline draws days as dots along a line, so a single event and a run
// of them look different at a glance.
type dotTimeline struct {
	marks      []float64 // 0 (left) to 1 (right)
	labels     []string  // one per mark, written above it where there is room
	start, end string
	empty      string
}

func (d *dotTimeline) minSize() fyne.Size { return fyne.NewSize(240, 70) }

func (d *dotTimeline) draw(size fyne.Size) []fyne.CanvasObject {
	text := captionSize()
	pad := theme.Padding() * 2
	mid := size.Height/2 - text/2
	out := []fyne.CanvasObject{
		strokeLine(themeColor(theme.ColorNameSeparator), 2, pad, mid, size.Width-pad, mid),
		chartText(d.start, pad, mid+10, fyne.TextAlignLeading),
		chartText(d.end, size.Width-pad, mid+10, fyne.TextAlignTrailing),
	}
	if len(d.marks) == 0 {
		return append(out, chartText(d.empty, size.Width/2, mid-text*2, fyne.TextAlignCenter))
	}
	ink := themeColor(theme.ColorNamePrimary)
	// A label goes above its dot unless it would run into the one before,
	// so close dots never make a smudge of text.
	labelEnd := float32(-1)
	for i, m := range d.marks {
		x := pad + float32(m)*(size.Width-2*pad)
		out = append(out, chartDot(ink, 6, x, mid))
		if i >= len(d.labels) {
			continue
		}
		t := chartText(d.labels[i], x, mid-text*2, fyne.TextAlignCenter)
		if t.Position().X > labelEnd && t.Position().X >= 0 && t.Position().X+t.Size().Width <= size.Width {
			out = append(out, t)
			labelEnd = t.Position().X + t.Size().Width + theme.Padding()
		}
	}
	return out
}

// heatMap is a year of days as small squares, a column per week and a row
// per weekday (Monday at the top), shaded by how much was written.
type heatMap struct {
	counts []int // from a Monday, one per day
	from   time.Time
	empty  string
}

// heatMonthRow is the height of the row of month names above a heat map.
func heatMonthRow() float32 { return captionSize() + theme.Padding() }

const (
	heatWeeks = 53
	heatGap   = 2
	heatMax   = 14 // the largest square, so a wide window stays calm
)

func (h *heatMap) minSize() fyne.Size {
	return fyne.NewSize(heatWeeks*(4+heatGap), heatMonthRow()+7*(12+heatGap))
}

func (h *heatMap) draw(size fyne.Size) []fyne.CanvasObject {
	cell := min(float32(math.Floor(float64(size.Width/heatWeeks-heatGap))), size.Height/7-heatGap, heatMax)
	if cell < 2 {
		return nil
	}
	left := (size.Width - heatWeeks*(cell+heatGap)) / 2
	top := heatMonthRow()
	none := soften(themeColor(theme.ColorNameSeparator), 0xff)
	ink := themeColor(theme.ColorNamePrimary)
	// Soft steps, not a scale of numbers: writing more is not better.
	shades := []color.Color{none, soften(ink, 0x55), soften(ink, 0x90), soften(ink, 0xc8), ink}
	var out []fyne.CanvasObject
	// Each month's name sits above the week its first day falls in, when
	// there is room for it before the next.
	if !h.from.IsZero() {
		nameEnd := float32(-1)
		for i := range h.counts {
			day := h.from.AddDate(0, 0, i)
			if day.Day() != 1 && i != 0 {
				continue
			}
			t := chartText(i18n.Date(day, "Jan"), left+float32(i/7)*(cell+heatGap), 0, fyne.TextAlignLeading)
			if t.Position().X > nameEnd && t.Position().X+t.Size().Width <= size.Width {
				out = append(out, t)
				nameEnd = t.Position().X + t.Size().Width + theme.Padding()
			}
		}
	}
	written := false
	for i, n := range h.counts {
		col, row := i/7, i%7
		r := canvas.NewRectangle(shades[min(n, len(shades)-1)])
		r.CornerRadius = 2
		r.Move(fyne.NewPos(left+float32(col)*(cell+heatGap), top+float32(row)*(cell+heatGap)))
		r.Resize(fyne.NewSquareSize(cell))
		out = append(out, r)
		written = written || n > 0
	}
	if !written {
		out = append(out, chartEmpty(h.empty, fyne.NewSize(size.Width, top+7*(cell+heatGap))))
	}
	return out
}
