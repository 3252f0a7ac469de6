package ui

import (
	"errors"
	"fmt"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// importChoices are the import sources, as the person sees them.
var importChoices = []struct {
	label  string
	src    plain.Source
	folder bool     // chosen with a folder dialog rather than a file dialog
	exts   []string // the files the file dialog offers
}{
	{"Day One (zip or JSON)", plain.FromDayOne, false, []string{".zip", ".json"}},
	{"jrnl (JSON export)", plain.FromJrnl, false, []string{".json"}},
	{"A folder of Markdown files", plain.FromMarkdown, true, nil},
	{"Tend JSON export", plain.FromJSON, false, []string{".json"}},
}

// importIntro says what an import does; the preview it promises lists
// each entry before anything is written.
const importIntro = "Importing brings entries from another journal app into this one. You will see each entry that would come in before anything is written."

// onImport says what importing does and asks where the entries come
// from, then for the file or folder.
func (b *backupUI) onImport() {
	var labels []string
	for _, c := range importChoices {
		labels = append(labels, c.label)
	}
	pick := importChoices[0]
	// Every source in sight at once, rather than behind a menu.
	b.importSource = &widget.RadioGroup{Options: labels, Selected: pick.label, Required: true}
	b.introduce("Import entries", importIntro, chooseLabel(pick.folder), func() { b.chooseImport(pick.src, pick.folder, pick.exts) },
		&widget.Label{Text: "Where are the entries from?", TextStyle: fyne.TextStyle{Bold: true}}, b.importSource)
	b.importSource.OnChanged = func(label string) {
		for _, c := range importChoices {
			if c.label == label {
				pick = c
				b.choose.SetText(chooseLabel(c.folder))
			}
		}
	}
}

// chooseLabel names the button that opens a file or a folder dialog.
func chooseLabel(folder bool) string {
	if folder {
		return "Choose the folder…"
	}
	return "Choose the file…"
}

func (b *backupUI) chooseImport(src plain.Source, folder bool, exts []string) {
	if folder {
		b.files.openFolder("Choose the folder to import", func(dir string) { b.previewImport(src, dir) })
		return
	}
	b.files.openFile("Choose the file to import", exts, func(path string) { b.previewImport(src, path) })
}

// dropPlan lets go of the import previewed, and of the archive its files
// are read from, once it is imported, cancelled or another is chosen.
func (b *backupUI) dropPlan() {
	if b.plan != nil {
		b.plan.Close()
		b.plan = nil
	}
}

// previewImport reads the source at path and shows what importing it would
// do, entry by entry, with a button to go ahead. Nothing is written before
// that.
func (b *backupUI) previewImport(src plain.Source, path string) {
	v := b.sess.Vault()
	if v == nil {
		return
	}
	b.dropPlan()
	var plan *plain.Plan
	var states map[journal.ID]vault.ImportState
	b.run(func() error {
		var err error
		if plan, err = plain.Read(src, path); err != nil {
			return err
		}
		states, err = v.ImportStates(plan)
		return err
	}, func(err error) {
		if err != nil {
			if plan != nil {
				plan.Close()
			}
			b.tell("Nothing was imported", "Tend could not read that: "+reason(err)+". Nothing was imported.")
			return
		}
		b.plan = plan
		same := countStates(states, vault.ImportSame)
		b.status.SetText(describeImport(plan, same, countStates(states, vault.ImportNewer), countStates(states, vault.ImportOlder)))
		b.applyBtn = &widget.Button{Text: "Import these", Importance: widget.HighImportance, OnTapped: b.onApplyImport}
		if len(plan.Entries) == same {
			b.applyBtn.Disable()
		}
		body := container.NewVBox(saying(b.status.Text))
		if files := filesOfImport(plan); files != "" {
			body.Add(saying(files))
		}
		if len(plan.Entries) > 0 {
			body.Add(b.importList(plan.Entries, states))
		}
		if left := leftOutOfImport(plan); len(left) > 0 {
			body.Add(&widget.Label{Text: "Left out", TextStyle: fyne.TextStyle{Bold: true}})
			for _, l := range left {
				body.Add(saying(l))
			}
		}
		cancel := &widget.Button{Text: "Cancel", OnTapped: func() {
			b.dropPlan()
			b.hide()
		}}
		b.showWide("Import entries", body, cancel, b.applyBtn)
	})
}

// importListMax is how many entries the preview names; the rest are
// counted. A person checks an import by its first entries, and a list of
// thousands of rows would only be slow.
const importListMax = 100

// importList names the entries an import holds, in date order, each with
// its day and its title (or first words), marking those already in the
// journal and what the import will do with them. It scrolls within a part
// of the window's height.
func (b *backupUI) importList(entries []*journal.Entry, states map[journal.ID]vault.ImportState) fyne.CanvasObject {
	rows := container.New(layout.NewFormLayout())
	for i, e := range entries {
		if i == importListMax {
			rows.Add(layout.NewSpacer())
			rows.Add(quiet(fmt.Sprintf("and %d more", len(entries)-i)))
			break
		}
		title := &widget.Label{Text: journal.NameOf(e), Truncation: fyne.TextTruncateEllipsis}
		var already fyne.CanvasObject
		switch states[e.ID] {
		case vault.ImportSame:
			already = quiet("already here")
		case vault.ImportNewer:
			already = quiet("newer than yours")
		case vault.ImportOlder:
			already = quiet("older than yours")
		}
		rows.Add(quiet(e.Date.Time().Format("2 Jan 2006")))
		rows.Add(container.NewBorder(nil, nil, nil, already, title))
	}
	list := container.NewVScroll(rows)
	list.SetMinSize(fyne.NewSize(0, min(rows.MinSize().Height, 280, b.win.Canvas().Size().Height*0.4)))
	return list
}

// quiet is a short line in the list, quieter than a title and never
// wrapped: a wrapping label in a row shrinks to one letter a line.
func quiet(text string) *widget.Label {
	return &widget.Label{Text: text, Importance: widget.LowImportance}
}

// countStates counts the entries an import will treat as st.
func countStates(states map[journal.ID]vault.ImportState, st vault.ImportState) int {
	n := 0
	for _, s := range states {
		if s == st {
			n++
		}
	}
	return n
}

// describeImport says what a plan holds and what importing it will do:
// same entries already here are left as they are; one the file holds in a
// newer version becomes the entry, and an older one goes to the entry's
// history, as restoring a backup with merge does.
func describeImport(p *plain.Plan, same, newer, older int) string {
	var dates []journal.Date
	for _, e := range p.Entries {
		dates = append(dates, e.Date)
	}
	msg := "Found " + entryCount(len(p.Entries)) + dateSpan(dates) + "."
	switch {
	case same == 0:
	case same == len(p.Entries) && same == 1:
		msg += " It is already in your journal, so there is nothing to import."
	case same == len(p.Entries):
		msg += " They are all in your journal already, so there is nothing to import."
	case same == 1:
		msg += " 1 of them is already in your journal and will be left as it is."
	default:
		msg += fmt.Sprintf(" %d of them are already in your journal and will be left as they are.", same)
	}
	switch newer {
	case 0:
	case 1:
		msg += " 1 is newer in the file than in your journal: it will take the place of yours, which is kept in its history."
	default:
		msg += fmt.Sprintf(" %d are newer in the file than in your journal: they will take the place of yours, which are kept in their history.", newer)
	}
	switch older {
	case 0:
	case 1:
		msg += " 1 is older in the file: yours stays, and the file's goes into its history."
	default:
		msg += fmt.Sprintf(" %d are older in the file: yours stay, and the file's go into their history.", older)
	}
	return msg
}

// leftOutOfImport says, a line each, what an import leaves out and why:
// how many photos and other files, then the first few items by name, then
// how many more.
func leftOutOfImport(p *plain.Plan) []string {
	var out []string
	if p.Media > 0 {
		out = append(out, plural(p.Media, "1 photo or other file is", "photos or other files are")+" left out, as named here")
	}
	for i, s := range p.Skipped {
		if i == 5 {
			out = append(out, fmt.Sprintf("and %d more", len(p.Skipped)-i))
			break
		}
		out = append(out, s.Item+": "+s.Reason)
	}
	return out
}

// filesOfImport says what photos and other files come in with an import,
// and which pictures lose where they were taken; empty when none do.
func filesOfImport(p *plain.Plan) string {
	n := p.FileCount()
	if n == 0 {
		return ""
	}
	return plural(n, "1 photo or other file comes", "photos or other files come") +
		" with them, attached to their entries. JPEG, PNG, GIF and WebP pictures come without what they say about where they were taken and with what camera; other pictures, such as a phone's HEIC photos, come as they are."
}

// onApplyImport writes the previewed plan.
func (b *backupUI) onApplyImport() {
	v, p := b.sess.Vault(), b.plan
	if v == nil || p == nil {
		return
	}
	b.applyBtn.Disable()
	if b.into != nil {
		p.Into = b.into()
	}
	var rep vault.ImportReport
	b.run(func() error {
		var err error
		rep, err = v.ApplyImport(p)
		return err
	}, func(err error) {
		p.Close()
		b.plan = nil
		if errors.Is(err, vault.ErrUnfinished) {
			b.tell("Almost done", "The entries are saved. Lock your journal and open it again to finish bringing them in.")
			return
		}
		if err != nil {
			b.tell("Nothing was imported", "The entries could not be written ("+reason(err)+"). Nothing was imported.")
			return
		}
		b.hide()
		msg := "Imported " + entryCount(rep.Added) + "."
		if rep.Files > 0 {
			msg = "Imported " + entryCount(rep.Added) + ", with " + plural(rep.Files, "1 photo or other file", "photos or other files") + "."
		}
		switch {
		case rep.AlreadyHere == 1:
			msg += " 1 was already here."
		case rep.AlreadyHere > 1:
			msg += fmt.Sprintf(" %d were already here.", rep.AlreadyHere)
		}
		b.status.SetText(msg)
		b.say(msg)
		b.changed()
	})
}
