package vault

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"syscall"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
	"tend/vault/internal/badgerfile"
)

// An operation that changes many records at once (a merge, an import) is
// written in two steps, so that a failure or a killed process leaves the
// journal as it was or as the whole operation leaves it, never a mix.
//
// First every record is written under a staging key, which no reader of the
// journal looks at: the staging prefix, the operation's id, then the record's
// final key. The value is already sealed for the final key. Then one small
// synced write stores the operation's commit marker. Only then are the staged
// values copied to their final keys and the staged keys removed, the marker
// last. When the journal opens, a marker means the operation was committed
// and its copying is finished (copying again is harmless: the values are the
// same); staged keys without a marker belong to an operation that never
// committed, and are dropped.
//
// The store can take many records at once, but only in transactions of
// about a megabyte, so a big operation spans many of them: staging is what
// makes it one.
const (
	prefixStaged    = 'w' // + operation id + final key: a record waiting for its operation's commit
	prefixCommitted = 'y' // + operation id: the operation is committed
)

// opIDSize is the length of an operation id in a staging key.
const opIDSize = len(journal.ID{})

// The first byte of a staged value says what the operation does to the
// final key.
const (
	stagedSet    byte = 1 // the rest is the sealed value for the final key
	stagedDelete byte = 2 // the final key is deleted
)

// maxRecordKey is the longest key the store accepts, less room for the
// staging prefix and id.
const maxRecordKey = 65000 - 1 - opIDSize

// ErrRecordTooLarge means one record of a change is larger than the store
// can hold. It is refused before the journal changes.
var ErrRecordTooLarge = errors.New("it is larger than the journal can hold")

// ErrUnfinished means a committed change could not be put fully in place.
// Nothing is lost: it is finished the next time the journal opens.
var ErrUnfinished = errors.New("the change is saved, but the journal must be locked and opened again to finish putting it in place")

// stageHook, when set by a test, is called at each step of a staged commit
// ("flushed" each time large values are written before the end, "staged"
// once every record is staged, "committed" once the marker is written); an
// error stops the operation there and leaves the store as a killed process
// would, for the next opening to settle.
var stageHook func(step string) error

// stagedWriter writes the records of one operation. Use it as
// w := v.beginStaged(); w.set(...); w.del(...); w.commit(), with a deferred
// w.abort(), which does nothing once committed. The caller holds wmu.
type stagedWriter struct {
	v      *Vault
	op     journal.ID
	direct bool // write final keys at once: for a journal nobody can open yet
	wb     *badger.WriteBatch
	done   bool
	max    int // largest value the store accepts
	// large counts the bytes of large values set since the batch began.
	// The store writes small values as they come, but keeps large ones
	// (pieces of photos) in memory until the batch is flushed; so the
	// batch is flushed, and a new one begun, every stageFlushBytes.
	large int
	// records counts the records set and deleted, to know whether the
	// staging prefixes need a sweep once the change is in place.
	records int
}

// stageFlushBytes is how many bytes of large values a staged writer holds
// before it writes them: enough for the store to write them in one go,
// little enough that a restore of hundreds of megabytes of photos never
// holds them all. A flush writes only records that nothing reads before
// the operation is committed (or, for a direct writer, before the whole
// journal is in place), so all or nothing is kept.
const stageFlushBytes = 16 << 20

// largeValue is the size from which a value counts as large: pieces of
// files and of long texts, which the store keeps in its value log, and a
// batch holds until it is flushed.
const largeValue = 64 << 10

// beginStaged starts an operation whose records become visible together,
// at commit.
func (v *Vault) beginStaged() *stagedWriter {
	w := &stagedWriter{v: v, wb: v.db.NewWriteBatch(), max: int(v.db.Opts().ValueLogFileSize) - 1}
	w.op = journal.NewID() // random, as entry ids are
	return w
}

// beginDirect starts an operation that writes records under their final
// keys at once. It is for a journal that no one can open until the whole
// operation is done, such as one being restored in a temporary folder.
func (v *Vault) beginDirect() *stagedWriter {
	return &stagedWriter{v: v, wb: v.db.NewWriteBatch(), direct: true, max: int(v.db.Opts().ValueLogFileSize) - 1}
}

func stagedKey(op []byte, key []byte) []byte {
	k := make([]byte, 0, 1+opIDSize+len(key))
	k = append(k, prefixStaged)
	k = append(k, op...)
	return append(k, key...)
}

func markerKey(op []byte) []byte { return append([]byte{prefixCommitted}, op...) }

// isStagingKey reports whether key belongs to the staging machinery rather
// than to the journal: no listing, check, backup or export treats it as a
// record of the journal.
func isStagingKey(key []byte) bool {
	return len(key) > 0 && (key[0] == prefixStaged || key[0] == prefixCommitted)
}

// set stages a sealed value for key. It refuses a record the store cannot
// hold before writing it, with ErrRecordTooLarge.
func (w *stagedWriter) set(key, val []byte) error {
	if err := w.fits(key, val); err != nil {
		return err
	}
	w.records++
	if len(val) >= largeValue {
		w.large += len(val)
		if w.large >= stageFlushBytes {
			if err := w.wb.Flush(); err != nil {
				return storeError(err)
			}
			w.wb, w.large = w.v.db.NewWriteBatch(), len(val)
			if err := runHook("flushed"); err != nil {
				w.done = true // as if killed: what was flushed stays
				return err
			}
		}
	}
	if w.direct {
		return storeError(w.wb.Set(key, val))
	}
	sv := make([]byte, 0, 1+len(val))
	sv = append(append(sv, stagedSet), val...)
	return storeError(w.wb.Set(stagedKey(w.op[:], key), sv))
}

// del stages the deletion of key.
func (w *stagedWriter) del(key []byte) error {
	if err := w.fits(key, nil); err != nil {
		return err
	}
	w.records++
	if w.direct {
		return storeError(w.wb.Delete(key))
	}
	return storeError(w.wb.Set(stagedKey(w.op[:], key), []byte{stagedDelete}))
}

func (w *stagedWriter) fits(key, val []byte) error {
	switch {
	case len(key) == 0 || len(key) > maxRecordKey || isStagingKey(key):
		// Our keys are short and fixed; this is a programming error,
		// but a refusal costs nothing and writes nothing.
		return fmt.Errorf("%w: a record's key is not one Tend makes", ErrRecordTooLarge)
	case len(val)+1 > w.max:
		return fmt.Errorf("%w (%d MiB; the most is %d MiB)", ErrRecordTooLarge, mib(len(val)), (w.max+1)>>20)
	}
	return nil
}

func mib(n int) int { return (n + 1<<20 - 1) >> 20 }

// commit makes the operation's records the journal's, all at once. When it
// returns nil, or an error wrapping ErrUnfinished, the operation is durable
// and the caller updates what it holds in memory; any other error means
// the journal is as it was.
//
// Once the operation is durable, index (when not nil, and the journal
// keeps a search index) runs beside the copying into place, and commit
// waits for it; remember (when not nil)
// runs with v.mu held, right after the copying, finished or not. Readers
// wait while the records move into place, so that none sees some of them
// moved and others not, and the summaries in memory change with them.
func (w *stagedWriter) commit(index, remember func()) error {
	if w.done {
		return errors.New("saving: this change was already finished")
	}
	w.done = true
	if err := w.wb.Flush(); err != nil {
		w.discard()
		return storeError(err)
	}
	if w.v.unsearched {
		index = nil // it keeps no search index (OpenUnsearched)
	}
	if w.direct {
		if index != nil {
			index()
		}
		if remember != nil {
			w.v.mu.Lock()
			remember()
			w.v.mu.Unlock()
		}
		return nil
	}
	if err := runHook("staged"); err != nil {
		return err // as if killed: the next opening drops what was staged
	}
	mk := markerKey(w.op[:])
	err := w.v.update("the mark of a change", func(txn *badger.Txn) error {
		return txn.Set(mk, w.v.seal.seal(mk, schemaVersion, []byte("{}")))
	})
	if err != nil {
		// The marker's write failed whole (the store writes a
		// transaction whole or not at all), so the operation did not
		// happen; should it be on disk after all, the next opening
		// finishes it, and then that is what happened.
		w.discard()
		return storeError(err)
	}
	if err := w.putInPlace(index, remember); err != nil {
		return err
	}
	if w.records >= sweepAfter {
		// What the change left under the staging prefixes is swept now;
		// should that fail, the next opening steps over it as before.
		_ = w.v.sweepStaging()
	}
	return nil
}

// putInPlace moves a committed change's records to their final keys while
// readers wait, so that none sees a mix, indexing it meanwhile.
func (w *stagedWriter) putInPlace(index, remember func()) error {
	if index != nil {
		done := make(chan struct{})
		go func() {
			defer close(done)
			index()
		}()
		defer func() { <-done }()
	}
	w.v.mu.Lock()
	defer w.v.mu.Unlock()
	if remember != nil {
		defer remember()
	}
	if err := runHook("committed"); err != nil {
		w.v.unfinished = true
		return fmt.Errorf("%w (%v)", ErrUnfinished, err)
	}
	if err := w.v.guard("a change being put in place", func() error { return promote(w.v.db, w.op[:]) }); err != nil {
		// Later writes must wait until the next opening has finished
		// this one, or that would copy these values over them.
		w.v.unfinished = true
		return fmt.Errorf("%w: %w", ErrUnfinished, err)
	}
	return nil
}

func runHook(step string) error {
	if stageHook == nil {
		return nil
	}
	return stageHook(step)
}

// abort drops an operation that was not committed. It does nothing once
// commit was called.
func (w *stagedWriter) abort() {
	if w.done {
		return
	}
	w.done = true
	w.wb.Cancel()
	if !w.direct {
		w.discard()
	}
}

// discard removes what was staged. A failure is left for the next opening,
// which drops staged records without a marker.
func (w *stagedWriter) discard() {
	_ = w.v.guard("a change being dropped", func() error { return dropStaged(w.v.db, w.op[:]) })
}

// writeRecords writes a plain list of sealed records and deletions as one
// operation, all or nothing. The caller holds wmu.
func (v *Vault) writeRecords(sets []record, dels [][]byte) error {
	w := v.beginStaged()
	defer w.abort()
	for _, kv := range sets {
		if err := w.set(kv.key, kv.val); err != nil {
			return err
		}
	}
	for _, k := range dels {
		if err := w.del(k); err != nil {
			return err
		}
	}
	return w.commit(nil, nil)
}

// promote copies an operation's staged values to their final keys,
// removing each staged key after its copy, and the marker last. The store
// writes its transactions in order and each one whole, so an interruption
// at any point leaves every staged key that is gone already copied, and
// running promote again finishes the rest.
func promote(db *badger.DB, op []byte) error {
	prefix := stagedKey(op, nil)
	wb := db.NewWriteBatch()
	defer wb.Cancel()
	err := eachStaged(db, prefix, true, func(key, val []byte) error {
		staged := bytes.Clone(key)
		final := staged[len(prefix):]
		var err error
		switch {
		case len(val) == 0:
			return fmt.Errorf("%w: a staged change has no value", ErrCorrupt)
		case val[0] == stagedSet:
			err = wb.Set(final, val[1:])
		case val[0] == stagedDelete:
			err = wb.Delete(final)
		default:
			return fmt.Errorf("%w: a staged change is of an unknown kind", ErrCorrupt)
		}
		if err != nil {
			return err
		}
		return wb.Delete(staged)
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return fmt.Errorf("putting a saved change in place: %w", storeError(err))
	}
	err = db.Update(func(txn *badger.Txn) error { return txn.Delete(markerKey(op)) })
	if err != nil {
		return fmt.Errorf("putting a saved change in place: %w", storeError(err))
	}
	return nil
}

// dropStaged deletes an operation's staged keys.
func dropStaged(db *badger.DB, op []byte) error {
	wb := db.NewWriteBatch()
	defer wb.Cancel()
	err := eachStaged(db, stagedKey(op, nil), false, func(key, _ []byte) error {
		return wb.Delete(bytes.Clone(key))
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return fmt.Errorf("clearing an unfinished change: %w", storeError(err))
	}
	return nil
}

// eachStaged calls fn with every key under prefix, and its value (a copy)
// when values is set.
func eachStaged(db *badger.DB, prefix []byte, values bool, fn func(key, val []byte) error) error {
	return db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = prefix
		opts.PrefetchValues = values
		opts.PrefetchSize = 16
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			var val []byte
			if values {
				var err error
				if val, err = item.ValueCopy(nil); err != nil {
					return err
				}
			}
			if err := fn(item.Key(), val); err != nil {
				return err
			}
		}
		return nil
	})
}

// finishStaged settles every operation a previous session left behind: a
// committed one is put in place, an uncommitted one dropped. It runs when
// the journal opens, before anything reads it. It writes only when there is
// something to settle.
func finishStaged(db *badger.DB, s *sealer) error {
	committed := map[string]bool{}
	staged := map[string]bool{}
	var bad []string
	err := db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixCommitted}
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			key := item.KeyCopy(nil)
			err := item.Value(func(val []byte) error {
				if _, _, err := s.open(key, val); err != nil || len(key) != 1+opIDSize {
					bad = append(bad, string(key))
					return nil
				}
				committed[string(key[1:])] = true
				return nil
			})
			if err != nil {
				return err
			}
		}
		opts = badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixStaged}
		opts.PrefetchValues = false
		sit := txn.NewIterator(opts)
		defer sit.Close()
		for sit.Rewind(); sit.Valid(); sit.Next() {
			key := sit.Item().Key()
			if len(key) <= 1+opIDSize {
				bad = append(bad, string(key))
				continue
			}
			staged[string(key[1:1+opIDSize])] = true
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("opening the journal: %w", storeError(err))
	}
	if len(bad) > 0 {
		// A marker that fails its seal cannot say whether its operation
		// was committed; guessing either way could show a mix. Salvage
		// keeps every record that verifies and reports the rest.
		return fmt.Errorf("opening the journal: %w: an unfinished change cannot be read", ErrCorrupt)
	}
	for op := range committed {
		if err := promote(db, []byte(op)); err != nil {
			return fmt.Errorf("opening the journal: %w", err)
		}
	}
	for op := range staged {
		if committed[op] {
			continue
		}
		if err := dropStaged(db, []byte(op)); err != nil {
			return fmt.Errorf("opening the journal: %w", err)
		}
	}
	return nil
}

// storeError turns the store's errors into ones fit to show a person. The
// store quotes whole keys and values, as hex, in some of its messages
// (a value over its size limit, for one); nothing of a record may reach a
// message, sealed or not, so such an error is replaced by a sentence.
func storeError(err error) error {
	if err == nil {
		return nil
	}
	var errno syscall.Errno
	for _, known := range []error{
		ErrRecordTooLarge, ErrCorrupt, ErrClosed, ErrUnfinished,
		badger.ErrTxnTooBig, badger.ErrDBClosed, badger.ErrBlockedWrites, badger.ErrConflict,
		badger.ErrKeyNotFound, badger.ErrNoRewrite, badger.ErrRejected,
	} {
		if errors.Is(err, known) {
			return err
		}
	}
	if errors.As(err, &errno) {
		return fmt.Errorf("the store could not write: %w", errno)
	}
	msg := err.Error()
	if strings.Contains(msg, "exceeded") && strings.Contains(msg, "limit") {
		return fmt.Errorf("%w: the store refused a record over its size limit", ErrRecordTooLarge)
	}
	if i := strings.IndexByte(msg, '\n'); i >= 0 {
		msg = msg[:i]
	}
	if len(msg) > 160 || strings.ContainsAny(msg, "\x00") {
		msg = "an error it did not explain"
	}
	return fmt.Errorf("the store could not write: %s", msg)
}

// settleStaged does for Salvage, over the versions read from the store's
// files, what finishStaged does when a journal opens: the staged records of
// a committed operation become the newest versions of their final keys, and
// every staging key is dropped, so a rescue never sees a mix either. Should
// a staged value fail its seal, the version before the operation is kept,
// as for any damaged record.
func settleStaged(found map[string][]version, s *sealer) {
	newest := func(vs []version) (version, bool) {
		var top version
		for i, ver := range vs {
			if i == 0 || ver.ts > top.ts {
				top = ver
			}
		}
		return top, len(vs) > 0 && top.meta&badgerfile.BitDelete == 0
	}
	committed := map[string]bool{}
	for k, vs := range found {
		if len(k) == 1+opIDSize && k[0] == prefixCommitted {
			if top, ok := newest(vs); ok {
				if _, _, err := s.open([]byte(k), top.value); err == nil {
					committed[k[1:]] = true
				}
			}
		}
	}
	for k, vs := range found {
		if !isStagingKey([]byte(k)) {
			continue
		}
		delete(found, k)
		if k[0] != prefixStaged || len(k) <= 1+opIDSize || !committed[k[1:1+opIDSize]] {
			continue
		}
		top, ok := newest(vs)
		if !ok || len(top.value) == 0 {
			continue
		}
		final := k[1+opIDSize:]
		switch top.value[0] {
		case stagedSet:
			found[final] = append(found[final], version{ts: math.MaxUint64, value: top.value[1:]})
		case stagedDelete:
			found[final] = append(found[final], version{ts: math.MaxUint64, meta: badgerfile.BitDelete})
		}
	}
}
