//go:build linux

package vault

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tend/internal/smalldisk"
	"tend/journal"
)

// A full disk is tested on a small tmpfs mounted for the test (package
// smalldisk). fullDiskEnv names the vault folder a child test works on.
const fullDiskEnv = "TEND_TEST_FULLDISK_DIR"

// runChild runs one test of this binary in a child process on the vault in
// dir. A full disk can crash the process (see childFailure), and a test on
// its own would then take every other test in the package down with it.
func runChild(t *testing.T, test, dir string) (string, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^"+test+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), fullDiskEnv+"="+dir)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		err = fmt.Errorf("it did not finish within two minutes: %w", ctx.Err())
	}
	return string(out), err
}

// childFailure says precisely why a full-disk child failed. Badger writes
// through memory-mapped files that it creates sparse (its write-ahead log,
// and new tables), so the disk space behind a page is only claimed when the
// page is first written. On a full disk that write gets SIGBUS, which Go
// cannot turn into an error or a panic: the whole process dies, with
// whatever the person had typed and not yet saved.
func childFailure(out string, err error) string {
	if !strings.Contains(out, "SIGBUS") {
		return fmt.Sprintf("the full-disk test failed (%v):\n%s", err, tail(out, 60))
	}
	return "the process CRASHED when the disk was full (SIGBUS: a write into a memory-mapped file the full disk " +
		"could not back; Go cannot recover from it, so unsaved words are lost):\n" + smalldisk.FaultSummary(out)
}

// ackedIDs reads the ids a child reported saved, one "acked ID" a line.
func ackedIDs(t *testing.T, out string) []journal.ID {
	t.Helper()
	var ids []journal.ID
	for _, line := range strings.Split(out, "\n") {
		s, ok := strings.CutPrefix(line, "acked ")
		if !ok {
			continue
		}
		id, err := journal.ParseID(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("the child reported %q: %v", line, err)
		}
		ids = append(ids, id)
	}
	return ids
}

// TestFullDiskVault fills the disk under a vault and saves. The save must
// fail with an error that says the disk is full, nothing saved before may
// be harmed, and once space is freed saving must work again in the same
// session.
func TestFullDiskVault(t *testing.T) { checkFullDisk(t, "TestFullDiskVaultChild") }

// TestFullDiskVaultLock fills the disk under a vault holding a fresh save,
// then closes it, as locking or quitting does: that must not crash nor lose
// the save, though the store cannot tidy its log into a table just then.
func TestFullDiskVaultLock(t *testing.T) { checkFullDisk(t, "TestFullDiskVaultLockChild") }

// checkFullDisk makes a vault with a few entries on a small disk and runs
// the child test that fills the disk and works on it, in a child process
// (see childFailure). Afterwards, whatever happened to the child, the
// space is freed and the journal must open, verify, hold every earlier
// entry as it was and every entry the child was told was saved, and take a
// new save.
func checkFullDisk(t *testing.T, child string) {
	mnt := smalldisk.Mount(t)
	dir := filepath.Join(mnt, "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	earlier := map[journal.ID]*journal.Entry{}
	for i := range 5 {
		e := &journal.Entry{Title: fmt.Sprintf("Before the disk filled %d", i), Body: strings.Repeat("An earlier page. ", 20+i*30), Tags: []string{"earlier"}}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		earlier[e.ID] = e
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}

	out, childErr := runChild(t, child, dir)
	if childErr != nil {
		t.Error(childFailure(out, childErr))
	} else if !strings.Contains(out, "full-disk test done") {
		t.Errorf("the full-disk test did not run to its end:\n%s", tail(out, 40))
	}

	if err := os.Remove(filepath.Join(mnt, smalldisk.FillerName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatalf("after the disk was full, the journal no longer opens: %v", err)
	}
	defer v.Close()
	rep, err := v.Verify()
	if err != nil || !rep.OK() {
		t.Fatalf("after the disk was full, verify: %v %+v", err, rep)
	}
	for id, want := range earlier {
		got, err := v.Get(id)
		if err != nil {
			t.Fatalf("an entry saved before the disk filled is gone: %v", err)
		}
		if got.Title != want.Title || got.Body != want.Body {
			t.Fatalf("an entry saved before the disk filled changed: %q", got.Title)
		}
	}
	acked := ackedIDs(t, out)
	for _, id := range acked {
		if _, err := v.Get(id); err != nil {
			t.Fatalf("an entry acknowledged as saved is gone: %v", err)
		}
	}
	if err := v.Put(&journal.Entry{Title: "After", Body: "Room again."}); err != nil {
		t.Fatalf("after freeing space and reopening, a save fails: %v", err)
	}
	t.Logf("after the full disk: %d earlier entries and %d acknowledged ones verified", len(earlier), len(acked))
}

// openFromParent opens the vault a full-disk child works on, or skips when
// the test runs on its own.
func openFromParent(t *testing.T) (*Vault, string) {
	t.Helper()
	dir := os.Getenv(fullDiskEnv)
	if dir == "" {
		t.Skip("runs only in a child process of a full-disk test")
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	return v, dir
}

// TestFullDiskVaultChild is the part of TestFullDiskVault that runs on the
// full disk, in a child process. It prints "acked ID" for every save that
// returned success, so the parent can check they were kept.
func TestFullDiskVaultChild(t *testing.T) {
	v, dir := openFromParent(t)
	before, err := v.Verify()
	if err != nil || !before.OK() {
		t.Fatalf("verify before filling the disk: %v %+v", err, before)
	}
	filler := smalldisk.Fill(t, filepath.Dir(dir))
	fmt.Println("disk filled")

	// A save may still fit in space the store already holds; keep writing
	// until one is refused.
	var refused error
	for i := 0; i < 200 && refused == nil; i++ {
		e := &journal.Entry{Title: fmt.Sprintf("Written on a full disk %d", i), Body: strings.Repeat("More words. ", 40)}
		if refused = v.Put(e); refused == nil {
			fmt.Println("acked", e.ID)
		}
	}
	if refused == nil {
		t.Fatal("200 saves on a full disk all reported success")
	}
	fmt.Println("refused:", refused)
	if !errors.Is(refused, syscall.ENOSPC) {
		t.Errorf("the error does not say the disk is full (errors.Is ENOSPC is false): %v", refused)
	}
	if rep, err := v.Verify(); err != nil || rep.Records < before.Records {
		t.Errorf("verify on the full disk: %v %+v (before: %+v)", err, rep, before)
	}

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	e := &journal.Entry{Title: "Written after freeing space", Body: "There is room again."}
	if err := v.Put(e); err != nil {
		t.Fatalf("with space freed, saving still fails in the same session: %v", err)
	}
	fmt.Println("acked", e.ID)
	if got, err := v.Get(e.ID); err != nil || got.Body != e.Body {
		t.Fatalf("reading back the save after freeing space: %v", err)
	}
	if err := v.Close(); err != nil {
		t.Fatalf("closing after the full disk: %v", err)
	}
	fmt.Println("full-disk test done")
}

// TestFullDiskVaultLockChild is the part of TestFullDiskVaultLock that
// runs on the full disk, in a child process.
func TestFullDiskVaultLockChild(t *testing.T) {
	v, dir := openFromParent(t)
	e := &journal.Entry{Title: "Saved just before the disk filled", Body: "Still here after the lock."}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	fmt.Println("acked", e.ID)
	smalldisk.Fill(t, filepath.Dir(dir))
	fmt.Println("disk filled; closing")
	// An error is allowed (the log stays on disk and is read at the next
	// open); a crash is not.
	fmt.Println("closed:", v.Close())
	fmt.Println("full-disk test done")
}
