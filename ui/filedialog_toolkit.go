//go:build !linux || ci

package ui

import "fyne.io/fyne/v2"

// systemChooser returns nil: here the toolkit's own dialogs ask, as they
// do in headless tests.
func systemChooser() func(pickRequest) (string, error) { return nil }

// windowHandle names no window: there is no desktop dialog to parent.
func windowHandle(fyne.Window) string { return "" }
