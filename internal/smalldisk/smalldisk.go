//go:build linux

// Package smalldisk gives tests a disk that fills up: a small tmpfs mounted
// for one test, and a way to fill it. Tests use it to show that a full disk
// costs no word already saved and no word being written. Nothing outside
// tests imports it.
package smalldisk

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Size is the small disk's size: big enough for a vault to keep its margin
// of free space, small enough to fill in a moment.
const Size = "64m"

// FillerName is the file Fill writes.
const FillerName = "filler"

// Mount mounts a small tmpfs in a temp folder and returns it, unmounting it
// when the test ends. It skips the test when that cannot be done here:
// mounting needs root, and some sandboxes forbid it even then.
func Mount(t *testing.T) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("a full disk is tested on a small tmpfs, and mounting one needs root")
	}
	dir := t.TempDir()
	if err := syscall.Mount("tmpfs", dir, "tmpfs", 0, "size="+Size+",mode=0700"); err != nil {
		t.Skipf("a full disk is tested on a small tmpfs, and this machine does not allow mounting one: %v", err)
	}
	// Registered after TempDir's own clean-up, so it runs first.
	t.Cleanup(func() {
		if err := syscall.Unmount(dir, 0); err != nil {
			t.Logf("unmounting %s: %v; detaching it instead", dir, err)
			_ = syscall.Unmount(dir, syscall.MNT_DETACH)
		}
	})
	return dir
}

// Fill writes a filler file into dir until the disk refuses more, and
// returns its path.
func Fill(t *testing.T, dir string) string {
	t.Helper()
	path := filepath.Join(dir, FillerName)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Big blocks, then pages, so the last few kilobytes are taken too.
	for _, size := range []int{1 << 20, 4 << 10, 1} {
		buf := make([]byte, size)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("filling the disk: %v", err)
				}
				break
			}
		}
	}
	return path
}

// FaultSummary keeps, from the output of a child process that crashed, the
// fatal-error lines and the non-runtime frames of the goroutine that
// faulted: what a failing full-disk test should show.
func FaultSummary(out string) string {
	var keep []string
	running := false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(line, "SIGBUS") || strings.HasPrefix(line, "fatal error") || strings.HasPrefix(line, "unexpected fault"):
			keep = append(keep, "    "+line)
		case strings.HasPrefix(line, "goroutine ") && strings.Contains(line, "[running]"):
			running = true
			keep = append(keep, "  in the goroutine that faulted:")
		case running && line == "":
			running = false
		case running && !strings.HasPrefix(line, "\t") && !strings.HasPrefix(line, "runtime."):
			keep = append(keep, "    "+line)
		}
	}
	return strings.Join(keep, "\n")
}
