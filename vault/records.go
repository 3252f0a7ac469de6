package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
)

// schemaVersion is the version of the JSON documents inside sealed records
// (bodies and history); summaries have their own, summarySchema.
// It is bound into each record's associated data, so a record cannot be
// replayed as if it had another shape. Readers accept every version up to
// this one; see decodeSummary and decodeContent. A long entry's content
// record and earlier versions list chunks instead, under chunkedSchema.
const schemaVersion = 1

// Record key prefixes. A key is a prefix byte and opaque random bytes: it
// says which kind of record it is and nothing about the writing itself.
const (
	prefixSummary = 'm' // + entry id: everything but the body and form
	prefixContent = 'c' // + entry id: body and form
	prefixHistory = 'h' // + HMAC(history key, id|slot)[:16]: an earlier version
	prefixChunk   = 'k' // + HMAC(history key, label|id|bytes)[:16]: a piece of a long entry (chunks.go)
)

// historySlots is how many earlier versions of an entry are kept. Slots are
// reused round-robin, so the oldest goes first.
const historySlots = 20

func summaryKey(id ID) []byte { return append([]byte{prefixSummary}, id[:]...) }
func contentKey(id ID) []byte { return append([]byte{prefixContent}, id[:]...) }

// historyKey derives the key of one history slot. It is a MAC of the entry id
// and the slot number, so history records carry no visible link to their
// entry, yet each is found without an index.
func historyKey(histKey []byte, id ID, slot int) []byte {
	m := hmac.New(sha256.New, histKey)
	m.Write(id[:])
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(slot))
	m.Write(b[:])
	return append([]byte{prefixHistory}, m.Sum(nil)[:16]...)
}

// content is the part of an entry kept apart from its summary, so that
// unlocking reads only the small summaries and the bodies load lazily.
type content struct {
	Body   string `json:"body,omitempty"`
	Fields Fields `json:"fields,omitzero"`
}

func splitEntry(e *Entry) (sum *Entry, c content) {
	s := *e
	s.Body, s.Fields = "", Fields{}
	return &s, content{Body: e.Body, Fields: e.Fields}
}

func encodeJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		// Every type sealed here is plain data; failing to encode one is a
		// programming error, not a condition of the user's data.
		panic(fmt.Sprintf("vault: encoding %T: %v", v, err))
	}
	return b
}

func decodeSummary(schema uint16, b []byte) (*Entry, error) {
	return decodeSummaryWith(nil, schema, b)
}

// decodeSummaryWith decodes with a reader whose intern tables are shared
// across a whole scan; r may be nil.
func decodeSummaryWith(r *summaryReader, schema uint16, b []byte) (*Entry, error) {
	switch schema {
	case summarySchema:
		if r == nil {
			r = &summaryReader{}
		}
		return r.decode(b)
	case 1:
		var e Entry
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("reading an entry summary: %w: %v", ErrCorrupt, err)
		}
		return &e, nil
	default:
		return nil, fmt.Errorf("entry summary of schema %d: %w", schema, ErrUnsupported)
	}
}

func decodeContent(schema uint16, b []byte) (content, error) {
	switch schema {
	case 1:
		var c content
		if err := json.Unmarshal(b, &c); err != nil {
			return c, fmt.Errorf("reading an entry body: %w: %v", ErrCorrupt, err)
		}
		return c, nil
	default:
		return content{}, fmt.Errorf("entry body of schema %d: %w", schema, ErrUnsupported)
	}
}

func decodeEntry(schema uint16, b []byte) (*Entry, error) {
	switch schema {
	case 1:
		var e Entry
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("reading an earlier version: %w: %v", ErrCorrupt, err)
		}
		return &e, nil
	default:
		return nil, fmt.Errorf("earlier version of schema %d: %w", schema, ErrUnsupported)
	}
}
