package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/vault"
)

// aboutJournals says what journals are for and what archiving does, in
// the dialog that changes them.
const aboutJournals = "Each entry belongs to one journal. Choose a journal to rename it, give it a colour, move it in the list, archive it or delete it."

// aboutArchiving says what archiving does, beside the button that does it.
const aboutArchiving = "Archiving hides a journal from the sidebar and from All journals. Its entries stay, and Search can still look in it."

// journalsDialog adds, renames, colours, orders, archives and deletes
// journals. It lists them, each a line that opens what can be done with
// it, under a field to add one; every change is saved at once.
type journalsDialog struct {
	u    *UI
	dlg  dialog.Dialog
	list *fyne.Container
	name *escEntry
	// problem says, under the field, why a name could not be taken.
	problem *widget.Label
}

// manageJournals opens the dialog of journals.
func (u *UI) manageJournals() {
	if u.shell == nil || u.vault() == nil {
		return
	}
	u.touch()
	d := &journalsDialog{u: u, list: container.NewVBox(), problem: note("")}
	d.name = newEscEntry(u.escape)
	d.name.SetPlaceHolder("A new journal's name")
	d.name.OnSubmitted = func(string) { d.onAdd() }
	add := &widget.Button{Text: "Add", Icon: theme.ContentAddIcon(), OnTapped: d.onAdd}
	d.problem.Hide()
	content := container.NewVBox(
		leftParagraph(aboutJournals),
		d.list,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, add, d.name),
		d.problem,
	)
	d.fill()
	u.shell.journals.manager = d
	d.dlg = dialog.NewCustom("Journals", "Close", container.NewVScroll(content), u.win)
	d.dlg.Resize(fyne.NewSize(min(460, u.win.Canvas().Size().Width-40), min(520, u.win.Canvas().Size().Height-40)))
	u.present(d.dlg)
	u.win.Canvas().Focus(d.name)
}

// fill lists the journals, in their order.
func (d *journalsDialog) fill() {
	d.list.RemoveAll()
	for _, b := range d.u.shell.journals.books {
		text := b.Name
		if b.Archived {
			text += " (archived)"
		}
		id := b.ID
		row := &widget.Button{
			Text: shorten(text, 32), Icon: journalDot(b.Colour), Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance,
			OnTapped: func() { d.edit(id) },
		}
		d.list.Add(row)
	}
	d.list.Refresh()
}

// save stores a changed list and shows it everywhere; a refusal is said
// under the field, kindly.
func (d *journalsDialog) save(l journal.Journals, err error) bool {
	if err == nil {
		err = d.u.vault().SetJournals(l)
	}
	if err != nil {
		d.say(err)
		return false
	}
	d.problem.Hide()
	d.changed()
	return true
}

// changed reads the list again into the sidebar, this dialog and the
// screen in view.
func (d *journalsDialog) changed() {
	jv := d.u.shell.journals
	jv.load()
	d.fill()
	if s := d.u.shell; s.current != secEditor {
		s.show(s.current)
	} else {
		s.editor.showJournal()
	}
}

// say puts a refusal into words under the field.
func (d *journalsDialog) say(err error) {
	msg := "That couldn't be saved. Please try again."
	for _, known := range []error{journal.ErrJournalName, journal.ErrJournalTaken, journal.ErrJournalTooLong, journal.ErrLastJournal, journal.ErrLastInView} {
		if errors.Is(err, known) {
			msg = capitalise(known.Error()) + "."
		}
	}
	d.problem.SetText(msg)
	d.problem.Show()
}

// onAdd adds a journal of the name typed.
func (d *journalsDialog) onAdd() {
	d.u.touch()
	l, _, err := d.u.shell.journals.books.Add(d.name.Text, d.u.now())
	if d.save(l, err) {
		d.name.SetText("")
	}
}

// edit opens what can be done with one journal: its name, its colour, its
// place in the list, archiving and deleting it.
func (d *journalsDialog) edit(id journal.JournalID) {
	d.u.touch()
	b, ok := d.u.shell.journals.books.Find(id)
	if !ok {
		return
	}
	var dlg dialog.Dialog
	name := newEscEntry(d.u.escape)
	name.SetText(b.Name)
	rename := func() {
		l, err := d.u.shell.journals.books.Rename(id, name.Text, d.u.now())
		if d.save(l, err) {
			dlg.Hide()
		}
	}
	name.OnSubmitted = func(string) { rename() }
	colours := make([]string, len(journal.Colours))
	for i, c := range journal.Colours {
		colours[i] = colourName(c)
	}
	colour := widget.NewSelect(colours, nil)
	colour.SetSelected(colourName(b.Colour))
	colour.OnChanged = func(string) {
		i := colour.SelectedIndex()
		if i < 0 {
			return
		}
		d.save(d.u.shell.journals.books.Paint(id, journal.Colours[i], d.u.now()))
	}
	move := func(delta int) func() {
		return func() { d.save(d.u.shell.journals.books.Move(id, delta), nil) }
	}
	up := &widget.Button{Text: "Move up", Icon: theme.MoveUpIcon(), Importance: widget.LowImportance, OnTapped: move(-1)}
	down := &widget.Button{Text: "Move down", Icon: theme.MoveDownIcon(), Importance: widget.LowImportance, OnTapped: move(1)}
	archiveText := "Archive"
	if b.Archived {
		archiveText = "Bring back into view"
	}
	archive := &widget.Button{Text: archiveText, Importance: widget.LowImportance, OnTapped: func() {
		if d.save(d.u.shell.journals.books.Archive(id, !b.Archived, d.u.now())) {
			dlg.Hide()
		}
	}}
	del := &widget.Button{Text: "Delete journal…", Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() {
		dlg.Hide()
		d.confirmDelete(id)
	}}
	if len(d.u.shell.journals.books) == 1 {
		del.Disable()
	}
	content := container.NewVBox(
		caption("Name"), container.NewBorder(nil, nil, nil, &widget.Button{Text: "Rename", OnTapped: rename}, name),
		caption("Colour"), colour,
		container.NewGridWithColumns(2, up, down),
		archive, note(aboutArchiving), del,
	)
	dlg = dialog.NewCustom(shorten(b.Name, 32), "Close", content, d.u.win)
	dlg.Resize(fyne.NewSize(min(400, d.u.win.Canvas().Size().Width-40), 0))
	d.u.present(dlg)
}

// confirmDelete asks before deleting a journal, saying where its entries
// go and that it can be undone.
func (d *journalsDialog) confirmDelete(id journal.JournalID) {
	jv := d.u.shell.journals
	b, ok := jv.books.Find(id)
	if !ok {
		return
	}
	if len(jv.books) == 1 {
		d.say(journal.ErrLastJournal)
		return
	}
	v := d.u.vault()
	list, _ := v.List(vault.ListQuery{Journals: jv.books.Only(id)})
	var msg string
	switch len(list) {
	case 0:
		msg = fmt.Sprintf("Delete “%s”? It has no entries.", b.Name)
	case 1:
		msg = fmt.Sprintf("Delete “%s”? Its one entry goes to the trash, where you can bring it back.", b.Name)
	default:
		msg = fmt.Sprintf("Delete “%s”? Its %d entries go to the trash, where you can bring them back.", b.Name, len(list))
	}
	c := dialog.NewConfirm("Delete this journal?", msg, func(ok bool) {
		if ok {
			d.deleteJournal(id)
		}
	}, d.u.win)
	c.SetConfirmText("Delete")
	c.SetDismissText("Keep it")
	d.u.present(c)
}

// capitalise gives a sentence its capital letter.
func capitalise(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// deleteJournal moves the journal's entries to the trash and takes it off
// the list, in the background, then offers to undo both.
func (d *journalsDialog) deleteJournal(id journal.JournalID) {
	v := d.u.vault()
	if v == nil {
		return
	}
	var done vault.DeletedJournal
	d.u.background(func() (err error) {
		done, err = v.DeleteJournal(id)
		return err
	}, func(err error) {
		if err != nil {
			d.say(err)
			return
		}
		d.changed()
		// The dialog closes so that Undo, below it, can be reached.
		d.dlg.Hide()
		d.u.toast("The journal is deleted; its entries are in the trash.", func() {
			if v := d.u.vault(); v != nil && v.UndeleteJournal(done) == nil && d.u.shell != nil {
				d.changed()
			}
		})
	})
}
