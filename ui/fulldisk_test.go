//go:build linux

package ui

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"fyne.io/fyne/v2/test"

	"tend/internal/smalldisk"
	"tend/journal"
	"tend/vault"
)

// The editor is tested on a full disk made with a small tmpfs mounted for
// the test (vault/fulldisk_test.go does the same below the UI).
const (
	// fullDiskEnv names the folder the child test works in.
	fullDiskEnv = "TEND_TEST_FULLDISK_DIR"
)

// TestFullDiskEditor writes a few entries in the editor, fills the disk,
// then types and saves. The save must fail with a calm sentence that says
// the disk is full, the words must stay in the editor, and once space is
// freed every earlier entry must open and verify and the save must go
// through. The part on the full disk runs in a child process: Badger can
// crash the whole process there (see vault/fulldisk_test.go), and that is
// reported here, precisely, instead of taking the other tests down.
func TestFullDiskEditor(t *testing.T) {
	mnt := smalldisk.Mount(t)
	dir := filepath.Join(mnt, "vault")

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestFullDiskEditorChild$", "-test.count=1", "-test.v")
	// Not the command line (see TestMain): this child runs a test.
	cmd.Env = append(os.Environ(), fullDiskEnv+"="+dir, asCLIEnv+"=")
	b, err := cmd.CombinedOutput()
	out := string(b)
	switch {
	case ctx.Err() != nil:
		t.Errorf("the editor on a full disk did not finish within two minutes:\n%s", lastLines(out, 40))
	case err != nil && strings.Contains(out, "SIGBUS"):
		t.Errorf("the app CRASHED when the disk was full, so the words typed in the editor were lost "+
			"(SIGBUS: Badger wrote into a memory-mapped file the full disk could not back):\n%s", smalldisk.FaultSummary(out))
	case err != nil:
		t.Errorf("the editor on a full disk failed (%v):\n%s", err, lastLines(out, 60))
	case !strings.Contains(out, "full-disk test done"):
		t.Errorf("the editor on a full disk did not run to its end:\n%s", lastLines(out, 40))
	}

	// Whatever happened in the child, what was saved must still be there.
	if err := os.Remove(filepath.Join(mnt, smalldisk.FillerName)); err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	v, err := vault.Open(dir, []byte(goodPassword))
	if err != nil {
		t.Fatalf("after the disk was full, the journal no longer opens: %v", err)
	}
	defer v.Close()
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Fatalf("after the disk was full, verify: %v %+v", err, rep)
	}
	n := 0
	for _, line := range strings.Split(out, "\n") {
		s, ok := strings.CutPrefix(line, "acked ")
		if !ok {
			continue
		}
		id, err := journal.ParseID(strings.TrimSpace(s))
		if err != nil {
			t.Fatalf("the child reported %q: %v", line, err)
		}
		if _, err := v.Get(id); err != nil {
			t.Fatalf("an entry the editor saved is gone after the full disk: %v", err)
		}
		n++
	}
	if n < 3 {
		t.Fatalf("the child reported %d saved entries", n)
	}
}

// TestFullDiskEditorChild is the part of TestFullDiskEditor that runs on
// the full disk, in a child process. It prints "acked ID" for each entry
// it saved before the disk filled.
func TestFullDiskEditorChild(t *testing.T) {
	dir := os.Getenv(fullDiskEnv)
	if dir == "" {
		t.Skip("runs only as the child of TestFullDiskEditor")
	}
	u, s := newTestUI(t, dir)
	if _, err := s.Create([]byte(goodPassword)); err != nil {
		t.Fatal(err)
	}
	u.showMain()
	ed := u.shell.editor

	earlier := map[journal.ID]string{}
	for i := range 3 {
		u.newEntry(journal.KindFree)
		test.Type(ed.title, fmt.Sprintf("Before the disk filled %d", i))
		test.Type(ed.body, fmt.Sprintf("A page written earlier (%d).", i))
		u.saveNow()
		if ed.status.Text != "Saved" {
			t.Fatalf("saving entry %d before the disk filled: %q", i, ed.status.Text)
		}
		earlier[ed.entry.ID] = ed.body.Text
		fmt.Println("acked", ed.entry.ID)
	}

	filler := smalldisk.Fill(t, filepath.Dir(dir))
	// Should this test stop early, the space is freed before the journal
	// is locked (newTestUI's clean-up), which on a full disk would crash
	// and hide why it stopped.
	t.Cleanup(func() { _ = os.Remove(filler) })
	fmt.Println("disk filled")
	before := topFiles(t, dir)
	u.newEntry(journal.KindFree)
	// A save may still fit in space the store already holds; keep typing
	// and saving (Ctrl+S) until one is refused.
	for i := 0; i < 30 && (i == 0 || ed.status.Text == "Saved"); i++ {
		typeAtEnd(ed.body, fmt.Sprintf("Typed while the disk was full (%d). ", i))
		u.saveNow()
	}
	if ed.entry.Rev > 0 {
		fmt.Println("acked", ed.entry.ID) // an earlier version was saved
	}
	words := ed.body.Text
	checkFullDiskStatus(t, ed, words)
	ed.autosaveNow() // the autosave path tells the same
	checkFullDiskStatus(t, ed, words)
	// Leaving the editor is refused rather than losing them.
	u.showSection(secJournal)
	if u.shell.current != secEditor || ed.body.Text != words {
		t.Fatal("the editor was left with the words unsaved")
	}
	// Locking wins all the same: the screen locks and the words are sealed
	// as a draft, the vault's reserve of space given up for them.
	u.lock()
	if s.Unlocked() || u.unlock == nil || u.shell != nil {
		t.Fatal("the journal did not lock on a full disk")
	}
	// The draft (sealed when the save failed, and again by the lock) is on
	// the full disk itself, not only in this process's memory, so even a
	// crash now would keep the words.
	added := 0
	for name := range topFiles(t, dir) {
		if _, ok := before[name]; !ok {
			added++
		}
	}
	if added != 1 {
		t.Fatalf("on a full disk, %d new files are beside the journal, not one draft", added)
	}
	assertNoText(t, u.win.Content(), "Typed while the disk was full")
	assertNotOnDisk(t, dir, "Typed while the disk was full")

	if err := os.Remove(filler); err != nil {
		t.Fatal(err)
	}
	if err := s.Unlock([]byte(goodPassword)); err != nil {
		t.Fatalf("with space freed, the journal does not open: %v", err)
	}
	v := s.Vault()
	u.showMain()
	ed = u.shell.editor
	if ed.body.Text != words || !ed.dirty || u.shell.current != secEditor || !strings.Contains(ed.status.Text, "kept what you were writing") {
		t.Fatalf("the words typed on the full disk were not given back: %q (dirty %v)", ed.status.Text, ed.dirty)
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Fatalf("with space freed, verify: %v %+v", err, rep)
	}
	for id, body := range earlier {
		e, err := v.Get(id)
		if err != nil || e.Body != body {
			t.Fatalf("with space freed, an earlier entry does not open as it was: %v", err)
		}
	}
	u.saveNow()
	if ed.status.Text != "Saved" || ed.dirty {
		t.Fatalf("with space freed, saving says %q (dirty %v)", ed.status.Text, ed.dirty)
	}
	if e, err := v.Get(ed.entry.ID); err != nil || e.Body != words {
		t.Fatalf("with space freed, the words typed on the full disk were not saved: %v", err)
	}
	for id, body := range earlier {
		u.openEntry(id)
		if ed.body.Text != body {
			t.Fatal("with space freed, an earlier entry does not open in the editor")
		}
	}
	fmt.Println("full-disk test done")
}

// checkFullDiskStatus asserts the editor told the person, calmly, that the
// disk is full, and kept every word.
func checkFullDiskStatus(t *testing.T, ed *editorScreen, words string) {
	t.Helper()
	msg := ed.status.Text
	if !strings.Contains(msg, "disk is full") || !strings.Contains(msg, "still here") {
		t.Errorf("on a full disk the editor says %q", msg)
	}
	// No raw error: no path, no system wording.
	if strings.ContainsAny(msg, "/\\") || strings.Contains(strings.ToLower(msg), "no space left") {
		t.Errorf("the full-disk message reads like a raw error: %q", msg)
	}
	if ed.body.Text != words || !ed.dirty {
		t.Fatalf("a failed save on a full disk lost the words: %q (dirty %v)", ed.body.Text, ed.dirty)
	}
}

// lastLines is the last n lines of s.
func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], "\n")
}
