//go:build unix && !linux

package app

import "golang.org/x/sys/unix"

// harden turns off core dumps. macOS and the BSDs have no per-process
// switch like Linux's dumpable flag for an unprivileged program; their
// debuggers already need the user's consent or special rights to attach.
func harden() { _ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{}) }
