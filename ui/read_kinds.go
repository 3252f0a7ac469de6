package ui

import (
	"image/color"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
)

// document lays out what an entry holds as its kind reads best: free
// writing as formatted text, a letter as a letter, a dialogue as a
// conversation, a check-in as a small card, and a plan, a ledger line, a
// breach of trust or a therapy note as headed passages. Parts left empty
// are left out; an entry with nothing in it says so. picture, when not
// nil, makes a picture the body links in place (attach_inline.go).
func document(e *journal.Entry, picture func(f journal.File, alt string) fyne.CanvasObject) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	f := e.Fields
	switch {
	case f.Letter != nil:
		out = letterDoc(f.Letter)
	case f.Dialogue != nil:
		out = dialogueDoc(f.Dialogue)
	case f.CheckIn != nil:
		out = checkInDoc(f.CheckIn)
	case f.Conversation != nil:
		out = conversationDoc(f.Conversation)
	case f.WordsActions != nil:
		out = wordsActionsDoc(f.WordsActions)
	case f.Incident != nil:
		out = incidentDoc(f.Incident)
	case f.TherapyNote != nil:
		out = therapyDoc(f.TherapyNote)
	}
	if strings.TrimSpace(e.Body) != "" {
		if len(out) > 0 && !bodyIsTheText(e.Kind) {
			out = append(out, widget.NewSeparator(), caption(i18n.L("Anything else")))
		}
		out = append(out, bodyBlocks(e, picture)...)
	}
	if len(out) == 0 {
		out = append(out, note(i18n.L("Nothing written yet.")))
	}
	return out
}

// bodyIsTheText reports whether the page is the entry itself, as in free
// writing and a letter, rather than room for anything a form did not ask.
func bodyIsTheText(k journal.Kind) bool {
	return k == journal.KindFree || k == journal.KindPrompted || k == journal.KindLetter || k == ""
}

// caption is the quiet bold name of a part of a document.
func caption(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord}
}

// passages lists headed parts, each a caption over its text, leaving out
// the parts with nothing written. pairs is a caption, then its text.
func passages(pairs ...string) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	for i := 0; i+1 < len(pairs); i += 2 {
		if t := strings.TrimSpace(pairs[i+1]); t != "" {
			out = append(out, passage(pairs[i], t))
		}
	}
	return out
}

// passage is a caption and its text as one piece of text, so the two sit
// together rather than a line apart.
func passage(head, text string) *widget.RichText {
	h := widget.RichTextStyleStrong
	h.Inline = false
	h.SizeName = theme.SizeNameCaptionText
	h.ColorName = theme.ColorNamePlaceHolder
	rt := widget.NewRichText(
		&widget.TextSegment{Style: h, Text: head},
		&widget.TextSegment{Style: widget.RichTextStyleParagraph, Text: text})
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

func letterDoc(l *journal.Letter) []fyne.CanvasObject {
	var out []fyne.CanvasObject
	if l.Age > 0 {
		out = append(out, caption(i18n.N("To myself at {{.Count}}", l.Age)))
	}
	if o := strings.TrimSpace(l.Opening); o != "" {
		out = append(out, &widget.Label{Text: o, TextStyle: fyne.TextStyle{Italic: true}, Wrapping: fyne.TextWrapWord})
	}
	return out
}

// dialogueDoc sets the turns out as a conversation: the writer now on the
// left, the younger self in italics and set in from the left, each voice
// named and with a background of its own, so the two never blur.
func dialogueDoc(d *journal.Dialogue) []fyne.CanvasObject {
	if len(d.Turns) == 0 {
		return nil
	}
	talk := i18n.L("A talk between me now and me as a child")
	if d.Age > 0 {
		talk = i18n.N("A talk between me now and me at {{.Count}}", d.Age)
	}
	out := []fyne.CanvasObject{caption(talk)}
	for _, t := range d.Turns {
		out = append(out, turnBubble(t, d.Age))
	}
	return out
}

// turnBubble is one turn of a dialogue to read.
func turnBubble(t journal.Turn, age int) fyne.CanvasObject {
	bubble := turnCard(t, age)
	// Each voice keeps a margin on the side away from it.
	gap := container.New(minWidth{3 * theme.TextSize()})
	if t.Voice == journal.VoiceChild {
		return container.NewBorder(nil, nil, gap, nil, bubble)
	}
	return container.NewBorder(nil, nil, nil, gap, bubble)
}

// turnCard is a turn of a dialogue as the page and the form both show
// it: the speaker's name over their words, on their voice's background.
func turnCard(t journal.Turn, age int) *fyne.Container {
	child := t.Voice == journal.VoiceChild
	// One text for the name and the words, so they sit together as a
	// speaker and what they said.
	who := widget.RichTextStyleStrong
	who.Inline = false
	who.SizeName = theme.SizeNameCaptionText
	who.TextStyle.Italic = child
	// The words run on from the name's line break. As a paragraph, italic
	// words would be Fyne's block quote, which is set in from the name.
	said := widget.RichTextStyleInline
	said.TextStyle.Italic = child
	turn := widget.NewRichText(
		&widget.TextSegment{Style: who, Text: voiceName(t.Voice, age)},
		&widget.TextSegment{Style: said, Text: t.Text})
	turn.Wrapping = fyne.TextWrapWord
	bg := canvas.NewRectangle(voiceColour(child))
	bg.CornerRadius = 2 * theme.InputRadiusSize()
	return container.NewStack(bg, container.NewPadded(turn))
}

// voiceColour is the background of a voice's turns: the writer now on the
// colour of a field, the younger self on a soft wash of the theme's
// primary colour. Both come from the theme, so they read in light and dark.
func voiceColour(child bool) color.Color {
	if !child {
		return theme.Color(theme.ColorNameInputBackground)
	}
	r, g, b, _ := theme.Color(theme.ColorNamePrimary).RGBA()
	return color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 0x38}
}

// checkInDoc is a check-in as a small card.
func checkInDoc(c *journal.CheckIn) []fyne.CanvasObject {
	var rows []string
	if c.Safety >= 0 && c.Safety <= 10 {
		rows = append(rows, i18n.L("Felt safety"), i18n.L("{{.Safety}} out of 10, where 0 is not safe at all and 10 is completely safe", i18n.Data{"Safety": c.Safety}))
	}
	rows = append(rows,
		i18n.L("Feelings"), say.Feelings(c),
		i18n.L("The pull"), optionLabel(attachmentOptions, c.Attachment),
		i18n.L("Body"), c.BodyNotes,
		i18n.L("Context"), c.Context)
	parts := passages(rows...)
	if len(parts) == 0 {
		return nil
	}
	return []fyne.CanvasObject{widget.NewCard("", "", container.NewVBox(parts...))}
}

func conversationDoc(c *journal.Conversation) []fyne.CanvasObject {
	out := passages(
		i18n.L("What happened"), c.Observation,
		i18n.L("What I feel"), c.Feeling,
		i18n.L("What I need"), c.Need,
		i18n.L("What I will ask"), c.Request,
		i18n.L("How I'll begin"), c.Opening)
	if d := c.Debrief; d != nil {
		head := i18n.L("How it went")
		if !d.Date.IsZero() {
			head = i18n.L("How it went, {{.Day}}", i18n.Data{"Day": dayInSentence(d.Date)})
		}
		out = append(out, widget.NewSeparator(), &widget.Label{Text: head, TextStyle: fyne.TextStyle{Bold: true}, Wrapping: fyne.TextWrapWord})
		out = append(out, passages(
			i18n.L("How they responded"), d.Response,
			i18n.L("How I feel now"), d.FeelingAfter)...)
	}
	return out
}

func wordsActionsDoc(w *journal.WordsActions) []fyne.CanvasObject {
	return passages(
		i18n.L("About"), w.Label,
		i18n.L("Words"), w.Said,
		i18n.L("Actions"), w.Did,
		i18n.L("Did they match?"), optionLabel(matchOptions, w.Match))
}

func incidentDoc(i *journal.Incident) []fyne.CanvasObject {
	again := ""
	if i.Recurred {
		again = i18n.L("Yes")
	}
	return passages(
		i18n.L("About"), i.About,
		i18n.L("What happened"), i.What,
		i18n.L("Repair"), i.Repair,
		i18n.L("How I felt"), i.Felt,
		i18n.L("For now I choose"), optionLabel(choiceOptions, i.Choice),
		i18n.L("Did it happen again?"), again)
}

func therapyDoc(t *journal.TherapyNote) []fyne.CanvasObject {
	return passages(
		i18n.L("To bring"), t.Bring,
		i18n.L("What came up"), t.CameUp,
		i18n.L("To try"), t.Try)
}
