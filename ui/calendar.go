package ui

import (
	"strconv"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// calendarWeeks is how many week rows the grid always has, so the widget
// keeps its size from month to month.
const calendarWeeks = 6

// calendar is a small month grid for finding a day: previous and next
// month, today highlighted, and a dot under each day that has writing.
// Every day is a button, so the grid can be reached with Tab and Space.
type calendar struct {
	widget.BaseWidget

	// month is the first day of the month shown.
	month journal.Date
	// today is highlighted; it comes from the UI's clock, not the system's,
	// so tests can fix it.
	today journal.Date
	// selected is the day picked last, zero when none.
	selected journal.Date
	// marks counts entries per day of the month shown.
	marks map[journal.Date]int

	// days loads the marks for a range of days; nil shows no marks.
	days func(from, to journal.Date) map[journal.Date]int
	// onPicked is called when a day is tapped.
	onPicked func(journal.Date)

	title      *widget.Label
	prev, next *iconButton
	cells      [calendarWeeks * 7]*calendarCell
	box        *fyne.Container
}

// calendarCell is one place in the grid: a day's button and its mark.
type calendarCell struct {
	day journal.Date // zero for places before the first or after the last day
	btn *widget.Button
	dot *canvas.Circle
	box *fyne.Container
}

func newCalendar(days func(from, to journal.Date) map[journal.Date]int, onPicked func(journal.Date)) *calendar {
	c := &calendar{days: days, onPicked: onPicked}
	c.title = &widget.Label{Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}}
	c.prev = newIconButton(theme.NavigateBackIcon(), i18n.L("The month before"), widget.LowImportance, func() { c.showMonth(addMonths(c.month, -1)) })
	c.next = newIconButton(theme.NavigateNextIcon(), i18n.L("The month after"), widget.LowImportance, func() { c.showMonth(addMonths(c.month, 1)) })
	grid := container.NewGridWithColumns(7)
	// The days' initials head the grid's columns, the week starting on
	// the day it does where the person lives (see i18n.FirstWeekday).
	for i := range 7 {
		w := i18n.WeekdayInitials((i18n.FirstWeekday() + time.Weekday(i)) % 7)
		grid.Add(&widget.Label{Text: w, Alignment: fyne.TextAlignCenter, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance})
	}
	for i := range c.cells {
		cell := &calendarCell{dot: canvas.NewCircle(theme.Color(theme.ColorNamePrimary))}
		cell.btn = &widget.Button{Importance: widget.LowImportance, OnTapped: func() { c.onDay(cell.day) }}
		cell.box = container.New(dotLayout{}, cell.btn, cell.dot)
		c.cells[i] = cell
		grid.Add(cell.box)
	}
	c.box = container.NewVBox(container.NewBorder(nil, nil, c.prev, c.next, c.title), grid)
	c.ExtendBaseWidget(c)
	return c
}

// CreateRenderer draws the calendar's grid.
func (c *calendar) CreateRenderer() fyne.WidgetRenderer {
	return widget.NewSimpleRenderer(c.box)
}

// setToday moves the highlight to today and, the first time, shows
// today's month.
func (c *calendar) setToday(d journal.Date) {
	c.today = d
	if c.month.IsZero() {
		c.month = journal.Date{Year: d.Year, Month: d.Month, Day: 1}
	}
	c.reload()
}

// showMonth shows the month that holds d.
func (c *calendar) showMonth(d journal.Date) {
	c.month = journal.Date{Year: d.Year, Month: d.Month, Day: 1}
	c.reload()
}

// pick marks d as the chosen day, showing its month.
func (c *calendar) pick(d journal.Date) {
	c.selected = d
	if !d.IsZero() {
		c.month = journal.Date{Year: d.Year, Month: d.Month, Day: 1}
	}
	c.reload()
}

// reload fetches the marks for the month shown and redraws the grid.
func (c *calendar) reload() {
	c.marks = nil
	if c.days != nil && !c.month.IsZero() {
		c.marks = c.days(c.month, lastOfMonth(c.month))
	}
	c.update()
}

// clear forgets the marks and the chosen day, on lock: which days have
// writing is itself private.
func (c *calendar) clear() {
	c.marks = nil
	c.selected = journal.Date{}
	c.update()
}

func (c *calendar) onDay(d journal.Date) {
	if d.IsZero() {
		return
	}
	c.selected = d
	c.update()
	if c.onPicked != nil {
		c.onPicked(d)
	}
}

// update redraws the title and the days from the calendar's state.
func (c *calendar) update() {
	if c.month.IsZero() {
		return
	}
	c.title.SetText(i18n.Date(c.month.Time(), "January 2006"))
	// The days before the first of the month in its first week.
	lead := (int(c.month.Time().Weekday()) - int(i18n.FirstWeekday()) + 7) % 7
	last := lastOfMonth(c.month).Day
	primary, onPrimary := theme.Color(theme.ColorNamePrimary), theme.Color(theme.ColorNameForegroundOnPrimary)
	for i, cell := range c.cells {
		n := i - lead + 1
		if n < 1 || n > last {
			cell.day = journal.Date{}
			cell.btn.Hide()
			cell.dot.Hide()
			continue
		}
		cell.day = journal.Date{Year: c.month.Year, Month: c.month.Month, Day: n}
		cell.btn.Text = strconv.Itoa(n)
		switch cell.day {
		case c.today:
			cell.btn.Importance = widget.HighImportance
		case c.selected:
			cell.btn.Importance = widget.MediumImportance
		default:
			cell.btn.Importance = widget.LowImportance
		}
		cell.btn.Show()
		cell.btn.Refresh()
		// On today's filled button the mark takes the button's text colour,
		// or it would vanish into it.
		cell.dot.FillColor = primary
		if cell.day == c.today {
			cell.dot.FillColor = onPrimary
		}
		cell.dot.Hidden = c.marks[cell.day] == 0
		cell.dot.Refresh()
	}
}

// cellFor returns the cell showing d, or nil when d is not in the month
// shown.
func (c *calendar) cellFor(d journal.Date) *calendarCell {
	for _, cell := range c.cells {
		if cell.day == d && !d.IsZero() {
			return cell
		}
	}
	return nil
}

// lastOfMonth is the last day of d's month.
func lastOfMonth(d journal.Date) journal.Date {
	return journal.DateOf(time.Date(d.Year, d.Month+1, 0, 0, 0, 0, 0, time.UTC))
}

// addMonths moves the first of d's month by n months.
func addMonths(d journal.Date, n int) journal.Date {
	return journal.DateOf(time.Date(d.Year, d.Month+time.Month(n), 1, 0, 0, 0, 0, time.UTC))
}

// dotLayout lays a day's button over the whole cell and its mark, a small
// dot, at the bottom centre, clear of the number.
type dotLayout struct{}

// dotSize is the mark's diameter.
const dotSize = 5

func (dotLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	objs[0].Move(fyne.NewPos(0, 0))
	objs[0].Resize(size)
	objs[1].Resize(fyne.NewSquareSize(dotSize))
	objs[1].Move(fyne.NewPos((size.Width-dotSize)/2, size.Height-dotSize-theme.Padding()))
}

func (dotLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	// The button's size even while it is hidden, so empty places keep
	// the grid's shape.
	return objs[0].MinSize()
}
