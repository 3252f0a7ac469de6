// Package app is the running session of Tend, without any widgets.
//
// It knows where the vault lives (the default local data folder, --vault and
// TEND_VAULT), whether the journal is locked or unlocked, when to lock it
// after a quiet spell, the keys under which settings are kept, and the
// command-line face of the binary (tend init, add, list, search, ...).
//
// The user interface (package ui) calls methods here; this package calls the
// vault. Nothing here imports Fyne's widgets or drivers, opens a window or
// touches Badger directly.
package app
