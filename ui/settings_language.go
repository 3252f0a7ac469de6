package ui

import (
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
)

// languageChoices are the languages offered, each named in its own
// language so that a person who cannot read the one shown still finds
// theirs; the system's comes first.
func languageChoices() []struct{ label, value string } {
	return []struct{ label, value string }{
		{i18n.L("Same as the system"), i18n.System},
		{"English", "en"},
		{"Español", "es"},
		{"Deutsch", "de"},
	}
}

// newLanguageChoice is the menu of languages in Settings.
func (s *settingsScreen) newLanguageChoice() *widget.Select {
	var labels []string
	for _, c := range languageChoices() {
		labels = append(labels, c.label)
	}
	sel := widget.NewSelect(labels, s.onLanguage)
	fitOptions(sel)
	return sel
}

// showLanguage selects the language kept in the settings.
func (s *settingsScreen) showLanguage() {
	for _, c := range languageChoices() {
		if c.value == s.u.settings.Language() {
			s.language.SetSelected(c.label)
		}
	}
}

// onLanguage keeps the language chosen and says everything in it at once.
func (s *settingsScreen) onLanguage(label string) {
	if s.loading {
		return
	}
	for _, c := range languageChoices() {
		if c.label == label && c.value != s.u.settings.Language() {
			s.u.settings.SetLanguage(c.value)
			s.u.speak(c.value)
		}
	}
}

// speak says everything in the language of choice from now on. The
// unlocked window is built again in it, on Settings where the choice was
// made, after what the editor holds is saved; should that save fail, the
// window stays as it is, so no word is lost, and speaks the language once
// the journal is next opened.
func (u *UI) speak(choice string) {
	was := i18n.Language()
	if i18n.Use(choice) == was || u.shell == nil {
		return
	}
	if u.shell.editor.flush() != nil {
		return
	}
	u.shell.clear()
	u.shell = newShell(u)
	u.win.SetMainMenu(u.menu())
	u.setContent(u.shell.buildUI(), nil)
	u.shell.journals.load()
	u.showSection(secSettings)
}
