package app

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
)

// A damaged store can make the store library panic in one of its own
// goroutines, which no recover catches: the process ends with a stack trace
// and status 2, the status of a usage mistake. Opening checks the store's
// files first (vault.Open refuses the damage it knows), but a damage it
// does not know would still end that way. So a command that opens the
// journal runs in a child process of this same program, and this process
// only watches: it passes the child's output through, and when the child
// crashes it holds back the trace and says in a sentence what happened.
// The terminal, standard input and standard output are the child's own, so
// the command behaves exactly as it would unguarded. It costs one more
// start of the program: about 10 ms on a small laptop-class machine, next
// to the key derivation's few hundred.

// guardedEnv marks the child in which a guarded command runs.
const guardedEnv = "TEND_GUARDED"

// unguarded are the commands that need no guard: they never open a
// journal's store in their own process (verify and salvage read a damaged
// store in a child or directly, already guarded on their own).
var unguarded = map[string]bool{"init": true, "paths": true, "verify": true, "salvage": true}

// RunGuarded runs inv's subcommand like RunCommand, but in a child process
// when it opens the journal, so that a crash of the store library ends in a
// calm sentence and exit status 1.
func RunGuarded(inv *Invocation, stdin io.Reader, stdout, stderr io.Writer) int {
	if unguarded[inv.Command] || os.Getenv(guardedEnv) == "1" {
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
	cmd.Env = append(os.Environ(), guardedEnv+"=1")
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
	release := bindToParent(cmd)
	defer release()
	if err := cmd.Start(); err != nil {
		return RunCommand(inv, stdin, stdout, stderr)
	}
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
	crashed := passStderr(errPipe, stderr)
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
		markForCheck(inv.VaultDir)
		fmt.Fprintln(stderr, "tend: The command was stopped from outside before it finished. Your entries are still in the journal's folder;"+
			"\nTend will check it before the app opens it again.")
		return ExitError
	}
	if !crashed {
		return code
	}
	markForCheck(inv.VaultDir)
	fmt.Fprintln(stderr, "tend: Tend stopped before it finished, perhaps because part of this journal could not be read, or the disk is full."+
		" Your entries are still in its folder.\nRun 'tend verify' to see whether anything is damaged, and 'tend salvage NEW-FOLDER' to rescue every entry that still reads into a new journal.")
	return ExitError
}

// crashMarks begin the lines the Go runtime writes when a process crashes.
var crashMarks = [][]byte{[]byte("panic: "), []byte("fatal error: "), []byte("unexpected fault address"),
	[]byte("goroutine "), []byte("SIGBUS"), []byte("SIGSEGV")}

// passStderr copies the child's error stream line by line until a line
// shows the child crashed; from there on nothing more is passed (the rest
// is a stack trace, which names only program internals and helps nobody
// reading it in distress). It reports whether a crash was seen.
func passStderr(r io.Reader, w io.Writer) (crashed bool) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if !crashed && len(line) > 0 {
			for _, m := range crashMarks {
				if bytes.HasPrefix(line, m) {
					crashed = true
				}
			}
			if !crashed {
				_, _ = w.Write(line)
			}
		}
		if err != nil {
			return crashed
		}
	}
}

// markForCheck leaves the sign that the journal needs a check in a child
// process before the app opens it again.
func markForCheck(dir string) {
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		_ = os.WriteFile(filepath.Join(dir, checkMarker), nil, 0o600)
	}
}
