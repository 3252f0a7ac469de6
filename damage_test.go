package main_test

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

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
		e := &vault.Entry{Kind: vault.KindFree, Title: fmt.Sprintf("Evening %03d", i),
			Body: strings.Repeat(fmt.Sprintf("what I noticed on evening %d. ", i), 20+i%40)}
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
