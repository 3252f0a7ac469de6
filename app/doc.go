// Package app is the running session of Tend, without any widgets.
//
// It knows where the vault lives (the default local data folder, --vault and
// TEND_VAULT), whether the journal is locked or unlocked, how it is
// unlocked (checking the store in a child process of the command line when
// it may be damaged, and rescuing it), when to lock it after a quiet spell,
// the keys under which settings are kept, automatic backups, the guided
// paths, and the watched child the desktop app runs in. The command line
// is package cli; the exit statuses and the JSON its checks print are
// declared here, since the session reads them from its children.
//
// The user interface (package ui) and the command line call methods here;
// this package calls the vault. Nothing here imports Fyne's widgets or
// drivers, opens a window or touches Badger directly.
package app
