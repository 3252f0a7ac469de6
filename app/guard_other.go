//go:build !linux && !windows

package app

import (
	"os"
	"os/exec"
	"syscall"
	"time"
)

// StartBound starts the guarded child. macOS and the BSDs cannot tie a
// child's life to its parent when it starts; the child watches its parent
// instead (WatchParent). release has nothing to undo.
func StartBound(cmd *exec.Cmd) (release func(), err error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	return func() {}, nil
}

// parentPoll is how often a guarded child looks for its guard.
const parentPoll = 250 * time.Millisecond

// WatchParent makes this guarded child stop where it is, as it would on
// Linux, once its guard is gone: a command killed from outside must not
// finish unwatched in the background. A process whose parent ends is
// given another parent, so a change of parent is the sign; the child
// notices it within a quarter of a second.
func WatchParent() {
	guard := os.Getppid()
	go func() {
		for {
			if os.Getppid() != guard || guard == 1 {
				_ = syscall.Kill(os.Getpid(), syscall.SIGKILL)
			}
			time.Sleep(parentPoll)
		}
	}()
}
