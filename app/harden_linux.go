package app

import "golang.org/x/sys/unix"

// harden turns off core dumps and marks the process not dumpable, which
// also keeps other processes of the same user from attaching to it or
// reading /proc/PID/mem.
func harden() {
	_ = unix.Setrlimit(unix.RLIMIT_CORE, &unix.Rlimit{})
	_ = unix.Prctl(unix.PR_SET_DUMPABLE, 0, 0, 0, 0)
}
