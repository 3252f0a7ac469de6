package vault

import (
	"bufio"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tend/journal"
)

const crashCanary = "CRASHCANARYzx19"

// TestChildWriter is not a test on its own: the crash tests run the test
// binary again with TEND_TEST_CHILD_DIR set, and then this adds entries
// until it is killed, printing each id once Put has returned.
func TestChildWriter(t *testing.T) {
	dir := os.Getenv("TEND_TEST_CHILD_DIR")
	if dir == "" {
		t.Skip("runs only as a child of the crash tests")
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		fmt.Println("open:", err)
		os.Exit(2)
	}
	for i := 0; ; i++ {
		e := &journal.Entry{
			Title: fmt.Sprintf("%s title %d", crashCanary, i), Tags: []string{crashCanary + "tag"},
			Body: strings.Repeat(crashCanary+" body ", 20+i%200),
		}
		if err := v.Put(e); err != nil {
			fmt.Println("put:", err)
			os.Exit(3)
		}
		// Sometimes edit the entry, so history writes are killed too.
		if i%3 == 0 {
			e.Body += " edited"
			if err := v.Put(e); err != nil {
				fmt.Println("put:", err)
				os.Exit(3)
			}
		}
		fmt.Println("ok", e.ID)
	}
}

// TestCrashLosesNothingAcknowledged kills a writing child process with
// SIGKILL at random moments, many times. After every kill the vault must
// open, and every entry the child reported as saved must be there and pass
// verification. No canary may reach the disk in plaintext.
func TestCrashLosesNothingAcknowledged(t *testing.T) {
	if testing.Short() {
		t.Skip("kills child processes; skipped with -short")
	}
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()

	rng := rand.New(rand.NewPCG(1, 2))
	acked := map[journal.ID]bool{}
	const rounds = 12
	for round := range rounds {
		cmd := exec.Command(os.Args[0], "-test.run=^TestChildWriter$", "-test.count=1")
		cmd.Env = append(os.Environ(), "TEND_TEST_CHILD_DIR="+dir, "TMPDIR="+tmp)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		delay := time.Duration(20+rng.IntN(400)) * time.Millisecond
		timer := time.AfterFunc(delay, func() { cmd.Process.Signal(syscall.SIGKILL) })
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			line := sc.Text()
			if id, ok := strings.CutPrefix(line, "ok "); ok {
				parsed, err := journal.ParseID(id)
				if err != nil {
					t.Fatalf("child printed %q", line)
				}
				acked[parsed] = true
			} else if strings.HasPrefix(line, "open:") || strings.HasPrefix(line, "put:") {
				t.Fatalf("round %d: child failed: %s", round, line)
			}
		}
		timer.Stop()
		_ = cmd.Wait()

		v, err := Open(dir, testPassword)
		if err != nil {
			t.Fatalf("round %d: the vault does not open after a kill: %v", round, err)
		}
		for id := range acked {
			if _, err := v.Get(id); err != nil {
				t.Fatalf("round %d: acknowledged entry %s lost: %v", round, id, err)
			}
		}
		rep, err := v.Verify()
		if err != nil || !rep.OK() {
			t.Fatalf("round %d: verify: %+v %v", round, rep, err)
		}
		v.Close()
	}
	if len(acked) == 0 {
		t.Fatal("the child never saved anything; the test proved nothing")
	}
	t.Logf("%d rounds, %d acknowledged entries all intact", rounds, len(acked))
	assertNoCanary(t, []string{tmp}, []string{crashCanary})
}

// TestChildOpener is run as a child by TestSecondProcessIsInUse: it tries
// to open the vault and prints what happened.
func TestChildOpener(t *testing.T) {
	dir := os.Getenv("TEND_TEST_OPEN_DIR")
	if dir == "" {
		t.Skip("runs only as a child of TestSecondProcessIsInUse")
	}
	v, err := Open(dir, testPassword)
	switch {
	case err == nil:
		v.Close()
		fmt.Println("opened")
	case errors.Is(err, ErrVaultInUse):
		fmt.Println("in use")
	default:
		fmt.Println("error:", err)
	}
}

func TestSecondProcessIsInUse(t *testing.T) {
	_, dir, _ := newTestVault(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestChildOpener$", "-test.count=1")
	cmd.Env = append(os.Environ(), "TEND_TEST_OPEN_DIR="+dir)
	start := time.Now()
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("child: %v: %s", err, out)
	}
	if !strings.Contains(string(out), "in use") {
		t.Fatalf("second process: %q, want \"in use\"", out)
	}
	if d := time.Since(start); d > 20*time.Second {
		t.Fatalf("the second process took %v to be told", d)
	}
}
