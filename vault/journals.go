package vault

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
	"tend/search"
)

// journalsKey keys the list of journals. Their names are writing, so the
// list is sealed beside the preferences, never in the app's settings; an
// entry names its journal by a random id, so renaming one changes no entry.
var journalsKey = []byte{prefixPrefs, 'j'}

// loadJournals reads the list of journals into memory at unlock. A vault
// that never had its list saved has the one journal it began with.
func (v *Vault) loadJournals() error {
	var l journal.Journals
	err := v.view("the list of journals", func(txn *badger.Txn) (err error) {
		l, err = v.journalsIn(txn)
		return err
	})
	if err != nil {
		return err
	}
	v.books = l
	return nil
}

// journalsIn reads the list of journals in txn.
func (v *Vault) journalsIn(txn *badger.Txn) (journal.Journals, error) {
	item, err := txn.Get(journalsKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return journal.DefaultJournals(), nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the list of journals: %w", err)
	}
	var l journal.Journals
	err = item.Value(func(val []byte) error {
		pt, _, err := v.seal.open(journalsKey, val)
		if err != nil {
			return err
		}
		return decodeJournals(pt, &l)
	})
	if err != nil {
		return nil, fmt.Errorf("reading the list of journals: %w", err)
	}
	return l, nil
}

func decodeJournals(b []byte, l *journal.Journals) error {
	if err := json.Unmarshal(b, l); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	if err := l.Check(); err != nil {
		return fmt.Errorf("%w: %v", ErrCorrupt, err)
	}
	return nil
}

// journalsRecord seals a list of journals.
func (v *Vault) journalsRecord(l journal.Journals) record {
	return record{journalsKey, v.seal.seal(journalsKey, schemaVersion, encodeJSON(l))}
}

// Journals returns the list of journals, in the order the person gave.
func (v *Vault) Journals() (journal.Journals, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	return v.books.Clone(), nil
}

// SetJournals stores the list of journals durably: make it from the one
// Journals returned with the methods of journal.Journals. Entries of a
// journal no longer listed belong to the first one (journal.Journals.Home);
// DeleteJournal moves them to the trash first.
func (v *Vault) SetJournals(l journal.Journals) error {
	if err := l.Check(); err != nil {
		return fmt.Errorf("saving the list of journals: %w", err)
	}
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	r := v.journalsRecord(l)
	if err := v.update("the list of journals", func(txn *badger.Txn) error { return txn.Set(r.key, r.val) }); err != nil {
		return fmt.Errorf("saving the list of journals: %w", err)
	}
	v.mu.Lock()
	v.books = l.Clone()
	v.mu.Unlock()
	return nil
}

// DeletedJournal is what DeleteJournal did, for UndeleteJournal to undo.
type DeletedJournal struct {
	Journal journal.Journal
	// At is where it stood in the list.
	At int
	// Trashed are the entries it moved to the trash (not those that were
	// there already).
	Trashed []journal.ID
}

// DeleteJournal moves every entry of a journal to the trash and takes the
// journal off the list. The last journal cannot be deleted. Each entry is
// saved as a deletion to the trash always is, so a crash part way leaves
// some in the trash and the rest where they were, and loses nothing.
func (v *Vault) DeleteJournal(id journal.JournalID) (DeletedJournal, error) {
	l, err := v.Journals()
	if err != nil {
		return DeletedJournal{}, err
	}
	rest, at, err := l.Remove(id)
	if err != nil {
		return DeletedJournal{}, err
	}
	d := DeletedJournal{Journal: l[at], At: at}
	in := l.Only(id)
	list, err := v.List(ListQuery{Journals: in})
	if err != nil {
		return DeletedJournal{}, err
	}
	for _, e := range list {
		if err := v.Delete(e.ID); err != nil {
			return d, fmt.Errorf("moving the journal's entries to the trash: %w", err)
		}
		d.Trashed = append(d.Trashed, e.ID)
	}
	if err := v.SetJournals(rest); err != nil {
		return d, err
	}
	return d, nil
}

// UndeleteJournal puts back a journal DeleteJournal took off the list,
// where it stood, and takes its entries out of the trash.
func (v *Vault) UndeleteJournal(d DeletedJournal) error {
	l, err := v.Journals()
	if err != nil {
		return err
	}
	if _, taken := l.Named(d.Journal.Name); taken && l.Index(d.Journal.ID) < 0 {
		// Another journal took its name meanwhile.
		return journal.ErrJournalTaken
	}
	if err := v.SetJournals(l.Insert(d.Journal, d.At)); err != nil {
		return err
	}
	for _, id := range d.Trashed {
		if err := v.RestoreFromTrash(id); err != nil && !errors.Is(err, journal.ErrNotFound) {
			return fmt.Errorf("taking the journal's entries out of the trash: %w", err)
		}
	}
	return nil
}

// MoveToJournal moves an entry to another journal: a save like any other,
// so the version before is in its history.
func (v *Vault) MoveToJournal(id journal.ID, to journal.JournalID) error {
	e, err := v.Get(id)
	if err != nil {
		return err
	}
	if e.Journal == to {
		return nil
	}
	e.Journal = to
	return v.Put(e)
}

// JournalsNamed returns the set of the journals whose names begin with any
// of names, compared as search compares words: without regard to case or
// accents. "therapy" names "Therapy notes". An archived journal is named
// too: naming one is choosing it.
func JournalsNamed(l journal.Journals, names []string) journal.JournalSet {
	var ids []journal.JournalID
	for _, j := range l {
		folded := strings.Join(search.Tokens(j.Name), " ")
		for _, n := range names {
			if p := strings.Join(search.Tokens(n), " "); p != "" && strings.HasPrefix(folded, p) {
				ids = append(ids, j.ID)
				break
			}
		}
	}
	return l.Only(ids...)
}
