package ui

import (
	"strconv"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"

	"tend/assets"
	"tend/internal/i18n"
	"tend/journal"
)

// entryForm is the form of one structured kind of entry. It sits in the
// editor between the date row and the body, and holds one member of
// journal.Fields; the editor saves it with the entry.
type entryForm interface {
	// view is the form's widgets.
	view() fyne.CanvasObject
	// set shows the form's member of f. It calls back as an edit, so the
	// editor calls it only while loading.
	set(f journal.Fields)
	// put writes what the form shows into its member of f, leaving the
	// others alone so nothing from another kind is ever dropped. An empty
	// form puts nil, so an untouched new entry stays unsaved.
	put(f *journal.Fields)
}

// starter is a form that says where a new entry's writing begins. A form
// without it begins with the writing below it; one whose first returns nil
// begins with a choice, so no field takes the keys yet.
type starter interface {
	first() fyne.Focusable
}

// newForm returns the form for kind, or nil for the kinds that are only a
// body. changed is called on every edit; today gives the day a debrief
// starts on.
func newForm(kind journal.Kind, changed func(), today func() journal.Date) entryForm {
	switch kind {
	case journal.KindLetter:
		return newLetterForm(changed)
	case journal.KindDialogue:
		return newDialogueForm(changed)
	case journal.KindCheckIn:
		return newCheckInForm(changed)
	case journal.KindConversation:
		return newConversationForm(changed, today)
	case journal.KindWordsActions:
		return newWordsForm(changed)
	case journal.KindIncident:
		return newIncidentForm(changed)
	case journal.KindTherapyNote:
		return newTherapyForm(changed)
	}
	return nil
}

// prefill is what a new entry of kind starts with: a letter gets its gentle
// opening, and a letter or dialogue the age a guided step suggests.
func prefill(kind journal.Kind, age int) journal.Fields {
	switch kind {
	case journal.KindLetter:
		return journal.Fields{Letter: &journal.Letter{Age: age, Opening: letterOpening()}}
	case journal.KindDialogue:
		if age > 0 {
			return journal.Fields{Dialogue: &journal.Dialogue{Age: age}}
		}
	}
	return journal.Fields{}
}

// formKinds are the kinds a new entry can be switched to, in menu order.
// A guided prompt is not among them: it comes from a path, not a menu.
var formKinds = []journal.Kind{
	journal.KindFree, journal.KindLetter, journal.KindDialogue, journal.KindCheckIn,
	journal.KindConversation, journal.KindWordsActions, journal.KindIncident, journal.KindTherapyNote,
}

// lines returns a multi-line field of a form: two rows to begin with, more
// as the words need them (see field).
func lines(placeholder string, changed func()) *field {
	f := newField(2)
	f.PlaceHolder = placeholder
	f.OnChanged = f.onChanged(changed)
	return f
}

// line returns a field for a line or so: one row to begin with, wrapping
// and growing when the words run longer, so none of them is hidden past
// its edge. Enter moves on, as in a one-line field.
func line(placeholder string, changed func()) *field {
	f := newField(1)
	f.oneLine = true
	f.PlaceHolder = placeholder
	f.OnChanged = f.onChanged(changed)
	return f
}

// ageField returns a short field that takes only an age: digits, at most
// two of them, since anything else would be a slip of the finger.
func ageField(changed func()) *widget.Entry {
	e := &widget.Entry{PlaceHolder: i18n.L("age")}
	e.OnChanged = func(text string) {
		digits := strings.Map(func(r rune) rune {
			if r >= '0' && r <= '9' {
				return r
			}
			return -1
		}, text)
		if len(digits) > 2 {
			digits = digits[:2]
		}
		if digits != text {
			e.SetText(digits) // calls back with the clean text
			return
		}
		changed()
	}
	return e
}

// ageOf reads an age field; 0 means not given.
func ageOf(e *widget.Entry) int {
	n, err := strconv.Atoi(e.Text)
	if err != nil || n < 0 || n > assets.MaxAge {
		return 0
	}
	return n
}

// ageText shows an age in a field, empty when not given.
func ageText(n int) string {
	if n <= 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// trimmed is a field's text without the spaces around it, as stored.
func trimmed(text string) string { return strings.TrimSpace(text) }

// peopleForm is a form with a field for a person or topic, which offers the
// names already used in the journal once they are known.
type peopleForm interface {
	setPeople(names []string)
}

// personField is a line for a person or topic that offers the names
// already written in words-and-actions notes and incidents.
type personField struct {
	*widget.SelectEntry
	known []string
}

func newPersonField(placeholder string, changed func()) *personField {
	e := widget.NewSelectEntry(nil)
	e.PlaceHolder = placeholder
	e.OnChanged = func(string) { changed() }
	return &personField{SelectEntry: e}
}

// setPeople offers names, most often used first.
func (p *personField) setPeople(names []string) {
	p.known = names
	p.SetOptions(names)
}

// value is the name typed, spelt as it was first written when it is one
// already known, so "dan" and "Dan" never split one person's record.
func (p *personField) value() string {
	t := strings.TrimSpace(p.Text)
	for _, k := range p.known {
		if strings.EqualFold(k, t) {
			return k
		}
	}
	return t
}

// form lays out labelled rows. Labels are short, plain words.
func form(items ...*widget.FormItem) *widget.Form { return widget.NewForm(items...) }

// option is a stored value and the plain words a person sees for it, in
// the form that asks and on the page that reads it back.
type option[T ~string] struct {
	label string
	value T
}

// The choices of the structured forms, in the order they are offered.
var (
	attachmentOptions = []option[journal.Attachment]{
		{"Reaching out anxiously", journal.AttachAnxious},
		{"Pulling away", journal.AttachAvoidant},
		{"Steady", journal.AttachSteady},
	}
	matchOptions = []option[journal.Match]{
		{"They matched", journal.Matched},
		{"Partly", journal.Partly},
		{"They did not", journal.NotMatched},
	}
	choiceOptions = []option[journal.Choice]{
		{"Step back", journal.ChoiceStepBack},
		{"Lean in", journal.ChoiceLeanIn},
		{"Not decided yet", journal.ChoiceUndecided},
	}
)

// optionLabel is the words for v in the window's language, or "" when v
// is not one of opts.
func optionLabel[T ~string](opts []option[T], v T) string {
	for _, o := range opts {
		if o.value == v {
			return optionWords(o.label)
		}
	}
	return ""
}

// optionWords says a choice of the forms in the window's language, in the
// form that asks and on the page that reads it back.
func optionWords(label string) string {
	words := map[string]string{
		"Reaching out anxiously": i18n.L("Reaching out anxiously"), "Pulling away": i18n.L("Pulling away"), "Steady": i18n.L("Steady"),
		"They matched": i18n.L("They matched"), "Partly": i18n.L("Partly"), "They did not": i18n.L("They did not"),
		"Step back": i18n.L("Step back"), "Lean in": i18n.L("Lean in"), "Not decided yet": i18n.L("Not decided yet"),
	}
	if w, ok := words[label]; ok {
		return w
	}
	return label
}

// radio is a choice between plain sentences, with the stored value of each.
type radio[T ~string] struct {
	group  *widget.RadioGroup
	values map[string]T
}

func newRadio[T ~string](changed func(), opts []option[T]) *radio[T] {
	r := &radio[T]{values: make(map[string]T, len(opts))}
	labels := make([]string, len(opts))
	for i, o := range opts {
		labels[i] = optionWords(o.label)
		r.values[labels[i]] = o.value
	}
	// One choice a line: side by side, the choices made the form wider
	// than the window at the larger text sizes.
	r.group = &widget.RadioGroup{Options: labels, OnChanged: func(string) { changed() }}
	return r
}

// value is the stored value chosen, or "" when none is.
func (r *radio[T]) value() T { return r.values[r.group.Selected] }

// setValue chooses the option for v, or none.
func (r *radio[T]) setValue(v T) {
	for l, val := range r.values {
		if val == v && v != "" {
			r.group.SetSelected(l)
			return
		}
	}
	r.group.SetSelected("")
}
