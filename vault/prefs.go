package vault

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"
)

// prefixPrefs keys the person's journal preferences. They can name tags and
// paths, which are writing, so they are sealed like entries rather than kept
// in the app's plain preferences file.
const prefixPrefs = 's'

var prefsKey = []byte{prefixPrefs, 'p'}

// Prefs are preferences that belong to the journal itself.
type Prefs struct {
	// HiddenTags are tags whose entries never resurface in On This Day.
	HiddenTags []string `json:"hidden_tags,omitempty"`
	// Paths are the guided paths the person chose to follow.
	Paths []string `json:"paths,omitempty"`
	// SuggestedOn is the day a new guided step was last suggested, and
	// SuggestedStep that step. They are kept here, not in memory, so the
	// promise of at most one new step a day survives a restart.
	SuggestedOn   Date   `json:"suggested_on,omitzero"`
	SuggestedStep string `json:"suggested_step,omitempty"`
}

// Prefs returns the journal's preferences (the zero value if never set).
func (v *Vault) Prefs() (Prefs, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return Prefs{}, ErrClosed
	}
	var p Prefs
	err := v.db.View(func(txn *badger.Txn) error {
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
		return Prefs{}, nil
	}
	if err != nil {
		return Prefs{}, fmt.Errorf("reading the journal's preferences: %w", err)
	}
	return p, nil
}

// SetPrefs stores the journal's preferences durably.
func (v *Vault) SetPrefs(p Prefs) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	p.HiddenTags = NormalizeTags(p.HiddenTags)
	err := v.db.Update(func(txn *badger.Txn) error {
		return txn.Set(prefsKey, v.seal.seal(prefsKey, schemaVersion, encodeJSON(p)))
	})
	if err != nil {
		return fmt.Errorf("saving the journal's preferences: %w", err)
	}
	return nil
}
