//go:build !linux

package app

import "os/exec"

// BindToParent cannot tie the child's life to this process here; a child
// whose guard is killed finishes its command on its own.
func BindToParent(*exec.Cmd) (release func()) { return func() {} }
