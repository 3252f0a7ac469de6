package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/theme"

	"tend/journal"
)

// The kinds' icons: Fyne's own where one fits, and a few simple shapes
// drawn here on the same 24-unit grid as Fyne's (filled, so the theme
// colours them: they read in light and in dark). Each is drawn in the
// quiet colour of secondary text, so it marks the kind without shouting.
var (
	letterSVG = svgIcon("letter", // an envelope
		`<path d="M20 4H4c-1.1 0-2 .9-2 2v12c0 1.1.9 2 2 2h16c1.1 0 2-.9 2-2V6c0-1.1-.9-2-2-2zm0 4l-8 5-8-5V6l8 5 8-5v2z"/>`)
	dialogueSVG = svgIcon("dialogue", // two speech bubbles, two voices
		`<path d="M21 6h-2v9H6v2c0 .55.45 1 1 1h11l4 4V7c0-.55-.45-1-1-1zm-4 6V3c0-.55-.45-1-1-1H3c-.55 0-1 .45-1 1v14l4-4h10c.55 0 1-.45 1-1z"/>`)
	checkInSVG = svgIcon("checkin", // a heart
		`<path d="M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z"/>`)
	conversationSVG = svgIcon("conversation", // a speech bubble with lines to say
		`<path d="M20 2H4c-1.1 0-2 .9-2 2v18l4-4h14c1.1 0 2-.9 2-2V4c0-1.1-.9-2-2-2zM6 9h12v2H6V9zm8 5H6v-2h8v2zm4-6H6V6h12v2z"/>`)
	wordsActionsSVG = svgIcon("words-actions", // two arrows side by side: said, then did
		`<path d="M9.01 14H2v2h7.01v3L13 15l-3.99-4v3zm5.98-1v-3H22V8h-7.01V5L11 9l3.99 4z"/>`)
	// A heart with a crack through it. The crack is drawn in the same
	// path the other way round from the heart, so it is a gap in it.
	incidentSVG = svgIcon("incident",
		`<path d="M12 21.35l-1.45-1.32C5.4 15.36 2 12.28 2 8.5 2 5.42 4.42 3 7.5 3c1.74 0 3.41.81 4.5 2.09C13.09 3.81 14.76 3 16.5 3 19.58 3 22 5.42 22 8.5c0 3.78-3.4 6.86-8.55 11.54L12 21.35z`+
			`M11.2 6.2L9.6 10l2.6 3.2-1.8 3.4.9 3.4h1.8l-.9-3.4 1.8-3.4-2.6-3.2 1.6-3.8z"/>`)
)

func svgIcon(name, paths string) fyne.Resource {
	return fyne.NewStaticResource(name+".svg", []byte(`<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24">`+paths+`</svg>`))
}

// kindIcons holds each kind's icon, coloured for the theme in use.
var kindIcons = map[journal.Kind]fyne.Resource{}

// kindIcon returns the small icon of a kind of entry.
func kindIcon(k journal.Kind) fyne.Resource {
	if r := kindIcons[k]; r != nil {
		return r
	}
	var src fyne.Resource
	switch k {
	case journal.KindPrompted:
		src = theme.QuestionIcon()
	case journal.KindLetter:
		src = letterSVG
	case journal.KindDialogue:
		src = dialogueSVG
	case journal.KindCheckIn:
		src = checkInSVG
	case journal.KindConversation:
		src = conversationSVG
	case journal.KindWordsActions:
		src = wordsActionsSVG
	case journal.KindIncident:
		src = incidentSVG
	case journal.KindTherapyNote:
		src = theme.ContentPasteIcon()
	default:
		src = theme.DocumentCreateIcon()
	}
	// In the quiet colour secondary text has.
	r := theme.NewColoredResource(src, theme.ColorNamePlaceHolder)
	kindIcons[k] = r
	return r
}
