package app_test

import (
	"os"
	"testing"

	"tend/app"
	"tend/backup"
	"tend/cli"
)

// The session's checks run a real child process of the command line; this
// test binary is that child when app.AsCLIEnv is set. TestMain lives in the
// external test package because the command line imports the session.

func TestMain(m *testing.M) {
	if os.Getenv(app.AsCLIEnv) == "1" {
		// A child is a test's helper: its backups use the real scrypt at
		// the low cost the parent's tests use (vaulttest.LowBackupCost).
		backup.WorkFactor = 10
		inv, code := cli.ParseArgs(os.Args[1:], os.Stdout, os.Stderr)
		if inv == nil {
			os.Exit(code)
		}
		os.Exit(cli.RunCommand(inv, os.Stdin, os.Stdout, os.Stderr))
	}
	// Children this test binary starts (the store checks, and verify's own
	// child) act as the command line too.
	os.Setenv(app.AsCLIEnv, "1")
	os.Exit(m.Run())
}
