//go:build linux

package e2e_test

import (
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"tend/vault"
)

// childrenOf lists the process ids whose parent is pid.
func childrenOf(t *testing.T, pid int) []int {
	t.Helper()
	// Each thread lists the children it started.
	files, _ := filepath.Glob(filepath.Join("/proc", strconv.Itoa(pid), "task", "*", "children"))
	var out []int
	for _, p := range files {
		b, err := os.ReadFile(p)
		if err != nil {
			continue
		}
		for _, f := range strings.Fields(string(b)) {
			if n, err := strconv.Atoi(f); err == nil {
				out = append(out, n)
			}
		}
	}
	return out
}

// TestKilledCommandStopsWhole: a command killed from outside, as the crash
// loop and a person's kill -9 do, must stop where it is, guard and guarded
// child alike, not finish unwatched in the background.
func TestKilledCommandStopsWhole(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("the child's life is tied to its guard on Linux only")
	}
	dir := filepath.Join(t.TempDir(), "v")
	v, _, err := vault.Create(dir, []byte(damagePassword), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	s := newSandbox(t)
	pw := s.writeSecret(t, "pw", damagePassword)
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd, _, _ := s.command(ctx, "", nil, "--vault", dir, "--password-file", pw, "add")
	// add waits for its text on standard input, which never ends here.
	r, w, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	cmd.Stdin = r
	// No pipes to wait on: a child left running would hold them open.
	cmd.Stdout, cmd.Stderr = nil, nil
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	r.Close()
	var kids []int
	for range 200 {
		if kids = childrenOf(t, cmd.Process.Pid); len(kids) > 0 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if len(kids) == 0 {
		t.Fatal("the command did not start its guarded child")
	}
	if err := cmd.Process.Kill(); err != nil {
		t.Fatal(err)
	}
	_ = cmd.Wait()
	for range 200 {
		if syscall.Kill(kids[0], 0) != nil {
			return // gone
		}
		// A zombie waits for its reaper; its state says it has ended.
		if b, err := os.ReadFile(filepath.Join("/proc", strconv.Itoa(kids[0]), "stat")); err == nil && strings.Contains(string(b), ") Z ") {
			return
		}
		time.Sleep(10 * time.Millisecond)
	}
	t.Fatal("the guarded child went on after its guard was killed")
}
