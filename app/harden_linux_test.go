package app

import (
	"os"
	"os/exec"
	"testing"

	"golang.org/x/sys/unix"
)

// TestHardenKeepsMemoryToItself runs Harden in a child of the test (it
// changes the whole process) and checks there that no core dump can be
// written and that the process is no longer dumpable.
func TestHardenKeepsMemoryToItself(t *testing.T) {
	if os.Getenv("TEND_HARDEN_CHILD") == "1" {
		Harden()
		var rl unix.Rlimit
		if err := unix.Getrlimit(unix.RLIMIT_CORE, &rl); err != nil || rl.Cur != 0 || rl.Max != 0 {
			t.Fatalf("core dumps still allowed: %+v %v", rl, err)
		}
		if d, err := unix.PrctlRetInt(unix.PR_GET_DUMPABLE, 0, 0, 0, 0); err != nil || d != 0 {
			t.Fatalf("still dumpable: %d %v", d, err)
		}
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestHardenKeepsMemoryToItself$", "-test.count=1")
	// Not the command line the package's other children are.
	cmd.Env = append(os.Environ(), "TEND_HARDEN_CHILD=1", AsCLIEnv+"=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
}
