package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
)

// kindSaid reports whether what a list shows as an entry's headline
// already says its kind: a line of the kind's own ("Check-in: …"), or the
// kind's name while its summary has no headline yet.
func kindSaid(e *journal.Entry) bool {
	return journal.KindMade(e.Headline) || (e.Headline == "" && e.Title == "")
}

// kindPurpose says in one plain line what a kind of entry is for, so the
// person can choose without opening each one.
func kindPurpose(k journal.Kind) string {
	switch k {
	case journal.KindFree:
		return i18n.L("A blank page for whatever is on your mind.")
	case journal.KindPrompted:
		return i18n.L("An answer to a question from one of your paths.")
	case journal.KindLetter:
		return i18n.L("Write to the child you once were, at an age you choose.")
	case journal.KindDialogue:
		return i18n.L("A gentle conversation between you now and your younger self.")
	case journal.KindCheckIn:
		return i18n.L("A quick note of how safe you feel and what is here right now.")
	case journal.KindConversation:
		return i18n.L("Get ready for a hard talk, then note afterwards how it went.")
	case journal.KindWordsActions:
		return i18n.L("Set what someone said beside what they then did.")
	case journal.KindIncident:
		return i18n.L("Write down a time trust was broken, and what you choose for now.")
	case journal.KindTherapyNote:
		return i18n.L("Bring thoughts to a session and keep what came up in it.")
	}
	return ""
}

// kindChooser asks what kind of entry to write: free writing first, then
// the forms, each with its one line of purpose. It is a small dialog, so
// the choices have the whole of it to be read in, whatever the window's
// width or the text size.
type kindChooser struct {
	// rows are the choices, by kind, in formKinds order.
	rows    map[journal.Kind]*choiceRow
	current journal.Kind
	win     fyne.Window
	list    *fyne.Container
	dialog  *dialog.CustomDialog
}

// newKindChooser builds the choices over win; current is marked as the kind
// chosen now. choose is called with the kind picked, after the dialog
// closes.
func newKindChooser(win fyne.Window, current journal.Kind, choose func(journal.Kind)) *kindChooser {
	c := &kindChooser{rows: map[journal.Kind]*choiceRow{}, current: current, win: win}
	list := container.NewVBox()
	var order []*choiceRow
	for i, k := range formKinds {
		b := newChoiceRow(func() {
			c.dialog.Hide()
			choose(k)
		})
		if k == current {
			b.Importance = widget.MediumImportance
		}
		b.label = say.Kind(k) + ". " + kindPurpose(k)
		b.cancel = func() { c.dialog.Hide() }
		b.step = func(by int) {
			if j := i + by; j >= 0 && j < len(order) {
				win.Canvas().Focus(order[j])
			}
		}
		order = append(order, b)
		c.rows[k] = b
		// The name sits close above its line, as a heading does over its
		// paragraph; two labels would leave a gap between them as wide
		// as the gap between rows.
		name := canvas.NewText(say.Kind(k), theme.Color(theme.ColorNameForeground))
		name.TextStyle.Bold = true
		name.TextSize = theme.TextSize()
		ip := theme.InnerPadding()
		var head fyne.CanvasObject = container.New(layout.NewCustomPaddedLayout(ip, 0, ip, ip), name)
		if k == current {
			head = container.NewBorder(nil, nil, nil, widget.NewIcon(theme.ConfirmIcon()), head)
		}
		text := container.New(layout.NewCustomPaddedVBoxLayout(0), head, &widget.Label{Text: kindPurpose(k), Wrapping: fyne.TextWrapWord})
		// The button under the words takes the click anywhere on the row,
		// and the keys (see choiceRow).
		list.Add(container.NewStack(b, text))
	}
	cancel := &widget.Button{Text: i18n.L("Cancel"), OnTapped: func() { c.dialog.Hide() }}
	c.list = list
	c.dialog = dialog.NewCustomWithoutButtons(i18n.L("What would you like to write?"), container.NewVScroll(list), win)
	c.dialog.SetButtons([]fyne.CanvasObject{cancel})
	return c
}

// show opens the chooser over the window, as tall as the choices need and
// the window allows (they scroll when it is small), with the kind chosen
// now ready for the keyboard.
func (c *kindChooser) show() {
	room := c.win.Canvas().Size()
	pad := theme.Padding()
	// Wider as the text grows, so each purpose keeps to one line at any
	// text size where the window allows.
	w := min(40*theme.TextSize(), room.Width-4*pad)
	// The choices wrap, so their height is known once their width is; the
	// dialog adds its title and button around them.
	inner := w - 8*pad
	c.list.Resize(fyne.NewSize(inner, c.list.MinSize().Height))
	chrome := theme.TextHeadingSize() + theme.TextSize() + 20*pad
	c.dialog.Resize(fyne.NewSize(w, min(c.list.MinSize().Height+chrome, room.Height-4*pad)))
	c.dialog.Show()
	if b := c.rows[c.current]; b != nil {
		c.win.Canvas().Focus(b)
	}
}

// choiceRow is the button of one choice in a list: the kinds of entry, the
// tags suggested for what is typed. Besides a click it answers Space and
// Enter, the arrow keys move to the choice above or below, and Escape
// leaves the list. Space and Enter choose when
// the key comes back up, not when it goes down: the character a key types
// comes between the two, and choosing on the way down closed the list in
// time for that space to land in the field the keyboard went back to.
type choiceRow struct {
	widget.Button

	// step moves the keyboard by this many choices; cancel closes the
	// list without a choice.
	step   func(by int)
	cancel func()
	// pressed is the key that went down on this row, so a key pressed
	// elsewhere (the one that opened the list) never chooses on its way up.
	pressed fyne.KeyName
	// label is the choice in words for screen readers, when its words
	// are drawn beside the row rather than on it.
	label string
}

func newChoiceRow(tapped func()) *choiceRow {
	b := &choiceRow{}
	b.Importance = widget.LowImportance
	b.OnTapped = tapped
	b.ExtendBaseWidget(b)
	return b
}

// TypedKey handles the keys that act at once: the arrows and Escape.
func (b *choiceRow) TypedKey(ev *fyne.KeyEvent) {
	switch ev.Name {
	case fyne.KeyDown:
		b.step(1)
	case fyne.KeyUp:
		b.step(-1)
	case fyne.KeyEscape:
		b.cancel()
	}
}

// KeyDown notes the key pressed on this row.
func (b *choiceRow) KeyDown(ev *fyne.KeyEvent) { b.pressed = ev.Name }

// KeyUp chooses this row when Space or Enter, pressed on it, comes back up.
func (b *choiceRow) KeyUp(ev *fyne.KeyEvent) {
	pressed := b.pressed
	b.pressed = ""
	if ev.Name != pressed {
		return
	}
	switch ev.Name {
	case fyne.KeySpace, fyne.KeyReturn, fyne.KeyEnter:
		b.Tapped(nil)
	}
}
