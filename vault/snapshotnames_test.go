package vault

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/backup"
	"tend/internal/vaulttest"
)

// TestSnapshotsNamedBeforeAreSealed: a snapshot named by its day, as Tend
// named them before, gets a sealed name and a hidden time at the next
// snapshot and keeps its day; another journal's file of that kind is left
// exactly as it is.
func TestSnapshotsNamedBeforeAreSealed(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, _ := filledVault(t)
	snaps := dir + "-backups"
	p, err := v.Snapshot(snaps, snapshotDay)
	if err != nil {
		t.Fatal(err)
	}
	legacy := filepath.Join(snaps, "tend-2026-11-23.tend-snapshot")
	if err := os.Rename(p, legacy); err != nil {
		t.Fatal(err)
	}
	written := time.Date(2026, time.November, 23, 21, 30, 0, 0, time.UTC)
	if err := os.Chtimes(legacy, written, written); err != nil {
		t.Fatal(err)
	}
	other, _, _ := newTestVault(t)
	op, err := other.Snapshot(t.TempDir(), snapshotDay)
	if err != nil {
		t.Fatal(err)
	}
	theirs := filepath.Join(snaps, "tend-2026-11-20.tend-snapshot")
	data, _ := os.ReadFile(op)
	if err := os.WriteFile(theirs, data, 0o600); err != nil {
		t.Fatal(err)
	}

	next, err := v.Snapshot(snaps, snapshotDay.AddDate(0, 0, 1))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(legacy); !os.IsNotExist(err) {
		t.Fatalf("the name that shows a day is still there: %v", err)
	}
	if got, _ := os.ReadFile(theirs); string(got) != string(data) {
		t.Fatal("another journal's backup was changed")
	}
	names, _ := v.SnapshotNames()
	list, err := backup.ListSnapshots(snaps, names)
	if err != nil || len(list) != 3 {
		t.Fatalf("listing %+v: %v", list, err)
	}
	if list[0].Path != next || list[1].Taken.Format("2006-01-02") != "2026-11-23" || !list[1].DayOnly || list[2].Path != theirs {
		t.Fatalf("the folder lists %+v", list)
	}
	fi, err := os.Stat(list[1].Path)
	if err != nil || !fi.ModTime().Equal(backup.SnapshotModTime) || strings.Contains(fi.Name(), "2026") {
		t.Fatalf("the renamed backup %v still dates itself (%v)", fi, err)
	}
	if c, err := readSnapshotFile(t, list[1].Path, testPassword, nil); err != nil || c.Manifest.Counts.Entries == 0 {
		t.Fatalf("the renamed backup does not open: %v", err)
	}
}

// TestFindSnapshotsBeforeOpening: with the journal locked, or its header
// gone, the password reads the names: through the live header, or through
// a snapshot's own header copy when the live header holds another password
// or is lost; a wrong password dates none of them.
func TestFindSnapshotsBeforeOpening(t *testing.T) {
	vaulttest.LowBackupCost(t)
	v, dir, _ := filledVault(t)
	snaps := dir + "-backups"
	for i := range 3 {
		if _, err := v.Snapshot(snaps, snapshotDay.AddDate(0, 0, i)); err != nil {
			t.Fatal(err)
		}
	}
	newPw := []byte("a new password for a new start")
	if err := v.SetPassword(newPw, TestKDF); err != nil {
		t.Fatal(err)
	}
	v.Close()

	newest := func(pw []byte) string {
		t.Helper()
		list, err := FindSnapshots(snaps, dir, pw)
		if err != nil || len(list) != 3 {
			t.Fatalf("found %+v: %v", list, err)
		}
		if !list[0].Known() {
			return ""
		}
		return list[0].Taken.Format("2006-01-02")
	}
	if got := newest(newPw); got != "2026-11-25" {
		t.Fatalf("through the live header the newest is %q", got)
	}
	if got := newest(testPassword); got != "2026-11-25" {
		t.Fatalf("with the password of the backups' days the newest is %q", got)
	}
	if got := newest([]byte("not the password")); got != "" {
		t.Fatalf("a wrong password dated a backup: %q", got)
	}
	if err := os.Remove(filepath.Join(dir, headerFile)); err != nil {
		t.Fatal(err)
	}
	if got := newest(testPassword); got != "2026-11-25" {
		t.Fatalf("without the live header the newest is %q", got)
	}
	if list, err := FindSnapshots(filepath.Join(dir, "none"), dir, testPassword); err != nil || len(list) != 0 {
		t.Fatalf("a missing folder: %+v %v", list, err)
	}
}

// TestSnapshotNamesOpenOnlyWithTheirKey: a name reads back to the second
// with its key and not at all with another, and names of different days
// share nothing a reader could sort by.
func TestSnapshotNamesOpenOnlyWithTheirKey(t *testing.T) {
	a, err := snapshotNames(bytes.Repeat([]byte{1}, keySize))
	if err != nil {
		t.Fatal(err)
	}
	b, _ := snapshotNames(bytes.Repeat([]byte{2}, keySize))
	when := time.Date(2026, time.December, 7, 18, 5, 9, 0, time.UTC)
	name := a.Name(when)
	if got, dayOnly, ok := a.Read(name); !ok || dayOnly || !got.Equal(when) {
		t.Fatalf("read back %v %v %v", got, dayOnly, ok)
	}
	if _, _, ok := b.Read(name); ok {
		t.Fatal("another key read the name")
	}
	for _, bad := range []string{"tend-2026-12-07.tend-snapshot", "tend-aaaaaaaaaaaaaaaaaaaaaaaaaa.tend-snapshot", name + ".tmp", "", strings.ToUpper(name)} {
		if _, _, ok := a.Read(bad); ok {
			t.Fatalf("%q read as a name", bad)
		}
	}
	next := a.Name(when.AddDate(0, 0, 1))
	if next == name || next[:8] == name[:8] {
		t.Fatalf("names of two days look alike: %s %s", name, next)
	}
	// A day-only name keeps the day and says that no time is known.
	day := a.DayName(time.Date(2026, time.November, 20, 23, 30, 0, 0, time.Local))
	if got, dayOnly, ok := a.Read(day); !ok || !dayOnly || got.Format("2006-01-02") != "2026-11-20" || day == a.Name(got) {
		t.Fatalf("a day-only name reads back as %v %v %v", got, dayOnly, ok)
	}
	var none *backup.SnapshotNames
	if _, _, ok := none.Read(name); ok {
		t.Fatal("no key read a name")
	}
}
