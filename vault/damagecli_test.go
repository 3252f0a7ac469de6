package vault_test

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/cli"
	"tend/vault"
)

// TestCommandsOnADamagedStoreAreCalm runs the commands a person runs on a
// journal with a block of bodies the store library panics reading, in this
// process and without the guard process the command line puts around
// them, so that a panic would end the test. Each ends with its own calm
// sentence and status: the list is whole, an entry in that block is named
// damaged and every other shows, a backup and an export leave out only the
// damaged entries and say so, search finds the rest, and the check and
// the rescue name what is lost. The command line's tests cannot reach the
// store's keys to spoil one of its blocks; this test of the vault can.
func TestCommandsOnADamagedStoreAreCalm(t *testing.T) {
	dir, password, damaged, all := vault.SpoiledMornings(t)
	run, pw := commandsOn(t, dir, password)
	expect := func(what string, code, want int, stdout, stderr string) {
		t.Helper()
		if code != want {
			t.Fatalf("%s ended with status %d, want %d\nstdout: %s\nstderr: %s", what, code, want, stdout, stderr)
		}
	}

	code, out, errs := run("list", "--limit", "0")
	expect("list", code, 0, out, errs)
	if n := strings.Count(out, "Morning "); n != len(all) {
		t.Fatalf("list shows %d of %d entries", n, len(all))
	}

	bad := map[string]bool{}
	for _, id := range damaged {
		bad[id.String()] = true
	}
	code, out, errs = run("show", damaged[0].String())
	expect("show of a damaged entry", code, 1, out, errs)
	if !strings.Contains(errs, "damaged") {
		t.Fatalf("show of an entry in the spoiled block does not say it is damaged: %s", errs)
	}
	for _, id := range all {
		if !bad[id.String()] {
			code, out, errs = run("show", id.String())
			expect("show", code, 0, out, errs)
			if !strings.Contains(out, "I walked to the river") {
				t.Fatalf("show of a whole entry does not show its words: %s", out)
			}
			break
		}
	}

	code, out, errs = run("backup", "--passphrase-file", pw, filepath.Join(t.TempDir(), "b.tend"))
	expect("backup", code, 5, out, errs)
	if !strings.Contains(errs, fmt.Sprintf("%d damaged record", len(damaged))) || !strings.Contains(errs, "left out") {
		t.Fatalf("backup did not say it left out the %d damaged entries: %s", len(damaged), errs)
	}
	code, out, errs = run("export", "--format", "json", filepath.Join(t.TempDir(), "e.json"))
	expect("export", code, 5, out, errs)

	code, out, errs = run("search", "--limit", "0", "river")
	expect("search", code, 0, out, errs)
	if n := strings.Count(out, "Morning "); n != len(all)-len(damaged) {
		t.Fatalf("search found %d entries; want the %d that read", n, len(all)-len(damaged))
	}

	code, out, errs = run("verify")
	expect("verify", code, 1, out, errs)
	code, out, errs = run("salvage", filepath.Join(t.TempDir(), "rescued"))
	expect("salvage", code, 1, out, errs)
	// The rescue reads the tables block by block, on its own: it keeps at
	// least every entry the store can read.
	var rescued int
	if _, err := fmt.Sscanf(out, "Rescued %d entries", &rescued); err != nil || rescued < len(all)-len(damaged) || rescued == len(all) {
		t.Fatalf("salvage did not rescue the %d whole entries and say what it left behind: %s", len(all)-len(damaged), out)
	}
}

// TestCommandsOnADamagedRecentTableAreCalm: unlocking looks for a change
// left unfinished in the table the latest session wrote, here in blocks
// the store library panics reading. The commands that unlock the journal
// refuse it as damaged, changing nothing, and name the way forward, in this
// process and without the guard process around them; the check names the
// damage and the rescue keeps every entry.
func TestCommandsOnADamagedRecentTableAreCalm(t *testing.T) {
	dir, password, entries := vault.SpoiledImport(t)
	run, pw := commandsOn(t, dir, password)
	for _, args := range [][]string{{"list"}, {"search", "river"}, {"backup", "--passphrase-file", pw, filepath.Join(t.TempDir(), "b.tend")}} {
		code, out, errs := run(args...)
		if code != 1 || !strings.Contains(errs, "damaged") || !strings.Contains(errs, "tend salvage") {
			t.Fatalf("%s ended with status %d\nstdout: %s\nstderr: %s", args[0], code, out, errs)
		}
	}
	code, out, errs := run("verify")
	if code != 1 || !strings.Contains(out, "damaged") {
		t.Fatalf("verify ended with status %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
	// The spoiled blocks hold some of the imported entries' summaries too.
	code, out, errs = run("salvage", filepath.Join(t.TempDir(), "rescued"))
	var rescued int
	if _, err := fmt.Sscanf(out, "Rescued %d entries", &rescued); code != 1 || err != nil || rescued < entries-summariesPerBlock || rescued == entries {
		t.Fatalf("salvage ended with status %d\nstdout: %s\nstderr: %s", code, out, errs)
	}
}

// summariesPerBlock is about how many summaries one spoiled block
// holds at most.
const summariesPerBlock = 60

// commandsOn returns a runner of the command line on the journal in dir,
// in this process and without the guard process, with the password in a
// file, and that file's path.
func commandsOn(t *testing.T, dir string, password []byte) (run func(args ...string) (int, string, string), pw string) {
	t.Helper()
	pw = filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pw, password, 0o600); err != nil {
		t.Fatal(err)
	}
	return func(args ...string) (int, string, string) {
		t.Helper()
		var out, errb bytes.Buffer
		inv, code := cli.ParseArgs(append([]string{"--vault", dir, "--password-file", pw}, args...), &out, &errb)
		if inv != nil {
			code = cli.RunCommand(inv, strings.NewReader(""), &out, &errb)
		}
		return code, out.String(), errb.String()
	}, pw
}
