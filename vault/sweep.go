package vault

import (
	"github.com/dgraph-io/badger/v4"
)

// A staged change (stage.go) leaves behind, under the staging prefixes, the
// copy of every record it staged and the mark of its removal, until the
// store's compactions drop them; for the records written last before the
// journal closed, that may be never. Nothing reads them, but opening the
// journal steps over every one of them as it looks for a change a previous
// session left unfinished, and the journal's folder holds each record of an
// import twice. So a staged change of many records sweeps the staging
// prefixes clean once it is in place, and a journal that still holds what
// an earlier Tend left there is swept once after it opens.

// sweepAfter is how many records a staged change writes from which it
// sweeps the staging prefixes once it is in place. Below it, what is left
// is small, and the store's compactions drop it in time.
const sweepAfter = 256

// sweepStaging removes every record under the staging prefixes. The caller
// holds wmu and has settled every change it staged, so nothing there is
// wanted any more. Saves wait on wmu while it runs; readers go on.
//
// The store drops a prefix only when a record under it is still there; so
// a record of each kind, for a change with the id of zeros that changes
// nothing, is written first. Should the sweep be cut short, the next
// opening puts that change "in place", which writes nothing but the mark of
// removal of a key no record has, and goes on as usual.
func (v *Vault) sweepStaging() error {
	if v.unfinished {
		return nil // a change waits under those prefixes for the next opening
	}
	if err := v.markSweep(); err != nil {
		return storeError(err)
	}
	return storeError(v.db.DropPrefix([]byte{prefixStaged}, []byte{prefixCommitted}))
}

// markSweep writes the records a sweep begins with: a staged record and
// the commit marker of a change, with the id of zeros, that changes nothing.
func (v *Vault) markSweep() error {
	op := make([]byte, opIDSize)
	mk := markerKey(op)
	return v.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(stagedKey(op, []byte{prefixStaged}), []byte{stagedDelete}); err != nil {
			return err
		}
		return txn.Set(mk, v.seal.seal(mk, schemaVersion, []byte("{}")))
	})
}

// holdsStaging reports whether the store's tables hold records under the
// staging prefixes, left by changes or by the marks of their removal.
// Nothing else sorts after them (see records.go and prefs.go), so a table
// whose last key starts with one of them holds one.
func holdsStaging(db *badger.DB) bool {
	for _, t := range db.Tables() {
		if len(t.Right) > 0 && t.Right[0] >= prefixStaged {
			return true
		}
	}
	return false
}

// sweepLeftovers sweeps the staging prefixes of a journal that opened with
// records left under them, once the first screen and the search index are
// ready, so as not to slow either.
func (v *Vault) sweepLeftovers() {
	defer close(v.sweepDone)
	select {
	case <-v.indexReady:
	case <-v.stop:
		return
	}
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if v.stopping() {
		return
	}
	_ = v.sweepStaging() // what is left is stepped over at the next opening, and swept then
}
