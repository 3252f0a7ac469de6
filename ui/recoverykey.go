package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/internal/i18n"
	"tend/vault"
)

// clipboardClearAfter is how long the recovery key may stay on the
// clipboard before Tend takes it back off.
const clipboardClearAfter = 60 * time.Second

// recoveryKeyScreen shows the recovery key once, right after the journal is
// made, and asks the person to confirm they have stored it.
type recoveryKeyScreen struct {
	u      *UI
	key    string
	shown  *widget.Label
	copied *widget.Label
	stored *widget.Check
	done   *widget.Button
}

func newRecoveryKeyScreen(u *UI, rk vault.RecoveryKey) *recoveryKeyScreen {
	s := &recoveryKeyScreen{u: u, key: rk.String()}
	s.shown = &widget.Label{
		Text:      keyLines(s.key),
		Alignment: fyne.TextAlignCenter, Wrapping: fyne.TextWrapWord,
		TextStyle: fyne.TextStyle{Monospace: true, Bold: true}, SizeName: theme.SizeNameSubHeadingText,
		Selectable: true,
	}
	s.copied = note("")
	s.stored = widget.NewCheck(i18n.L("I have stored my recovery key somewhere safe"), func(on bool) {
		if on {
			s.done.Enable()
		} else {
			s.done.Disable()
		}
	})
	s.done = &widget.Button{Text: i18n.L("Open my journal"), Importance: widget.HighImportance, OnTapped: s.onDone}
	s.done.Disable()
	return s
}

func (s *recoveryKeyScreen) buildUI() fyne.CanvasObject {
	return centered(container.NewVBox(
		heading(i18n.L("Your recovery key")),
		s.keyPart(),
		widget.NewSeparator(),
		s.stored,
		s.done,
		note(i18n.L("Tend shows this key only now. You can make a new one later in Settings.")),
	), 520)
}

// keyPart is what the screen and the dialog share: why the key matters,
// the key, and the ways to keep it.
func (s *recoveryKeyScreen) keyPart() fyne.CanvasObject {
	copyBtn := widget.NewButtonWithIcon(i18n.L("Copy"), theme.ContentCopyIcon(), s.onCopy)
	saveBtn := widget.NewButtonWithIcon(i18n.L("Save to a file…"), theme.DocumentSaveIcon(), s.onSave)
	return container.NewVBox(
		paragraph(i18n.L("If you ever forget your password, this key is the only other way into your journal. Nobody else has a copy, so keep it somewhere private: on paper, or in a password manager.")),
		widget.NewCard("", "", s.shown),
		container.NewGridWithColumns(2, copyBtn, saveBtn),
		s.copied,
	)
}

// showKeyDialog shows a new recovery key (after a new key is made or the
// keys are rotated) in a dialog until the person says it is stored, then
// runs then, when not nil. The dialog's title names the key, so its body
// does not repeat it; the confirmation and Done stay in view below the
// part that scrolls, however small the window and large the text. Escape
// does not close it: the key is shown only this once.
func (u *UI) showKeyDialog(rk vault.RecoveryKey, then func()) *recoveryKeyScreen {
	ks := newRecoveryKeyScreen(u, rk)
	var d *dialog.CustomDialog
	ks.done.Text = i18n.L("Done")
	ks.done.OnTapped = func() {
		ks.clear()
		d.Hide()
		if then != nil {
			then()
		}
	}
	body := container.NewBorder(nil,
		container.NewVBox(widget.NewSeparator(), ks.stored, ks.done), nil, nil,
		container.NewVScroll(ks.keyPart()))
	d = dialog.NewCustomWithoutButtons(i18n.L("Your new recovery key"), body, u.win)
	d.Resize(dialogSize(u.win, fyne.NewSize(560, 520)))
	d.Show()
	return ks
}

// onCopy puts the key on the clipboard for a minute (see copySecret).
func (s *recoveryKeyScreen) onCopy() {
	s.u.copySecret(s.key)
	s.copied.SetText(i18n.L("Copied. Tend will clear it from the clipboard in a minute, or when the journal locks."))
}

// copySecret puts a secret on the clipboard and takes it off again after
// clipboardClearAfter, when the journal locks, and when Tend quits,
// whichever comes first, unless something else was copied since. The
// toolkit's clipboard takes only text: it cannot mark the secret for
// clipboard managers and cloud clipboards to skip.
func (u *UI) copySecret(secret string) {
	u.app.Clipboard().SetContent(secret)
	u.copied = secret
	time.AfterFunc(clipboardClearAfter, func() {
		fyne.Do(func() {
			if u.copied == secret {
				u.clearCopiedSecret()
			}
		})
	})
}

// clearCopiedSecret takes the secret Tend copied off the clipboard, if it
// is still there, and forgets it.
func (u *UI) clearCopiedSecret() {
	if u.copied == "" {
		return
	}
	if cb := u.app.Clipboard(); cb.Content() == u.copied {
		cb.SetContent("")
	}
	u.copied = ""
}

func (s *recoveryKeyScreen) onSave() {
	d := dialog.NewFileSave(func(w fyne.URIWriteCloser, err error) {
		if err != nil || w == nil {
			return
		}
		err = app.WriteRecoveryKey(w, s.key)
		if cerr := w.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			s.copied.SetText(i18n.L("That file could not be written: {{.Reason}}", i18n.Data{"Reason": err.Error()}))
			return
		}
		s.copied.SetText(i18n.L("Saved to {{.File}}. Keep that file somewhere private.", i18n.Data{"File": w.URI().Name()}))
	}, s.u.win)
	d.SetFileName("tend-recovery-key.txt")
	d.Show()
}

func (s *recoveryKeyScreen) onDone() {
	s.clear()
	s.u.keyShown = nil
	s.u.showMain()
}

// clear forgets the key shown on screen.
func (s *recoveryKeyScreen) clear() {
	s.key = ""
	s.shown.SetText("")
}

// keyLines lays the key's groups out three to a line, so it reads like a
// small table and never wraps in the middle of a group.
func keyLines(key string) string {
	groups := strings.Split(key, "-")
	var lines []string
	for i := 0; i < len(groups); i += 3 {
		lines = append(lines, strings.Join(groups[i:min(i+3, len(groups))], "  "))
	}
	return strings.Join(lines, "\n")
}
