package ui

import (
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
)

// scalePicker asks for a number from 0 to 10 as a row of choices with its
// two ends named in words. Nothing is chosen until the person chooses: a
// slider always shows some value, and showed its thumb at 5 while its label
// said "not set". Choosing the chosen number again takes the answer back.
type scalePicker struct {
	buttons [11]*widget.Button
	said    *widget.Label
	box     *fyne.Container
	value   int // -1 until chosen
	changed func()
}

// newScalePicker makes a picker whose ends mean low and high.
func newScalePicker(low, high string, changed func()) *scalePicker {
	p := &scalePicker{value: -1, changed: changed, said: note("")}
	objs := make([]fyne.CanvasObject, len(p.buttons))
	for i := range p.buttons {
		p.buttons[i] = &widget.Button{Text: fmt.Sprint(i), OnTapped: func() { p.choose(i) }}
		objs[i] = p.buttons[i]
	}
	lowNote, highNote := note("0: "+low), note("10: "+high)
	highNote.Alignment = fyne.TextAlignTrailing
	p.box = container.NewVBox(chipFlow(objs...), container.NewGridWithColumns(2, lowNote, highNote), p.said)
	p.show()
	return p
}

// choose answers with v, or takes the answer back when v was chosen.
func (p *scalePicker) choose(v int) {
	if p.value == v {
		v = -1
	}
	p.set(v)
	if p.changed != nil {
		p.changed()
	}
}

// set shows v (-1 for no answer) without counting it as a change.
func (p *scalePicker) set(v int) {
	if v < 0 || v > 10 {
		v = -1
	}
	p.value = v
	p.show()
}

// show marks the chosen number, filled and ticked so it reads as chosen
// without colour, and says the answer in words.
func (p *scalePicker) show() {
	for i, b := range p.buttons {
		if i == p.value {
			b.Importance, b.Icon = widget.HighImportance, theme.ConfirmIcon()
		} else {
			b.Importance, b.Icon = widget.MediumImportance, nil
		}
		b.Refresh()
	}
	if p.value < 0 {
		p.said.SetText(i18n.L("Not said yet. Choose a number, or leave it."))
	} else {
		p.said.SetText(i18n.L("{{.Value}} of 10. Choose it again to take it back.", i18n.Data{"Value": p.value}))
	}
}

// view is the picker to put in a screen or form.
func (p *scalePicker) view() fyne.CanvasObject { return p.box }
