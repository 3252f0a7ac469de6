package badgerfile

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

var storeKey = bytes.Repeat([]byte{7}, 32)

// writeStore makes a real encrypted store in a new folder with n records,
// values of every size from a few bytes to past the value log's threshold,
// and flushes its memtable into a table. It returns the folder.
func writeStore(t testing.TB, n int) string {
	t.Helper()
	dir := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(dir).
		WithEncryptionKey(storeKey).
		WithIndexCacheSize(1 << 20).
		WithValueThreshold(256).
		WithCompression(options.None).
		WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	for i := range n {
		err := db.Update(func(txn *badger.Txn) error {
			return txn.Set(recordKey(i), bytes.Repeat([]byte{byte(i)}, 10+i*37%600))
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

func recordKey(i int) []byte { return fmt.Appendf(nil, "record-%04d", i) }

// readAll reads every table and log in dir and returns the records' own
// keys it found, and the errors by file name.
func readAll(t *testing.T, dir string, keys map[uint64][]byte) (map[string]bool, map[string]error) {
	t.Helper()
	found, errs := map[string]bool{}, map[string]error{}
	visit := func(key []byte, _ byte, _ []byte) {
		if user, _, ok := SplitKey(key); ok {
			found[string(user)] = true
		}
	}
	names, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, n := range names {
		p := filepath.Join(dir, n.Name())
		switch filepath.Ext(n.Name()) {
		case ".sst":
			errs[n.Name()] = ReadTable(p, keys, visit)
		case ".vlog", ".mem":
			errs[n.Name()] = ReadLog(p, keys, visit)
		}
	}
	return found, errs
}

// TestReadsEveryRecordTheStoreWrote reads a store the library wrote, file
// by file, and finds every record in it.
func TestReadsEveryRecordTheStoreWrote(t *testing.T) {
	const n = 300
	dir := writeStore(t, n)
	keys, err := ReadRegistry(dir, storeKey)
	if err != nil {
		t.Fatal(err)
	}
	found, errs := readAll(t, dir, keys)
	for name, err := range errs {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	for i := range n {
		if !found[string(recordKey(i))] {
			t.Fatalf("record %d was not found in the store's files", i)
		}
	}
	if _, err := ReadRegistry(dir, bytes.Repeat([]byte{8}, 32)); err == nil {
		t.Fatal("the registry opened with another key")
	}
}

// TestDamagedLogCostsOnlyItsDamage garbles a stretch in the middle of the
// value log: the reader says so, and still finds records after it.
func TestDamagedLogCostsOnlyItsDamage(t *testing.T) {
	const n = 300
	dir := writeStore(t, n)
	keys, err := ReadRegistry(dir, storeKey)
	if err != nil {
		t.Fatal(err)
	}
	logs, _ := filepath.Glob(filepath.Join(dir, "*.vlog"))
	var damagedLog string
	for _, p := range logs {
		b, err := os.ReadFile(p)
		if err != nil {
			t.Fatal(err)
		}
		if len(b) > 20000 {
			for i := len(b) / 2; i < len(b)/2+40; i++ {
				b[i] ^= 0xff
			}
			if err := os.WriteFile(p, b, 0o600); err != nil {
				t.Fatal(err)
			}
			damagedLog = filepath.Base(p)
			break
		}
	}
	if damagedLog == "" {
		t.Fatal("the store wrote no value log big enough to damage")
	}
	found, errs := readAll(t, dir, keys)
	var d *DamageError
	if !errors.As(errs[damagedLog], &d) || !strings.Contains(d.What, "skipped") {
		t.Fatalf("the damaged log read with %v", errs[damagedLog])
	}
	if !found[string(recordKey(n-1))] {
		t.Fatal("the record written last was lost with the damage before it")
	}
}

// TestSplitKey keeps the library's own keys and short keys out.
func TestSplitKey(t *testing.T) {
	for _, key := range [][]byte{nil, []byte("short"), append([]byte("!badger!head"), make([]byte, 8)...)} {
		if _, _, ok := SplitKey(key); ok {
			t.Errorf("SplitKey(%q) took it for a record", key)
		}
	}
	user, ts, ok := SplitKey(append([]byte("entry"), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xfe))
	if !ok || string(user) != "entry" || ts != 1 {
		t.Fatalf("SplitKey gave %q, %d, %v", user, ts, ok)
	}
}

// FuzzReadLog reads any bytes as a log file: it may find damage, never
// panic. The seeds in testdata/fuzz include a real log's opening.
func FuzzReadLog(f *testing.F) {
	f.Add([]byte{})
	f.Add(make([]byte, 64))
	f.Add(append(append([]byte{0, 0, 0, 0, 0, 0, 0, 1}, make([]byte, 12)...), 0x42, 0, 5, 5, 0, 'a'))
	keys := map[uint64][]byte{1: storeKey[:16], 2: storeKey}
	path := filepath.Join(f.TempDir(), "000001.vlog")
	f.Fuzz(func(t *testing.T, data []byte) {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			t.Fatal(err)
		}
		err := ReadLog(path, keys, func(key []byte, _ byte, value []byte) {
			_, _, _ = SplitKey(key)
			_ = bytes.Clone(value)
		})
		var d *DamageError
		if err != nil && !errors.As(err, &d) {
			t.Fatalf("ReadLog failed without naming the damage: %v", err)
		}
	})
}
