package backup

import (
	"encoding/json"
	"strconv"
	"time"
	"unicode/utf16"
	"unicode/utf8"

	"tend/journal"
)

// decodeEntryJSON reads an entry's document as json.Unmarshal reads it into
// a journal.Entry, and reports whether it could. Reading a backup decodes
// every entry, and reflection was most of that work, so the documents Tend
// writes are read here directly: each known member once, in lower case,
// with a value of its plain type. Anything else (a member named another
// way or twice, a null, a number with a fraction, text that is not UTF-8,
// JSON that is not well formed) is left to json.Unmarshal, which takes it
// as it always has, or says what is wrong with it. The members that are
// structures of their own (prompt, form, files) go through json.Unmarshal
// too.
func decodeEntryJSON(data []byte) (*journal.Entry, bool) {
	d := entryDecoder{b: data}
	var e journal.Entry
	if !d.entry(&e) {
		return nil, false
	}
	return &e, true
}

// entryDecoder reads one document; each step reports false as soon as the
// document is not one it reads.
type entryDecoder struct {
	b []byte
	i int
}

func (d *entryDecoder) space() {
	for d.i < len(d.b) {
		switch d.b[d.i] {
		case ' ', '\t', '\n', '\r':
			d.i++
		default:
			return
		}
	}
}

// byte takes c, after any white space.
func (d *entryDecoder) byte(c byte) bool {
	d.space()
	if d.i < len(d.b) && d.b[d.i] == c {
		d.i++
		return true
	}
	return false
}

// entry members, each read at most once.
const (
	mID = 1 << iota
	mKind
	mDate
	mWritten
	mCreated
	mUpdated
	mTitle
	mBody
	mTags
	mMood
	mPrompt
	mFields
	mFiles
	mStarred
	mJournal
	mDeleted
	mWords
	mRev
)

var entryMembers = map[string]int{
	"id": mID, "kind": mKind, "date": mDate, "written": mWritten, "created": mCreated,
	"updated": mUpdated, "title": mTitle, "body": mBody, "tags": mTags, "mood": mMood,
	"prompt": mPrompt, "fields": mFields, "files": mFiles, "starred": mStarred,
	"journal": mJournal, "deleted": mDeleted, "words": mWords, "rev": mRev,
}

func (d *entryDecoder) entry(e *journal.Entry) bool {
	if !d.byte('{') {
		return false
	}
	seen := 0
	if d.byte('}') {
		return d.end()
	}
	for {
		d.space()
		name, ok := d.plainKey()
		if !ok || !d.byte(':') {
			return false
		}
		m := entryMembers[name]
		if m == 0 || seen&m != 0 {
			return false
		}
		seen |= m
		d.space()
		if !d.member(m, e) {
			return false
		}
		if d.byte(',') {
			continue
		}
		if d.byte('}') {
			return d.end()
		}
		return false
	}
}

// end reports whether only white space follows.
func (d *entryDecoder) end() bool {
	d.space()
	return d.i == len(d.b)
}

func (d *entryDecoder) member(m int, e *journal.Entry) bool {
	switch m {
	case mID:
		s, ok := d.str()
		return ok && e.ID.UnmarshalText([]byte(s)) == nil
	case mKind:
		s, ok := d.str()
		e.Kind = journal.Kind(s)
		return ok
	case mDate:
		s, ok := d.str()
		return ok && e.Date.UnmarshalText([]byte(s)) == nil
	case mWritten:
		return d.time(&e.Written)
	case mCreated:
		return d.time(&e.Created)
	case mUpdated:
		return d.time(&e.Updated)
	case mDeleted:
		return d.time(&e.Deleted)
	case mTitle:
		s, ok := d.str()
		e.Title = s
		return ok
	case mBody:
		s, ok := d.str()
		e.Body = s
		return ok
	case mTags:
		return d.tags(e)
	case mMood:
		n, ok := d.int()
		e.Mood = journal.Mood(n)
		return ok
	case mWords:
		n, ok := d.int()
		e.Words = n
		return ok
	case mRev:
		n, ok := d.int()
		e.Rev = n
		return ok
	case mStarred:
		switch {
		case d.literal("true"):
			e.Starred = true
		case d.literal("false"):
			e.Starred = false
		default:
			return false
		}
		return true
	case mJournal:
		s, ok := d.str()
		return ok && e.Journal.UnmarshalText([]byte(s)) == nil
	case mPrompt:
		raw, ok := d.compound('{', '}')
		return ok && json.Unmarshal(raw, &e.Prompt) == nil && e.Prompt != nil
	case mFields:
		raw, ok := d.compound('{', '}')
		return ok && json.Unmarshal(raw, &e.Fields) == nil
	case mFiles:
		raw, ok := d.compound('[', ']')
		return ok && json.Unmarshal(raw, &e.Files) == nil
	}
	return false
}

func (d *entryDecoder) literal(s string) bool {
	if len(d.b)-d.i >= len(s) && string(d.b[d.i:d.i+len(s)]) == s {
		d.i += len(s)
		return true
	}
	return false
}

// plainKey reads a member's name, which Tend writes in plain ASCII.
func (d *entryDecoder) plainKey() (string, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return "", false
	}
	for j := d.i + 1; j < len(d.b) && j-d.i < 16; j++ {
		c := d.b[j]
		switch {
		case c == '"':
			s := string(d.b[d.i+1 : j])
			d.i = j + 1
			return s, true
		case c == '\\' || c < 0x20 || c >= utf8.RuneSelf:
			return "", false
		}
	}
	return "", false
}

// str reads a string as json.Unmarshal unquotes it; text that is not
// UTF-8 is left to json.Unmarshal.
func (d *entryDecoder) str() (string, bool) {
	if d.i >= len(d.b) || d.b[d.i] != '"' {
		return "", false
	}
	start := d.i + 1
	j := start
	for j < len(d.b) {
		c := d.b[j]
		if c == '"' {
			if !utf8.Valid(d.b[start:j]) {
				return "", false
			}
			d.i = j + 1
			return string(d.b[start:j]), true
		}
		if c == '\\' {
			return d.escaped(start)
		}
		if c < 0x20 {
			return "", false
		}
		j++
	}
	return "", false
}

// escaped reads a string from start, the byte after its quote, that holds
// escapes, as encoding/json unquotes it.
func (d *entryDecoder) escaped(start int) (string, bool) {
	out := make([]byte, 0, len(d.b)-start)
	j := start
	for j < len(d.b) {
		c := d.b[j]
		switch {
		case c == '"':
			if !utf8.Valid(out) {
				return "", false
			}
			d.i = j + 1
			return string(out), true
		case c < 0x20:
			return "", false
		case c != '\\':
			out = append(out, c)
			j++
			continue
		}
		if j+1 >= len(d.b) {
			return "", false
		}
		switch e := d.b[j+1]; e {
		case '"', '\\', '/':
			out = append(out, e)
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r := hex4(d.b[j+2:])
			if r < 0 {
				return "", false
			}
			j += 6
			if utf16.IsSurrogate(r) {
				// A pair makes one character; anything else is
				// U+FFFD, and what follows is read on its own.
				if len(d.b)-j >= 2 && d.b[j] == '\\' && d.b[j+1] == 'u' {
					if r2 := hex4(d.b[j+2:]); r2 >= 0 {
						if dec := utf16.DecodeRune(r, r2); dec != utf8.RuneError {
							out = utf8.AppendRune(out, dec)
							j += 6
							continue
						}
					}
				}
				r = utf8.RuneError
			}
			out = utf8.AppendRune(out, r)
			continue
		default:
			return "", false
		}
		j += 2
	}
	return "", false
}

// hex4 reads the four hex digits of a \u escape, or returns -1.
func hex4(b []byte) rune {
	if len(b) < 4 {
		return -1
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case '0' <= c && c <= '9':
			c -= '0'
		case 'a' <= c && c <= 'f':
			c = c - 'a' + 10
		case 'A' <= c && c <= 'F':
			c = c - 'A' + 10
		default:
			return -1
		}
		r = r*16 + rune(c)
	}
	return r
}

func (d *entryDecoder) time(t *time.Time) bool {
	start := d.i
	if _, ok := d.str(); !ok {
		return false
	}
	return t.UnmarshalJSON(d.b[start:d.i]) == nil
}

// int reads a whole number that fits an int.
func (d *entryDecoder) int() (int, bool) {
	start := d.i
	if d.i < len(d.b) && d.b[d.i] == '-' {
		d.i++
	}
	digits := d.i
	for d.i < len(d.b) && '0' <= d.b[d.i] && d.b[d.i] <= '9' {
		d.i++
	}
	n := d.i - digits
	if n == 0 || (n > 1 && d.b[digits] == '0') {
		return 0, false
	}
	if d.i < len(d.b) {
		switch d.b[d.i] {
		case '.', 'e', 'E':
			return 0, false
		}
	}
	v, err := strconv.ParseInt(string(d.b[start:d.i]), 10, strconv.IntSize)
	return int(v), err == nil
}

func (d *entryDecoder) tags(e *journal.Entry) bool {
	if !d.byte('[') {
		return false
	}
	e.Tags = []string{}
	if d.byte(']') {
		return true
	}
	for {
		d.space()
		s, ok := d.str()
		if !ok {
			return false
		}
		e.Tags = append(e.Tags, s)
		if d.byte(',') {
			continue
		}
		return d.byte(']')
	}
}

// compound returns the bytes of an object or array, found by its brackets
// and strings; json.Unmarshal then checks and reads them.
func (d *entryDecoder) compound(open, close byte) ([]byte, bool) {
	if d.i >= len(d.b) || d.b[d.i] != open {
		return nil, false
	}
	start, depth := d.i, 0
	for d.i < len(d.b) {
		switch c := d.b[d.i]; c {
		case '"':
			d.i++
			for d.i < len(d.b) && d.b[d.i] != '"' {
				if d.b[d.i] == '\\' {
					d.i++
				}
				d.i++
			}
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				d.i++
				if c != close {
					return nil, false
				}
				return d.b[start:d.i], true
			}
		}
		d.i++
	}
	return nil, false
}
