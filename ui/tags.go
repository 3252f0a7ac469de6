package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// maxTagSuggestions is how many of the journal's tags are offered at once:
// enough to find one, few enough to read at a glance.
const maxTagSuggestions = 6

// tagChips edits a list of tags: each tag is a small chip that removes
// itself when tapped, and a field after them adds a tag. As the person
// types, the tags already in the journal that match are offered below the
// field, with a choice to add the typed word as a new tag; the Down arrow
// reaches them from the field. A tag is made
// only by a deliberate act: Enter, a comma, or a tap on a suggestion. Text
// left half-typed in the field stays there, visible, and is never turned
// into a tag behind the person's back. Tags wrap onto more rows when they
// do not fit.
type tagChips struct {
	widget.BaseWidget

	// OnChanged is called after a tag is added or removed by the person.
	OnChanged func()
	// OnResized is called when the suggestions come or go, so whatever
	// holds the field can give it the height it now needs.
	OnResized func()

	// known lists the journal's tags, most used first. It is asked once
	// per entry, when the person first types in the field.
	known     func() []string
	knownTags []string
	loaded    bool

	tags  []string
	input *tagInput
	chips map[string]*widget.Button
	// suggestions are the choices offered for what is typed, in order;
	// the last is the one that adds the typed word as it is, when that
	// is not a tag the journal has already.
	suggestions []*choiceRow
	chipBox     *fyne.Container
	suggestBox  *fyne.Container
	box         *fyne.Container
}

// newTagChips returns an empty tag editor that suggests the tags known
// returns. known may be nil, for no suggestions.
func newTagChips(known func() []string) *tagChips {
	t := &tagChips{chips: map[string]*widget.Button{}, known: known}
	t.input = &tagInput{down: t.focusSuggestion}
	t.input.PlaceHolder = i18n.L("Add a tag")
	t.input.OnSubmitted = func(string) { t.commit() }
	t.input.OnChanged = t.onTyped
	t.input.ExtendBaseWidget(t.input)
	t.chipBox = flow(container.New(minWidth{140}, t.input))
	t.suggestBox = flow()
	t.suggestBox.Hide()
	t.box = container.NewVBox(t.chipBox, t.suggestBox)
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer implements fyne.Widget.
func (t *tagChips) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.box) }

// Tags returns the tags shown, in order.
func (t *tagChips) Tags() []string { return append([]string(nil), t.tags...) }

// SetTags shows tags, replacing any, and forgets half-typed text. It does
// not call OnChanged: it is how an entry is loaded, not an edit. The
// journal's tags are asked for again the next time the person types, since
// they may have changed since the last entry.
func (t *tagChips) SetTags(tags []string) {
	t.tags = journal.NormalizeTags(tags)
	t.loaded, t.knownTags = false, nil
	t.input.SetText("")
	t.rebuild()
}

// commit turns what is typed in the field into tags, on Enter. A word the
// journal already has as a tag, in any case, takes the journal's spelling,
// so "dan" and "Dan" never become two tags.
func (t *tagChips) commit() {
	typed := t.input.Text
	if strings.TrimSpace(typed) == "" {
		return
	}
	t.input.SetText("")
	t.add(t.spellAll(strings.Split(typed, ","))...)
}

// onTyped adds the tags before a comma as soon as one is typed, drops the
// space people type after a comma, and offers the journal's tags that match
// what is left.
func (t *tagChips) onTyped(s string) {
	if trimmed := strings.TrimLeft(s, " "); trimmed != s {
		t.input.SetText(trimmed)
		return
	}
	if i := strings.LastIndexByte(s, ','); i >= 0 {
		done, rest := s[:i], s[i+1:]
		t.input.SetText(rest)
		t.add(t.spellAll(strings.Split(done, ","))...)
		return
	}
	t.suggest(s)
}

// spellAll gives each of tags the spelling the journal already uses for it.
func (t *tagChips) spellAll(tags []string) []string {
	out := make([]string, len(tags))
	for i, tag := range tags {
		out[i] = t.spelling(tag)
	}
	return out
}

// spelling is tag as the journal already spells it, or as typed when the
// journal does not have it yet.
func (t *tagChips) spelling(tag string) string {
	tag = cleanTag(tag)
	for _, k := range t.journalTags() {
		if strings.EqualFold(k, tag) {
			return k
		}
	}
	return tag
}

// cleanTag trims a typed tag as journal.NormalizeTags does.
func cleanTag(tag string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(tag), "#"))
}

// journalTags asks for the journal's tags once per entry.
func (t *tagChips) journalTags() []string {
	if !t.loaded && t.known != nil {
		t.knownTags = t.known()
		t.loaded = true
	}
	return t.knownTags
}

// matchTags returns the tags of known that contain typed, ignoring case,
// leaving out those in have: first the ones that begin with it, then the
// others, each group in known's order (most used first), at most limit.
func matchTags(known, have []string, typed string, limit int) []string {
	q := strings.ToLower(cleanTag(typed))
	if q == "" {
		return nil
	}
	taken := make(map[string]bool, len(have))
	for _, h := range have {
		taken[strings.ToLower(h)] = true
	}
	var starts, inside []string
	for _, k := range known {
		l := strings.ToLower(k)
		switch {
		case taken[l]:
		case strings.HasPrefix(l, q):
			starts = append(starts, k)
		case strings.Contains(l, q):
			inside = append(inside, k)
		}
	}
	out := append(starts, inside...)
	return out[:min(len(out), limit)]
}

// suggest offers the journal's tags that match typed, then a choice to add
// typed itself when it is new to the journal and to this entry.
func (t *tagChips) suggest(typed string) {
	word := cleanTag(typed)
	var buttons []*choiceRow
	offer := func(text, tag string) {
		b := newChoiceRow(func() { t.choose(tag) })
		b.Text, b.Icon = text, theme.ContentAddIcon()
		i := len(buttons)
		b.step = func(by int) { t.focusSuggestionAt(i + by) }
		b.cancel = t.focusInput
		buttons = append(buttons, b)
	}
	if word != "" {
		for _, tag := range matchTags(t.journalTags(), t.tags, word, maxTagSuggestions) {
			offer(tag, tag)
		}
		if !t.has(word) && t.spelling(word) == word {
			offer(i18n.L("Add \"{{.Tag}}\" as a new tag", i18n.Data{"Tag": word}), word)
		}
	}
	t.showSuggestions(buttons)
}

// has reports whether the entry carries tag already, in any case.
func (t *tagChips) has(tag string) bool {
	for _, v := range t.tags {
		if strings.EqualFold(v, tag) {
			return true
		}
	}
	return false
}

// showSuggestions puts up buttons under the field, or hides the row when
// there are none.
func (t *tagChips) showSuggestions(buttons []*choiceRow) {
	if len(buttons) == 0 && len(t.suggestions) == 0 {
		return
	}
	t.suggestions = buttons
	objs := make([]fyne.CanvasObject, len(buttons))
	for i, b := range buttons {
		objs[i] = b
	}
	t.suggestBox.Objects = objs
	t.suggestBox.Hidden = len(buttons) == 0
	t.suggestBox.Refresh()
	t.Refresh()
	if t.OnResized != nil {
		t.OnResized()
	}
}

// choose adds a suggested tag, empties the field and gives it the keyboard
// again, so the next tag can be typed straight away.
func (t *tagChips) choose(tag string) {
	t.input.SetText("")
	t.add(tag)
	t.focusInput()
}

// focusInput gives the field the keyboard.
func (t *tagChips) focusInput() { t.focus(t.input) }

// focusSuggestion moves the keyboard from the field to the first
// suggestion, and reports whether there was one.
func (t *tagChips) focusSuggestion() bool {
	if len(t.suggestions) == 0 {
		return false
	}
	t.focusSuggestionAt(0)
	return true
}

// focusSuggestionAt gives the keyboard to suggestion i; above the first is
// the field.
func (t *tagChips) focusSuggestionAt(i int) {
	switch {
	case i < 0:
		t.focusInput()
	case i < len(t.suggestions):
		t.focus(t.suggestions[i])
	}
}

func (t *tagChips) focus(f fyne.Focusable) {
	if c := fyne.CurrentApp().Driver().CanvasForObject(t.input); c != nil {
		c.Focus(f)
	}
}

// tagInput is the field of the tag editor: an entry whose Down arrow moves
// to the suggestions under it, as in a search box.
type tagInput struct {
	widget.Entry

	// down moves the keyboard to the suggestions; false when there are
	// none, and the key does what it does in any field.
	down func() bool
}

// TypedKey implements fyne.Focusable.
func (e *tagInput) TypedKey(ev *fyne.KeyEvent) {
	if ev.Name == fyne.KeyDown && e.down() {
		return
	}
	e.Entry.TypedKey(ev)
}

// OneRowWidth is how wide the tags and the field after them are in one
// row, which is what they need to sit beside the date rather than below it.
func (t *tagChips) OneRowWidth() float32 {
	var w float32
	n := 0
	for _, o := range t.chipBox.Objects {
		if o.Visible() {
			w += o.MinSize().Width
			n++
		}
	}
	return w + theme.Padding()*float32(max(n-1, 0))
}

// MinSize implements fyne.Widget: wide enough to show the whole
// placeholder at the text size in use, which in German ("Neues Schlagwort")
// and Spanish at the larger sizes was cut off.
func (e *tagInput) MinSize() fyne.Size {
	m := e.Entry.MinSize()
	text := fyne.MeasureText(e.PlaceHolder, theme.TextSize(), fyne.TextStyle{}).Width
	return fyne.NewSize(max(m.Width, text+2*(theme.InnerPadding()+theme.InputBorderSize())+theme.Padding()), m.Height)
}

// add appends tags, ignoring ones already there (in any case).
func (t *tagChips) add(tags ...string) {
	next := journal.NormalizeTags(append(t.Tags(), tags...))
	if len(next) == len(t.tags) {
		return
	}
	t.tags = next
	t.rebuild()
	t.changed()
}

// remove takes a tag away.
func (t *tagChips) remove(tag string) {
	for i, v := range t.tags {
		if v == tag {
			t.tags = append(t.tags[:i:i], t.tags[i+1:]...)
			t.rebuild()
			t.changed()
			return
		}
	}
}

func (t *tagChips) changed() {
	if t.OnChanged != nil {
		t.OnChanged()
	}
}

// rebuild lays out one chip per tag, then the field.
func (t *tagChips) rebuild() {
	field := t.chipBox.Objects[len(t.chipBox.Objects)-1]
	objs := make([]fyne.CanvasObject, 0, len(t.tags)+1)
	clear(t.chips)
	for _, tag := range t.tags {
		b := &widget.Button{Text: tag, Icon: theme.CancelIcon(), IconPlacement: widget.ButtonIconTrailingText, OnTapped: func() { t.remove(tag) }}
		t.chips[tag] = b
		objs = append(objs, b)
	}
	t.chipBox.Objects = append(objs, field)
	t.chipBox.Refresh()
	t.suggest(t.input.Text)
	t.Refresh()
}

// minWidth gives its one object at least a width, so a field is wide enough
// to type in even when its row is crowded.
type minWidth struct{ width float32 }

func (l minWidth) Layout(objs []fyne.CanvasObject, size fyne.Size) {
	for _, o := range objs {
		o.Move(fyne.NewPos(0, 0))
		o.Resize(size)
	}
}

func (l minWidth) MinSize(objs []fyne.CanvasObject) fyne.Size {
	var s fyne.Size
	for _, o := range objs {
		s = s.Max(o.MinSize())
	}
	s.Width = max(s.Width, l.width)
	return s
}
