package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
)

// tagChips edits a list of tags: each tag is a small chip that removes
// itself when tapped, and a field after them adds a tag on Enter or comma.
// Tags wrap onto more rows when they do not fit.
type tagChips struct {
	widget.BaseWidget

	// OnChanged is called after a tag is added or removed by the person.
	OnChanged func()

	tags  []string
	input *widget.Entry
	chips map[string]*widget.Button
	box   *fyne.Container
}

// newTagChips returns an empty tag editor.
func newTagChips() *tagChips {
	t := &tagChips{chips: map[string]*widget.Button{}}
	t.input = &widget.Entry{PlaceHolder: "Add a tag"}
	t.input.OnSubmitted = func(string) { t.commit() }
	t.input.OnChanged = t.onTyped
	t.box = container.New(layout.NewRowWrapLayout(), container.New(minWidth{140}, t.input))
	t.ExtendBaseWidget(t)
	return t
}

// CreateRenderer implements fyne.Widget.
func (t *tagChips) CreateRenderer() fyne.WidgetRenderer { return widget.NewSimpleRenderer(t.box) }

// Tags returns the tags shown, in order.
func (t *tagChips) Tags() []string { return append([]string(nil), t.tags...) }

// SetTags shows tags, replacing any, and forgets half-typed text. It does
// not call OnChanged: it is how an entry is loaded, not an edit.
func (t *tagChips) SetTags(tags []string) {
	t.tags = journal.NormalizeTags(tags)
	t.input.SetText("")
	t.rebuild()
}

// commit turns what is typed in the field into tags. Saving calls it too,
// so a tag typed without pressing Enter is not lost.
func (t *tagChips) commit() {
	typed := t.input.Text
	if strings.TrimSpace(typed) == "" {
		return
	}
	t.input.SetText("")
	t.add(strings.Split(typed, ",")...)
}

// onTyped adds the tags before a comma as soon as one is typed, and drops
// the space people type after a comma, so the field is empty again.
func (t *tagChips) onTyped(s string) {
	if trimmed := strings.TrimLeft(s, " "); trimmed != s {
		t.input.SetText(trimmed)
		return
	}
	i := strings.LastIndexByte(s, ',')
	if i < 0 {
		return
	}
	done, rest := s[:i], s[i+1:]
	t.input.SetText(rest)
	t.add(strings.Split(done, ",")...)
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
	field := t.box.Objects[len(t.box.Objects)-1]
	objs := make([]fyne.CanvasObject, 0, len(t.tags)+1)
	clear(t.chips)
	for _, tag := range t.tags {
		b := &widget.Button{Text: tag, Icon: theme.CancelIcon(), IconPlacement: widget.ButtonIconTrailingText, OnTapped: func() { t.remove(tag) }}
		t.chips[tag] = b
		objs = append(objs, b)
	}
	t.box.Objects = append(objs, field)
	t.box.Refresh()
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
