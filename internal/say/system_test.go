package say_test

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"tend/internal/say"
)

// TestSystemNamesNoPath says the errors of a folder renamed onto one that
// holds a file, and of a system call, as the system's words alone: no
// path of either folder, no name of the call.
func TestSystemNamesNoPath(t *testing.T) {
	dir := t.TempDir()
	from, onto := filepath.Join(dir, ".export-123.tmp"), filepath.Join(dir, "export")
	for _, d := range []string{from, onto} {
		if err := os.Mkdir(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(onto, "kept.md"), nil, 0o600); err != nil {
		t.Fatal(err)
	}
	err := os.Rename(from, onto)
	if err == nil {
		t.Fatal("a folder was renamed onto one that holds a file")
	}
	if got := say.System(err); strings.Contains(got, dir) || strings.Contains(got, "rename") || got == "" {
		t.Errorf("a rename that failed is said %q", got)
	}
	if got := say.System(os.NewSyscallError("fsync", syscall.EIO)); got != syscall.EIO.Error() {
		t.Errorf("a system call that failed is said %q, want %q", got, syscall.EIO.Error())
	}
}
