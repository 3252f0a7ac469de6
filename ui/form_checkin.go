package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/insights"
	"tend/internal/i18n"
	"tend/journal"
)

// emotionWords are the feelings a check-in offers as chips; the person can
// add their own.
var emotionWords = journal.Feelings

// chipSet picks words: each offered word is a chip that is on or off, and
// a field adds the person's own, which stay as chips while chosen.
type chipSet struct {
	changed func()

	offered []string
	chosen  []string // in the order chosen
	chips   map[string]*widget.Button
	input   *widget.Entry
	box     *fyne.Container
}

func newChipSet(offered []string, changed func()) *chipSet {
	c := &chipSet{changed: changed, offered: offered, chips: map[string]*widget.Button{}}
	c.input = &widget.Entry{PlaceHolder: i18n.L("Another feeling")}
	c.input.OnSubmitted = func(string) { c.commit() }
	c.box = flow()
	c.rebuild()
	return c
}

// commit chooses the word typed in the field.
func (c *chipSet) commit() {
	w := strings.ToLower(strings.TrimSpace(c.input.Text))
	c.input.SetText("")
	if w == "" || slices.Contains(c.chosen, w) {
		return
	}
	c.chosen = append(c.chosen, w)
	c.rebuild()
	c.changed()
}

// toggle chooses a word, or lets it go again.
func (c *chipSet) toggle(w string) {
	if i := slices.Index(c.chosen, w); i >= 0 {
		c.chosen = slices.Delete(c.chosen, i, i+1)
	} else {
		c.chosen = append(c.chosen, w)
	}
	c.rebuild()
	c.changed()
}

// set shows the words chosen, without counting it as an edit.
func (c *chipSet) set(words []string) {
	c.chosen = slices.Clone(words)
	c.input.SetText("")
	c.rebuild()
}

// words returns the words chosen, with one typed but not yet added, so it
// is not lost.
func (c *chipSet) words() []string {
	out := slices.Clone(c.chosen)
	if w := strings.ToLower(strings.TrimSpace(c.input.Text)); w != "" && !slices.Contains(out, w) {
		out = append(out, w)
	}
	return out
}

// rebuild shows the offered words, then the person's own, then the field.
// A chosen chip is filled and ticked, so it reads as chosen without colour.
func (c *chipSet) rebuild() {
	all := slices.Clone(c.offered)
	for _, w := range c.chosen {
		if !slices.Contains(all, w) {
			all = append(all, w)
		}
	}
	clear(c.chips)
	objs := make([]fyne.CanvasObject, 0, len(all)+1)
	for _, w := range all {
		b := &widget.Button{Text: insights.EmotionWord(w), Importance: widget.MediumImportance, OnTapped: func() { c.toggle(w) }}
		if slices.Contains(c.chosen, w) {
			b.Importance = widget.HighImportance
			b.Icon = theme.ConfirmIcon()
		}
		c.chips[w] = b
		objs = append(objs, b)
	}
	objs = append(objs, container.New(minWidth{140}, c.input))
	c.box.Objects = objs
	c.box.Refresh()
}

// checkInForm is a quick reading: felt safety, feelings, the pull
// noticed, the body, and a line of context. The mood is the editor's own.
type checkInForm struct {
	// safety stays unanswered until chosen, so "not said" is never stored
	// as a number.
	safety     *scalePicker
	emotions   *chipSet
	attachment *radio[journal.Attachment]
	body       *field
	context    *field
	box        fyne.CanvasObject
}

func newCheckInForm(changed func()) *checkInForm {
	f := &checkInForm{safety: newScalePicker(i18n.L("not safe at all"), i18n.L("completely safe"), changed)}
	f.emotions = newChipSet(emotionWords, changed)
	f.attachment = newRadio(changed, attachmentOptions)
	f.body = line(i18n.L("What my body notices"), changed)
	f.context = line(i18n.L("One line about what is going on"), changed)
	f.box = form(
		&widget.FormItem{Text: i18n.L("Felt safety"), Widget: f.safety.view()},
		&widget.FormItem{Text: i18n.L("Feelings"), Widget: f.emotions.box},
		&widget.FormItem{Text: i18n.L("The pull"), Widget: f.attachment.group},
		&widget.FormItem{Text: i18n.L("Body"), Widget: f.body},
		&widget.FormItem{Text: i18n.L("Context"), Widget: f.context},
	)
	return f
}

func (f *checkInForm) view() fyne.CanvasObject { return f.box }

func (f *checkInForm) set(fs journal.Fields) {
	c := fs.CheckIn
	if c == nil {
		c = &journal.CheckIn{Safety: -1}
	}
	f.safety.set(c.Safety)
	f.emotions.set(c.Emotions)
	f.attachment.setValue(c.Attachment)
	f.body.SetText(c.BodyNotes)
	f.context.SetText(c.Context)
}

func (f *checkInForm) put(fs *journal.Fields) {
	c := &journal.CheckIn{Safety: f.safety.value, Emotions: f.emotions.words(), Attachment: f.attachment.value(), BodyNotes: trimmed(f.body.Text), Context: trimmed(f.context.Text)}
	if c.Safety < 0 && len(c.Emotions) == 0 && c.Attachment == "" && c.BodyNotes == "" && c.Context == "" {
		c = nil
	}
	fs.CheckIn = c
}

// first is nothing: a check-in begins with the scale of felt safety, a
// choice made with a click or Tab and Space.
func (f *checkInForm) first() fyne.Focusable { return nil }
