package app

// Harden keeps this process's memory, where the journal's key and the
// words on screen live while it is open, out of reach of the rest of the
// machine as far as the platform allows: no core dump is ever written for
// it, and on Linux it is not dumpable, so another process of the same user
// cannot read its memory through ptrace or /proc. It is best-effort: where
// a step is refused, the process runs on as before. main calls it first.
func Harden() { harden() }
