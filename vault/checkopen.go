package vault

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// OpenToCheck opens the vault in dir only to read it, as a check does:
// the store is opened read-only, so nothing in it changes whatever the
// check finds (no compaction, no new log, no lock file), and nothing is
// loaded that Verify does not need. A store left open by a crash (its lock
// file is still there) must have its log replayed and cut back to its last
// whole record, which only a writable open does; that store is opened as
// Open opens it.
//
// The vault it returns serves Verify and Close; it takes no writes.
func OpenToCheck(dir string, password []byte) (*Vault, error) {
	if _, err := os.Lstat(filepath.Join(dir, storeDir, "LOCK")); err == nil {
		// Left open: its logs may be cut short and need the writable open.
		return Open(dir, password)
	}
	h, err := readHeader(dir)
	if err != nil {
		return nil, err
	}
	master, err := h.unlockPassword(password)
	if err != nil {
		return nil, err
	}
	// The store keeps bkey itself, not a copy, while it is open: it is
	// wiped by Close, after the store is closed.
	bkey := subkey(master, "badger")
	db, err := openBadgerToRead(dir, bkey)
	if errors.Is(err, badger.ErrTruncateNeeded) {
		wipe(bkey)
		wipe(master)
		return Open(dir, password)
	}
	if err != nil {
		wipe(bkey)
		wipe(master)
		return nil, err
	}
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
	v.checkOnly = true
	// No background work runs on a vault opened to check.
	close(v.gcDone)
	close(v.ixDone)
	close(v.upDone)
	close(v.sweepDone)
	close(v.indexReady)
	return v, nil
}

// openBadgerToRead opens the store read-only, after the same look at its
// files openBadger takes. It returns badger.ErrTruncateNeeded as it is, for
// a store whose log must be cut back by a writable open.
func openBadgerToRead(dir string, key []byte) (db *badger.DB, err error) {
	defer func() {
		if r := recover(); r != nil {
			db, err = nil, fmt.Errorf("opening the store: %w: %v", ErrCorrupt, r)
		}
	}()
	release, err := lockFolder(dir, false)
	if err != nil {
		return nil, err
	}
	defer release()
	opt := badgerOptions(dir, key).WithReadOnly(true)
	if err := checkStore(dir, opt, false); err != nil {
		return nil, err
	}
	db, err = badger.Open(opt)
	switch {
	case err == nil:
		return db, nil
	case strings.Contains(err.Error(), badger.ErrTruncateNeeded.Error()):
		// The library wraps its errors as text, so only the text tells.
		return nil, badger.ErrTruncateNeeded
	default:
		return nil, openError(err)
	}
}
