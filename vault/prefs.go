package vault

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
)

// prefixPrefs keys the person's journal preferences. They can name tags and
// paths, which are writing, so they are sealed like entries rather than kept
// in the app's plain preferences file.
const prefixPrefs = 's'

var prefsKey = []byte{prefixPrefs, 'p'}

// Prefs returns the journal's preferences (the zero value if never set).
func (v *Vault) Prefs() (journal.Prefs, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return journal.Prefs{}, ErrClosed
	}
	var p journal.Prefs
	err := v.view("the preferences", func(txn *badger.Txn) error {
		item, err := txn.Get(prefsKey)
		if err != nil {
			return err
		}
		return item.Value(func(val []byte) error {
			pt, _, err := v.seal.open(prefsKey, val)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(pt, &p); err != nil {
				return fmt.Errorf("%w: %v", ErrCorrupt, err)
			}
			return nil
		})
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return journal.Prefs{}, nil
	}
	if err != nil {
		return journal.Prefs{}, fmt.Errorf("reading the journal's preferences: %w", err)
	}
	return p, nil
}

// SetPrefs stores the journal's preferences durably.
func (v *Vault) SetPrefs(p journal.Prefs) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	p.HiddenTags = journal.NormalizeTags(p.HiddenTags)
	err := v.update("the preferences", func(txn *badger.Txn) error {
		return txn.Set(prefsKey, v.seal.seal(prefsKey, schemaVersion, encodeJSON(p)))
	})
	if err != nil {
		return fmt.Errorf("saving the journal's preferences: %w", err)
	}
	return nil
}
