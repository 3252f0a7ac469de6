package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
)

// readView shows one entry to read: its title and day, then the entry laid
// out as a document of its kind, set in a column a comfortable line long.
// Nothing on it can be typed into; editing is a deliberate switch, the
// Edit button or its shortcut. It is given what it shows and the actions
// it offers, never the app.
type readView struct {
	kind *widget.Label // the kind, and "In the trash" when it is there
	// book names the entry's journal, beside its colour, when there are
	// several: a page read from "All journals" says where it belongs.
	book     *widget.Label
	bookDot  *widget.Icon
	bookLine *fyne.Container
	title    *widget.Label
	meta     *widget.Label // the day and time, the mood and the tags
	prompt   *widget.Label // the guided prompt the entry answers
	doc      *fyne.Container
	scroll   *container.Scroll
	words    *widget.Label
	// files are the entry's pictures and other files, under its text;
	// picture makes a picture its text shows in place.
	files   *fileStrip
	picture func(f journal.File, alt string) fyne.CanvasObject

	editBtn    *widget.Button
	historyBtn *widget.Button
	deleteBtn  *widget.Button
	starBtn    *widget.Button

	root fyne.CanvasObject
}

// newReadView makes the reading page; edit, history, remove and star are
// its buttons' actions, files the strip of its files.
func newReadView(files *fileStrip, edit, history, remove, star func()) *readView {
	r := &readView{
		kind:   &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord},
		book:   &widget.Label{SizeName: theme.SizeNameCaptionText, Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord},
		title:  &widget.Label{TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameHeadingText, Wrapping: fyne.TextWrapWord},
		meta:   &widget.Label{Importance: widget.LowImportance, Wrapping: fyne.TextWrapWord},
		prompt: &widget.Label{TextStyle: fyne.TextStyle{Italic: true}, Wrapping: fyne.TextWrapWord},
		doc:    container.NewVBox(),
		words:  note(""),
		files:  files,
	}
	r.words.Wrapping = fyne.TextWrapOff
	r.editBtn = &widget.Button{Text: i18n.X("entry.edit", "Edit"), Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance, OnTapped: edit}
	r.historyBtn = &widget.Button{Text: i18n.L("History"), Icon: theme.HistoryIcon(), Importance: widget.LowImportance, OnTapped: history}
	r.deleteBtn = &widget.Button{Text: i18n.L("Delete"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: remove}
	r.starBtn = newStarButton(star)
	r.bookDot = widget.NewIcon(nil)
	r.bookLine = container.NewBorder(nil, nil, r.bookDot, nil, r.book)
	r.bookLine.Hide()
	page := container.NewVBox(r.bookLine, r.kind, r.title, r.meta, r.prompt, r.doc, r.files.scroll)
	r.scroll = container.NewVScroll(readingColumn(container.NewPadded(page), false))
	foot := container.NewBorder(nil, nil, r.words, container.NewHBox(r.starBtn, r.historyBtn, r.deleteBtn, r.editBtn))
	r.root = container.NewBorder(nil, readingColumn(container.NewPadded(foot), false), nil, nil, r.scroll)
	return r
}

// show lays e out to read, from the top. book is the journal it belongs
// to, nil when the person keeps only one; hasHistory offers History when
// the entry has earlier versions; here is the zone of the person's clock.
func (r *readView) show(e *journal.Entry, book *journal.Journal, hasHistory bool, here *time.Location) {
	if book != nil {
		r.book.SetText(i18n.L("In {{.Journal}}", i18n.Data{"Journal": book.Name}))
		r.bookDot.SetResource(journalDot(book.Colour))
		r.bookLine.Show()
	} else {
		r.book.SetText("")
		r.bookLine.Hide()
	}
	var kind []string
	if e.Kind != journal.KindFree && e.Kind != "" {
		kind = append(kind, say.Kind(e.Kind))
	}
	if e.InTrash() {
		kind = append(kind, i18n.L("In the trash"))
	}
	title, dated := readTitle(e)
	r.kind.SetText(strings.Join(kind, " · "))
	r.kind.Hidden = len(kind) == 0
	r.title.SetText(title)
	r.meta.SetText(readMeta(e, !dated, here))
	r.meta.Hidden = r.meta.Text == ""
	r.prompt.Hidden = e.Prompt == nil || e.Prompt.Text == ""
	if e.Prompt != nil {
		r.prompt.SetText(e.Prompt.Text)
	}
	r.files.show(e.ID, e.Files)
	r.doc.Objects = document(e, r.picture)
	r.doc.Refresh()
	r.words.SetText(wordCount(e.CountWords()))
	setStar(r.starBtn, e.Starred)
	if hasHistory {
		r.historyBtn.Enable()
	} else {
		r.historyBtn.Disable()
	}
	r.root.Refresh()
	r.scroll.ScrollToTop()
}

// clear forgets what was shown, on lock.
func (r *readView) clear() {
	r.book.SetText("")
	r.bookLine.Hide()
	r.kind.SetText("")
	r.title.SetText("")
	r.meta.SetText("")
	r.prompt.SetText("")
	r.doc.RemoveAll()
	r.files.clear()
	r.words.SetText("")
	setStar(r.starBtn, false)
}

// readTitle is the title of the page: the entry's own, or else the day it
// belongs to, as a journal heads a page, so a page never reads "Untitled"
// and never repeats its first words above them. dated says it is the day.
func readTitle(e *journal.Entry) (title string, dated bool) {
	if t := strings.TrimSpace(e.Title); t != "" {
		return t, false
	}
	return longDate(e.Date), true
}

// readMeta is the line under the title: the day in words (unless it is
// the title) and the time it was written, the mood and the tags.
func readMeta(e *journal.Entry, withDay bool, here *time.Location) string {
	var parts []string
	at := entryClock(e, here)
	switch {
	case withDay && at != "":
		// Counted by the hour shown, for languages that say the one
		// o'clock hour apart: "a la 1:05", "a las 2:05".
		parts = append(parts, i18n.Capital(i18n.N("{{.Day}} at {{.Time}}", e.Written.Hour(), i18n.Data{"Day": dayInSentence(e.Date), "Time": at})))
	case withDay:
		parts = append(parts, longDate(e.Date))
	case at != "":
		parts = append(parts, i18n.N("Written at {{.Time}}", e.Written.Hour(), i18n.Data{"Time": at}))
	}
	if e.Mood > 0 && e.Mood <= journal.MaxMood {
		parts = append(parts, i18n.L("feeling {{.Mood}}", i18n.Data{"Mood": strings.ToLower(moodName(e.Mood))}))
	}
	if len(e.Tags) > 0 {
		parts = append(parts, strings.Join(e.Tags, ", "))
	}
	return strings.Join(parts, " · ")
}

// readingColumn sets content in a column about seventy characters wide,
// centred, the measure at which long text is easiest to read. With fill it
// takes the whole height, as the editor does; without, it is as tall as
// its content, for a page that scrolls.
func readingColumn(content fyne.CanvasObject, fill bool) *fyne.Container {
	return container.New(readingLayout{fill: fill}, content)
}

// readingLayout is the layout of readingColumn.
type readingLayout struct{ fill bool }

// readingWidth is about seventy characters of body text, with the
// padding around them. It follows the text size, so the column keeps its
// measure at every size the person picks.
func readingWidth() float32 {
	line := fyne.MeasureText(strings.Repeat("abcdefghij", 7), theme.TextSize(), fyne.TextStyle{}).Width
	return line + 4*theme.InnerPadding()
}

func (l readingLayout) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	w := min(size.Width, readingWidth())
	for _, o := range objs {
		h := size.Height
		if !l.fill {
			// A wrapped line knows its height once it knows its width.
			o.Resize(fyne.NewSize(w, o.MinSize().Height))
			h = o.MinSize().Height
		}
		o.Move(fyne.NewPos((size.Width-w)/2, 0))
		o.Resize(fyne.NewSize(w, h))
	}
}

func (l readingLayout) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		m := o.MinSize()
		s = s.Max(fyne.NewSize(min(m.Width, readingWidth()), m.Height))
	}
	return s
}

var _ fyne.Layout = readingLayout{}
