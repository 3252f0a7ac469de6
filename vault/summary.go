package vault

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"tend/journal"
)

// Summary records are the one thing unlocking must read for every entry,
// so from schema 2 they use a compact binary layout instead of JSON: about
// ten times quicker to decode, which is most of what unlocking a large
// journal costs. Bodies, forms and history stay JSON, read one at a time.
//
// Layout (all integers varint-encoded unless noted):
//
//	id [16]byte | kind str | date (year, month u8, day u8) | created time |
//	updated time | title str | tag count, tags str... | mood |
//	prompt flag u8 [path str, step str, text str] | deleted flag u8 [time] |
//	words | rev | headline str | preview str |
//	written flag u8 [time] | starred u8 | journal flag u8 [id [8]byte]
//
// A str is a uvarint length and its bytes; a time is unix seconds,
// nanoseconds and the zone offset in seconds.
//
// Schema 3 added the headline and preview (journal.Gist), which lists show
// without reading a body; the headline is stored empty when it is the
// title. Schema 2 ends at rev: its entries have no gist until the vault
// brings them up to date (upgrade.go).
//
// Schema 4 added the time the entry was written and its star. Schema 3
// ends at the preview: its entries were saved before Tend kept either, so
// they read as they are, with no time and no star, and need no upgrade.
//
// Schema 5 added the journal the entry belongs to. Schema 4 ends at the
// star: its entries belong to the journal every vault begins with, whose id
// is zero, so they too read as they are and are never rewritten for it.
//
// Schema 6 has the layout of schema 5, and a gist whose kind-made words are
// phrases rather than English (see journal.Phrase), so that they are said
// in the language the person reads. The gist of an entry of schemas 3 to 5
// that a kind made, or may have made, is read as none (see oldGist), and
// the vault derives it again as it does for schema 2 (upgrade.go).
const summarySchema = 6

// The binary layouts before phrases, before the journal, before the time
// and star, and before the gist.
const (
	summarySchemaV5 = 5
	summarySchemaV4 = 4
	summarySchemaV3 = 3
	summarySchemaV2 = 2
)

// Bounds on what a summary may claim, checked before anything is allocated.
const (
	maxSummaryString = 1 << 20
	maxSummaryTags   = 1 << 10
	// maxSummaryGist bounds a stored headline or preview, well above what
	// journal.Gist makes.
	maxSummaryGist = 4 << 10
	// maxSummaryOffset bounds a time's zone offset, in seconds.
	maxSummaryOffset = 18 * 3600
)

var errShortSummary = errors.New("entry summary ends early")

func appendStr(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func appendTime(b []byte, t time.Time) []byte {
	_, off := t.Zone()
	if off < -maxSummaryOffset || off > maxSummaryOffset {
		// No real zone is this far from UTC, and the reader refuses it:
		// the same moment in UTC keeps the summary readable.
		off, t = 0, t.UTC()
	}
	b = binary.AppendVarint(b, t.Unix())
	b = binary.AppendUvarint(b, uint64(t.Nanosecond()))
	return binary.AppendVarint(b, int64(off))
}

// encodeSummary writes a summary (an entry without body or form).
func encodeSummary(e *journal.Entry) []byte {
	headline := e.Headline
	if headline == e.Title {
		headline = ""
	}
	b := make([]byte, 0, 96+len(e.Title)+16*len(e.Tags)+len(headline)+len(e.Preview))
	b = append(b, e.ID[:]...)
	b = appendStr(b, string(e.Kind))
	b = binary.AppendVarint(b, int64(e.Date.Year))
	b = append(b, byte(e.Date.Month), byte(e.Date.Day))
	b = appendTime(b, e.Created)
	b = appendTime(b, e.Updated)
	b = appendStr(b, e.Title)
	b = binary.AppendUvarint(b, uint64(len(e.Tags)))
	for _, t := range e.Tags {
		b = appendStr(b, t)
	}
	b = binary.AppendVarint(b, int64(e.Mood))
	if p := e.Prompt; p != nil {
		b = append(b, 1)
		b = appendStr(b, p.Path)
		b = appendStr(b, p.Step)
		b = appendStr(b, p.Text)
	} else {
		b = append(b, 0)
	}
	if !e.Deleted.IsZero() {
		b = append(b, 1)
		b = appendTime(b, e.Deleted)
	} else {
		b = append(b, 0)
	}
	b = binary.AppendUvarint(b, uint64(e.Words))
	b = binary.AppendUvarint(b, uint64(e.Rev))
	b = appendStr(b, headline)
	b = appendStr(b, e.Preview)
	if !e.Written.IsZero() {
		b = append(b, 1)
		b = appendTime(b, e.Written)
	} else {
		b = append(b, 0)
	}
	if e.Starred {
		b = append(b, 1)
	} else {
		b = append(b, 0)
	}
	if e.Journal.IsZero() {
		return append(b, 0)
	}
	b = append(b, 1)
	return append(b, e.Journal[:]...)
}

// summaryReader decodes one binary summary. It interns repeated strings
// (kinds, tags) and time zones through the shared tables, which saves both
// time and memory when a whole journal is read at unlock.
type summaryReader struct {
	b      []byte
	err    error
	intern map[string]string
	zones  map[int]*time.Location
	// open is the memory each summary is decrypted into in turn.
	open openScratch
	// slab holds entries not yet handed out, allocated slabSize at a time
	// by a reader of a whole journal: one allocation for many entries
	// rather than one each.
	slab []journal.Entry
	// one, when set, is the entry every summary is decoded into in turn,
	// for a reader done with each before it reads the next (a backup's).
	one *journal.Entry
}

// slabSize is how many entries a scanning reader allocates at once.
const slabSize = 64

// newScanReader returns a reader for the summaries of a whole journal, one
// after another on one goroutine.
func newScanReader() *summaryReader {
	return &summaryReader{intern: map[string]string{}, zones: map[int]*time.Location{}, slab: []journal.Entry{}}
}

// entry returns a new, zero entry to decode into.
func (r *summaryReader) entry() *journal.Entry {
	if r.one != nil {
		*r.one = journal.Entry{}
		return r.one
	}
	if r.slab == nil {
		return &journal.Entry{}
	}
	if len(r.slab) == 0 {
		r.slab = make([]journal.Entry, slabSize)
	}
	e := &r.slab[0]
	r.slab = r.slab[1:]
	return e
}

func (r *summaryReader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *summaryReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.fail(errShortSummary)
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *summaryReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.fail(errShortSummary)
		r.b = nil
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *summaryReader) byte() byte {
	if len(r.b) < 1 {
		r.fail(errShortSummary)
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

// bytes reads a string's bytes, valid while the summary's are.
func (r *summaryReader) bytes() []byte {
	n := r.uvarint()
	if n > maxSummaryString || n > uint64(len(r.b)) {
		r.fail(errShortSummary)
		r.b = nil
		return nil
	}
	raw := r.b[:n]
	r.b = r.b[n:]
	return raw
}

func (r *summaryReader) str(intern bool) string {
	raw := r.bytes()
	if intern && r.intern != nil {
		if s, ok := r.intern[string(raw)]; ok {
			return s
		}
		s := string(raw)
		r.intern[s] = s
		return s
	}
	return string(raw)
}

// gist reads a headline's or a preview's bytes.
func (r *summaryReader) gist() []byte {
	if n, k := binary.Uvarint(r.b); k > 0 && n > maxSummaryGist {
		r.fail(errors.New("entry summary holds too long a headline or preview"))
		r.b = nil
		return nil
	}
	return r.bytes()
}

// words sets e's title, headline and preview from their bytes as one
// string, one allocation where three would do the same. An empty headline
// is the title.
func words(e *journal.Entry, title, headline, preview []byte) {
	var b strings.Builder
	b.Grow(len(title) + len(headline) + len(preview))
	b.Write(title)
	b.Write(headline)
	b.Write(preview)
	all := b.String()
	t, h := len(title), len(title)+len(headline)
	e.Title, e.Headline, e.Preview = all[:t], all[t:h], all[h:]
	if e.Headline == "" {
		e.Headline = e.Title
	}
}

func (r *summaryReader) time() time.Time {
	sec, nsec, off := r.varint(), r.uvarint(), r.varint()
	if nsec >= 1e9 || off < -maxSummaryOffset || off > maxSummaryOffset {
		r.fail(errors.New("entry summary holds an impossible time"))
		return time.Time{}
	}
	loc := time.UTC
	if off != 0 {
		if r.zones != nil {
			loc = r.zones[int(off)]
		} else {
			loc = nil
		}
		if loc == nil {
			loc = time.FixedZone("", int(off))
			if r.zones != nil {
				r.zones[int(off)] = loc
			}
		}
	}
	return time.Unix(sec, int64(nsec)).In(loc)
}

// oldGist reports whether the gist of e, read from a summary of schema 3
// to 5, may hold words its kind made in English ("Check-in: safety 6",
// "Me now: …", "Free writing"), which are derived again as phrases. Free
// writing and answers to a prompt have only the person's own words, but
// for the kind's name when they have none.
func oldGist(e *journal.Entry) bool {
	switch e.Kind {
	case journal.KindFree, journal.KindPrompted:
		return e.Title == "" && e.Headline == e.Kind.Name()
	}
	return true
}

// decode reads a binary summary of the given schema (2 to 6). It never
// panics on any input.
func (r *summaryReader) decode(b []byte, schema uint16) (*journal.Entry, error) {
	r.b, r.err = b, nil
	e := r.entry()
	if len(r.b) < len(e.ID) {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, errShortSummary)
	}
	copy(e.ID[:], r.b)
	r.b = r.b[len(e.ID):]
	e.Kind = journal.Kind(r.str(true))
	year := r.varint()
	month, day := r.byte(), r.byte()
	if year < 0 || year > 9999 || month < 1 || month > 12 || day < 1 || day > 31 {
		r.fail(errors.New("entry summary holds an impossible date"))
	}
	e.Date = journal.Date{Year: int(year), Month: time.Month(month), Day: int(day)}
	e.Created = r.time()
	e.Updated = r.time()
	title := r.bytes()
	if n := r.uvarint(); n > maxSummaryTags || n > uint64(len(r.b)) {
		r.fail(errors.New("entry summary claims too many tags"))
	} else if n > 0 {
		e.Tags = make([]string, n)
		for i := range e.Tags {
			e.Tags[i] = r.str(true)
		}
	}
	if m := r.varint(); m < 0 || m > int64(journal.MaxMood) {
		r.fail(errors.New("entry summary holds an impossible mood"))
	} else {
		e.Mood = journal.Mood(m)
	}
	if r.byte() == 1 {
		e.Prompt = &journal.PromptRef{Path: r.str(true), Step: r.str(true), Text: r.str(true)}
	}
	if r.byte() == 1 {
		e.Deleted = r.time()
	}
	if w := r.uvarint(); w > math.MaxInt32 {
		r.fail(errors.New("entry summary holds an impossible word count"))
	} else {
		e.Words = int(w)
	}
	if v := r.uvarint(); v > math.MaxInt32 {
		r.fail(errors.New("entry summary holds an impossible revision"))
	} else {
		e.Rev = int(v)
	}
	var headline, preview []byte
	if schema >= summarySchemaV3 {
		headline, preview = r.gist(), r.gist()
	}
	words(e, title, headline, preview)
	if schema < summarySchemaV3 {
		e.Headline = ""
	} else if schema < summarySchema && oldGist(e) {
		e.Headline, e.Preview = "", ""
	}
	if schema >= summarySchemaV4 {
		if r.byte() == 1 {
			e.Written = r.time()
		}
		switch r.byte() {
		case 0:
		case 1:
			e.Starred = true
		default:
			r.fail(errors.New("entry summary holds an impossible star"))
		}
	}
	if schema >= summarySchemaV5 {
		switch r.byte() {
		case 0:
		case 1:
			if len(r.b) < len(e.Journal) {
				r.fail(errShortSummary)
				break
			}
			copy(e.Journal[:], r.b)
			r.b = r.b[len(e.Journal):]
		default:
			r.fail(errors.New("entry summary holds an impossible journal"))
		}
	}
	if r.err == nil && len(r.b) != 0 {
		r.fail(errors.New("entry summary has bytes left over"))
	}
	if r.err != nil {
		return nil, fmt.Errorf("%w: %v", ErrCorrupt, r.err)
	}
	return e, nil
}
