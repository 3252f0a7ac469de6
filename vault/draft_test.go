package vault

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"syscall"
	"testing"
	"time"

	"tend/journal"
)

const draftCanary = "DRAFTCANARYq7k2"

// draftEntry is an entry being edited, with every part a draft keeps.
func draftEntry() *journal.Entry {
	return &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindCheckIn, Date: draftDay("2026-11-23"),
		Title: draftCanary + " title", Body: draftCanary + " words not saved yet",
		Tags: []string{"trust"}, Mood: 2,
		Fields: journal.Fields{CheckIn: &journal.CheckIn{Safety: 4, Emotions: []string{"calm"}}},
	}
}

// draftDay parses a day or panics.
func draftDay(s string) journal.Date {
	d, err := journal.ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func TestDraftSealedWithoutKeysOpensAtUnlock(t *testing.T) {
	v, dir, _ := newTestVault(t)
	box, err := v.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	// The box seals after the vault is closed and its keys are wiped: a
	// lock never waits for the words.
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	want := draftEntry()
	if err := box.Seal(want, 1); err != nil {
		t.Fatal(err)
	}
	if !box.HasDraft() {
		t.Fatal("no draft after sealing one")
	}
	assertNoCanary(t, []string{dir}, []string{draftCanary})

	v2, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	// A crash in the middle of an earlier write left its temporary file.
	stray := filepath.Join(dir, "."+draftFile+"-123.tmp")
	if err := os.WriteFile(stray, []byte("half a draft"), 0o600); err != nil {
		t.Fatal(err)
	}
	got, err := v2.OpenDraft(nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(stray); !errors.Is(err, os.ErrNotExist) {
		t.Fatalf("the temporary file of a draft cut short is still there: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("the draft came back as\n%+v\nnot\n%+v", got, want)
	}
	// It stays until the words are saved, so a crash now loses nothing.
	if again, err := v2.OpenDraft(nil); err != nil || again == nil {
		t.Fatalf("the draft went before it was saved: %v", err)
	}
	box2, err := v2.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	if err := box2.Discard(1); err != nil {
		t.Fatal(err)
	}
	if e, err := v2.OpenDraft(nil); e != nil || err != nil {
		t.Fatalf("a discarded draft opened: %v %v", e, err)
	}
}

func TestDraftOlderNeverReplacesNewer(t *testing.T) {
	v, _, _ := newTestVault(t)
	box, err := v.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	newer := draftEntry()
	newer.Body = "the newest words"
	older := draftEntry()
	older.Body = "older words"
	if err := box.Seal(newer, 5); err != nil {
		t.Fatal(err)
	}
	// A slow seal of older words, and the save of older words.
	if err := box.Seal(older, 4); err != nil {
		t.Fatal(err)
	}
	if err := box.Discard(4); err != nil {
		t.Fatal(err)
	}
	got, err := v.OpenDraft(nil)
	if err != nil || got == nil || got.Body != "the newest words" {
		t.Fatalf("after older seals and saves: %v %v", got, err)
	}
}

func TestDraftSizeSaysLittle(t *testing.T) {
	v, dir, _ := newTestVault(t)
	box, err := v.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	sizes := map[int64]bool{}
	for n := 1000; n < 1064; n++ {
		e := draftEntry()
		e.Body = strings.Repeat("a", n)
		if err := box.Seal(e, n); err != nil {
			t.Fatal(err)
		}
		fi, err := os.Stat(filepath.Join(dir, draftFile))
		if err != nil {
			t.Fatal(err)
		}
		sizes[fi.Size()] = true
	}
	// Unpadded, 64 lengths would give 64 sizes.
	if len(sizes) > 2 {
		t.Fatalf("drafts of 64 lengths have %d sizes: the size gives the length away", len(sizes))
	}
}

func TestDraftOfAnotherJournalOrTamperedIsRefused(t *testing.T) {
	a, _, _ := newTestVault(t)
	b, bdir, _ := newTestVault(t)
	abox, err := a.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	sealed, err := abox.seal(draftEntry())
	if err != nil {
		t.Fatal(err)
	}
	flipped := append([]byte(nil), sealed...)
	flipped[len(flipped)-40] ^= 1
	for name, data := range map[string][]byte{
		"another journal's": sealed,
		"tampered":          flipped,
		"not a draft":       []byte("just some notes\n"),
	} {
		t.Run(name, func(t *testing.T) {
			path := filepath.Join(bdir, draftFile)
			if err := os.WriteFile(path, data, 0o600); err != nil {
				t.Fatal(err)
			}
			e, err := b.OpenDraft(nil)
			if e != nil || !errors.Is(err, ErrDraftUnreadable) {
				t.Fatalf("opened: %v %v", e, err)
			}
			if strings.ContainsAny(err.Error(), "/\\") || strings.Contains(err.Error(), "age:") {
				t.Fatalf("the error reads like a raw one: %q", err)
			}
			// Set aside, so it is said once, and kept for whoever wants
			// to look.
			if e, err := b.OpenDraft(nil); e != nil || err != nil {
				t.Fatalf("a second time: %v %v", e, err)
			}
			if _, err := os.Stat(filepath.Join(bdir, draftAside)); err != nil {
				t.Fatalf("the unreadable draft was not kept aside: %v", err)
			}
		})
	}
}

// TestDraftWhenTheDiskRefuses keeps the sealed words in memory when the
// file cannot be written, and writes them at the next unlock.
func TestDraftWhenTheDiskRefuses(t *testing.T) {
	v, dir, _ := newTestVault(t)
	box, err := v.DraftBox()
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	// A folder in the draft's place refuses the rename, even for root.
	blocker := filepath.Join(dir, draftFile)
	if err := os.MkdirAll(filepath.Join(blocker, "in the way"), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := box.Seal(draftEntry(), 1); err == nil {
		t.Fatal("sealing where the file cannot go said it worked")
	}
	if !box.HasDraft() {
		t.Fatal("the sealed words were not kept in memory")
	}
	assertNoCanary(t, []string{dir}, []string{draftCanary})
	if err := os.RemoveAll(blocker); err != nil {
		t.Fatal(err)
	}
	v2, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v2.Close()
	if e, err := v2.OpenDraft(box); err != nil || e == nil || e.Body != draftEntry().Body {
		t.Fatalf("the draft held in memory: %v %v", e, err)
	}
	if e, err := v2.OpenDraft(nil); err != nil || e == nil {
		t.Fatalf("the draft held in memory was not written at unlock: %v %v", e, err)
	}
}

// TestChildDraftSealer is not a test on its own: TestDraftSurvivesAKill
// runs the test binary again with TEND_TEST_DRAFT_DIR set, and this opens
// the vault, seals a draft, says so, and waits to be killed.
func TestChildDraftSealer(t *testing.T) {
	dir := os.Getenv("TEND_TEST_DRAFT_DIR")
	if dir == "" {
		t.Skip("runs only as a child of TestDraftSurvivesAKill")
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	box, err := v.DraftBox()
	if err == nil {
		err = box.Seal(draftEntry(), 1)
	}
	if err != nil {
		fmt.Println("seal:", err)
		os.Exit(3)
	}
	fmt.Println("sealed")
	time.Sleep(time.Minute)
	os.Exit(4)
}

func TestDraftSurvivesAKill(t *testing.T) {
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildDraftSealer$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TEND_TEST_DRAFT_DIR="+dir, "TMPDIR="+tmp)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		if line := sc.Text(); line == "sealed" {
			break
		} else if strings.Contains(line, ":") {
			t.Fatalf("child: %s", line)
		}
	}
	_ = cmd.Process.Signal(syscall.SIGKILL)
	_ = cmd.Wait()

	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatalf("the vault does not open after the kill: %v", err)
	}
	defer v.Close()
	e, err := v.OpenDraft(nil)
	if err != nil || e == nil || e.Body != draftEntry().Body {
		t.Fatalf("the draft sealed before the kill: %v %v", e, err)
	}
	assertNoCanary(t, []string{tmp}, []string{draftCanary})
}
