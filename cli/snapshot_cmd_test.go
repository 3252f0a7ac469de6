package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/app"
	"tend/internal/vaulttest"
	"tend/vault"
)

func TestCLIRestoresAnAutomaticBackupAfterTheVaultIsLost(t *testing.T) {
	vaulttest.LowBackupCost(t)
	e := newCLIEnv(t)
	rkFile := filepath.Join(t.TempDir(), "rk")
	if code, _, errs := e.run("", "init", "--recovery-key-file", rkFile); code != app.ExitOK {
		t.Fatal(errs)
	}
	if code, _, errs := e.run("the words that must survive", "add", "--title", "Kept"); code != app.ExitOK {
		t.Fatal(errs)
	}
	v, err := vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	snaps := filepath.Join(t.TempDir(), "snapshots")
	path, err := v.Snapshot(snaps, time.Now())
	v.Close()
	if err != nil {
		t.Fatal(err)
	}
	if err := os.RemoveAll(e.dir); err != nil {
		t.Fatal(err)
	}
	// With the password, into a new journal where the old one was.
	code, out, errs := e.run("", "restore", path)
	if code != app.ExitOK {
		t.Fatalf("restore from a snapshot: %d %q %q", code, out, errs)
	}
	code, out, _ = e.run("", "list")
	if code != app.ExitOK || !strings.Contains(out, "Kept") {
		t.Fatalf("after restore: %q", out)
	}
	// With the recovery key, into another folder.
	e.dir = filepath.Join(t.TempDir(), "second")
	if code, _, errs := e.run("", "restore", "--recovery-key-file", rkFile, path); code != app.ExitOK {
		t.Fatalf("restore with the recovery key: %q", errs)
	}
	// A wrong password is one calm line and exit 3.
	e.dir = filepath.Join(t.TempDir(), "third")
	os.WriteFile(e.pwFile, []byte("not the password at all\n"), 0o600)
	if code, _, errs := e.run("", "restore", path); code != app.ExitWrongPassword || !strings.Contains(errs, "when it was taken") {
		t.Fatalf("wrong password: %d %q", code, errs)
	}
}
