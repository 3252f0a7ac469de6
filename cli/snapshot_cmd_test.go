package cli

import (
	"os"
	"path/filepath"
	"slices"
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

// TestCLIListsAutomaticBackupsByWhenTheyWereTaken: the names say nothing,
// the command dates each backup with the password, newest first, even with
// the journal's header gone; a wrong password dates none and says so.
func TestCLIListsAutomaticBackupsByWhenTheyWereTaken(t *testing.T) {
	vaulttest.LowBackupCost(t)
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatal(errs)
	}
	v, err := vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	snaps := app.DefaultSnapshotDir(e.dir)
	older := time.Date(2026, time.November, 2, 21, 40, 0, 0, time.Local)
	var first string
	for _, when := range []time.Time{time.Date(2026, time.October, 30, 9, 0, 0, 0, time.Local), older, older.AddDate(0, 0, 3)} {
		p, err := v.Snapshot(snaps, when)
		if err != nil {
			t.Fatal(err)
		}
		if first == "" {
			first = p
		}
	}
	v.Close()
	// One named by its day, as an earlier Tend did, is dated too.
	if err := os.Rename(first, filepath.Join(snaps, "tend-2026-10-30.tend-snapshot")); err != nil {
		t.Fatal(err)
	}

	code, out, errs := e.run("", "snapshots")
	if code != app.ExitOK {
		t.Fatalf("snapshots: %d %q", code, errs)
	}
	dates := []int{strings.Index(out, "Thu 5 Nov 2026 21:40"), strings.Index(out, "Mon 2 Nov 2026 21:40"), strings.Index(out, "Fri 30 Oct 2026  ")}
	dated := func(out string) bool { return strings.Count(out, "2026 ") == 3 }
	if !strings.Contains(out, "3 automatic backups in") || dates[0] < 0 || dates[1] < 0 || dates[2] < 0 || !slices.IsSorted(dates) || !dated(out) {
		t.Fatalf("listing:\n%s", out)
	}
	if err := os.Remove(filepath.Join(e.dir, "tend.vault")); err != nil {
		t.Fatal(err)
	}
	if code, out, _ := e.run("", "snapshots", "--json"); code != app.ExitOK || strings.Count(out, `"taken": "2026-`) != 3 {
		t.Fatalf("without the journal's header: %d %s", code, out)
	}
	os.WriteFile(e.pwFile, []byte("not the password at all\n"), 0o600)
	if code, out, _ := e.run("", "snapshots"); code != app.ExitOK || !strings.Contains(out, "does not read the dates") || strings.Contains(out, " 2026 ") {
		t.Fatalf("a wrong password: %d %s", code, out)
	}
	if code, out, _ := e.run("", "snapshots", "--dir", filepath.Join(t.TempDir(), "none")); code != app.ExitOK || !strings.Contains(out, "no automatic backups") {
		t.Fatalf("an empty folder: %d %s", code, out)
	}
}
