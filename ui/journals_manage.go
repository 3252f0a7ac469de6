package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

// aboutJournals says what journals are for and what archiving does, in
// the dialog that changes them.
func aboutJournals() string {
	return i18n.L("Each entry belongs to one journal. Choose a journal to rename it, give it a colour, move it in the list, archive it or delete it.")
}

// aboutArchiving says what archiving does, beside the button that does it.
func aboutArchiving() string {
	return i18n.L("Archiving hides a journal from the sidebar and from All journals. Its entries stay, and Search can still look in it.")
}

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
	d.name.SetPlaceHolder(i18n.L("A new journal's name"))
	d.name.OnSubmitted = func(string) { d.onAdd() }
	add := &widget.Button{Text: i18n.L("Add"), Icon: theme.ContentAddIcon(), OnTapped: d.onAdd}
	d.problem.Hide()
	content := container.NewVBox(
		leftParagraph(aboutJournals()),
		d.list,
		widget.NewSeparator(),
		container.NewBorder(nil, nil, nil, add, d.name),
		d.problem,
	)
	d.fill()
	u.shell.journals.manager = d
	d.dlg = dialog.NewCustom(i18n.L("Journals"), i18n.L("Close"), container.NewVScroll(content), u.win)
	d.dlg.Resize(dialogSize(u.win, fyne.NewSize(460, 520)))
	u.present(d.dlg)
	u.win.Canvas().Focus(d.name)
}

// fill lists the journals, in their order.
func (d *journalsDialog) fill() {
	d.list.RemoveAll()
	for _, b := range d.u.shell.journals.books {
		text := b.Name
		if b.Archived {
			text = i18n.L("{{.Name}} (archived)", i18n.Data{"Name": text})
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
	msg, ok := say.Problem(err)
	if !ok {
		msg = i18n.L("That couldn't be saved. Please try again.")
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
	up := &widget.Button{Text: i18n.L("Move up"), Icon: theme.MoveUpIcon(), Importance: widget.LowImportance, OnTapped: move(-1)}
	down := &widget.Button{Text: i18n.L("Move down"), Icon: theme.MoveDownIcon(), Importance: widget.LowImportance, OnTapped: move(1)}
	archiveText := i18n.L("Archive")
	if b.Archived {
		archiveText = i18n.L("Bring back into view")
	}
	archive := &widget.Button{Text: archiveText, Importance: widget.LowImportance, OnTapped: func() {
		if d.save(d.u.shell.journals.books.Archive(id, !b.Archived, d.u.now())) {
			dlg.Hide()
		}
	}}
	del := &widget.Button{Text: i18n.L("Delete journal…"), Icon: theme.DeleteIcon(), Importance: widget.LowImportance, OnTapped: func() {
		dlg.Hide()
		d.confirmDelete(id)
	}}
	if len(d.u.shell.journals.books) == 1 {
		del.Disable()
	}
	content := container.NewVBox(
		caption(i18n.L("Name")), container.NewBorder(nil, nil, nil, &widget.Button{Text: i18n.L("Rename"), OnTapped: rename}, name),
		caption(i18n.L("Colour")), colour,
		container.NewGridWithColumns(2, up, down),
		archive, note(aboutArchiving()), del,
	)
	dlg = dialog.NewCustom(shorten(b.Name, 32), i18n.L("Close"), content, d.u.win)
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
	if len(list) == 0 {
		msg = i18n.L("Delete “{{.Name}}”? It has no entries.", i18n.Data{"Name": b.Name})
	} else {
		msg = i18n.N("Delete “{{.Name}}”? Its {{.Count}} entries go to the trash, where you can bring them back.", len(list), i18n.Data{"Name": b.Name})
	}
	c := dialog.NewConfirm(i18n.L("Delete this journal?"), msg, func(ok bool) {
		if ok {
			d.deleteJournal(id)
		}
	}, d.u.win)
	c.SetConfirmText(i18n.L("Delete"))
	c.SetDismissText(i18n.X("journal.keep", "Keep it"))
	d.u.present(c)
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
		d.u.toast(i18n.L("The journal is deleted; its entries are in the trash."), func() {
			if v := d.u.vault(); v != nil && v.UndeleteJournal(done) == nil && d.u.shell != nil {
				d.changed()
			}
		})
	})
}
