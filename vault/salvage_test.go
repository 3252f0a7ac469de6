package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault/internal/badgerfile"
)

// crashedVault makes a vault whose records sit in both kinds of store file:
// a first batch written and closed (so it lives in table files) and a
// second batch still in the memtable's log, copied while the vault is open,
// the state a crash leaves. It returns the copy's folder and every record's
// key and sealed value as they were.
func crashedVault(t *testing.T) (string, map[string][]byte) {
	t.Helper()
	tmp := t.TempDir()
	dir := filepath.Join(tmp, "vault")
	v, _, err := Create(dir, testPassword, TestKDF)
	if err != nil {
		t.Fatal(err)
	}
	put := func(i int) *journal.Entry {
		e := &journal.Entry{
			Title: fmt.Sprintf("Entry %d", i), Tags: []string{"salvage"},
			Body: strings.Repeat(fmt.Sprintf("words of entry %d ", i), 30+i%50),
		}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		return e
	}
	for i := range 300 {
		e := put(i)
		if i%10 == 0 { // an edit, so history records exist too
			e.Body += " and a second thought"
			if err := v.Put(e); err != nil {
				t.Fatal(err)
			}
		}
	}
	gone := put(1000)
	if err := v.Delete(gone.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.Purge(gone.ID); err != nil {
		t.Fatal(err)
	}
	v.Close()
	if v, err = Open(dir, testPassword); err != nil {
		t.Fatal(err)
	}
	for i := 300; i < 340; i++ {
		put(i)
	}
	crashed := filepath.Join(tmp, "crashed")
	vaulttest.CopyTree(t, dir, crashed)
	v.Close()
	return crashed, rawRecords(t, dir)
}

// rawRecords reads every record of a closed vault through the store.
func rawRecords(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	db := rawDB(t, dir)
	defer db.Close()
	out := map[string][]byte{}
	err := db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[string(it.Item().KeyCopy(nil))] = v
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// salvaged runs Salvage on dir and returns the new vault's records.
func salvaged(t *testing.T, dir string) (*SalvageReport, map[string][]byte, error) {
	t.Helper()
	out := filepath.Join(t.TempDir(), "salvaged")
	rep, err := Salvage(dir, out, testPassword)
	if err != nil {
		return rep, nil, err
	}
	v, err := Open(out, testPassword)
	if err != nil {
		t.Fatalf("the salvaged vault does not open: %v", err)
	}
	vr, err := v.Verify()
	v.Close()
	if err != nil || len(vr.Damaged) > 0 {
		t.Fatalf("the salvaged vault does not verify: %v %v", err, vr.Damaged)
	}
	return rep, rawRecords(t, out), nil
}

func TestSalvageWholeVault(t *testing.T) {
	dir, want := crashedVault(t)
	rep, got, err := salvaged(t, dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Damaged) > 0 || len(rep.Files) > 0 || rep.Older > 0 {
		t.Fatalf("an undamaged vault salvaged with findings: %+v", rep)
	}
	if len(got) != len(want) || rep.Kept != len(want) {
		t.Fatalf("salvage kept %d records (report %d), the vault has %d", len(got), rep.Kept, len(want))
	}
	for k, v := range want {
		if !bytes.Equal(got[k], v) {
			t.Fatalf("record %x differs after salvage", k)
		}
	}
	if rep.Entries != 340 {
		t.Fatalf("salvage counted %d whole entries, want 340 (the purged one must stay gone)", rep.Entries)
	}
	// The same password opens it, and the entries read back.
	out := filepath.Join(t.TempDir(), "again")
	if _, err := Salvage(dir, out, []byte("not the password")); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("a wrong password salvaged: %v", err)
	}
}

// fileRecords says which records have a copy in each store file, read with
// the salvage reader itself from the undamaged vault.
func fileRecords(t *testing.T, dir string) (map[string]map[string]bool, map[string][][]byte) {
	t.Helper()
	h, err := readHeader(dir)
	if err != nil {
		t.Fatal(err)
	}
	master, err := h.unlockPassword(testPassword)
	if err != nil {
		t.Fatal(err)
	}
	store := filepath.Join(dir, storeDir)
	keys, err := dataKeys(store, subkey(master, "badger"))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]map[string]bool{}
	versions := map[string][][]byte{}
	names, _ := os.ReadDir(store)
	for _, n := range names {
		set := map[string]bool{}
		add := func(key []byte, meta byte, val []byte) {
			if user, _, ok := badgerfile.SplitKey(key); ok {
				k := string(user)
				set[k] = true
				versions[k] = append(versions[k], bytes.Clone(val))
			}
		}
		p := filepath.Join(store, n.Name())
		switch filepath.Ext(n.Name()) {
		case ".sst":
			err = badgerfile.ReadTable(p, keys, add)
		case ".mem", ".vlog":
			err = badgerfile.ReadLog(p, keys, add)
		default:
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", n.Name(), err)
		}
		out[n.Name()] = set
	}
	return out, versions
}

// TestSalvageDamageMatrix truncates and flips bytes in every file of a
// vault, one damage at a time, and salvages each copy. Salvage must never
// panic, never keep a record that differs from what was written, and keep
// every record that has a copy in a file the damage did not touch.
func TestSalvageDamageMatrix(t *testing.T) {
	if testing.Short() {
		t.Skip("cuts and flips every file of a journal, many times over")
	}
	base, want := crashedVault(t)
	where, versions := fileRecords(t, base)
	files := []string{headerFile, keysCopy}
	names, _ := os.ReadDir(filepath.Join(base, storeDir))
	for _, n := range names {
		files = append(files, filepath.Join(storeDir, n.Name()))
	}
	sort.Strings(files)
	if len(where) < 2 {
		t.Fatalf("the vault has records in %d store files; the matrix needs tables and logs", len(where))
	}
	for _, f := range files {
		size := fileSize(t, filepath.Join(base, f))
		for _, d := range damagesFor(size) {
			t.Run(strings.ReplaceAll(f, "/", "_")+"/"+d.name, func(t *testing.T) {
				dir := filepath.Join(t.TempDir(), "v")
				vaulttest.CopyTree(t, base, dir)
				d.apply(t, filepath.Join(dir, f))
				rep, got, err := salvaged(t, dir)
				switch {
				case f == headerFile:
					if err == nil {
						// Damage that leaves the header whole is possible
						// (a cut beyond its end); then nothing may be lost.
						checkKept(t, got, versions, want)
					} else if !errors.Is(err, ErrCorrupt) && !errors.Is(err, ErrWrongPassword) && !errors.Is(err, ErrUnsupported) {
						t.Fatalf("a damaged header gave an unexplained error: %v", err)
					}
					return
				case err != nil:
					t.Fatalf("salvage failed: %v", err)
				}
				name := filepath.Base(f)
				expect := map[string][]byte{}
				for k, v := range want {
					for file, set := range where {
						if file != name && set[k] {
							expect[k] = v
						}
					}
				}
				if _, ok := where[name]; !ok {
					// A file holding no records, or the key registry,
					// which has its copy beside the header.
					expect = want
				}
				dropHalves(expect)
				checkKept(t, got, versions, expect)
				_ = rep
			})
		}
	}
}

// checkKept asserts every kept record is exactly one of the versions
// written (the newest, or an earlier one when the newest was damaged) and
// every record in expect was kept.
func checkKept(t *testing.T, got map[string][]byte, versions map[string][][]byte, expect map[string][]byte) {
	t.Helper()
	for k, v := range got {
		if !slices.ContainsFunc(versions[k], func(w []byte) bool { return bytes.Equal(v, w) }) {
			t.Fatalf("salvage kept record %x with bytes never written", k)
		}
	}
	missing := 0
	for k := range expect {
		if _, ok := got[k]; !ok {
			missing++
		}
	}
	if missing > 0 {
		t.Fatalf("salvage lost %d of %d records that had an undamaged copy", missing, len(expect))
	}
}

// dropHalves removes the summary or body of an entry whose other half is
// not in records: salvage keeps only whole entries.
func dropHalves(records map[string][]byte) {
	for k := range records {
		if len(k) != 1+len(journal.ID{}) || (k[0] != prefixSummary && k[0] != prefixContent) {
			continue
		}
		other := prefixContent
		if k[0] == prefixContent {
			other = prefixSummary
		}
		if _, ok := records[string(other)+k[1:]]; !ok {
			delete(records, k)
		}
	}
}

type damage struct {
	name  string
	apply func(t *testing.T, path string)
}

// damagesFor returns cuts at several offsets and flips at several places.
func damagesFor(size int64) []damage {
	var ds []damage
	for _, at := range []int64{0, 1, size / 3, size / 2, size - 1} {
		if at < 0 || at >= size {
			continue
		}
		ds = append(ds, damage{fmt.Sprintf("cut-at-%d", at), func(t *testing.T, p string) {
			if err := os.Truncate(p, at); err != nil {
				t.Fatal(err)
			}
		}})
	}
	for _, at := range []int64{0, 7, size / 4, size / 2, size * 3 / 4, size - 5} {
		if at < 0 || at >= size {
			continue
		}
		ds = append(ds, damage{fmt.Sprintf("flip-at-%d", at), func(t *testing.T, p string) {
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

func fileSize(t *testing.T, p string) int64 {
	t.Helper()
	fi, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	return fi.Size()
}

// A header replacement killed before its rename leaves a temporary file
// holding the master key under a password that never took effect; opening
// the vault removes it.
func TestOpenRemovesHeaderLeftovers(t *testing.T) {
	v, dir, _ := newTestVault(t)
	v.Close()
	left := filepath.Join(dir, ".tend.vault-123.tmp")
	if err := os.WriteFile(left, []byte("half a header"), 0o600); err != nil {
		t.Fatal(err)
	}
	v, err := Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	v.Close()
	if _, err := os.Stat(left); !os.IsNotExist(err) {
		t.Fatalf("the leftover header is still there: %v", err)
	}
}
