package ui

import (
	"errors"
	"fmt"
	"strings"

	"fyne.io/fyne/v2/container"
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
	b.importSource = widget.NewSelect(labels, nil)
	b.importSource.SetSelected(pick.label)
	b.introduce("Import entries", importIntro, chooseLabel(pick.folder), func() { b.chooseImport(pick.src, pick.folder, pick.exts) },
		labelled(labelledRow{"From", b.importSource}))
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

// previewImport reads the source at path and shows what importing it would
// do, with a button to go ahead. Nothing is written before that.
func (b *backupUI) previewImport(src plain.Source, path string) {
	v := b.sess.Vault()
	if v == nil {
		return
	}
	b.plan = nil
	var plan *plain.Plan
	present := 0
	b.run(func() error {
		var err error
		if plan, err = plain.Read(src, path); err != nil {
			return err
		}
		present, err = v.PresentCount(plan)
		return err
	}, func(err error) {
		if err != nil {
			b.tell("Nothing was imported", "Tend could not read that: "+reason(err)+". Nothing was imported.")
			return
		}
		b.plan = plan
		b.status.SetText(describeImport(plan, present))
		b.applyBtn = &widget.Button{Text: "Import these", Importance: widget.HighImportance, OnTapped: b.onApplyImport}
		if len(plan.Entries) == present {
			b.applyBtn.Disable()
		}
		b.show("Import entries", container.NewVBox(b.status), b.cancelButton(), b.applyBtn)
	})
}

// describeImport says what an import would bring in.
func describeImport(p *plain.Plan, present int) string {
	var dates []journal.Date
	for _, e := range p.Entries {
		dates = append(dates, e.Date)
	}
	msg := "Found " + entryCount(len(p.Entries)) + dateSpan(dates) + "."
	if present > 0 {
		msg += fmt.Sprintf(" %d of them are already in your journal and will be left as they are.", present)
	}
	if n := len(p.Skipped); n > 0 {
		msg += fmt.Sprintf(" %d will be left out", n)
		if n <= 3 {
			var why []string
			for _, s := range p.Skipped {
				why = append(why, s.Item+": "+s.Reason)
			}
			msg += " (" + strings.Join(why, "; ") + ")"
		}
		msg += "."
	}
	if p.Media > 0 {
		msg += fmt.Sprintf(" %d photos or attachments are not brought in.", p.Media)
	}
	return msg
}

// onApplyImport writes the previewed plan.
func (b *backupUI) onApplyImport() {
	v, p := b.sess.Vault(), b.plan
	if v == nil || p == nil {
		return
	}
	b.applyBtn.Disable()
	var rep vault.ImportReport
	b.run(func() error {
		var err error
		rep, err = v.ApplyImport(p)
		return err
	}, func(err error) {
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
		if rep.AlreadyHere > 0 {
			msg += fmt.Sprintf(" %d were already here.", rep.AlreadyHere)
		}
		b.status.SetText(msg)
		b.say(msg)
		b.changed()
	})
}
