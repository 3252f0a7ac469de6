package vault

import (
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"path/filepath"
	"strings"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/options"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/badger/v4/table"
	"google.golang.org/protobuf/proto"
)

// storeDir is the Badger store's folder inside the vault folder.
const storeDir = "store"

// storeKeyRotation is how long the store uses one data key before it makes
// a new one for the files it writes next. Badger seals every data key under
// the store key it was opened with and keeps that very slice for as long as
// the store is open, so the store key must stay intact until Close (see
// Vault.storeKey): a journal left unlocked across a rotation would otherwise
// seal its new data keys under a wiped key and never open again. Ten days,
// Badger's own default, is chosen on purpose: rotation bounds how much is
// written under one AES-CTR key, and each new data key is one more entry in
// the key list that a rescue needs, so more often buys nothing here. Tests
// shorten it to cross several rotations in seconds.
var storeKeyRotation = 10 * 24 * time.Hour

// badgerOptions sizes Badger for a journal on a desktop rather than for a
// server: Badger's defaults keep five 64 MiB memtables, a 256 MiB block cache
// and value-log files that show up as gigabytes. A journal of 100,000 entries
// is a few hundred megabytes at most, and a person notices both the memory
// and the disk.
func badgerOptions(dir string, key []byte) badger.Options {
	return badger.DefaultOptions(filepath.Join(dir, storeDir)).
		// Our AEAD seals every value; Badger's own AES-CTR keeps its
		// indexes and key layout unreadable too. It has no MAC, so
		// integrity comes from our seal alone.
		WithEncryptionKey(key).
		WithEncryptionKeyRotationDuration(storeKeyRotation).
		WithIndexCacheSize(8 << 20).
		// Badger needs a block cache to read an encrypted store, and every
		// block read goes in, so unlock and the index build, which read
		// each summary and entry once, fill it with blocks not read again.
		// At 16 MiB it held 20 MB of the app's memory at 10,000 entries;
		// at 4 MiB opening an entry takes about 0.1 ms longer.
		WithBlockCacheSize(4 << 20).
		WithMemTableSize(8 << 20).
		WithNumMemtables(2).
		WithNumLevelZeroTables(2).
		WithNumLevelZeroTablesStall(8).
		// A compaction builds many tables at once, each in a buffer of
		// twice the table's size that stays allocated until it is done;
		// at 4 MiB, the compaction after an import or a restore held about
		// 100 MB while the app had just opened. 2 MiB halves that.
		WithBaseTableSize(2 << 20).
		WithValueLogFileSize(32 << 20).
		WithNumCompactors(2).
		// Sealed values are random bytes; compressing them wastes time.
		WithCompression(options.None).
		// A save is acknowledged only once it is on the disk.
		WithSyncWrites(true).
		WithLogger(badgerLogger{}).
		WithMetricsEnabled(false)
}

// storeUse says what a store is opened for, which sets how it is opened.
type storeUse int

const (
	// useJournal is a journal's store, in use: every write is synced, and
	// the opening reads the recent tables whole (see checkTables).
	useJournal storeUse = iota
	// useBuild is a new store that nothing else opens until this process
	// has filled it and closed it: the one a restore or a rotation builds
	// in a folder of its own. Its writes are not synced one by one: with
	// synced writes the store library syncs its logs for each of its
	// transactions of about a megabyte, and begins the next only then:
	// a restore's writing waited on those syncs more than on anything
	// else. Close syncs every file of the store and its folder, and the
	// header that makes the store a journal moves into place only once
	// Close has returned without error, so a cut before that leaves no
	// journal, and one after it a whole one. (On a full disk the library
	// tries its last flush again until it succeeds, so Close can wait
	// rather than fail; it did so before, when the writes were synced.)
	useBuild
	// useBuilt is a journal's store that this process has just built as
	// useBuild and closed: opened as useJournal, except that its recent
	// tables are not read whole again. The library wrote them a moment
	// ago, and read now they would come from memory, not from the disk;
	// the next opening of the journal reads them as any opening does.
	useBuilt
)

// openBadger opens the store for use, turning Badger's failures into our
// sentinels. Badger keeps key, not a copy, for as long as the store is
// open: the caller wipes it only after the store is closed.
// Badger can panic on some damaged files; a panic on this goroutine becomes
// ErrCorrupt (one in Badger's own goroutines cannot be caught here).
func openBadger(dir string, key []byte, use storeUse) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("opening the store: %w: %v", ErrCorrupt, r)
		}
	}()
	// A rotation swaps the store under the folder's lock; this moment of
	// opening must not fall inside it.
	release, err := lockFolder(dir, false)
	if err != nil {
		return nil, err
	}
	defer release()
	opt := badgerOptions(dir, key)
	if use == useBuild {
		opt = opt.WithSyncWrites(false)
	}
	if err := checkStore(dir, opt, use != useBuilt); err != nil {
		return nil, err
	}
	if err := removeEmptyLogs(filepath.Join(dir, storeDir)); err != nil {
		return nil, err
	}
	db, err = badger.Open(opt)
	if err != nil {
		return nil, openError(err)
	}
	return db, nil
}

// openError turns the store library's failure to open into our sentinels.
func openError(err error) error {
	switch {
	case isLockErr(err):
		return ErrVaultInUse
	case errors.Is(err, badger.ErrEncryptionKeyMismatch):
		return fmt.Errorf("opening the store: %w: its key does not match the header", ErrCorrupt)
	default:
		return fmt.Errorf("opening the store: %w: %v", ErrCorrupt, err)
	}
}

// checkOrphans refuses a store whose manifest, the list of its table
// files, leaves out a table holding records found nowhere else. The store
// library deletes the tables its manifest does not name when it opens.
// After a crash such a table is a leftover, and deleting it is right: a
// table a compaction replaced, whose deletion the manifest records (it
// holds earlier versions the compaction let go, so its records need not be
// anywhere else), or a table a flush or compaction was still writing, whose
// every record is also in a listed table or the memtable's log. After
// damage to the manifest, deleting it would delete most of a journal. That
// store is reported damaged instead, and Salvage, which does not need the
// manifest, rescues it whole. deleted are the tables the manifest records
// as deleted (see manifestDeletions).
func checkOrphans(opt badger.Options, mf badger.Manifest, deleted map[uint64]bool, tables []string) error {
	var orphans, others []string
	for _, p := range tables {
		id, ok := table.ParseFileID(p)
		_, listed := mf.Tables[id]
		switch {
		case ok && deleted[id]:
			// The store let it go; it deletes the file as it opens.
		case ok && !listed:
			orphans = append(orphans, p)
		default:
			others = append(others, p)
		}
	}
	if len(orphans) == 0 {
		return nil
	}
	logs, _ := filepath.Glob(filepath.Join(opt.Dir, "*.mem"))
	vlogs, _ := filepath.Glob(filepath.Join(opt.Dir, "*.vlog"))
	others = append(append(others, logs...), vlogs...)
	if lost := recordsOnlyIn(opt.Dir, opt.EncryptionKey, orphans, others); lost != 0 {
		return fmt.Errorf("opening the store: %w: its list of files leaves out %d of them", ErrCorrupt, len(orphans))
	}
	return nil
}

// manifestDeletions returns the ids of the tables the manifest in data
// records as deleted, reading its change log as the store library does:
// an 8-byte magic, then changes, each a length, a CRC-32C and a set of
// changes, up to the first that is cut short. It never errs: a manifest it
// cannot read records no deletion, and checkStore has read it already.
func manifestDeletions(data []byte) map[uint64]bool {
	deleted := map[uint64]bool{}
	if len(data) < 8 {
		return deleted
	}
	castagnoli := crc32.MakeTable(crc32.Castagnoli)
	for rest := data[8:]; len(rest) >= 8; {
		n := binary.BigEndian.Uint32(rest[:4])
		sum := binary.BigEndian.Uint32(rest[4:8])
		if uint64(n) > uint64(len(rest)-8) {
			break
		}
		buf := rest[8 : 8+n]
		rest = rest[8+n:]
		var set pb.ManifestChangeSet
		if crc32.Checksum(buf, castagnoli) != sum || proto.Unmarshal(buf, &set) != nil {
			break
		}
		for _, c := range set.Changes {
			if c.Op == pb.ManifestChange_DELETE {
				deleted[c.Id] = true
			}
		}
	}
	return deleted
}

// isLockErr recognises Badger's directory lock, which makes a second window
// or command fail at once instead of waiting. On Unix it is flock; on
// Windows it is a lock file opened for this process alone, and the store
// library says so only in words (the system's error is not wrapped).
func isLockErr(err error) bool {
	return errors.Is(err, syscall.EWOULDBLOCK) || errors.Is(err, syscall.EAGAIN) ||
		strings.Contains(err.Error(), "Cannot acquire directory lock") ||
		strings.Contains(err.Error(), "Another process is using this Badger database")
}

// gcLoop runs value-log garbage collection now and then, or the store only
// ever grows, and keeps the copy of the store's key list beside the header
// up to date when a journal stays unlocked across a rotation of its data
// keys. It stops when stop is closed. The collection reads the store's
// tables to know which values are still used: once damaged is set, or a
// read of its own finds damage, it stops collecting, as moving values out
// of a log on a damaged store's word could lose them.
func gcLoop(dir string, db *badger.DB, every time.Duration, damaged *atomic.Bool, stop <-chan struct{}, done chan<- struct{}) {
	defer close(done)
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-stop:
			return
		case <-t.C:
			copyKeyRegistry(dir)
			for !damaged.Load() {
				err := guardRead("collecting unused space", func() error { return db.RunValueLogGC(0.5) })
				if isReadPanic(err) {
					damaged.Store(true)
				}
				if err != nil {
					break
				}
				select {
				case <-stop:
					return
				default:
				}
			}
		}
	}
}

// badgerLogger keeps Badger quiet. Its lines are noise to a person, and
// some of its messages can quote record keys; what goes wrong reaches Tend
// as the errors its calls return.
type badgerLogger struct{}

func (badgerLogger) Errorf(string, ...any)   {}
func (badgerLogger) Warningf(string, ...any) {}
func (badgerLogger) Infof(string, ...any)    {}
func (badgerLogger) Debugf(string, ...any)   {}
