package ui

import (
	"fmt"
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/plain"
	"tend/vault"
)

// exportWarning is said before every plain export, in these words.
const exportWarning = "This copy is not encrypted. Anyone who can open the file can read it."

// onExport warns that a plain export is not encrypted, then asks for the
// format and where to write it.
func (b *backupUI) onExport() {
	b.exportFormat = widget.NewRadioGroup([]string{"Markdown (one file per entry)", "JSON (one file, everything)"}, nil)
	b.exportFormat.SetSelected("Markdown (one file per entry)")
	warn := &widget.Label{Text: exportWarning, Wrapping: fyne.TextWrapWord, Importance: widget.WarningImportance, TextStyle: fyne.TextStyle{Bold: true}}
	next := &widget.Button{Text: "I understand, continue…", Importance: widget.HighImportance}
	next.OnTapped = func() {
		b.hide()
		if strings.HasPrefix(b.exportFormat.Selected, "JSON") {
			b.chooseExportFile()
		} else {
			b.chooseExportFolder()
		}
	}
	body := container.NewVBox(warn,
		paragraph("An export is for reading your journal in other apps or moving it elsewhere. To keep a safe copy, make a backup instead."),
		b.exportFormat)
	b.show("A plain copy of your journal", body, b.cancelButton(), next)
}

func (b *backupUI) chooseExportFile() {
	b.chooseSavePath("Where should the export go?", "tend-export-"+b.now().Format("2006-01-02")+".json",
		func(path string) { b.exportTo(path, plain.JSON) }, nil)
}

func (b *backupUI) chooseExportFolder() {
	b.files.openFolder("Choose where the export goes", func(dir string) {
		b.exportTo(filepath.Join(dir, "Tend export "+b.now().Format("2006-01-02")), plain.Markdown)
	})
}

// exportTo writes a plain export to out and says how it went. A file
// already at out is replaced only when the person says so; a Markdown
// export always makes a new folder.
func (b *backupUI) exportTo(out string, format plain.Format) {
	if format == plain.Markdown && !strings.EqualFold(filepath.Ext(out), ".zip") {
		if t, err := app.ExistingTarget(out); err == nil && t != app.TargetNew {
			b.tell("Nothing was exported", "There is already something named “"+filepath.Base(out)+"” there, so Tend left it alone. You can choose another folder.")
			return
		}
		b.writeExport(out, format)
		return
	}
	b.mayReplace(out, func() { b.writeExport(out, format) }, func() {})
}

// writeExport writes a plain export to out, agreed to replace whatever is
// there.
func (b *backupUI) writeExport(out string, format plain.Format) {
	v := b.sess.Vault()
	if v == nil {
		return
	}
	var res vault.ExportResult
	b.run(func() error {
		var err error
		res, err = v.ExportToPath(out, format, vault.ExportOptions{})
		return err
	}, func(err error) {
		if err != nil {
			b.tell("Nothing was exported", "The export could not be written ("+reason(err)+"). Nothing was left behind; you can try again.")
			return
		}
		msg := fmt.Sprintf("Exported %s to %s. Keep it somewhere private.", entryCount(res.Entries), filepath.Base(out))
		if len(res.LeftOut) > 0 {
			b.tell("The export is made, with a few things left out", msg+" "+leftOutSentence(res.LeftOut))
			return
		}
		b.status.SetText(msg)
		b.say(msg)
	})
}
