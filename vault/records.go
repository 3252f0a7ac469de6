package vault

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	"tend/journal"
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
	prefixChunk   = 'k' // + HMAC(history key, label|id|bytes)[:16]: a piece of a long entry or of a file attached to it (chunks.go, files.go)
)

// historySlots is how many earlier versions of an entry are kept. Slots are
// reused round-robin, so the oldest goes first.
const historySlots = 20

func summaryKey(id journal.ID) []byte { return append([]byte{prefixSummary}, id[:]...) }
func contentKey(id journal.ID) []byte { return append([]byte{prefixContent}, id[:]...) }

// historyKey derives the key of one history slot. It is a MAC of the entry id
// and the slot number, so history records carry no visible link to their
// entry, yet each is found without an index.
func historyKey(histKey []byte, id journal.ID, slot int) []byte {
	m := hmac.New(sha256.New, histKey)
	m.Write(id[:])
	var b [4]byte
	binary.BigEndian.PutUint32(b[:], uint32(slot))
	m.Write(b[:])
	return append([]byte{prefixHistory}, m.Sum(nil)[:16]...)
}

// content is the part of an entry kept apart from its summary, so that
// unlocking reads only the small summaries and the bodies load lazily.
// Files lists the entry's attached files; only an entry that has none
// keeps its content in one record (see contentRecords).
type content struct {
	Body   string         `json:"body,omitempty"`
	Fields journal.Fields `json:"fields,omitzero"`
	Files  []journal.File `json:"files,omitempty"`
}

func splitEntry(e *journal.Entry) (sum *journal.Entry, c content) {
	s := *e
	s.Body, s.Fields, s.Files = "", journal.Fields{}, nil
	return &s, content{Body: e.Body, Fields: e.Fields, Files: e.Files}
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

func decodeSummary(schema uint16, b []byte) (*journal.Entry, error) {
	return decodeSummaryWith(nil, schema, b)
}

// decodeSummaryWith decodes with a reader whose intern tables are shared
// across a whole scan; r may be nil.
func decodeSummaryWith(r *summaryReader, schema uint16, b []byte) (*journal.Entry, error) {
	switch schema {
	case summarySchema, summarySchemaV5, summarySchemaV4, summarySchemaV3, summarySchemaV2:
		if r == nil {
			r = &summaryReader{}
		}
		return r.decode(b, schema)
	case 1:
		var e journal.Entry
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
		if c, ok := decodeContentFast(b); ok {
			return c, nil
		}
		var c content
		if err := json.Unmarshal(b, &c); err != nil {
			return c, fmt.Errorf("reading an entry body: %w: %v", ErrCorrupt, err)
		}
		return c, nil
	default:
		return content{}, fmt.Errorf("entry body of schema %d: %w", schema, ErrUnsupported)
	}
}

func decodeEntry(schema uint16, b []byte) (*journal.Entry, error) {
	switch schema {
	case 1:
		var e journal.Entry
		if err := json.Unmarshal(b, &e); err != nil {
			return nil, fmt.Errorf("reading an earlier version: %w: %v", ErrCorrupt, err)
		}
		return &e, nil
	default:
		return nil, fmt.Errorf("earlier version of schema %d: %w", schema, ErrUnsupported)
	}
}

// encodeContent encodes a content exactly as encodeJSON does, byte for
// byte, into a buffer sized once. encodeJSON grows its buffer as it goes,
// and for a long body that held several copies of it at the same time.
func encodeContent(c content) []byte {
	var fields, files []byte
	if !c.Fields.IsZero() {
		fields = encodeJSON(c.Fields)
	}
	if len(c.Files) > 0 {
		files = encodeJSON(c.Files)
	}
	dst := make([]byte, 0, len(`{"body":,"fields":,"files":}`)+jsonStringSize(c.Body)+len(fields)+len(files))
	dst = append(dst, '{')
	if c.Body != "" {
		dst = append(dst, `"body":`...)
		dst = appendJSONString(dst, c.Body)
		if fields != nil {
			dst = append(dst, ',')
		}
	}
	if fields != nil {
		dst = append(dst, `"fields":`...)
		dst = append(dst, fields...)
	}
	if files != nil {
		if len(dst) > 1 {
			dst = append(dst, ',')
		}
		dst = append(dst, `"files":`...)
		dst = append(dst, files...)
	}
	return append(dst, '}')
}

// jsonEscape says how appendJSONString writes each ASCII byte: 0 as it is,
// a letter after a backslash, or 'u' for a \u00XX escape. It follows
// encoding/json, HTML escaping included, so the two agree byte for byte.
var jsonEscape = func() (t [utf8.RuneSelf]byte) {
	for b := range t {
		if b < 0x20 || b == '<' || b == '>' || b == '&' {
			t[b] = 'u'
		}
	}
	t['"'], t['\\'] = '"', '\\'
	t['\b'], t['\f'], t['\n'], t['\r'], t['\t'] = 'b', 'f', 'n', 'r', 't'
	return t
}()

// jsonStringSize is the length appendJSONString gives s.
func jsonStringSize(s string) int {
	n := 2
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			switch jsonEscape[b] {
			case 0:
				n++
			case 'u':
				n += 6
			default:
				n += 2
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || r == '\u2028' || r == '\u2029' {
			n += 6
		} else {
			n += size
		}
		i += size
	}
	return n
}

// appendJSONString appends s as a JSON string, as encoding/json writes it.
func appendJSONString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		if b := s[i]; b < utf8.RuneSelf {
			e := jsonEscape[b]
			if e == 0 {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			if e == 'u' {
				dst = append(dst, '\\', 'u', '0', '0', hex[b>>4], hex[b&0xF])
			} else {
				dst = append(dst, '\\', e)
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			dst = append(dst, s[start:i]...)
			dst = append(dst, `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			dst = append(dst, s[start:i]...)
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// decodeContentFast reads a content in the shape encodeContent writes,
// unquoting the body once, straight into its final string. A content that
// lists files is left to json.Unmarshal. json.Unmarshal
// holds the unquoted bytes and then a copy of them as a string, which for a
// long body is two more copies of it. ok is false for any other shape, and
// for escapes left to the standard reader (surrogates, broken UTF-8): the
// caller then decodes with json.Unmarshal, so the result is always the same.
func decodeContentFast(b []byte) (c content, ok bool) {
	const prefix, fieldsKey = `{"body":"`, `,"fields":`
	if !bytes.HasPrefix(b, []byte(prefix)) {
		return c, false
	}
	var sb strings.Builder
	sb.Grow(len(b) - len(prefix))
	i := len(prefix)
	start := i
	for {
		if i >= len(b) {
			return c, false
		}
		ch := b[i]
		if ch == '"' {
			break
		}
		switch {
		case ch == '\\':
			sb.Write(b[start:i])
			if i+1 >= len(b) {
				return c, false
			}
			switch e := b[i+1]; e {
			case '"', '\\', '/':
				sb.WriteByte(e)
			case 'b':
				sb.WriteByte('\b')
			case 'f':
				sb.WriteByte('\f')
			case 'n':
				sb.WriteByte('\n')
			case 'r':
				sb.WriteByte('\r')
			case 't':
				sb.WriteByte('\t')
			case 'u':
				if i+6 > len(b) {
					return c, false
				}
				n, err := strconv.ParseUint(string(b[i+2:i+6]), 16, 16)
				if err != nil || utf16.IsSurrogate(rune(n)) {
					return c, false
				}
				sb.WriteRune(rune(n))
				i += 4
			default:
				return c, false
			}
			i += 2
			start = i
		case ch < 0x20:
			return c, false
		case ch < utf8.RuneSelf:
			i++
		default:
			r, size := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && size == 1 {
				return c, false
			}
			i += size
		}
	}
	sb.Write(b[start:i])
	rest := b[i+1:]
	switch {
	case len(rest) == 1 && rest[0] == '}':
	case len(rest) > len(fieldsKey) && bytes.HasPrefix(rest, []byte(fieldsKey)) && rest[len(rest)-1] == '}':
		if json.Unmarshal(rest[len(fieldsKey):len(rest)-1], &c.Fields) != nil {
			return content{}, false
		}
	default:
		return content{}, false
	}
	c.Body = sb.String()
	return c, true
}
