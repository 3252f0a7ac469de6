package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// fyneLastFolderKey is where the toolkit's file dialogs keep the folder
// they last showed, in the app's plain preferences file.
const fyneLastFolderKey = "fyne:fileDialogLastFolder"

// forgetfulApp is the app as the toolkit's own file dialogs find it: the
// same in every way but one. The folder a dialog last showed stays in
// memory, never in the plain preferences file, where it would tell anyone
// who reads that file where a recovery key, a backup or a plain export was
// saved. The choice of list or grid is kept as before.
type forgetfulApp struct {
	fyne.App
	prefs *forgetfulPrefs
}

func (a *forgetfulApp) Preferences() fyne.Preferences { return a.prefs }

// forgetfulPrefs are the app's preferences with the dialogs' last folder
// held in memory.
type forgetfulPrefs struct {
	fyne.Preferences
	mu     sync.Mutex
	folder string
}

func (p *forgetfulPrefs) String(key string) string {
	return p.StringWithFallback(key, "")
}

func (p *forgetfulPrefs) StringWithFallback(key, fallback string) string {
	if key != fyneLastFolderKey {
		return p.Preferences.StringWithFallback(key, fallback)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.folder == "" {
		return fallback
	}
	return p.folder
}

func (p *forgetfulPrefs) SetString(key, value string) {
	if key != fyneLastFolderKey {
		p.Preferences.SetString(key, value)
		return
	}
	p.mu.Lock()
	p.folder = value
	p.mu.Unlock()
}

func (p *forgetfulPrefs) RemoveValue(key string) {
	if key != fyneLastFolderKey {
		p.Preferences.RemoveValue(key)
		return
	}
	p.mu.Lock()
	p.folder = ""
	p.mu.Unlock()
}

// keepFoldersInMemory makes a the app the toolkit's dialogs use, with
// their last folder in memory, and drops a folder an earlier version of
// Tend let them write into the preferences file.
func keepFoldersInMemory(a fyne.App) {
	a.Preferences().RemoveValue(fyneLastFolderKey)
	fyne.SetCurrentApp(&forgetfulApp{App: a, prefs: &forgetfulPrefs{Preferences: a.Preferences()}})
}
