// Package ui holds Tend's Fyne screens: first run, the recovery key, unlock,
// recovery, and the journal once unlocked. Each screen is one file with one
// unexported struct that holds its widgets, builds its container in
// buildUI, and names its handlers onXxx.
//
// Screens never open files, touch the store or run key derivation on the UI
// goroutine: they call the session (package app) from a goroutine and come
// back through fyne.Do. The window title is always just "Tend", so nothing a
// person writes is ever shown outside the window.
//
// Only main imports fyne.io/fyne/v2/app; this package takes a fyne.App, so
// tests pass one from fyne.io/fyne/v2/test.
package ui
