package app

import (
	"os/exec"
	"runtime"
	"syscall"
)

// BindToParent makes the guarded child die with this process: a command
// killed from outside (kill -9, a crash test) must stop where it is, not
// finish unwatched in the background. The signal is tied to the thread
// that started the child, so the caller keeps its goroutine on that thread
// until the child has ended, and then calls the returned function.
func BindToParent(cmd *exec.Cmd) (release func()) {
	runtime.LockOSThread()
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	return runtime.UnlockOSThread
}
