package cli

import (
	"os"
	"testing"

	"tend/backup"
)

// asCLIEnv makes this test binary act as the tend command line: verify
// runs its check in a child process of its own program, which in a test is
// this binary.
const asCLIEnv = "TEND_TEST_AS_CLI"

func TestMain(m *testing.M) {
	if os.Getenv(asCLIEnv) == "1" {
		// A child is a test's helper: its backups use the real scrypt at
		// the low cost the parent's tests use (vaulttest.LowBackupCost).
		backup.WorkFactor = 10
		inv, code := ParseArgs(os.Args[1:], os.Stdout, os.Stderr)
		if inv == nil {
			os.Exit(code)
		}
		os.Exit(RunCommand(inv, os.Stdin, os.Stdout, os.Stderr))
	}
	os.Setenv(asCLIEnv, "1")
	os.Exit(m.Run())
}
