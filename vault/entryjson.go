package vault

import (
	"strconv"
	"time"

	"tend/journal"
)

// encodeEntry is encodeJSON for an entry: the same bytes, written without
// reflection. A backup writes the JSON of every entry and a restore of
// every earlier version it keeps whole, and reflection was most of the
// cost of both. The members that are structures of their own (prompt,
// form, files) are rare or small and go through encodeJSON.
func encodeEntry(e *journal.Entry) []byte {
	out, ok := appendEntry(make([]byte, 0, entryJSONSize(e)), e)
	if !ok {
		return encodeJSON(e) // a time JSON cannot hold: say so the usual way
	}
	return out
}

// entryJSONSize is about the length of an entry's JSON, to allocate once.
func entryJSONSize(e *journal.Entry) int {
	n := 256 + len(e.Title) + len(e.Body) + len(e.Body)/16
	for _, t := range e.Tags {
		n += len(t) + 3
	}
	return n
}

// appendEntry appends e's JSON, as encodeJSON writes it, to dst. It
// reports false, and dst is of no use, for a time outside what JSON's
// times hold (years 0 to 9999), which encodeJSON refuses.
func appendEntry(dst []byte, e *journal.Entry) ([]byte, bool) {
	ok := true
	appendTime := func(name string, t time.Time) {
		dst = append(dst, name...)
		dst = append(dst, '"')
		var err error
		if dst, err = t.AppendText(dst); err != nil {
			ok = false
		}
		dst = append(dst, '"')
	}
	dst = append(dst, `{"id":"`...)
	dst = appendHex(dst, e.ID[:])
	dst = append(dst, `","kind":`...)
	dst = appendJSONString(dst, string(e.Kind))
	// A date is digits and dashes, which JSON writes as they are.
	dst = append(dst, `,"date":"`...)
	dst = e.Date.Append(dst)
	dst = append(dst, '"')
	if !e.Written.IsZero() {
		appendTime(`,"written":`, e.Written)
	}
	appendTime(`,"created":`, e.Created)
	appendTime(`,"updated":`, e.Updated)
	if e.Title != "" {
		dst = append(dst, `,"title":`...)
		dst = appendJSONString(dst, e.Title)
	}
	if e.Body != "" {
		dst = append(dst, `,"body":`...)
		dst = appendJSONString(dst, e.Body)
	}
	if len(e.Tags) > 0 {
		dst = append(dst, `,"tags":[`...)
		for i, t := range e.Tags {
			if i > 0 {
				dst = append(dst, ',')
			}
			dst = appendJSONString(dst, t)
		}
		dst = append(dst, ']')
	}
	if e.Mood != 0 {
		dst = append(dst, `,"mood":`...)
		dst = strconv.AppendInt(dst, int64(e.Mood), 10)
	}
	if e.Prompt != nil {
		dst = append(dst, `,"prompt":`...)
		dst = append(dst, encodeJSON(e.Prompt)...)
	}
	if !e.Fields.IsZero() {
		dst = append(dst, `,"fields":`...)
		dst = append(dst, encodeJSON(e.Fields)...)
	}
	if len(e.Files) > 0 {
		dst = append(dst, `,"files":`...)
		dst = append(dst, encodeJSON(e.Files)...)
	}
	if e.Starred {
		dst = append(dst, `,"starred":true`...)
	}
	if !e.Journal.IsZero() {
		dst = append(dst, `,"journal":"`...)
		dst = appendHex(dst, e.Journal[:])
		dst = append(dst, '"')
	}
	if !e.Deleted.IsZero() {
		appendTime(`,"deleted":`, e.Deleted)
	}
	if e.Words != 0 {
		dst = append(dst, `,"words":`...)
		dst = strconv.AppendInt(dst, int64(e.Words), 10)
	}
	if e.Rev != 0 {
		dst = append(dst, `,"rev":`...)
		dst = strconv.AppendInt(dst, int64(e.Rev), 10)
	}
	return append(dst, '}'), ok
}

func appendHex(dst, b []byte) []byte {
	const digits = "0123456789abcdef"
	for _, c := range b {
		dst = append(dst, digits[c>>4], digits[c&0xF])
	}
	return dst
}
