//go:build !unix

package app

// harden does nothing here: Windows writes no core files of its own, and
// a process of the same user can read another's memory by design.
func harden() {}
