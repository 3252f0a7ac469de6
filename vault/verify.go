package vault

import (
	"fmt"

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
	defer func() {
		// Damaged store files can make Badger panic while iterating; on our
		// goroutine that becomes a finding rather than a crash.
		if r := recover(); r != nil {
			rep.Damaged = append(rep.Damaged, journal.Damage{Record: "unknown", Problem: fmt.Sprintf("the store could not be read past this point: %v", r)})
			err = nil
		}
	}()
	summaries := map[journal.ID]bool{}
	bodies := map[journal.ID]bool{}
	use := newChunkUse()
	err = v.db.View(func(txn *badger.Txn) error {
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
