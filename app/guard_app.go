package app

import (
	"fmt"
	"io"
	"os"
	"os/exec"
	"os/signal"
	"syscall"
)

// The desktop app is guarded as commands are (see guard.go): a store the
// opening check passed can still make the store library panic in one of
// its own goroutines while the app unlocks it, and the window would vanish
// with a trace nobody sees. The app runs in a child of this same program;
// when that child crashes, this process marks the journal for a check and
// starts the app once more, so the person meets a calm unlock screen that
// says what happened and checks the journal in a separate process before
// opening it, with the rescue on offer. A second crash in a row ends with
// a sentence, not a loop.

// appRestartedEnv tells a restarted app that the one before it stopped
// unexpectedly.
const appRestartedEnv = "TEND_APP_RESTARTED"

// RestartedAfterCrash reports whether this app was started again because
// the one before it stopped unexpectedly.
func RestartedAfterCrash() bool { return os.Getenv(appRestartedEnv) == "1" }

// GuardApp runs the desktop app in a watched child process and returns its
// exit status with ran set; in that child (or when the program cannot find
// itself) it returns ran false, and the caller runs the app itself.
func GuardApp(vaultDir string) (code int, ran bool) {
	if os.Getenv(GuardedEnv) == "1" {
		WatchParent()
		return 0, false
	}
	exe, err := os.Executable()
	if err != nil {
		return 0, false
	}
	return guardApp(exe, os.Args[1:], nil, vaultDir, os.Stdin, os.Stdout, os.Stderr), true
}

// guardApp runs the app at exe with args (and extra environment) until it
// ends, starting it once more after a crash.
func guardApp(exe string, args, env []string, vaultDir string, stdin io.Reader, stdout, stderr io.Writer) int {
	env = append(env, GuardedEnv+"=1")
	for attempt := 0; ; attempt++ {
		code, crashed := watchApp(exe, args, env, stdin, stdout, stderr)
		if !crashed {
			return code
		}
		MarkForCheck(vaultDir)
		if attempt > 0 {
			fmt.Fprintln(stderr, "tend: Tend stopped unexpectedly twice while opening your journal. Your entries are still in its folder."+
				"\nRun 'tend verify' to see whether anything is damaged, and 'tend salvage NEW-FOLDER' to rescue every entry that still reads.")
			return ExitError
		}
		env = append(env, appRestartedEnv+"=1")
	}
}

// watchApp runs the app once and reports its exit status and whether it
// crashed. Its error stream is passed on until a crash, as for commands; a
// request to stop (Ctrl+C, SIGTERM) is passed to the app, which locks and
// quits, and the app's own status is returned.
func watchApp(exe string, args, env []string, stdin io.Reader, stdout, stderr io.Writer) (code int, crashed bool) {
	cmd := exec.Command(exe, args...)
	cmd.Env = append(os.Environ(), env...)
	cmd.Stdin, cmd.Stdout = stdin, stdout
	errPipe, err := cmd.StderrPipe()
	if err != nil {
		return ExitError, false
	}
	sigs := make(chan os.Signal, 1)
	signal.Notify(sigs, os.Interrupt, syscall.SIGTERM)
	defer signal.Stop(sigs)
	release, err := StartBound(cmd)
	if err != nil {
		fmt.Fprintf(stderr, "tend: Tend could not start its window: %v\n", err)
		return ExitError, false
	}
	defer release()
	done := make(chan struct{})
	go func() {
		for {
			select {
			case s := <-sigs:
				_ = cmd.Process.Signal(s)
			case <-done:
				return
			}
		}
	}()
	crashed = PassStderr(errPipe, stderr)
	werr := cmd.Wait()
	close(done)
	code = cmd.ProcessState.ExitCode()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		switch ws.Signal() {
		case syscall.SIGINT, syscall.SIGTERM, syscall.SIGKILL, syscall.SIGHUP:
			// Stopped from outside, not a crash: nothing to start again.
			return 128 + int(ws.Signal()), false
		}
		return 128 + int(ws.Signal()), true
	}
	if werr != nil && code < 0 {
		return ExitError, true
	}
	return code, crashed
}
