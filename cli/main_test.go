package cli

import (
	"os"
	"slices"
	"strings"
	"testing"

	"tend/backup"
)

// asCLIEnv makes this test binary act as the tend command line: verify
// runs its check in a child process of its own program, which in a test is
// this binary.
const asCLIEnv = "TEND_TEST_AS_CLI"

func TestMain(m *testing.M) {
	// A fuzzing worker is started with -test. flags and inherits the
	// variable; it must run tests, not act as the command line.
	worker := slices.ContainsFunc(os.Args[1:], func(a string) bool { return strings.HasPrefix(a, "-test.") })
	if os.Getenv(asCLIEnv) == "1" && !worker {
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
	// The tests read what the command line says in English, whatever the
	// machine's language; a test of another language sets its own.
	os.Unsetenv("LC_ALL")
	os.Unsetenv("LC_MESSAGES")
	os.Setenv("LANG", "en_US.UTF-8")
	os.Exit(m.Run())
}
