// Command tend is a private, encrypted journal for reflection and inner-child
// work. With no command it opens the desktop app; with one (tend help lists
// them) it works on the journal from a terminal.
package main

import (
	"fmt"
	"os"

	// Before the toolkit initialises: see the package.
	_ "early.tend/locale"

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"

	"tend/app"
	"tend/cli"
	"tend/ui"
)

// measuring is set only in the bench's own build (measure.go): it may open a
// window of its own in place of the app and reports whether it did.
var measuring func(fyne.App) bool

func main() {
	app.Harden()
	inv, code := cli.ParseArgs(os.Args[1:], os.Stdout, os.Stderr)
	if inv == nil {
		os.Exit(code)
	}
	if inv.Command != "" {
		os.Exit(cli.RunGuarded(inv, os.Stdin, os.Stdout, os.Stderr))
	}
	if !app.HasDesktop(os.Getenv) {
		fmt.Fprintln(os.Stderr, app.NoDesktopMessage)
		os.Exit(app.ExitError)
	}
	if code, ran := app.GuardApp(inv.VaultDir); ran {
		os.Exit(code)
	}
	a := fyneapp.NewWithID(app.ID)
	if measuring != nil && measuring(a) {
		return
	}
	ui.New(a, app.NewSession(inv.VaultDir)).Run()
}
