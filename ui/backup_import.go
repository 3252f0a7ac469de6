package ui

import (
	"errors"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/plain"
	"tend/vault"
)

// importChoice is an import source as the person sees it.
type importChoice struct {
	label  string
	src    plain.Source
	folder bool     // chosen with a folder dialog rather than a file dialog
	exts   []string // the files the file dialog offers
}

// importChoices are the import sources, in the window's language.
func importChoices() []importChoice {
	return []importChoice{
		{i18n.L("Day One (zip or JSON)"), plain.FromDayOne, false, []string{".zip", ".json"}},
		{i18n.L("jrnl (JSON export)"), plain.FromJrnl, false, []string{".json"}},
		{i18n.L("A folder of Markdown files"), plain.FromMarkdown, true, nil},
		{i18n.L("Tend JSON export"), plain.FromJSON, false, []string{".json"}},
	}
}

// importIntro says what an import does; the preview it promises lists
// each entry before anything is written.
func importIntro() string {
	return i18n.L("Importing brings entries from another journal app into this one. You will see each entry that would come in before anything is written.")
}

// onImport says what importing does and asks where the entries come
// from, then for the file or folder.
func (b *backupUI) onImport() {
	choices := importChoices()
	var labels []string
	for _, c := range choices {
		labels = append(labels, c.label)
	}
	pick := choices[0]
	// Every source in sight at once, rather than behind a menu.
	b.importSource = &widget.RadioGroup{Options: labels, Selected: pick.label, Required: true}
	b.introduce(i18n.L("Import entries"), importIntro(), chooseLabel(pick.folder), func() { b.chooseImport(pick.src, pick.folder, pick.exts) },
		&widget.Label{Text: i18n.L("Where are the entries from?"), TextStyle: fyne.TextStyle{Bold: true}}, b.importSource)
	b.importSource.OnChanged = func(label string) {
		for _, c := range choices {
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
		return i18n.L("Choose the folder…")
	}
	return i18n.L("Choose the file…")
}

func (b *backupUI) chooseImport(src plain.Source, folder bool, exts []string) {
	if folder {
		b.files.openFolder(i18n.L("Choose the folder to import"), func(dir string) { b.previewImport(src, dir) })
		return
	}
	b.files.openFile(i18n.L("Choose the file to import"), exts, func(path string) { b.previewImport(src, path) })
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
			b.tell(i18n.L("Nothing was imported"), i18n.L("Tend could not read that: {{.Reason}}. Nothing was imported.", i18n.Data{"Reason": reason(err)}))
			return
		}
		b.plan = plan
		same := countStates(states, vault.ImportSame)
		b.status.SetText(describeImport(plan, same, countStates(states, vault.ImportNewer), countStates(states, vault.ImportOlder)))
		b.applyBtn = &widget.Button{Text: i18n.L("Import these"), Importance: widget.HighImportance, OnTapped: b.onApplyImport}
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
			body.Add(&widget.Label{Text: i18n.L("Left out"), TextStyle: fyne.TextStyle{Bold: true}})
			for _, l := range left {
				body.Add(saying(l))
			}
		}
		cancel := &widget.Button{Text: i18n.L("Cancel"), OnTapped: func() {
			b.dropPlan()
			b.hide()
		}}
		b.showWide(i18n.L("Import entries"), body, cancel, b.applyBtn)
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
			rows.Add(quiet(i18n.N("and {{.Count}} more", len(entries)-i)))
			break
		}
		title := &widget.Label{Text: say.Name(e), Truncation: fyne.TextTruncateEllipsis}
		var already fyne.CanvasObject
		switch states[e.ID] {
		case vault.ImportSame:
			already = quiet(i18n.L("already here"))
		case vault.ImportNewer:
			already = quiet(i18n.L("newer than yours"))
		case vault.ImportOlder:
			already = quiet(i18n.L("older than yours"))
		}
		rows.Add(quiet(i18n.Date(e.Date.Time(), "2 Jan 2006")))
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
	n := len(p.Entries)
	msg := i18n.N("Found {{.Count}} entries.", n)
	switch from, to := spanOf(dates); {
	case from.IsZero():
	case from == to:
		msg = i18n.N("Found {{.Count}} entries, from {{.From}}.", n, i18n.Data{"From": spanDate(from)})
	default:
		msg = i18n.N("Found {{.Count}} entries, from {{.From}} to {{.To}}.", n, i18n.Data{"From": spanDate(from), "To": spanDate(to)})
	}
	switch {
	case same == 0:
	case same == n && same == 1:
		msg += " " + i18n.L("It is already in your journal, so there is nothing to import.")
	case same == n:
		msg += " " + i18n.L("They are all in your journal already, so there is nothing to import.")
	default:
		msg += " " + i18n.N("{{.Count}} of them are already in your journal and will be left as they are.", same)
	}
	if newer > 0 {
		msg += " " + i18n.N("{{.Count}} are newer in the file than in your journal: they will take the place of yours, which are kept in their history.", newer)
	}
	if older > 0 {
		msg += " " + i18n.N("{{.Count}} are older in the file: yours stay, and the file's go into their history.", older)
	}
	return msg
}

// leftOutOfImport says, a line each, what an import leaves out and why:
// how many photos and other files, then the first few items by name, then
// how many more.
func leftOutOfImport(p *plain.Plan) []string {
	var out []string
	if p.Media > 0 {
		out = append(out, i18n.N("{{.Count}} photos or other files are left out, as named here", p.Media))
	}
	for i, s := range p.Skipped {
		if i == 5 {
			out = append(out, i18n.N("and {{.Count}} more", len(p.Skipped)-i))
			break
		}
		out = append(out, say.LeftOut(s))
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
	return i18n.N("{{.Count}} photos or other files come with them, attached to their entries. JPEG, PNG, GIF and WebP pictures come without what they say about where they were taken and with what camera; other pictures, such as a phone's HEIC photos, come as they are.", n)
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
			b.tell(i18n.L("Almost done"), i18n.L("The entries are saved. Lock your journal and open it again to finish bringing them in."))
			return
		}
		if err != nil {
			b.tell(i18n.L("Nothing was imported"), i18n.L("The entries could not be written ({{.Reason}}). Nothing was imported.", i18n.Data{"Reason": reason(err)}))
			return
		}
		b.hide()
		msg := i18n.N("Imported {{.Count}} entries.", rep.Added)
		if rep.Files > 0 {
			msg = i18n.N("Imported {{.Count}} entries, with {{.Files}}.", rep.Added, i18n.Data{"Files": i18n.N("{{.Count}} photos or other files", rep.Files)})
		}
		if rep.AlreadyHere > 0 {
			msg += " " + i18n.N("{{.Count}} were already here.", rep.AlreadyHere)
		}
		b.status.SetText(msg)
		b.say(msg)
		b.changed()
	})
}
