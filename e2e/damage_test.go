package e2e_test

import (
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"tend/journal"
	"tend/vault"
)

// damagePassword opens the vaults of the damage test. The vault is made in
// this process at the lowest key-derivation cost, which its header records,
// so the binary unlocks it quickly too.
const damagePassword = "the lantern stays lit tonight"

// damageBase makes a vault whose records sit in table files and in the
// memtable's log (copied while open, as a crash leaves it) and returns its
// folder and every entry's title by id.
func damageBase(t *testing.T) (string, map[string]string) {
	t.Helper()
	root := t.TempDir()
	dir := filepath.Join(root, "live")
	v, _, err := vault.Create(dir, []byte(damagePassword), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	put := func(i int) {
		e := &journal.Entry{
			Kind: journal.KindFree, Title: fmt.Sprintf("Evening %03d", i),
			Body: strings.Repeat(fmt.Sprintf("what I noticed on evening %d. ", i), 20+i%40),
		}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		want[e.ID.String()] = e.Title
	}
	for i := range 120 {
		put(i)
	}
	v.Close()
	if v, err = vault.Open(dir, []byte(damagePassword)); err != nil {
		t.Fatal(err)
	}
	for i := 120; i < 140; i++ {
		put(i)
	}
	base := filepath.Join(root, "base")
	copyDir(t, dir, base)
	v.Close()
	return base, want
}

func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, fi os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		if fi.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o700)
		}
		in, err := os.Open(p)
		if err != nil {
			return err
		}
		defer in.Close()
		out, err := os.Create(filepath.Join(to, rel))
		if err != nil {
			return err
		}
		if _, err := io.Copy(out, in); err != nil {
			out.Close()
			return err
		}
		return out.Close()
	})
	if err != nil {
		t.Fatal(err)
	}
}

// noPanic fails the test when a run of the binary ended by a panic or a
// signal rather than with its own calm message.
func noPanic(t *testing.T, what string, r result) {
	t.Helper()
	if r.code < 0 || r.code == 2 || strings.Contains(r.stderr, "panic:") || strings.Contains(r.stderr, "goroutine ") {
		t.Fatalf("%s ended by a crash: %v", what, r)
	}
}

// TestDamagedVaultThroughTheBinary truncates and flips bytes in every file
// of a vault folder and runs the real binary's check and rescue on each
// copy, in a child process as the app does. Neither may end by a panic;
// the check must say the journal is whole only when every entry is there;
// the rescue must keep only entries exactly as written, and all of them
// when the damage was to a file that holds no records.
func TestDamagedVaultThroughTheBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary a few hundred times; skipped with -short")
	}
	base, want := damageBase(t)
	files := []string{"tend.vault", "store-keys.copy"}
	names, _ := os.ReadDir(filepath.Join(base, "store"))
	for _, n := range names {
		files = append(files, filepath.Join("store", n.Name()))
	}
	sort.Strings(files)
	s := newSandbox(t)
	pw := s.writeSecret(t, "pw", damagePassword)
	for _, f := range files {
		fi, err := os.Stat(filepath.Join(base, f))
		if err != nil {
			t.Fatal(err)
		}
		for _, d := range binaryDamages(fi.Size()) {
			t.Run(strings.ReplaceAll(f, string(filepath.Separator), "_")+"/"+d.name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "v")
				copyDir(t, base, dir)
				d.apply(t, filepath.Join(dir, f))

				check := s.run(t, "", "--vault", dir, "--password-file", pw, "verify", "--json")
				noPanic(t, "verify", check)
				// A cut in a log file's tail is what a crash just before
				// those writes leaves, and reads as a whole, shorter log;
				// only there may a whole-looking check miss entries.
				cutLog := strings.HasPrefix(d.name, "cut") && (strings.HasSuffix(f, ".mem") || strings.HasSuffix(f, ".vlog"))
				if check.code == 0 && !cutLog {
					// Whole by its own account: then every entry is there.
					list := s.run(t, "", "--vault", dir, "--password-file", pw, "list", "--json")
					var got []struct{ ID, Title string }
					if list.code != 0 || json.Unmarshal([]byte(list.stdout), &got) != nil || len(got) != len(want) {
						t.Fatalf("verify said whole, but list gives %d of %d entries: %v", len(got), len(want), list)
					}
				}

				out := filepath.Join(t.TempDir(), "rescued")
				rescue := s.run(t, "", "--vault", dir, "--password-file", pw, "salvage", "--json", out)
				noPanic(t, "salvage", rescue)
				// Status 1 with a report: the rescue was made, but kept
				// less than it found.
				var rep struct{ Records, Kept int }
				if rescue.code == 1 && json.Unmarshal([]byte(rescue.stdout), &rep) == nil && rep.Kept > 0 && rep.Kept < rep.Records {
					rescue.code = 0
				}
				if rescue.code != 0 {
					if f != "tend.vault" {
						t.Fatalf("salvage failed on damage to %s: %v", f, rescue)
					}
					if strings.TrimSpace(rescue.stderr) == "" {
						t.Fatal("salvage failed without saying why")
					}
					return
				}
				rv, err := vault.Open(out, []byte(damagePassword))
				if err != nil {
					t.Fatalf("the rescued journal does not open: %v", err)
				}
				defer rv.Close()
				got, err := rv.List(vault.ListQuery{})
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range got {
					if want[e.ID.String()] != e.Title {
						t.Fatalf("rescued entry %s is not as written: %q", e.ID, e.Title)
					}
				}
				switch filepath.Base(f) {
				case "MANIFEST", "DISCARD", "LOCK", "KEYREGISTRY", "store-keys.copy", "tend.vault":
					if len(got) != len(want) {
						t.Fatalf("damage to %s, which holds no records, cost %d entries", f, len(want)-len(got))
					}
				}
			})
		}
	}
}

type binaryDamage struct {
	name  string
	apply func(t *testing.T, path string)
}

func binaryDamages(size int64) []binaryDamage {
	var ds []binaryDamage
	for _, at := range []int64{0, size / 2} {
		ds = append(ds, binaryDamage{fmt.Sprintf("cut-%d", at), func(t *testing.T, p string) {
			if err := os.Truncate(p, at); err != nil {
				t.Fatal(err)
			}
		}})
	}
	for _, at := range []int64{7, size / 3, size - 5} {
		if at < 0 || at >= size {
			continue
		}
		ds = append(ds, binaryDamage{fmt.Sprintf("flip-%d", at), func(t *testing.T, p string) {
			b, err := os.ReadFile(p)
			if err != nil {
				t.Fatal(err)
			}
			b[at] ^= 0x5a
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}})
	}
	return ds
}

// closedBase makes a vault closed cleanly, with its records in table files,
// and returns its folder and every entry's title by id.
func closedBase(t *testing.T) (string, map[string]string) {
	t.Helper()
	return closedBaseOf(t, 100)
}

// closedBaseOf is closedBase with a session (and so a table) for every
// perSession entries.
func closedBaseOf(t *testing.T, perSession int) (string, map[string]string) {
	t.Helper()
	dir := filepath.Join(t.TempDir(), "closed")
	v, _, err := vault.Create(dir, []byte(damagePassword), vault.TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for i := range 140 {
		if i > 0 && i%perSession == 0 { // a new session, so there is more than one table
			v.Close()
			if v, err = vault.Open(dir, []byte(damagePassword)); err != nil {
				t.Fatal(err)
			}
		}
		e := &journal.Entry{
			Kind: journal.KindFree, Title: fmt.Sprintf("Morning %03d", i),
			Body: strings.Repeat(fmt.Sprintf("what I noticed on morning %d. ", i), 20+i%40),
		}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		want[e.ID.String()] = e.Title
	}
	if err := v.Close(); err != nil {
		t.Fatal(err)
	}
	return dir, want
}

// calm fails the test when a run printed anything of a crash, or ended
// with the usage status or by a signal.
func calm(t *testing.T, what string, r result, codes ...int) {
	t.Helper()
	out := r.stdout + r.stderr
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine") || strings.Contains(out, ".go:") {
		t.Fatalf("%s printed crash text: %v", what, r)
	}
	for _, c := range codes {
		if r.code == c {
			return
		}
	}
	t.Fatalf("%s ended with status %d, want one of %v: %v", what, r.code, codes, r)
}

// TestDamagedClosedVaultStaysCalm damages a vault that was closed cleanly,
// so nothing tells the binary to be careful, in the ways that made it
// crash or write into the store (a missing or foreign key registry, a
// missing manifest, a table cut short, flipped bytes in a table), and runs
// every kind of command on it: each must end with a calm sentence and its
// own status, never a crash, and none may cost the rescue run after them
// anything.
func TestDamagedClosedVaultStaysCalm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary many times; skipped with -short")
	}
	base, want := closedBase(t)
	other, _ := closedBase(t)
	tables, _ := filepath.Glob(filepath.Join(base, "store", "*.sst"))
	if len(tables) == 0 {
		t.Fatal("the vault has no table")
	}
	table := filepath.Join("store", filepath.Base(tables[0]))
	s := newSandbox(t)
	pw := s.writeSecret(t, "pw", damagePassword)
	type damageKind struct {
		name  string
		apply func(t *testing.T, dir string)
		// whole says no record is lost by this damage, so the rescue
		// must keep every entry.
		whole bool
	}
	kinds := []damageKind{
		{"no key registry", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "store", "KEYREGISTRY")); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"foreign key registry", func(t *testing.T, dir string) {
			b, err := os.ReadFile(filepath.Join(other, "store", "KEYREGISTRY"))
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(dir, "store", "KEYREGISTRY"), b, 0o600); err != nil {
				t.Fatal(err)
			}
		}, true},
		{"no manifest", func(t *testing.T, dir string) {
			if err := os.Remove(filepath.Join(dir, "store", "MANIFEST")); err != nil {
				t.Fatal(err)
			}
		}, true},
	}
	size, err := os.Stat(filepath.Join(base, table))
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range binaryDamages(size.Size()) {
		kinds = append(kinds, damageKind{"table " + d.name, func(t *testing.T, dir string) { d.apply(t, filepath.Join(dir, table)) }, false})
	}
	for _, k := range kinds {
		t.Run(strings.ReplaceAll(k.name, " ", "_"), func(t *testing.T) {
			dir := filepath.Join(t.TempDir(), "v")
			copyDir(t, base, dir)
			k.apply(t, dir)
			run := func(args ...string) result {
				return s.run(t, "", append([]string{"--vault", dir, "--password-file", pw}, args...)...)
			}
			calm(t, "list", run("list"), 0, 1)
			calm(t, "search", run("search", "morning"), 0, 1)
			calm(t, "add", s.run(t, "a new line", "--vault", dir, "--password-file", pw, "add"), 0, 1)
			calm(t, "verify", run("verify"), 0, 1)
			calm(t, "backup", run("backup", "--passphrase-file", pw, filepath.Join(t.TempDir(), "b.tend")), 0, 1, 5)
			calm(t, "export", run("export", "--format", "json", filepath.Join(t.TempDir(), "e.json")), 0, 1, 5)
			out := filepath.Join(t.TempDir(), "rescued")
			rescue := run("salvage", "--json", out)
			calm(t, "salvage", rescue, 0, 1)
			var rep struct{ Records, Kept, Entries int }
			if err := json.Unmarshal([]byte(rescue.stdout), &rep); err != nil {
				t.Fatalf("salvage printed no report: %v", rescue)
			}
			if (rep.Kept < rep.Records || rep.Kept == 0) != (rescue.code == 1) {
				t.Fatalf("salvage kept %d of %d records and exited %d", rep.Kept, rep.Records, rescue.code)
			}
			if k.whole && rep.Entries != len(want) {
				t.Fatalf("after the other commands, salvage rescued %d of %d entries: %v", rep.Entries, len(want), rescue)
			}
		})
	}
}

// TestSalvageSaysWhenItRescuedNothing: with the store's keys gone, both
// the registry and its copy, nothing can be read; salvage must say so and
// exit 1, not 0.
func TestSalvageSaysWhenItRescuedNothing(t *testing.T) {
	base, _ := closedBase(t)
	for _, f := range []string{filepath.Join("store", "KEYREGISTRY"), "store-keys.copy"} {
		if err := os.Remove(filepath.Join(base, f)); err != nil {
			t.Fatal(err)
		}
	}
	s := newSandbox(t)
	pw := s.writeSecret(t, "pw", damagePassword)
	r := s.run(t, "", "--vault", base, "--password-file", pw, "salvage", filepath.Join(t.TempDir(), "rescued"))
	calm(t, "salvage", r, 1)
	if !strings.Contains(r.stdout, "Nothing could be rescued") {
		t.Fatalf("salvage did not say plainly that it rescued nothing: %v", r)
	}
}

// TestBackupOfADamagedJournalLeavesOutOnlyTheDamage: with one record's
// bytes spoiled, backup and export are made of everything else, name what
// they left out, and exit 5.
func TestBackupOfADamagedJournalLeavesOutOnlyTheDamage(t *testing.T) {
	base, want := closedBase(t)
	s := newSandbox(t)
	pw := s.writeSecret(t, "pw", damagePassword)
	// Spoil bytes in the middle of each table until verify finds damage
	// while the journal still opens.
	tables, _ := filepath.Glob(filepath.Join(base, "store", "*.sst"))
	found := false
	for _, tb := range tables {
		b, err := os.ReadFile(tb)
		if err != nil {
			t.Fatal(err)
		}
		b[len(b)/3] ^= 0x01
		if err := os.WriteFile(tb, b, 0o600); err != nil {
			t.Fatal(err)
		}
		if r := s.run(t, "", "--vault", base, "--password-file", pw, "verify"); r.code == 1 && strings.Contains(r.stdout, "records are damaged") {
			found = true
			break
		}
	}
	if !found {
		t.Skip("no single spoiled byte left the journal opening with a damaged record")
	}
	out := filepath.Join(t.TempDir(), "b.tend")
	r := s.run(t, "", "--vault", base, "--password-file", pw, "backup", "--passphrase-file", pw, out)
	calm(t, "backup", r, 5)
	if !strings.Contains(r.stderr, "left out") || !strings.Contains(r.stdout, "safely in") {
		t.Fatalf("backup did not say what it left out: %v", r)
	}
	exp := filepath.Join(t.TempDir(), "e.json")
	r = s.run(t, "", "--vault", base, "--password-file", pw, "export", "--format", "json", exp)
	calm(t, "export", r, 5)
	var doc struct{ Entries []struct{ ID string } }
	b, err := os.ReadFile(exp)
	if err != nil || json.Unmarshal(b, &doc) != nil {
		t.Fatalf("the export is not there: %v", err)
	}
	if len(doc.Entries) == 0 || len(doc.Entries) >= len(want) {
		t.Fatalf("the export holds %d of %d entries; want all but the damaged", len(doc.Entries), len(want))
	}
}

// TestCrashOfACommandIsCalm spoils many bytes of every table until the
// store library crashes in one of its own goroutines when a command opens
// the journal without the guard, then runs the command as a person does:
// the guard must turn the crash into a sentence and exit status 1, and
// leave the sign that the app must check the journal before opening it.
func TestCrashOfACommandIsCalm(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the binary many times; skipped with -short")
	}
	// Many small tables, which the store library compacts as it opens.
	base, _ := closedBaseOf(t, 4)
	s := newSandbox(t)
	pw := s.writeSecret(t, "pw", damagePassword)
	for seed := range uint64(40) {
		dir := filepath.Join(t.TempDir(), "v")
		copyDir(t, base, dir)
		rng := rand.New(rand.NewPCG(seed, 7))
		tables, _ := filepath.Glob(filepath.Join(dir, "store", "*.sst"))
		for _, tb := range tables {
			b, err := os.ReadFile(tb)
			if err != nil {
				t.Fatal(err)
			}
			for range 3 {
				b[rng.IntN(len(b)/2)] ^= 0xff
			}
			if err := os.WriteFile(tb, b, 0o600); err != nil {
				t.Fatal(err)
			}
		}
		trial := filepath.Join(t.TempDir(), "trial")
		copyDir(t, dir, trial)
		bare := s.runEnv(t, "", []string{"TEND_GUARDED=1"}, "--vault", trial, "--password-file", pw, "list")
		if !strings.Contains(bare.stderr, "goroutine ") {
			continue
		}
		r := s.run(t, "", "--vault", dir, "--password-file", pw, "list")
		calm(t, "list", r, 1)
		if !strings.Contains(r.stderr, "tend salvage") {
			t.Fatalf("the guard gave no way forward: %v", r)
		}
		if _, err := os.Stat(filepath.Join(dir, "check-needed")); err != nil {
			t.Fatal("after a crash, the journal is not marked to be checked before the app opens it")
		}
		return
	}
	t.Skip("no damage of these made the store library crash")
}
