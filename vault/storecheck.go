package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/table"

	"tend/vault/internal/badgerfile"
)

// The store library writes into a store as soon as it opens it: a fresh
// key registry when its own is missing (whose new keys then hide the old
// ones from a rescue), a lock file, a new memtable log, and compactions
// that delete tables. On a damaged store that makes things worse, and some
// damage makes it panic in one of its own goroutines, which no recover
// catches and which ends the whole process. So before the store is opened,
// checkStore reads what the library would read first, on this goroutine
// and without writing anything, and refuses a store that is not whole
// enough. It costs a read of a few small files and of each table's index,
// which the library reads anyway.

// corruptStore is the error of a store checkStore refuses.
func corruptStore(why string) error {
	return fmt.Errorf("opening the store: %w: %s", ErrCorrupt, why)
}

// checkStore refuses, with an error wrapping ErrCorrupt, a store whose key
// registry is missing, unreadable with key or at odds with its copy beside
// the header, whose manifest is missing or unreadable, or one of whose
// tables is missing, cut short or unreadable with its key. A store that was
// never opened (a new vault) passes. With recent, a store opened to write
// also has the tables of its first level read whole (see checkTables).
func checkStore(dir string, opt badger.Options, recent bool) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = corruptStore("one of its files cannot be read")
		}
	}()
	store := opt.Dir
	names, err := os.ReadDir(store)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return fmt.Errorf("opening the store: %w", err)
	}
	var tables, logs []string
	haveRegistry, haveManifest := false, false
	for _, n := range names {
		switch name := n.Name(); {
		case name == badger.KeyRegistryFileName:
			haveRegistry = true
		case name == badger.ManifestFilename:
			haveManifest = true
		case strings.HasSuffix(name, ".sst"):
			tables = append(tables, filepath.Join(store, name))
		case strings.HasSuffix(name, ".vlog"), strings.HasSuffix(name, ".mem"):
			logs = append(logs, filepath.Join(store, name))
		}
	}
	_, cerr := os.Stat(filepath.Join(dir, keysCopy))
	haveCopy := cerr == nil
	if !haveCopy && !haveRegistry && !haveManifest && len(tables) == 0 && len(logs) == 0 {
		return nil // a new store: nothing to lose yet
	}
	// The library writes its manifest before its key registry, and both
	// before any table or log; a store that has been opened has both.
	if !haveRegistry {
		return corruptStore("its list of keys is missing")
	}
	keys, err := registryKeys(store, opt.EncryptionKey)
	if err != nil {
		return corruptStore("its list of keys cannot be read")
	}
	if haveCopy {
		// A copy that cannot be read is no evidence against the store;
		// the copy is written again once the store has opened.
		if saved, err := copiedKeys(dir, opt.EncryptionKey); err == nil {
			for id, k := range saved {
				if !bytes.Equal(keys[id], k) {
					return corruptStore("its list of keys does not match the copy kept beside it")
				}
			}
		}
	}
	if !haveManifest {
		return corruptStore("its list of files is missing")
	}
	f, err := os.Open(filepath.Join(store, badger.ManifestFilename))
	if err != nil {
		return corruptStore("its list of files cannot be read")
	}
	manifest, err := io.ReadAll(f)
	var mf badger.Manifest
	if err == nil {
		if _, err = f.Seek(0, io.SeekStart); err == nil {
			mf, _, err = badger.ReplayManifestFile(f, opt.ExternalMagicVersion, opt)
		}
	}
	f.Close()
	if err != nil {
		return corruptStore("its list of files cannot be read")
	}
	if err := checkTables(store, mf, keys, recent && !opt.ReadOnly); err != nil {
		return err
	}
	for _, p := range logs {
		// Id 0 is a header never written: a process killed just after it
		// made the file leaves one, and the library reads it as empty.
		if id, ok := badgerfile.LogKeyID(p); ok && id != 0 && keys[id] == nil {
			return corruptStore("one of its logs is sealed with a key it does not have")
		}
	}
	return checkOrphans(opt, mf, manifestDeletions(manifest), tables)
}

// checkTables opens the index of every table the manifest lists, as the
// store library does first when it opens, but on this goroutine, where a
// panic is caught. For a store opened to write, it also reads every block
// of the tables of its first level, the few the latest sessions wrote:
// the store library merges them into the next level as soon as there are
// two, on a goroutine of its own, where a damaged block would end the
// process, and what it could not read would be lost with the old table.
func checkTables(store string, mf badger.Manifest, keys map[uint64][]byte, writable bool) error {
	if len(mf.Tables) == 0 {
		return nil
	}
	c, err := badgerfile.NewIndexChecker()
	if err != nil {
		return fmt.Errorf("opening the store: %w", err)
	}
	defer c.Close()
	for id, tm := range mf.Tables {
		path := table.NewFilename(id, store)
		if _, err := os.Stat(path); err != nil {
			return corruptStore("a file it lists is missing")
		}
		key := keys[tm.KeyID]
		if key == nil {
			return corruptStore("a table is sealed with a key it does not have")
		}
		if err := c.Check(path, tm.KeyID, key); err != nil {
			return corruptStore("a table is cut short or damaged")
		}
		if writable && tm.Level == 0 {
			if err := badgerfile.ReadTable(path, map[uint64][]byte{tm.KeyID: key}, func([]byte, byte, []byte) {}); err != nil {
				return corruptStore("a part of a recent table cannot be read")
			}
		}
	}
	return nil
}

// registryKeys reads the store's key registry, accepting one that holds no
// data key yet.
func registryKeys(store string, bkey []byte) (keys map[uint64][]byte, err error) {
	keys, err = badgerfile.ReadRegistry(store, bkey)
	if errors.Is(err, badgerfile.ErrNoKeys) {
		return map[uint64][]byte{}, nil
	}
	return keys, err
}

// copiedKeys reads the copy of the key registry kept beside the header.
func copiedKeys(dir string, bkey []byte) (map[uint64][]byte, error) {
	return badgerfile.ReadRegistryFile(filepath.Join(dir, keysCopy), bkey)
}
