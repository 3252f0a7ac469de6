package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/table"

	"tend/journal"
	"tend/vault/internal/badgerfile"
)

// The store library trusts the bytes of its table files: on some damaged
// ones it panics as it reads them (a slice index out of range inside its
// table iterator) instead of returning an error, on the goroutine that
// reads. Every read of the store therefore runs through guardRead, which
// turns such a panic into an error wrapping ErrCorrupt that names what was
// being read, so that the caller says its calm sentence about damage, a
// backup names the record as left out and a rescue goes on with the rest,
// as they already do for a record that fails its integrity check.
//
// A goroutine that reads the store needs the guard itself: a panic there
// ends the process whatever its caller does.

// A readPanic is a read the store library could not finish on a damaged
// table. It wraps ErrCorrupt.
type readPanic struct {
	what  string     // what was being read, in a few words
	entry journal.ID // the entry it belongs to, when it is one's
}

func (e *readPanic) Error() string {
	what := e.what
	if !e.entry.IsZero() {
		what = "entry " + e.entry.String()
	}
	return what + ": the store could not read it: " + ErrCorrupt.Error()
}

func (e *readPanic) Unwrap() error { return ErrCorrupt }

// isReadPanic reports whether err is a read the store library could not
// finish, as opposed to a record that failed its integrity check.
func isReadPanic(err error) bool {
	var rp *readPanic
	return errors.As(err, &rp)
}

// guardRead runs read, and turns a panic of the store library in it into a
// *readPanic naming what. A panic anywhere else is a fault of Tend's own,
// never damage on disk: it is passed on as it was.
func guardRead(what string, read func() error) (err error) {
	return guardReadOf(what, journal.ID{}, read)
}

// guardReadOf is guardRead for a read of entry id's records: the error
// names the entry. The name is made only if it is needed, as the guard is
// on every read of an entry.
func guardReadOf(what string, id journal.ID, read func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if !fromStore() {
				panic(r)
			}
			err = &readPanic{what: what, entry: id}
		}
	}()
	return read()
}

// fromStore reports, from inside a deferred recover, whether the panic
// being recovered was raised in the store library's code.
func fromStore() bool {
	pcs := make([]uintptr, 64)
	n := runtime.Callers(2, pcs)
	frames := runtime.CallersFrames(pcs[:n])
	panicking := false
	for {
		f, more := frames.Next()
		switch {
		case f.Function == "runtime.gopanic":
			panicking = true
		case panicking && !strings.HasPrefix(f.Function, "runtime."):
			// The first frame below the runtime's own is where it
			// happened: an index out of range is raised from the
			// runtime, called by the code that indexed.
			return strings.HasPrefix(f.Function, "github.com/dgraph-io/")
		}
		if !more {
			return false
		}
	}
}

// guard is guardRead for a read of the vault's store: a read the store
// could not finish marks the vault as damaged (see Damaged).
func (v *Vault) guard(what string, read func() error) error {
	return v.guardEntry(journal.ID{}, what, read)
}

// guardEntry is guard for a read of entry id's records.
func (v *Vault) guardEntry(id journal.ID, what string, read func() error) error {
	err := guardReadOf(what, id, read)
	if isReadPanic(err) {
		v.damaged.Store(true)
	}
	return err
}

// view reads the store in one transaction, guarded.
func (v *Vault) view(what string, fn func(txn *badger.Txn) error) error {
	return v.guard(what, func() error { return v.db.View(fn) })
}

// viewEntry is view for a read of entry id's records.
func (v *Vault) viewEntry(id journal.ID, fn func(txn *badger.Txn) error) error {
	return v.guardEntry(id, "", func() error { return v.db.View(fn) })
}

// updateEntry reads and writes entry id's records in one transaction,
// guarded: a read that panics leaves the transaction uncommitted, so
// nothing is written.
func (v *Vault) updateEntry(id journal.ID, fn func(txn *badger.Txn) error) error {
	return v.guardEntry(id, "", func() error { return v.db.Update(fn) })
}

// update is updateEntry for records that are not one entry's.
func (v *Vault) update(what string, fn func(txn *badger.Txn) error) error {
	return v.guard(what, func() error { return v.db.Update(fn) })
}

// Damaged reports whether the store library could not finish a read of
// this journal since it was unlocked: part of it is damaged. Reading goes
// on, each damaged record giving its error; writing stops (see
// ErrWritingStopped), so that nothing written now makes the store library
// rewrite, and lose, what the damaged files still hold.
func (v *Vault) Damaged() bool { return v.damaged.Load() }

// ErrWritingStopped is a write refused once a read found part of the store
// damaged (it wraps ErrCorrupt). The store library merges its table files
// as it writes; merging a damaged one keeps only what it can read of it and
// deletes the rest, which a rescue could still have saved. Writing is
// possible again once the journal is unlocked anew; the window can say why
// a save waits.
var ErrWritingStopped = fmt.Errorf("saving: %w: Tend stopped writing to it, to keep what it still holds", ErrCorrupt)

// tablesWhole reports whether every block of every table file of the store
// reads, as a rescue reads them: one that does not may hide records from
// the store's own reads. A table the store let go meanwhile is passed over.
func (v *Vault) tablesWhole() bool {
	store := filepath.Join(v.dir, storeDir)
	keys, err := badgerfile.ReadRegistry(store, v.storeKey)
	if err != nil {
		return false
	}
	for _, t := range v.db.Tables() {
		err := badgerfile.ReadTable(table.NewFilename(t.ID, store), keys, func([]byte, byte, []byte) {})
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return false
		}
	}
	return true
}
