package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/vault"
)

// passwordGate asks for the journal's password before an action that would
// help someone who sat down at an unlocked window: a new recovery key (the
// owner's own would stop working), a plain export of everything, a backup
// locked with a passphrase of the stranger's choosing, turning the
// automatic lock off. It is given what it needs, never the app.
type passwordGate struct {
	win fyne.Window
	// check reports whether a password opens this journal; it runs off the
	// UI goroutine, through run, since checking takes the key-derivation's
	// moment.
	check func(password []byte) error
	run   func(job func() error, done func(error))
	// present shows the gate's dialog so Escape closes it, and escape is
	// what Escape in its password field does (see UI.present).
	present func(dialog.Dialog)
	escape  func() bool

	// shown is the gate's dialog while it is open; field and problem are
	// its password and its calm answer, for tests.
	shown   *dialog.CustomDialog
	field   *escEntry
	problem *widget.Label
	goBtn   *widget.Button
}

// ask shows why the password is wanted and, once it is given and right,
// closes and calls then. cancelled runs, when not nil, if the person steps
// back instead.
func (g *passwordGate) ask(title, why, goLabel string, then, cancelled func()) {
	g.field = newEscPasswordEntry(g.escape)
	g.field.SetPlaceHolder(i18n.L("Your password"))
	g.problem = note("")
	g.problem.Importance = widget.DangerImportance
	var d *dialog.CustomDialog
	passed := false
	g.goBtn = &widget.Button{Text: goLabel, Importance: widget.HighImportance}
	cancel := &widget.Button{Text: i18n.L("Cancel"), OnTapped: func() { d.Hide() }}
	try := func() {
		pw := []byte(g.field.Text)
		if len(pw) == 0 {
			g.problem.SetText(i18n.L("Type your password first."))
			return
		}
		g.goBtn.Disable()
		g.problem.SetText(i18n.L("Checking…"))
		g.run(func() error {
			defer clear(pw)
			return g.check(pw)
		}, func(err error) {
			g.goBtn.Enable()
			switch {
			case errors.Is(err, vault.ErrWrongPassword):
				g.field.SetText("")
				g.problem.SetText(i18n.L("That password didn't match. Nothing was done."))
			case err != nil:
				g.problem.SetText(i18n.L("Your password couldn't be checked just now. Nothing was done."))
			default:
				passed = true
				g.field.SetText("")
				d.Hide()
				then()
			}
		})
	}
	g.goBtn.OnTapped = try
	g.field.OnSubmitted = func(string) { try() }
	d = dialog.NewCustomWithoutButtons(title, container.NewVBox(leftParagraph(why), g.field, g.problem), g.win)
	d.SetButtons([]fyne.CanvasObject{cancel, g.goBtn})
	// However it closes without the password (Cancel, Escape), the
	// action is not taken, and the caller may put things back.
	d.SetOnClosed(func() {
		g.shown = nil
		if !passed && cancelled != nil {
			cancelled()
		}
	})
	d.Resize(fyne.NewSize(440, 0))
	g.shown = d
	g.present(d)
	g.win.Canvas().Focus(g.field)
}

// forget empties the gate's password field, on lock: a dialog closed from
// outside keeps its widgets until it is dropped.
func (g *passwordGate) forget() {
	if g.field != nil {
		g.field.SetText("")
	}
	g.shown = nil
}
