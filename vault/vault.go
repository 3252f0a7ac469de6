package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
	"tend/search"
)

// Vault is an unlocked journal. Its methods are safe for concurrent use. Call
// Close to lock it: that closes the store and forgets the keys.
type Vault struct {
	dir string

	// wmu serialises writes and header changes; a journal has one writer.
	wmu sync.Mutex
	hdr *header
	// unfinished is set when a committed change could not be put fully
	// in place; writes wait for the next opening, which finishes it.
	// Guarded by wmu.
	unfinished bool

	// checkOnly marks a vault opened read-only by OpenToCheck: closing it
	// leaves every file of the journal as it was.
	checkOnly bool

	// unsearched marks a vault opened by OpenUnsearched: it has no search
	// index, and keeps none.
	unsearched bool

	// retired is set once a rotation has copied everything: from then on
	// nothing may change this store, whose keys are being replaced.
	retired atomic.Bool

	// storeKey is the store's encryption key. Badger holds this very
	// slice until it is closed and uses it again whenever it rotates its
	// data keys, so it is wiped only after the store is closed.
	storeKey []byte

	// mu guards everything below and the closed state.
	mu      sync.RWMutex
	closed  bool
	master  []byte
	histKey []byte
	seal    *sealer
	db      *badger.DB
	sums    map[journal.ID]*journal.Entry // summaries (no body), by id
	order   []*journal.Entry              // live and trashed summaries, newest first
	books   journal.Journals              // the list of journals (journals.go)

	index      *search.Index
	indexDone  atomic.Int64 // entries indexed so far
	indexReady chan struct{}
	touched    map[journal.ID]bool // written since the index build began; guarded by wmu

	// unreadable counts the summaries and bodies that failed their seal
	// while the journal opened and its index was built.
	unreadable atomic.Int64

	// damaged is set once the store library could not finish a read of
	// the store (storeread.go): reading goes on, writing stops.
	damaged atomic.Bool

	stop   chan struct{}
	gcDone chan struct{}
	ixDone chan struct{}
	// upDone is closed when the upgrade of older summaries (upgrade.go)
	// has finished or stopped.
	upDone chan struct{}
	// sweepDone is closed when the sweep of what earlier changes left
	// under the staging prefixes (sweep.go) has finished, or was not needed.
	sweepDone chan struct{}
}

// Exists reports whether dir holds a vault.
func Exists(dir string) (bool, error) {
	_, err := os.Stat(filepath.Join(dir, headerFile))
	switch {
	case err == nil:
		return true, nil
	case errors.Is(err, os.ErrNotExist):
		return false, nil
	default:
		return false, fmt.Errorf("looking for a journal in %s: %w", dir, err)
	}
}

// Create makes a new vault in dir (created 0700 if missing) protected by
// password, and returns it unlocked with its recovery key. The recovery key is
// not stored anywhere: show it to the person once.
func Create(dir string, password []byte, kdf KDFParams) (*Vault, RecoveryKey, error) {
	return create(dir, password, kdf, useJournal)
}

// create is Create, opening the new store for use.
func create(dir string, password []byte, kdf KDFParams, use storeUse) (*Vault, RecoveryKey, error) {
	if err := kdf.Validate(); err != nil {
		return nil, RecoveryKey{}, err
	}
	if ok, err := Exists(dir); err != nil {
		return nil, RecoveryKey{}, err
	} else if ok {
		return nil, RecoveryKey{}, ErrVaultExists
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, RecoveryKey{}, fmt.Errorf("creating the journal folder: %w", err)
	}
	h, master, rk, err := newHeader(password, kdf)
	if err != nil {
		return nil, RecoveryKey{}, err
	}
	if err := writeHeader(dir, h.marshal(master)); err != nil {
		wipe(master)
		return nil, RecoveryKey{}, err
	}
	v, err := openAs(dir, h, master, true, use)
	if err != nil {
		return nil, RecoveryKey{}, err
	}
	return v, rk, nil
}

// Open unlocks the vault in dir with its password. A wrong password returns
// ErrWrongPassword and changes nothing on disk. The Argon2id derivation takes
// a noticeable fraction of a second: never call Open on a UI goroutine.
func Open(dir string, password []byte) (*Vault, error) {
	return openPassword(dir, password, true)
}

// OpenUnsearched unlocks the vault as Open does, for work that never
// searches it: a plain export or an import from the command line. It
// builds no search index, which on a large journal reads and tokenises
// every entry beside the work asked for; Search on it fails, and its
// writes keep no index either.
func OpenUnsearched(dir string, password []byte) (*Vault, error) {
	return openPassword(dir, password, false)
}

// openPassword is Open, building the search index when searched.
func openPassword(dir string, password []byte, searched bool) (*Vault, error) {
	h, err := readHeader(dir)
	if err != nil {
		return nil, err
	}
	master, err := h.unlockPassword(password)
	if err != nil {
		return nil, err
	}
	return openAs(dir, h, master, searched, useJournal)
}

// OpenWithRecovery unlocks the vault with its recovery key. The caller should
// then ask for a new password and call SetPassword.
func OpenWithRecovery(dir string, rk RecoveryKey) (*Vault, error) {
	h, err := readHeader(dir)
	if err != nil {
		return nil, err
	}
	master, err := h.unlockRecovery(rk)
	if err != nil {
		return nil, err
	}
	return open(dir, h, master)
}

func open(dir string, h *header, master []byte) (*Vault, error) {
	return openAs(dir, h, master, true, useJournal)
}

// openAs opens the store with the keys of master, for use; with searched,
// it builds the search index in the background.
func openAs(dir string, h *header, master []byte, searched bool, use storeUse) (*Vault, error) {
	bkey := subkey(master, "badger")
	db, err := openBadger(dir, bkey, use)
	if err != nil {
		wipe(bkey)
		wipe(master)
		return nil, err
	}
	removeHeaderTemps(dir)
	copyKeyRegistry(dir)
	keepReserve(dir)
	rkey := subkey(master, "records")
	s, err := newSealer(rkey, h.vaultID)
	wipe(rkey)
	if err != nil {
		db.Close()
		wipe(bkey)
		wipe(master)
		return nil, err
	}
	v := newVault(dir, h, master, bkey, s, db)
	// A change a previous session committed but did not put fully in
	// place is finished, and one it did not commit is dropped, before
	// anything reads the journal: it shows the old or the new, never a mix.
	if err := v.guard("a change left unfinished", func() error { return finishStaged(db, s) }); err != nil {
		return nil, v.closeUnstarted(err)
	}
	removeRestoreTemp(dir)
	if err := v.loadSummaries(); err != nil {
		return nil, v.closeUnstarted(err)
	}
	if err := v.loadJournals(); err != nil {
		return nil, v.closeUnstarted(err)
	}
	go gcLoop(dir, db, 10*time.Minute, &v.damaged, v.stop, v.gcDone)
	if searched {
		go v.buildIndex()
	} else {
		v.unsearched = true
		close(v.ixDone)
		close(v.indexReady)
	}
	go v.upgradeSummaries()
	if searched && holdsStaging(db) {
		go v.sweepLeftovers()
	} else {
		close(v.sweepDone) // a command of the command line does not wait for it
	}
	return v, nil
}

// newVault holds an opened store and the keys that go with it. The vault
// owns master and storeKey from here on and wipes them at Close, after the
// store is closed.
func newVault(dir string, h *header, master, storeKey []byte, s *sealer, db *badger.DB) *Vault {
	return &Vault{
		dir:        dir,
		hdr:        h,
		storeKey:   storeKey,
		master:     master,
		histKey:    subkey(master, "history"),
		seal:       s,
		db:         db,
		sums:       make(map[journal.ID]*journal.Entry),
		index:      search.NewIndex(),
		indexReady: make(chan struct{}),
		touched:    make(map[journal.ID]bool),
		stop:       make(chan struct{}),
		gcDone:     make(chan struct{}),
		ixDone:     make(chan struct{}),
		upDone:     make(chan struct{}),
		sweepDone:  make(chan struct{}),
	}
}

// closeUnstarted closes a vault whose background work never started, and
// returns err: Close waits for that work to stop.
func (v *Vault) closeUnstarted(err error) error {
	close(v.gcDone)
	close(v.ixDone)
	close(v.upDone)
	close(v.sweepDone)
	v.Close()
	return err
}

// loadSummaries reads every entry summary, which is all the first screen
// needs. Bodies are read lazily, and by the index builder in the background.
// The id space is split into one range per core and read in parallel: on a
// large journal this is most of the time unlocking takes. A summary that
// fails its seal is skipped here and reported by Verify.
func (v *Vault) loadSummaries() error {
	defer roomForCollector()()
	parts := max(1, min(runtime.GOMAXPROCS(0), 8))
	results := make([][]*journal.Entry, parts)
	errs := make([]error, parts)
	var wg sync.WaitGroup
	for p := range parts {
		lo := []byte{prefixSummary, byte(p * 256 / parts)}
		hi := byte((p + 1) * 256 / parts) // exclusive; 0 means the end
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[p], errs[p] = v.scanSummaries(lo, hi, p == parts-1)
			// Each part is put in order on its own core; the parts are
			// merged below, which costs a pass rather than a sort.
			slices.SortFunc(results[p], newestFirst)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("reading the journal: %w", err)
	}
	v.order = mergeNewestFirst(results)
	v.sums = make(map[journal.ID]*journal.Entry, len(v.order))
	for _, e := range v.order {
		v.sums[e.ID] = e
	}
	return nil
}

// collectorRoom is the collector's pace while summaries are read: it
// collects when the heap has grown by four times what was live, not once.
// Reading the summaries of 100,000 entries allocates about 160 MB, of which
// 60 MB stay; at the default pace the collector ran about five times while
// the list grew, marking all of it each time, a fifth of unlock's time.
const collectorRoom = 400

var collector struct {
	sync.Mutex
	readers int // summaries being read now, by as many opens
	pace    int // the pace before the first of them
}

// roomForCollector sets the collector's pace to collectorRoom until the
// function it returns is called. Opens at the same time share it; the last
// to finish puts back the pace the first found.
func roomForCollector() (restore func()) {
	collector.Lock()
	defer collector.Unlock()
	if collector.readers == 0 {
		collector.pace = debug.SetGCPercent(collectorRoom)
	}
	collector.readers++
	return func() {
		collector.Lock()
		defer collector.Unlock()
		if collector.readers--; collector.readers == 0 {
			debug.SetGCPercent(collector.pace)
		}
	}
}

// newestFirst is newer as a comparison for sorting: negative when a is
// the newer.
func newestFirst(a, b *journal.Entry) int {
	if c := a.Date.Compare(b.Date); c != 0 {
		return -c
	}
	if c := a.SortTime().Compare(b.SortTime()); c != 0 {
		return -c
	}
	return -bytes.Compare(a.ID[:], b.ID[:])
}

// mergeNewestFirst merges lists each in newestFirst order into one. There
// are few lists (one per core), so the newest of their heads is looked for
// in turn.
func mergeNewestFirst(lists [][]*journal.Entry) []*journal.Entry {
	n := 0
	for _, l := range lists {
		n += len(l)
	}
	out := make([]*journal.Entry, 0, n)
	for len(out) < n {
		best := -1
		for i, l := range lists {
			if len(l) > 0 && (best < 0 || newer(l[0], lists[best][0])) {
				best = i
			}
		}
		out = append(out, lists[best][0])
		lists[best] = lists[best][1:]
	}
	return out
}

// scanSummaries reads the summaries whose first id byte is in [lo[1], hi),
// or to the end of the summaries when last is set.
func (v *Vault) scanSummaries(lo []byte, hi byte, last bool) (out []*journal.Entry, err error) {
	r := newScanReader()
	err = v.view("the list of entries", func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixSummary}
		opts.PrefetchSize = 256
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Seek(lo); it.Valid(); it.Next() {
			item := it.Item()
			key := item.Key()
			if !last && len(key) > 1 && key[1] >= hi {
				break
			}
			err := item.Value(func(val []byte) error {
				if e, err := v.openSummary(r, key, val); err == nil {
					out = append(out, e)
				} else {
					v.unreadable.Add(1)
				}
				return nil // a damaged summary is reported by Verify
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

func (v *Vault) openSummary(r *summaryReader, key, val []byte) (*journal.Entry, error) {
	pt, schema, err := v.seal.openWith(&r.open, key, val)
	if err != nil {
		return nil, err
	}
	e, err := decodeSummaryWith(r, schema, pt)
	if err != nil {
		return nil, err
	}
	if !bytes.Equal(key[1:], e.ID[:]) {
		return nil, fmt.Errorf("entry %s: %w: its id does not match its place", e.ID, ErrCorrupt)
	}
	return e, nil
}

// newer orders entries newest first: by journal date, then by the time
// they were written (for an entry without one, when it was first saved;
// see journal.Entry.SortTime), then by id so the order is total and
// stable.
func newer(a, b *journal.Entry) bool { return newestFirst(a, b) < 0 }

// Dir returns the vault folder.
func (v *Vault) Dir() string { return v.dir }

// KDF returns the key-derivation parameters protecting the password.
func (v *Vault) KDF() KDFParams {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	return v.hdr.kdf
}

// Close locks the vault: it stops background work, closes the store, and
// zeroes the key material it holds (best effort: Go may have copied it).
// Decrypted summaries and the search index are dropped for the collector.
// Close is safe to call more than once.
func (v *Vault) Close() error {
	v.mu.Lock()
	if v.closed {
		v.mu.Unlock()
		return nil
	}
	v.closed = true
	v.mu.Unlock()

	// Background work stops first: the index builder takes wmu to hand over
	// its batches, the upgrade of older summaries to commit its own, and
	// the sweep of the staging prefixes holds it while it runs.
	// Then wmu waits for a save in flight to finish.
	close(v.stop)
	<-v.gcDone
	<-v.ixDone
	<-v.upDone
	<-v.sweepDone
	v.wmu.Lock()
	defer v.wmu.Unlock()

	v.mu.Lock()
	defer v.mu.Unlock()
	if !v.checkOnly {
		releaseReserve(v.dir)
	}
	err := v.db.Close()
	// The store may have made new data keys while open; the copy beside
	// the header must hold them too, or a rescue could not read the
	// files sealed under them. A check only reads, and must not replace
	// a good copy with the key list of a store it has not yet found whole.
	if !v.checkOnly {
		copyKeyRegistry(v.dir)
	}
	wipe(v.storeKey)
	wipe(v.master)
	wipe(v.histKey)
	v.seal, v.sums, v.order, v.index, v.touched, v.books = nil, nil, nil, nil, nil, nil
	if err != nil {
		return fmt.Errorf("closing the store: %w", err)
	}
	return nil
}

// SetPassword sets a new password, and with it new key-derivation parameters
// (pass v.KDF() to keep them, or stronger ones to raise the cost). Only the
// header changes: the master key and every record stay as they are, and the
// header is replaced atomically, so a crash leaves the old or the new
// password working, never neither.
func (v *Vault) SetPassword(password []byte, kdf KDFParams) error {
	if err := kdf.Validate(); err != nil {
		return err
	}
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.check(); err != nil {
		return err
	}
	h := *v.hdr
	if err := h.setPassword(v.master, password, kdf); err != nil {
		return err
	}
	if err := writeHeader(v.dir, h.marshal(v.master)); err != nil {
		return err
	}
	*v.hdr = h
	return nil
}

// RegenerateRecoveryKey replaces the recovery key; the old one stops working
// once this returns. Show the new key to the person once.
func (v *Vault) RegenerateRecoveryKey() (RecoveryKey, error) {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.check(); err != nil {
		return RecoveryKey{}, err
	}
	h := *v.hdr
	rk, err := h.setRecovery(v.master)
	if err != nil {
		return RecoveryKey{}, err
	}
	if err := writeHeader(v.dir, h.marshal(v.master)); err != nil {
		return RecoveryKey{}, err
	}
	*v.hdr = h
	return rk, nil
}

// check returns ErrClosed once the vault is locked, or retired by a
// rotation.
func (v *Vault) check() error {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed || v.retired.Load() {
		return ErrClosed
	}
	return nil
}

// checkWrite is check for writes: it also refuses when the disk is too
// full to write safely (see roomToWrite).
func (v *Vault) checkWrite() error {
	if err := v.check(); err != nil {
		return err
	}
	if v.unfinished {
		return ErrUnfinished
	}
	if v.damaged.Load() {
		return ErrWritingStopped
	}
	return v.roomToWrite()
}

// Compact merges the store's tables and runs value-log garbage collection,
// so overwritten and deleted records stop taking space. It can take a while
// on a large journal; the UI calls it in the background.
func (v *Vault) Compact() error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.check(); err != nil {
		return err
	}
	if v.damaged.Load() {
		// Merging the tables would keep only what the store can read of
		// a damaged one, and the sweep would find unlisted the pieces a
		// damaged list still names.
		return ErrWritingStopped
	}
	if err := v.sweepChunks(); err != nil {
		return fmt.Errorf("compacting the store: %w", err)
	}
	if err := v.db.Flatten(2); err != nil {
		return fmt.Errorf("compacting the store: %w", err)
	}
	for v.db.RunValueLogGC(0.5) == nil {
	}
	return nil
}

// CheckPassword reports whether password opens this vault's header, without
// touching the store. It costs one key derivation.
func (v *Vault) CheckPassword(password []byte) error {
	v.wmu.Lock()
	h := *v.hdr
	v.wmu.Unlock()
	master, err := h.unlockPassword(password)
	if err != nil {
		return err
	}
	wipe(master)
	return nil
}
