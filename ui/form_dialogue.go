package ui

import (
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// dialogueForm is a conversation between the writer now and their younger
// self, written one turn at a time. Each turn shows who speaks; the
// younger voice is set in, in italics, so the two read apart.
type dialogueForm struct {
	changed func()

	age      *widget.Entry
	turns    []journal.Turn
	list     *fyne.Container
	removes  []*iconButton // one per turn, in order
	input    *field
	addNow   *widget.Button
	addChild *widget.Button
	box      fyne.CanvasObject
}

func newDialogueForm(changed func()) *dialogueForm {
	f := &dialogueForm{changed: changed, list: container.NewVBox()}
	f.age = ageField(func() {
		f.rebuild() // the younger voice is named by the age
		changed()
	})
	f.input = lines(i18n.L("What wants to be said next"), changed)
	f.addNow = &widget.Button{Text: i18n.L("Add what I say now"), OnTapped: func() { f.add(journal.VoiceNow) }}
	f.addChild = &widget.Button{Text: i18n.L("Add what my younger self says"), OnTapped: func() { f.add(journal.VoiceChild) }}
	ageRow := container.NewHBox(container.New(minWidth{70}, f.age))
	f.box = container.NewVBox(
		form(&widget.FormItem{Text: i18n.L("Me at"), Widget: ageRow, HintText: i18n.L("The age of the younger you in this talk.")}),
		f.list,
		f.input,
		container.NewHBox(f.addNow, f.addChild),
	)
	f.rebuild()
	return f
}

func (f *dialogueForm) view() fyne.CanvasObject { return f.box }

// next is the voice whose turn it is: the two take turns, and the one
// writing now begins.
func (f *dialogueForm) next() journal.Voice {
	if n := len(f.turns); n > 0 && f.turns[n-1].Voice == journal.VoiceNow {
		return journal.VoiceChild
	}
	return journal.VoiceNow
}

// voiceName names the speaker of a turn: the writer now, or the younger
// self at the dialogue's age when it is given.
func voiceName(v journal.Voice, age int) string {
	if v == journal.VoiceNow {
		return i18n.L("Me now")
	}
	if age > 0 {
		return i18n.N("Me at {{.Count}}", age)
	}
	return i18n.L("Me as a child")
}

// add makes what is typed a turn in the given voice.
func (f *dialogueForm) add(v journal.Voice) {
	text := strings.TrimSpace(f.input.Text)
	if text == "" {
		return
	}
	f.turns = append(f.turns, journal.Turn{Voice: v, Text: text})
	f.input.SetText("") // an edit too, and the one below says so again
	f.rebuild()
	f.changed()
}

// remove takes turn i away.
func (f *dialogueForm) remove(i int) {
	if i < 0 || i >= len(f.turns) {
		return
	}
	f.turns = slices.Delete(f.turns, i, i+1)
	f.rebuild()
	f.changed()
}

// rebuild lists the turns as a conversation and highlights the button of
// the voice whose turn it is.
func (f *dialogueForm) rebuild() {
	f.list.RemoveAll()
	f.removes = f.removes[:0]
	for i, t := range f.turns {
		rm := newIconButton(theme.CancelIcon(), i18n.L("Remove this turn"), widget.LowImportance, func() { f.remove(i) })
		f.removes = append(f.removes, rm)
		var indent fyne.CanvasObject
		if t.Voice == journal.VoiceChild {
			indent = container.New(minWidth{3 * theme.TextSize()})
		}
		f.list.Add(container.NewBorder(nil, nil, indent, container.NewVBox(rm), turnCard(t, ageOf(f.age))))
	}
	f.addNow.Importance, f.addChild.Importance = widget.MediumImportance, widget.MediumImportance
	if f.next() == journal.VoiceNow {
		f.addNow.Importance = widget.HighImportance
	} else {
		f.addChild.Importance = widget.HighImportance
	}
	f.addNow.Refresh()
	f.addChild.Refresh()
	f.list.Refresh()
}

func (f *dialogueForm) set(fs journal.Fields) {
	d := fs.Dialogue
	if d == nil {
		d = &journal.Dialogue{}
	}
	f.turns = slices.Clone(d.Turns)
	f.age.SetText(ageText(d.Age))
	f.input.SetText("")
	f.rebuild()
}

// put saves the turns, and words typed but not yet added as the next turn,
// so leaving or locking never loses them.
func (f *dialogueForm) put(fs *journal.Fields) {
	d := &journal.Dialogue{Age: ageOf(f.age), Turns: slices.Clone(f.turns)}
	if text := strings.TrimSpace(f.input.Text); text != "" {
		d.Turns = append(d.Turns, journal.Turn{Voice: f.next(), Text: text})
	}
	if d.Age == 0 && len(d.Turns) == 0 {
		d = nil
	}
	fs.Dialogue = d
}

// first is the next turn: a new dialogue begins with what is said.
func (f *dialogueForm) first() fyne.Focusable { return f.input }
