// Package cli is the command line of the tend binary: the arguments it
// reads (ParseArgs), the subcommands (init, add, list, search, show,
// passwd, recover, rotate, verify, salvage, backup, restore, export, import, paths,
// prompt), how they ask for passwords on the terminal or read them from a
// file, what they print for a person or as JSON, and the watched child in
// which a command that opens the journal runs (RunGuarded), so that a crash
// of the store library becomes a sentence and status 1.
//
// It drives the session's pieces (package app) and the vault; it holds no
// state of its own between runs.
package cli
