package cli

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"tend/app"
)

// TestAPasswordFileOthersCanReadIsRefused: as ssh refuses a key file
// others can read, a password file readable by its group or by anyone is
// refused, with the way to fix it; the same file made private works.
func TestAPasswordFileOthersCanReadIsRefused(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("permission bits say nothing on Windows")
	}
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatal(errs)
	}
	for _, mode := range []os.FileMode{0o644, 0o640, 0o604} {
		if err := os.Chmod(e.pwFile, mode); err != nil {
			t.Fatal(err)
		}
		code, _, errs := e.run("", "list")
		if code == app.ExitOK || !strings.Contains(errs, "can be read by other people") || !strings.Contains(errs, "chmod 600 "+e.pwFile) {
			t.Fatalf("a password file of mode %v: exit %d, %q", mode, code, errs)
		}
	}
	if err := os.Chmod(e.pwFile, 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := e.run("", "list"); code != app.ExitOK {
		t.Fatalf("a private password file: exit %d, %q", code, errs)
	}
}
