package app

import (
	"os/exec"
	"runtime"
	"syscall"
)

// StartBound starts the guarded child so that it dies with this process: a
// command killed from outside (kill -9, a crash test) must stop where it
// is, not finish unwatched in the background. The signal is tied to the
// thread that started the child, so the caller keeps its goroutine on that
// thread until the child has ended, and then calls release.
func StartBound(cmd *exec.Cmd) (release func(), err error) {
	runtime.LockOSThread()
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{}
	}
	cmd.SysProcAttr.Pdeathsig = syscall.SIGKILL
	if err := cmd.Start(); err != nil {
		runtime.UnlockOSThread()
		return nil, err
	}
	return runtime.UnlockOSThread, nil
}

// WatchParent does nothing on Linux: the kernel ends the guarded child
// when its guard ends (see StartBound).
func WatchParent() {}
