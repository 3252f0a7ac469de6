package ui

import (
	"path/filepath"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/plain"
	"tend/vault"
)

// exportWarning is said before every plain export, in these words.
func exportWarning() string {
	return i18n.L("This copy is not encrypted. Anyone who can open the file can read it.")
}

// exportIntro says what an export writes, in both formats.
func exportIntro() string {
	return i18n.L("An export writes your entries as plain files that other apps can read: Markdown, one file for each entry in a new folder, or JSON, everything in one file. To keep a safe copy, make a backup instead.")
}

// Export formats, as the person chooses them.
func exportMarkdown() string { return i18n.L("Markdown (one file per entry)") }
func exportJSON() string     { return i18n.L("JSON (one file, everything)") }

// onExport asks for the journal's password, then says what an export is
// and that it is not encrypted, and asks for the format and where to write
// it.
func (b *backupUI) onExport() {
	b.gate.ask(i18n.L("A plain copy of your journal"), i18n.L("A plain copy can be read by anyone who opens it. To be sure it is you, type your journal's password first."), i18n.L("Continue"), b.introduceExport, nil)
}

// introduceExport says what a plain copy is, with its warning and the
// choice of format, then asks where it goes.
func (b *backupUI) introduceExport() {
	b.exportFormat = widget.NewRadioGroup([]string{exportMarkdown(), exportJSON()}, nil)
	b.exportFormat.SetSelected(exportMarkdown())
	b.introduce(i18n.L("A plain copy of your journal"), exportIntro(), i18n.L("I understand, continue…"), func() {
		if b.exportFormat.Selected == exportJSON() {
			b.chooseExportFile()
		} else {
			b.chooseExportFolder()
		}
	}, warningNote(exportWarning()), b.exportFormat)
}

// warningNote is a warning to read with care: a sign beside it and the
// words in the text's own colour, on a panel set into the dialog. Orange
// words on cream were hard to read.
func warningNote(text string) fyne.CanvasObject {
	sign := widget.NewIcon(theme.NewWarningThemedResource(theme.WarningIcon()))
	words := &widget.Label{Text: text, Wrapping: fyne.TextWrapWord, TextStyle: fyne.TextStyle{Bold: true}}
	panel := canvas.NewRectangle(theme.Color(theme.ColorNameBackground))
	panel.StrokeColor = theme.Color(theme.ColorNameSeparator)
	panel.StrokeWidth = 1
	panel.CornerRadius = theme.InputRadiusSize()
	return container.NewStack(panel, container.NewPadded(container.NewBorder(nil, nil, container.NewCenter(sign), nil, words)))
}

func (b *backupUI) chooseExportFile() {
	b.chooseSavePath(i18n.L("Where should the export go?"), "tend-export-"+b.now().Format("2006-01-02")+".json", ".json",
		func(path string) { b.exportTo(path, plain.JSON) }, nil)
}

func (b *backupUI) chooseExportFolder() {
	b.files.openFolder(i18n.L("Choose where the export goes"), func(dir string) {
		b.exportTo(filepath.Join(dir, "Tend export "+b.now().Format("2006-01-02")), plain.Markdown)
	})
}

// exportTo writes a plain export to out and says how it went. A file
// already at out is replaced only when the person says so; a Markdown
// export always makes a new folder.
func (b *backupUI) exportTo(out string, format plain.Format) {
	if format == plain.Markdown && !strings.EqualFold(filepath.Ext(out), ".zip") {
		if t, err := app.ExistingTarget(out); err == nil && t != app.TargetNew {
			b.tell(i18n.L("Nothing was exported"), i18n.L("There is already something named “{{.Name}}” there, so Tend left it alone. You can choose another folder.", i18n.Data{"Name": filepath.Base(out)}))
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
			b.tell(exportFailure(out, err))
			return
		}
		msg := i18n.N("Exported {{.Count}} entries to {{.File}}. Keep it somewhere private.", res.Entries, i18n.Data{"File": filepath.Base(out)})
		if len(res.LeftOut) > 0 {
			b.tell(i18n.L("The export is made, with a few things left out"), msg+" "+leftOutSentence(res.LeftOut))
			return
		}
		b.status.SetText(msg)
		b.say(msg)
	})
}

// exportFailure is the title and the words of a plain export to out that
// failed with err: nothing was written, or, when only the disk's keeping
// of it is in doubt, it was.
func exportFailure(out string, err error) (title, msg string) {
	if s, ok := say.ExportKept(filepath.Base(out), err); ok {
		return i18n.L("The export may not be kept"), s + " " + i18n.L("Keep it somewhere private; you can export again to be sure.")
	}
	return i18n.L("Nothing was exported"), i18n.L("The export could not be written ({{.Reason}}). Nothing was left behind; you can try again.", i18n.Data{"Reason": reason(err)})
}
