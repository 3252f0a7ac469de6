package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"

	"tend/app"
	"tend/internal/i18n"
)

// unguarded are the commands that need no guard: they never open a
// journal's store in their own process (verify and salvage read a damaged
// store in a child or directly, already guarded on their own).
var unguarded = map[string]bool{"init": true, "paths": true, "verify": true, "salvage": true}

// RunGuarded runs inv's subcommand like RunCommand, but in a child process
// when it opens the journal, so that a crash of the store library ends in a
// calm sentence and exit status 1.
func RunGuarded(inv *Invocation, stdin io.Reader, stdout, stderr io.Writer) int {
	if os.Getenv(app.GuardedEnv) == "1" {
		app.WatchParent()
		return RunCommand(inv, stdin, stdout, stderr)
	}
	if unguarded[inv.Command] {
		return RunCommand(inv, stdin, stdout, stderr)
	}
	exe, err := os.Executable()
	if err != nil {
		return RunCommand(inv, stdin, stdout, stderr)
	}
	return runGuarded(exe, inv, stdin, stdout, stderr)
}

// runGuarded runs the program at exe with this process's arguments and
// watches it.
func runGuarded(exe string, inv *Invocation, stdin io.Reader, stdout, stderr io.Writer) int {
	cmd := exec.Command(exe, os.Args[1:]...)
	cmd.Env = append(os.Environ(), app.GuardedEnv+"=1")
	cmd.Stdin, cmd.Stdout = stdin, stdout
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		return RunCommand(inv, stdin, stdout, stderr)
	}
	// Ctrl+C reaches the child from the terminal; a polite request to
	// stop is passed on, so the child closes the journal cleanly.
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	release, err := app.StartBound(cmd)
	if err != nil {
		return RunCommand(inv, stdin, stdout, stderr)
	}
	defer release()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				if s == syscall.SIGTERM {
					_ = cmd.Process.Signal(s)
				}
			case <-done:
				return
			}
		}
	}()
	crashed := app.PassStderr(errPipe, stderr)
	werr := cmd.Wait()
	close(done)
	code := cmd.ProcessState.ExitCode()
	var exitErr *exec.ExitError
	if werr != nil && !errors.As(werr, &exitErr) {
		crashed = true
	}
	if code < 0 && !crashed {
		// Ended by a signal: someone asked it to stop, or it was killed.
		if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() &&
			(ws.Signal() == syscall.SIGINT || ws.Signal() == syscall.SIGTERM) {
			return 128 + int(ws.Signal())
		}
		app.MarkForCheck(inv.VaultDir)
		fmt.Fprintln(stderr, "tend: "+i18n.L("The command was stopped from outside before it finished. Your entries are still in the journal's folder;\nTend will check it before the app opens it again."))
		return app.ExitError
	}
	if !crashed {
		return code
	}
	app.MarkForCheck(inv.VaultDir)
	fmt.Fprintln(stderr, "tend: "+i18n.L("Tend stopped before it finished, perhaps because part of this journal could not be read, or the disk is full. Your entries are still in its folder.")+"\n"+
		i18n.L("Run 'tend verify' to see whether anything is damaged, and 'tend salvage NEW-FOLDER' to rescue every entry that still reads into a new journal."))
	return app.ExitError
}
