package badgerfile

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
)

// rotatedStore makes a real store whose data key the library replaced
// several times, one key for each table it wrote, and returns its folder.
func rotatedStore(t testing.TB) string {
	t.Helper()
	dir := t.TempDir()
	for round := range 4 {
		db, err := badger.Open(badger.DefaultOptions(dir).
			WithEncryptionKey(storeKey).
			WithEncryptionKeyRotationDuration(time.Nanosecond).
			WithIndexCacheSize(1 << 20).
			WithCompression(options.None).
			WithLogger(nil))
		if err != nil {
			t.Fatal(err)
		}
		if err := db.Update(func(txn *badger.Txn) error { return txn.Set(recordKey(round), []byte("words")) }); err != nil {
			t.Fatal(err)
		}
		if err := db.Close(); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestParseRegistryReadsWhatTheLibraryReads reads a registry of several
// keys from its bytes and gets exactly the keys the library's own reader
// gives, and reads the store's files with them.
func TestParseRegistryReadsWhatTheLibraryReads(t *testing.T) {
	dir := rotatedStore(t)
	got, err := ReadRegistry(dir, storeKey)
	if err != nil {
		t.Fatal(err)
	}
	kr, err := badger.OpenKeyRegistry(badger.KeyRegistryOptions{Dir: dir, ReadOnly: true, EncryptionKey: storeKey, EncryptionKeyRotationDuration: time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	defer kr.Close()
	if len(got) < 2 {
		t.Fatalf("the store holds %d data keys; the test needs several", len(got))
	}
	for id := uint64(1); ; id++ {
		dk, err := kr.DataKey(id)
		if err != nil || dk == nil {
			if int(id-1) != len(got) {
				t.Fatalf("the library has %d keys, the parser %d", id-1, len(got))
			}
			break
		}
		if !bytes.Equal(got[id], dk.Data) {
			t.Fatalf("key %d differs from the library's", id)
		}
	}
	found, errs := readAll(t, dir, got)
	for name, err := range errs {
		if err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	if len(found) != 4 {
		t.Fatalf("the keys read %d records of 4", len(found))
	}
}

// TestReadingACopiedRegistryWritesNothing reads a copy of the registry
// under another name, as the check and the rescue do: nothing is written,
// in the temp folder or anywhere else.
func TestReadingACopiedRegistryWritesNothing(t *testing.T) {
	dir := rotatedStore(t)
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	b, err := os.ReadFile(filepath.Join(dir, badger.KeyRegistryFileName))
	if err != nil {
		t.Fatal(err)
	}
	cp := filepath.Join(t.TempDir(), "store-keys.copy")
	if err := os.WriteFile(cp, b, 0o600); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadDir(filepath.Dir(cp))
	if _, err := ReadRegistryFile(cp, storeKey); err != nil {
		t.Fatal(err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Fatalf("reading the copy wrote %d files into the temp folder", len(left))
	}
	if after, _ := os.ReadDir(filepath.Dir(cp)); len(after) != len(before) {
		t.Fatal("reading the copy wrote beside it")
	}
}

// TestParseRegistryRefusesDamageCalmly: a registry cut short or garbled
// is a DamageError, one sealed with another key is the library's key
// mismatch; none panics.
func TestParseRegistryRefusesDamageCalmly(t *testing.T) {
	b, err := os.ReadFile(filepath.Join(rotatedStore(t), badger.KeyRegistryFileName))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ParseRegistry(b, bytes.Repeat([]byte{8}, 32)); !errors.Is(err, badger.ErrEncryptionKeyMismatch) {
		t.Fatalf("another key: %v", err)
	}
	var d *DamageError
	for _, n := range []int{0, 5, 20, 30, len(b) - 3} {
		if _, err := ParseRegistry(b[:n], storeKey); !errors.As(err, &d) {
			t.Errorf("cut to %d bytes: %v", n, err)
		}
	}
	flipped := bytes.Clone(b)
	flipped[len(b)-5] ^= 0xff
	if _, err := ParseRegistry(flipped, storeKey); !errors.As(err, &d) {
		t.Errorf("a flipped byte: %v", err)
	}
}

// FuzzParseRegistry feeds the key registry's parser any bytes, seeded
// with a real registry of several keys and its prefixes.
//
//	go test -tags ci -run '^$' -fuzz FuzzParseRegistry -fuzztime 30s ./vault/internal/badgerfile
func FuzzParseRegistry(f *testing.F) {
	b, err := os.ReadFile(filepath.Join(rotatedStore(f), badger.KeyRegistryFileName))
	if err != nil {
		f.Fatal(err)
	}
	for _, n := range []int{len(b), 0, 16, 28, 36, len(b) / 2} {
		f.Add(b[:n])
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		keys, err := ParseRegistry(data, storeKey)
		if err == nil && len(keys) == 0 {
			t.Fatal("no error and no keys")
		}
	})
}
