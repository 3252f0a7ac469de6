package ui

import (
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
)

// A star marks a favourite: an entry the person wants to find again. It
// is drawn here on the same 24-unit grid as Fyne's icons, a filled star
// for an entry that has one and an outline to give one.
var (
	starSVG = svgIcon("star",
		`<path d="M12 17.27L18.18 21l-1.64-7.03L22 9.24l-7.19-.61L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21z"/>`)
	starOutlineSVG = svgIcon("star-outline",
		`<path d="M22 9.24l-7.19-.62L12 2 9.19 8.63 2 9.24l5.46 4.73L5.82 21 12 17.27 18.18 21l-1.63-7.03L22 9.24zM12 15.4l-3.76 2.27 1-4.28-3.32-2.88 4.38-.38L12 6.1l1.71 4.04 4.38.38-3.32 2.88 1 4.28L12 15.4z"/>`)
)

// starIcon is the filled star, in the theme's primary colour, so a
// starred entry stands out in a list without shouting.
func starIcon() fyne.Resource { return theme.NewColoredResource(starSVG, theme.ColorNamePrimary) }

// starOutlineIcon is the star not given yet, in the colour of text.
func starOutlineIcon() fyne.Resource {
	return theme.NewColoredResource(starOutlineSVG, theme.ColorNameForeground)
}

// newStarButton makes the button that gives an entry a star or takes it
// away (see setStar).
func newStarButton(onTapped func()) *widget.Button {
	b := &widget.Button{Importance: widget.LowImportance, OnTapped: onTapped}
	setStar(b, false)
	return b
}

// setStar makes b say what it shows: "Star" with an outline, "Starred"
// with the star filled.
func setStar(b *widget.Button, on bool) {
	if on {
		b.Text, b.Icon = i18n.L("Starred"), starIcon()
	} else {
		b.Text, b.Icon = i18n.L("Star"), starOutlineIcon()
	}
	b.Refresh()
}

// entryClock is the time an entry was written, as the lists and the page
// say it (see journal.Entry.Clock): on the clock of where it was written,
// with that zone named when it is not here, the zone of the person's own
// clock now. It is empty for an entry without a time.
func entryClock(e *journal.Entry, here *time.Location) string { return say.Clock(e, here) }

// dayAndClock is a day as a list names it, followed by the time the
// entry was written when it has one: "Mon 23 Nov · 21:40".
func dayAndClock(day string, e *journal.Entry, here *time.Location) string {
	if at := entryClock(e, here); at != "" {
		return day + " · " + at
	}
	return day
}
