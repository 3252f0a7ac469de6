package vault

import (
	"bytes"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
)

// Report is the result of Verify.
type Report struct {
	Records int // records checked
	Entries int // entries whose summary and body both verified
	Damaged []journal.Damage
}

// OK reports whether nothing was found damaged.
func (r *Report) OK() bool { return len(r.Damaged) == 0 }

// Verify reads every record in the store and checks its seal and shape. It
// never stops at the first problem: the report lists every damaged record,
// so a person can see exactly what was lost. The error is non-nil only when
// the store could not be read at all.
func (v *Vault) Verify() (rep *Report, err error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	rep = &Report{}
	summaries := map[journal.ID]bool{}
	bodies := map[journal.ID]bool{}
	use := newChunkUse()
	err = v.view("the journal", func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			key := item.KeyCopy(nil)
			if isStagingKey(key) {
				// A change being written, not yet the journal's.
				continue
			}
			rep.Records++
			val, err := item.ValueCopy(nil)
			if err != nil {
				rep.Damaged = append(rep.Damaged, damageFor(key, "the value could not be read: "+err.Error()))
				continue
			}
			if d, ok := v.seal.checkRecord(key, val, summaries, bodies); !ok {
				rep.Damaged = append(rep.Damaged, d)
			} else {
				use.note(v.seal, key, val)
			}
		}
		return nil
	})
	if isReadPanic(err) {
		// A damaged table can make the store library panic as it reads
		// it, which ends the scan there: that is a finding, and every
		// entry it did not reach is checked on its own.
		rep.Damaged = append(rep.Damaged, journal.Damage{Record: "unknown", Problem: "the store could not be read past this point"})
		err = v.verifyUnreached(rep, summaries, bodies)
	}
	if err != nil {
		return rep, fmt.Errorf("reading the store: %w", err)
	}
	for _, k := range use.broken() {
		rep.Damaged = append(rep.Damaged, damageFor([]byte(k), "a piece of it is missing or damaged"))
		if k[0] == prefixContent {
			var id journal.ID
			copy(id[:], k[1:])
			bodies[id] = false
		}
	}
	for id := range summaries {
		if bodies[id] {
			rep.Entries++
		} else if _, seen := bodies[id]; !seen {
			rep.Damaged = append(rep.Damaged, journal.Damage{Entry: id, Record: "body", Problem: "missing"})
		}
	}
	for id := range bodies {
		if _, seen := summaries[id]; !seen {
			rep.Damaged = append(rep.Damaged, journal.Damage{Entry: id, Record: "summary", Problem: "missing"})
		}
	}
	return rep, nil
}

// verifyUnreached checks on its own each entry whose summary the scan of
// the store did not reach: its summary and its body, read by their keys. A
// record the store cannot read is damage, and so is one that is not there.
// The entries are those the journal knows and those a scan of the
// summaries alone finds (a journal opened to check knows none).
func (v *Vault) verifyUnreached(rep *Report, summaries, bodies map[journal.ID]bool) error {
	ids := make(map[journal.ID]bool, len(v.sums))
	for id := range v.sums {
		ids[id] = true
	}
	_ = v.view("the list of entries", func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixSummary}
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			var id journal.ID
			if k := it.Item().Key(); len(k) == 1+len(id) {
				copy(id[:], k[1:])
				ids[id] = true
			}
		}
		return nil
	})
	for id := range summaries {
		delete(ids, id)
	}
	return v.view("the journal", func(txn *badger.Txn) error {
		for _, id := range sortedIDs(ids) {
			for _, key := range [][]byte{summaryKey(id), contentKey(id)} {
				if _, seen := bodies[id]; seen && key[0] == prefixContent {
					continue
				}
				var val []byte
				err := v.guardEntry(id, "", func() error {
					item, err := txn.Get(key)
					if err != nil {
						return err
					}
					val, err = item.ValueCopy(nil)
					return err
				})
				switch {
				case errors.Is(err, badger.ErrKeyNotFound) && key[0] == prefixSummary:
					rep.Damaged = append(rep.Damaged, journal.Damage{Entry: id, Record: "summary", Problem: "missing"})
					continue
				case errors.Is(err, badger.ErrKeyNotFound):
					continue // named as missing below, when its summary reads
				case err != nil:
					rep.Damaged = append(rep.Damaged, damageFor(key, "the store could not read it"))
					continue
				}
				rep.Records++
				if d, ok := v.seal.checkRecord(key, val, summaries, bodies); !ok {
					rep.Damaged = append(rep.Damaged, d)
				}
			}
		}
		return nil
	})
}

// sortedIDs returns the ids in set in order, so a backup is the same
// however the map is laid out.
func sortedIDs(set map[journal.ID]bool) []journal.ID {
	ids := make([]journal.ID, 0, len(set))
	for id := range set {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) })
	return ids
}

// checkRecord verifies one record. summaries and bodies collect which entry
// ids were seen, and whether that part verified.
func (s *sealer) checkRecord(key, val []byte, summaries, bodies map[journal.ID]bool) (journal.Damage, bool) {
	if len(key) == 0 {
		return journal.Damage{Record: "unknown", Problem: "a record with an empty key"}, false
	}
	pt, schema, err := s.open(key, val)
	switch key[0] {
	case prefixSummary, prefixContent:
		if len(key) != 1+len(journal.ID{}) {
			return damageFor(key, "its key has the wrong length"), false
		}
		var id journal.ID
		copy(id[:], key[1:])
		seen := summaries
		if key[0] == prefixContent {
			seen = bodies
		}
		seen[id] = false
		if err != nil {
			return damageFor(key, "it fails its integrity check"), false
		}
		if key[0] == prefixSummary {
			e, err := decodeSummary(schema, pt)
			if err != nil {
				return damageFor(key, err.Error()), false
			}
			if e.ID != id {
				return damageFor(key, "it names another entry"), false
			}
		} else if schema == chunkedSchema {
			if _, err := decodeChunkList(pt); err != nil {
				return damageFor(key, err.Error()), false
			}
		} else if _, err := decodeContent(schema, pt); err != nil {
			return damageFor(key, err.Error()), false
		}
		seen[id] = true
		return journal.Damage{}, true
	case prefixHistory:
		if err != nil {
			return damageFor(key, "it fails its integrity check"), false
		}
		if schema == chunkedSchema {
			_, err = decodeChunkedVersion(pt)
		} else {
			_, err = decodeEntry(schema, pt)
		}
		if err != nil {
			return damageFor(key, err.Error()), false
		}
		return journal.Damage{}, true
	case prefixChunk:
		if err != nil {
			return damageFor(key, "it fails its integrity check"), false
		}
		return journal.Damage{}, true
	case prefixPrefs:
		if err != nil {
			return journal.Damage{Record: "preferences", Problem: "it fails its integrity check"}, false
		}
		return journal.Damage{}, true
	default:
		return damageFor(key, "a record of unknown kind"), false
	}
}

func damageFor(key []byte, problem string) journal.Damage {
	d := journal.Damage{Record: "unknown", Problem: problem}
	if len(key) == 0 {
		return d
	}
	switch key[0] {
	case prefixSummary:
		d.Record = "summary"
	case prefixContent:
		d.Record = "body"
	case prefixHistory:
		d.Record = "history"
		return d
	case prefixChunk:
		d.Record = "piece"
		return d
	default:
		return d
	}
	if len(key) == 1+len(journal.ID{}) {
		copy(d.Entry[:], key[1:])
	}
	return d
}
