// Package badgerfile reads the files of an encrypted Badger store directly,
// without opening the store: its key registry, its tables and its logs.
//
// A damaged store can stop the store library from opening, or make it
// panic in a goroutine of its own, which ends the process; opening it also
// writes into it. These readers only read, on the caller's goroutine, catch
// the library's panics, and let a damaged block or log entry cost only
// itself. Besides the vault, this is the only code that knows the store's
// files. They rely on the library's on-disk format, which it keeps stable
// within a major version; the vault's salvage tests fail if it drifts.
package badgerfile

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/fb"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/table"
	"github.com/dgraph-io/badger/v4/y"
	"github.com/dgraph-io/ristretto/v2"
	"github.com/dgraph-io/ristretto/v2/z"
	"google.golang.org/protobuf/proto"
)

// The store library's meta bits and sizes these readers rely on.
const (
	// BitDelete marks a version that deletes its key.
	BitDelete byte = 1 << 0
	// BitValuePointer marks a table value that only points into a log.
	BitValuePointer byte = 1 << 1

	logHeaderSize = 20 // data key id (8 bytes) and base IV (12 bytes)
	tsSize        = 8
)

// internalPrefix starts the keys the store library keeps for itself.
var internalPrefix = []byte("!badger!")

// Visit is called with each key, meta byte and value a reader finds. The
// key carries its version; see SplitKey. key and value are only valid
// during the call.
type Visit func(key []byte, meta byte, value []byte)

// A DamageError says what is wrong with a file that is cut short, garbled
// or sealed with a key the store does not have.
type DamageError struct{ What string }

func (e *DamageError) Error() string { return e.What }

func damaged(format string, a ...any) error {
	return &DamageError{What: fmt.Sprintf(format, a...)}
}

// ErrNoKeys is ReadRegistry's error for a registry that holds no data key.
var ErrNoKeys = errors.New("it holds no keys")

// SplitKey splits a stored key into the record's own key and its version.
// It reports false for a key too short to carry a version and for the
// store library's own keys.
func SplitKey(key []byte) (user []byte, version uint64, ok bool) {
	if len(key) <= tsSize {
		return nil, 0, false
	}
	user = key[:len(key)-tsSize]
	if bytes.HasPrefix(user, internalPrefix) {
		return nil, 0, false
	}
	return user, math.MaxUint64 - binary.BigEndian.Uint64(key[len(key)-tsSize:]), true
}

// PanicText keeps a recovered panic's message to its first line: the store
// library's panics can carry dumps of file contents.
func PanicText(r any) string {
	s := fmt.Sprint(r)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

// ReadRegistry reads the key registry in the store folder dir: the data
// keys that encrypt the store's files, by id, themselves encrypted under
// storeKey. A registry that cannot be read whole gives a *DamageError.
func ReadRegistry(dir string, storeKey []byte) (map[uint64][]byte, error) {
	return ReadRegistryFile(filepath.Join(dir, badger.KeyRegistryFileName), storeKey)
}

// ReadRegistryFile reads a key registry from a file of any name: the
// store's own, or the copy kept beside the journal's header.
func ReadRegistryFile(path string, storeKey []byte) (map[uint64][]byte, error) {
	b, err := readBounded(path, maxRegistrySize)
	if err != nil {
		return nil, err
	}
	return ParseRegistry(b, storeKey)
}

// maxRegistrySize bounds a key registry read whole: a new data key every
// ten days for a century is some 3,700 keys of about 60 bytes.
const maxRegistrySize = 4 << 20

// registrySanity is the text the library seals at the start of every
// registry, under the store key, so that a wrong key shows at once.
var registrySanity = []byte("Hello Badger")

// ParseRegistry reads a key registry from its bytes, in memory, as the
// library lays it out: an IV and the sealed sanity text, then each data
// key as a length, a CRC-32C of its bytes and a DataKey message whose key
// is sealed under storeKey with its own IV (AES in counter mode). The
// library can read a registry only from a file of its own name in a
// folder, and a copy of one must not be written anywhere to be read.
func ParseRegistry(b, storeKey []byte) (keys map[uint64][]byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			keys, err = nil, damaged("%s", PanicText(r))
		}
	}()
	block, err := aes.NewCipher(storeKey)
	if err != nil {
		return nil, fmt.Errorf("reading the store's keys: %w", err)
	}
	xor := func(sealed, iv []byte) ([]byte, error) {
		if len(iv) != aes.BlockSize {
			return nil, damaged("a key in the store's key list has an IV of %d bytes", len(iv))
		}
		out := make([]byte, len(sealed))
		cipher.NewCTR(block, iv).XORKeyStream(out, sealed)
		return out, nil
	}
	if len(b) < aes.BlockSize+len(registrySanity) {
		return nil, damaged("the store's key list ends before its first key")
	}
	sanity, _ := xor(b[aes.BlockSize:aes.BlockSize+len(registrySanity)], b[:aes.BlockSize])
	if !bytes.Equal(sanity, registrySanity) {
		return nil, badger.ErrEncryptionKeyMismatch
	}
	b = b[aes.BlockSize+len(registrySanity):]
	keys = map[uint64][]byte{}
	for len(b) > 0 {
		if len(b) < 8 {
			return nil, damaged("the store's key list ends inside a key's length")
		}
		n, sum := binary.BigEndian.Uint32(b[:4]), binary.BigEndian.Uint32(b[4:8])
		b = b[8:]
		if uint64(n) > uint64(len(b)) {
			return nil, damaged("the store's key list ends inside a key")
		}
		msg := b[:n]
		b = b[n:]
		if crc32.Checksum(msg, castagnoli) != sum {
			return nil, damaged("a key in the store's key list fails its checksum")
		}
		var dk pb.DataKey
		if err := proto.Unmarshal(msg, &dk); err != nil {
			return nil, damaged("a key in the store's key list cannot be read: %v", err)
		}
		key, err := xor(dk.Data, dk.Iv)
		if err != nil {
			return nil, err
		}
		keys[dk.KeyId] = key
	}
	if len(keys) == 0 {
		return nil, ErrNoKeys
	}
	return keys, nil
}

// readBounded reads a whole file of at most limit bytes.
func readBounded(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(b)) > limit {
		return nil, damaged("%s is larger than any the store writes", filepath.Base(path))
	}
	return b, nil
}

// ReadTable reads every key and value of one table file it can, block by
// block, so a damaged block costs only its own records. The file is only
// read; it is tried with each data key, newest first, until one opens it.
func ReadTable(path string, keys map[uint64][]byte, visit Visit) error {
	ids := make([]uint64, 0, len(keys))
	for id := range keys {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	slices.Reverse(ids)
	var firstErr error
	for _, id := range ids {
		err := readTableWith(path, id, keys[id], visit)
		if err == nil {
			return nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	return firstErr
}

func readTableWith(path string, id uint64, key []byte, visit Visit) (err error) {
	icache, err := newIndexCache(64 << 20)
	if err != nil {
		return err
	}
	defer icache.Close()
	var bad int
	err = withTable(path, id, key, icache, func(t *table.Table) {
		starts := t.KeySplits(math.MaxInt32, nil)
		for i, start := range starts {
			var end []byte
			if i+1 < len(starts) {
				end = []byte(starts[i+1])
			}
			if !readBlock(t, []byte(start), end, visit) {
				bad++
			}
		}
	})
	if err != nil {
		return err
	}
	if bad > 0 {
		return damaged("%d damaged block(s)", bad)
	}
	return nil
}

// newIndexCache makes the cache the table reader keeps table indexes in.
func newIndexCache(size int64) (*ristretto.Cache[uint64, *fb.TableIndex], error) {
	return ristretto.NewCache(&ristretto.Config[uint64, *fb.TableIndex]{NumCounters: 1000, MaxCost: size, BufferItems: 64})
}

// withTable opens one table read-only, reading its index and its first and
// last keys, and calls use with it when use is not nil. A panic of the
// library's is a *DamageError.
func withTable(path string, id uint64, key []byte, icache *ristretto.Cache[uint64, *fb.TableIndex], use func(*table.Table)) (err error) {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	mf, err := z.OpenMmapFileUsing(f, 0, false)
	if err != nil {
		f.Close()
		return err
	}
	// Only the mapping and the descriptor are released: the table's own
	// reference counting would delete the file.
	defer mf.Close(-1)
	defer func() {
		if r := recover(); r != nil {
			why := PanicText(r)
			if strings.TrimSpace(why) == "" {
				why = "the file is cut short or garbled"
			}
			err = damaged("%s", why)
		}
	}()
	t, err := table.OpenTable(mf, table.Options{
		ReadOnly:    true,
		ChkMode:     options.NoVerification, // the seal checks every value; one bad byte costs one record
		DataKey:     &pb.DataKey{KeyId: id, Data: key},
		Compression: options.None,
		IndexCache:  icache,
	})
	if err != nil {
		return err
	}
	if use != nil {
		use(t)
	}
	return nil
}

// readBlock reads the records of the block that begins at key start, up
// to end, the first key of the next block (nil for the last block). It
// reports false when it stopped on damage. Reading on into later blocks
// made a table of n blocks cost n*n/2 blocks: a rotation of 10,000 entries
// took 37 s where it took 1.
func readBlock(t *table.Table, start, end []byte, visit Visit) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	it := t.NewIterator(table.NOCACHE)
	defer it.Close()
	n := 0
	for it.Seek(start); it.Valid(); it.Next() {
		if end != nil && y.CompareKeys(it.Key(), end) >= 0 {
			break
		}
		vs := it.Value()
		visit(it.Key(), vs.Meta, vs.Value)
		n++
	}
	return n > 0
}

// An IndexChecker opens tables' indexes, as the store library does first
// when it opens, but on the caller's goroutine, where a panic is caught.
// Close it after use.
type IndexChecker struct {
	icache *ristretto.Cache[uint64, *fb.TableIndex]
}

// NewIndexChecker returns an IndexChecker.
func NewIndexChecker() (*IndexChecker, error) {
	icache, err := newIndexCache(16 << 20)
	if err != nil {
		return nil, err
	}
	return &IndexChecker{icache: icache}, nil
}

// Check opens the table at path with the data key of the given id and
// reads its index.
func (c *IndexChecker) Check(path string, keyID uint64, key []byte) error {
	return withTable(path, keyID, key, c.icache, nil)
}

// Close releases the checker's cache.
func (c *IndexChecker) Close() { c.icache.Close() }

// LogKeyID reads the id of the data key a value log or memtable log is
// sealed with. It reports false for a file too short for its header.
func LogKeyID(path string) (uint64, bool) {
	f, err := os.Open(path)
	if err != nil {
		return 0, false
	}
	defer f.Close()
	var h [8]byte
	if _, err := f.ReadAt(h[:], 0); err != nil {
		return 0, false
	}
	return binary.BigEndian.Uint64(h[:]), true
}

// ReadLog reads every entry of a log file (value log or memtable log) it
// can. An entry is a header (meta, user meta, varint key and value lengths,
// varint expiry), the key and value encrypted with AES-CTR under the file's
// data key and an IV made of the file's base IV and the entry's offset, and
// a CRC-32C of all that. After damage, the reader looks for the next entry
// whose checksum holds, so one bad entry costs only itself.
func ReadLog(path string, keys map[uint64][]byte, visit Visit) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	if len(data) < logHeaderSize {
		return damaged("shorter than its header")
	}
	key, ok := keys[binary.BigEndian.Uint64(data[:8])]
	if !ok {
		return damaged("its key is not in the registry")
	}
	block, err := aes.NewCipher(key)
	if err != nil {
		return err
	}
	baseIV := data[8:logHeaderSize]
	skipped := 0
	for off := logHeaderSize; off < len(data); {
		n, ok := readLogEntry(data, off, block, baseIV, visit)
		if n == 0 {
			break // zeroes: the unused tail of the file
		}
		if !ok {
			skipped++
			off++
			continue
		}
		off += n
	}
	if skipped > 0 {
		return damaged("%d damaged byte(s) skipped", skipped)
	}
	return nil
}

var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// readLogEntry decodes the entry at off. It returns the entry's length and
// true when its checksum holds, 0 at the zeroed end of the file, and
// (1, false) when no whole entry starts here.
func readLogEntry(data []byte, off int, block cipher.Block, baseIV []byte, visit Visit) (int, bool) {
	rest := data[off:]
	if len(rest) < 2+3 {
		return 0, true
	}
	p := 2
	klen, n := binary.Uvarint(rest[p:])
	if n <= 0 {
		return 1, false
	}
	p += n
	vlen, n := binary.Uvarint(rest[p:])
	if n <= 0 {
		return 1, false
	}
	p += n
	_, n = binary.Uvarint(rest[p:])
	if n <= 0 {
		return 1, false
	}
	p += n
	if klen == 0 && vlen == 0 && rest[0] == 0 && rest[1] == 0 {
		return 0, true
	}
	if klen > 1<<16 || vlen > 1<<30 || uint64(len(rest)-p) < klen+vlen+crc32.Size {
		return 1, false
	}
	end := p + int(klen+vlen)
	if crc32.Checksum(rest[:end], castagnoli) != binary.BigEndian.Uint32(rest[end:]) {
		return 1, false
	}
	iv := make([]byte, aes.BlockSize)
	copy(iv, baseIV)
	binary.BigEndian.PutUint32(iv[12:], uint32(off))
	kv := make([]byte, end-p)
	cipher.NewCTR(block, iv).XORKeyStream(kv, rest[p:end])
	visit(kv[:klen], rest[0], kv[klen:])
	return end + crc32.Size, true
}
