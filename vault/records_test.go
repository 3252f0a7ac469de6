package vault

import (
	"errors"
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"tend/journal"
)

// TestDecodeSchemaV1 keeps records written by schema version 1 readable for
// ever: the fixtures in testdata are frozen copies of what version 1 writes.
func TestDecodeSchemaV1(t *testing.T) {
	b, err := os.ReadFile("testdata/schema-v1-summary.json")
	if err != nil {
		t.Fatal(err)
	}
	e, err := decodeSummary(1, b)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID.String() != "00112233445566778899aabbccddeeff" || e.Kind != journal.KindCheckIn || e.Date != (journal.Date{Year: 2025, Month: time.March, Day: 14}) ||
		e.Title != "Evening check-in" || len(e.Tags) != 2 || e.Mood != 2 || e.Prompt.Step != "a1" || !e.InTrash() || e.Rev != 3 {
		t.Fatalf("summary decoded as %+v", e)
	}
	if _, off := e.Created.Zone(); off != 3600 {
		t.Fatalf("created lost its zone: %v", e.Created)
	}
	b, err = os.ReadFile("testdata/schema-v1-content.json")
	if err != nil {
		t.Fatal(err)
	}
	c, err := decodeContent(1, b)
	if err != nil {
		t.Fatal(err)
	}
	if c.Body != "Couldn't sleep." || c.Fields.CheckIn == nil || c.Fields.CheckIn.Safety != 4 || c.Fields.CheckIn.Attachment != journal.AttachAnxious {
		t.Fatalf("content decoded as %+v", c)
	}
	if _, err := decodeSummary(2, b); err == nil {
		t.Fatal("JSON decoded as a binary summary without complaint")
	}
	if _, err := decodeSummary(summarySchema+1, b); !errors.Is(err, ErrUnsupported) {
		t.Fatalf("a schema from the future: %v", err)
	}
}

// TestDecodeSchemaV2 keeps binary summaries of schema 2, which have no
// gist, readable for ever: the fixture is a frozen copy of what the code of
// schema 2 wrote for the entry of schema-v1-summary.json.
func TestDecodeSchemaV2(t *testing.T) {
	b, err := os.ReadFile("testdata/schema-v2-summary.bin")
	if err != nil {
		t.Fatal(err)
	}
	e, err := decodeSummary(2, b)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID.String() != "00112233445566778899aabbccddeeff" || e.Kind != journal.KindCheckIn || e.Date != (journal.Date{Year: 2025, Month: time.March, Day: 14}) ||
		e.Title != "Evening check-in" || len(e.Tags) != 2 || e.Mood != 2 || e.Prompt.Step != "a1" || !e.InTrash() || e.Rev != 3 || e.Words != 12 {
		t.Fatalf("summary decoded as %+v", e)
	}
	if e.Headline != "" || e.Preview != "" {
		t.Fatalf("a summary of schema 2 has a gist: %q, %q", e.Headline, e.Preview)
	}
	// Read as schema 3, it ends early: the two layouts are told apart by
	// the schema the seal binds, never by guessing.
	if _, err := decodeSummary(3, b); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("schema 2 read as 3: %v", err)
	}
	// The same entry of schema 3 is the same bytes and its gist. A
	// check-in's gist of schema 3 is in English words, and is read as none
	// so that it is derived again (see oldGist); free writing keeps its own.
	e.Headline, e.Preview = "Check-in: safety 4", "Couldn't sleep."
	b3 := encodeSummaryV3(e)
	if string(b3[:len(b)]) != string(b) {
		t.Fatal("schema 3 does not start with the layout of schema 2")
	}
	got, err := decodeSummary(3, b3)
	if err != nil || got.Headline != "" || got.Preview != "" {
		t.Fatalf("schema 3 gave %+v, %v", got, err)
	}
	e.Kind, e.Title, e.Headline = journal.KindFree, "", "Couldn't sleep again"
	got, err = decodeSummary(3, encodeSummaryV3(e))
	if err != nil || got.Headline != e.Headline || got.Preview != e.Preview {
		t.Fatalf("free writing of schema 3 gave %+v, %v", got, err)
	}
}

// encodeSummaryV2 writes a summary as the code of schema 2 did: the layout
// of schema 3 without its last two strings.
func encodeSummaryV2(e *journal.Entry) []byte {
	s := *e
	s.Headline, s.Preview = s.Title, ""
	b := encodeSummaryV3(&s)
	return b[:len(b)-2] // two empty strings: a zero length each
}

// encodeSummaryV3 writes a summary as the code of schema 3 did: the layout
// of schema 4 without the time it was written and its star, which that
// code did not keep.
func encodeSummaryV3(e *journal.Entry) []byte {
	s := *e
	s.Written, s.Starred = time.Time{}, false
	b := encodeSummaryV4(&s)
	return b[:len(b)-2] // no time, no star: a zero byte each
}

// encodeSummaryV4 writes a summary as the code of schema 4 did: the
// layout of schema 5 without the journal, which that code did not keep.
func encodeSummaryV4(e *journal.Entry) []byte {
	s := *e
	s.Journal = journal.JournalID{}
	b := encodeSummary(&s)
	return b[:len(b)-1] // the first journal: a zero byte
}

// TestDecodeSchemaV3 keeps binary summaries of schema 3, which have no
// time and no star, readable for ever: the fixture is a frozen copy of
// what the code of schema 3 wrote for the entry of schema-v1-summary.json
// with its gist. Such an entry reads with no time, which lists show as no
// time at all, and unstarred; its gist, a check-in's in English words,
// reads as none, to be derived again as phrases.
func TestDecodeSchemaV3(t *testing.T) {
	b, err := os.ReadFile("testdata/schema-v3-summary.bin")
	if err != nil {
		t.Fatal(err)
	}
	e, err := decodeSummary(3, b)
	if err != nil {
		t.Fatal(err)
	}
	if e.ID.String() != "00112233445566778899aabbccddeeff" || e.Title != "Evening check-in" || e.Rev != 3 || e.Words != 12 ||
		e.Headline != "" || e.Preview != "" {
		t.Fatalf("summary decoded as %+v", e)
	}
	if !e.Written.IsZero() || e.Starred {
		t.Fatalf("a summary of schema 3 has a time or a star: %v, %v", e.Written, e.Starred)
	}
	if !e.SortTime().Equal(e.Created) {
		t.Fatalf("an entry without a time sorts by %v, not by when it was first saved", e.SortTime())
	}
	// Read as schema 4, it ends early: the schema the seal binds tells the
	// layouts apart.
	if _, err := decodeSummary(4, b); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("schema 3 read as 4: %v", err)
	}
	// The same entry of schema 4 is the same bytes, then its time and star.
	e.Headline, e.Preview = "Check-in: safety 4", "Couldn't sleep." // as the fixture holds
	e.Written = time.Date(2025, 3, 14, 21, 40, 0, 0, time.FixedZone("", 2*3600))
	e.Starred = true
	b4 := encodeSummaryV4(e)
	if string(b4[:len(b)]) != string(b) {
		t.Fatal("schema 4 does not start with the layout of schema 3")
	}
	got, err := decodeSummary(4, b4)
	if err != nil || !got.Written.Equal(e.Written) || !got.Starred {
		t.Fatalf("schema 4 gave %+v, %v", got, err)
	}
	if _, off := got.Written.Zone(); off != 2*3600 {
		t.Fatalf("the time written lost its zone: %v", got.Written)
	}
}

// TestDecodeSchemaV4 keeps binary summaries of schema 4, which have no
// journal, readable for ever: the fixture is what the code of schema 4
// wrote for the entry of schema-v3-summary.bin with a time and a star.
// Such an entry belongs to the first journal, whose id is zero, and is
// never rewritten for it.
func TestDecodeSchemaV4(t *testing.T) {
	b, err := os.ReadFile("testdata/schema-v4-summary.bin")
	if err != nil {
		t.Fatal(err)
	}
	e, err := decodeSummary(summarySchemaV4, b)
	if err != nil {
		t.Fatal(err)
	}
	if e.Title != "Evening check-in" || !e.Starred || e.Written.Hour() != 21 || !e.Journal.IsZero() {
		t.Fatalf("summary decoded as %+v", e)
	}
	// Read as schema 5, it ends early.
	if _, err := decodeSummary(summarySchemaV5, b); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("schema 4 read as 5: %v", err)
	}
	// The same entry of schema 5 is the same bytes, then its journal; the
	// layout of schema 6 is that of schema 5.
	e.Journal = journal.JournalID{1, 2, 3, 4, 5, 6, 7, 8}
	e.Headline, e.Preview = "Check-in: safety 4", "Couldn't sleep." // as the fixture holds
	b5 := encodeSummary(e)
	if string(b5[:len(b)]) != string(b) {
		t.Fatal("schema 5 does not start with the layout of schema 4")
	}
	for _, schema := range []uint16{summarySchemaV5, summarySchema} {
		got, err := decodeSummary(schema, b5)
		if err != nil || got.Journal != e.Journal || !got.Starred {
			t.Fatalf("schema %d gave %+v, %v", schema, got, err)
		}
		if keeps := got.Headline == e.Headline; keeps != (schema == summarySchema) {
			t.Fatalf("schema %d read the gist as %q", schema, got.Headline)
		}
	}
	// A journal flag that is neither 0 nor 1, or an id cut short, is damage.
	bad := append(append([]byte(nil), b...), 2)
	if _, err := decodeSummary(summarySchema, bad); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("an impossible journal flag: %v", err)
	}
	if _, err := decodeSummary(summarySchema, b5[:len(b5)-3]); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a journal id cut short: %v", err)
	}
}

func TestHistoryKeysAreOpaqueAndDistinct(t *testing.T) {
	k := []byte("0123456789abcdef0123456789abcdef")
	id := journal.NewID()
	seen := map[string]bool{}
	for slot := range historySlots {
		hk := string(historyKey(k, id, slot))
		if seen[hk] {
			t.Fatal("two history slots share a key")
		}
		seen[hk] = true
	}
	if string(historyKey(k, id, 0)[1:]) == string(id[:]) {
		t.Fatal("history key shows the entry id")
	}
}

// FuzzDecodeRecord feeds arbitrary plaintext to the record decoders: a
// sealed record that authenticates can still hold bytes an older or buggy
// writer produced, and reading it must fail cleanly, never panic.
func FuzzDecodeRecord(f *testing.F) {
	for _, p := range []string{"testdata/schema-v1-summary.json", "testdata/schema-v1-content.json"} {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(uint16(1), b)
	}
	f.Add(uint16(1), []byte(`{"date":"2025-02-30"}`))
	f.Add(uint16(1), []byte(`{"id":"zz"}`))
	f.Add(uint16(7), []byte(`{}`))
	if b, err := os.ReadFile("testdata/schema-v2-summary.bin"); err == nil {
		f.Add(uint16(2), b)
		f.Add(uint16(3), b)
	}
	if b, err := os.ReadFile("testdata/schema-v3-summary.bin"); err == nil {
		f.Add(uint16(3), b)
		f.Add(uint16(4), b)
	}
	for _, e := range everyKind() {
		e.Created = time.Date(2025, 3, 14, 21, 5, 0, 0, time.FixedZone("", -5*3600))
		f.Add(uint16(summarySchemaV2), encodeSummaryV2(e))
		e.Headline, e.Preview = journal.Gist(e)
		f.Add(uint16(summarySchemaV3), encodeSummaryV3(e))
		e.Written, e.Starred = e.Created, true
		f.Add(uint16(summarySchemaV4), encodeSummaryV4(e))
		e.Journal = journal.JournalID{9, 8, 7, 6, 5, 4, 3, 2}
		f.Add(uint16(summarySchema), encodeSummary(e))
	}
	f.Fuzz(func(t *testing.T, schema uint16, b []byte) {
		e, err := decodeSummary(schema, b)
		if err == nil && e == nil {
			t.Fatal("no entry and no error")
		}
		if err == nil && (len(e.Headline) > maxSummaryGist || len(e.Preview) > maxSummaryGist) {
			t.Fatalf("a gist of %d and %d bytes was taken", len(e.Headline), len(e.Preview))
		}
		_, _ = decodeContent(schema, b)
		_, _ = decodeEntry(schema, b)
	})
}

func TestSummaryCodecRoundTrip(t *testing.T) {
	lisbon := time.FixedZone("", 3600)
	r := &summaryReader{intern: map[string]string{}, zones: map[int]*time.Location{}}
	for i, e := range everyKind() {
		e.ID = journal.NewID()
		e.Created = time.Date(2025, 3, 14, 21, 5, 0, 123456789, lisbon)
		e.Updated = e.Created.Add(time.Hour)
		e.Words, e.Rev = 10*i, i+1
		if i%2 == 0 {
			e.Deleted = time.Date(2025, 4, 1, 10, 0, 0, 0, time.UTC)
			e.Written = time.Date(2025, 3, 14, 21, 40, 0, 0, time.FixedZone("", -5*3600))
		}
		e.Starred = i%3 == 0
		if i%2 == 1 {
			e.Journal = journal.NewJournalID()
		}
		e.Headline, e.Preview = journal.Gist(e)
		sum, _ := splitEntry(e)
		got, err := r.decode(encodeSummary(sum), summarySchema)
		if err != nil {
			t.Fatalf("%s: %v", e.Kind, err)
		}
		if !got.Created.Equal(sum.Created) || !got.Updated.Equal(sum.Updated) || !got.Deleted.Equal(sum.Deleted) || !got.Written.Equal(sum.Written) {
			t.Fatalf("%s: times differ", e.Kind)
		}
		if _, off := got.Created.Zone(); off != 3600 {
			t.Fatalf("%s: zone offset %d", e.Kind, off)
		}
		if _, off := got.Written.Zone(); !sum.Written.IsZero() && off != -5*3600 {
			t.Fatalf("%s: the time written has zone offset %d", e.Kind, off)
		}
		got.Created, got.Updated, got.Deleted, got.Written = sum.Created, sum.Updated, sum.Deleted, sum.Written
		if !reflect.DeepEqual(got, sum) {
			t.Fatalf("%s:\n got %+v\nwant %+v", e.Kind, got, sum)
		}
	}
	// Every truncation fails cleanly.
	e := everyKind()[1]
	e.Headline, e.Preview = journal.Gist(e)
	b := encodeSummary(e)
	for n := range len(b) {
		if _, err := r.decode(b[:n], summarySchema); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
	// A schema 2 summary read back has no gist, and the same layout.
	old := encodeSummaryV2(e)
	got, err := r.decode(old, summarySchemaV2)
	if err != nil || got.Headline != "" || got.Preview != "" || got.Rev != e.Rev {
		t.Fatalf("schema 2: %+v, %v", got, err)
	}
	// A gist longer than any Tend writes is refused.
	long := *e
	long.Preview = strings.Repeat("x", maxSummaryGist+1)
	if _, err := r.decode(encodeSummary(&long), summarySchema); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a long preview: %v", err)
	}
}

// FuzzDecodeSummary feeds arbitrary bytes to the binary summary decoder,
// as schema 2, 3 and 4: it must fail cleanly or give a summary that,
// written again, reads back the same, gist, time and star included.
func FuzzDecodeSummary(f *testing.F) {
	for _, p := range []string{"testdata/schema-v2-summary.bin", "testdata/schema-v3-summary.bin"} {
		if b, err := os.ReadFile(p); err == nil {
			for s := range uint8(3) {
				f.Add(s, b)
			}
		}
	}
	for i, e := range everyKind() {
		e.ID = journal.ID{byte(i)}
		e.Created = time.Date(2025, 3, 14, 21, 5, 0, 0, time.FixedZone("", -5*3600))
		e.Rev = i + 1
		f.Add(uint8(0), encodeSummaryV2(e))
		e.Headline, e.Preview = journal.Gist(e)
		f.Add(uint8(1), encodeSummaryV3(e))
		e.Written, e.Starred = e.Created, i%2 == 0
		f.Add(uint8(2), encodeSummary(e))
	}
	long := &journal.Entry{Kind: journal.KindFree, Date: journal.Date{Year: 2025, Month: 1, Day: 1}, Body: strings.Repeat("長い文章です。", 100)}
	long.Headline, long.Preview = journal.Gist(long)
	f.Add(uint8(2), encodeSummary(long))
	f.Fuzz(func(t *testing.T, which uint8, b []byte) {
		schema := []uint16{summarySchemaV2, summarySchemaV3, summarySchema}[which%3]
		v2 := schema == summarySchemaV2
		r := &summaryReader{intern: map[string]string{}, zones: map[int]*time.Location{}}
		e, err := r.decode(b, schema)
		if err != nil {
			if !errors.Is(err, ErrCorrupt) {
				t.Fatalf("an error that is not ErrCorrupt: %v", err)
			}
			return
		}
		if v2 && (e.Headline != "" || e.Preview != "") {
			t.Fatal("a summary of schema 2 came with a gist")
		}
		if len(e.Headline) > maxSummaryGist || len(e.Preview) > maxSummaryGist {
			t.Fatalf("a gist of %d and %d bytes was taken", len(e.Headline), len(e.Preview))
		}
		if schema < summarySchema && (!e.Written.IsZero() || e.Starred) {
			t.Fatal("a summary older than schema 4 came with a time or a star")
		}
		again, err := r.decode(encodeSummary(e), summarySchema)
		if err != nil {
			t.Fatalf("written again, it does not read: %v", err)
		}
		if e.Headline == "" {
			e.Headline = e.Title // a headline stored empty is the title
		}
		if again.ID != e.ID || again.Kind != e.Kind || again.Date != e.Date || again.Title != e.Title ||
			!slices.Equal(again.Tags, e.Tags) || again.Mood != e.Mood || again.Words != e.Words || again.Rev != e.Rev ||
			again.Headline != e.Headline || again.Preview != e.Preview ||
			!again.Written.Equal(e.Written) || again.Starred != e.Starred {
			t.Fatalf("written again, it reads differently:\n%+v\n%+v", e, again)
		}
	})
}

// TestScanReaderKeepsEachEntryApart reads many sealed summaries of many
// lengths through one scanning reader, which opens each into the same
// memory and hands out entries from shared slabs, and checks every entry
// afterwards: none may hold bytes of a later one.
func TestScanReaderKeepsEachEntryApart(t *testing.T) {
	s := sealTestSealer(t, sealTestKey, sealTestVault)
	r := newScanReader()
	kinds := everyKind()
	var want, got []*journal.Entry
	for i := range 3*slabSize + 5 {
		e := kinds[i%len(kinds)]
		e.ID = journal.NewID()
		e.Title = strings.Repeat("t", i%7) // some with a title, some without
		e.Body = strings.Repeat("words of a page ", 1+(i*37)%300)
		e.Created = time.Date(2025, 3, 14, 21, 5, i, 0, time.UTC)
		e.Updated = e.Created
		e.Tags = []string{fmt.Sprint("tag", i%5)}
		e.Headline, e.Preview = journal.Gist(e)
		sum, _ := splitEntry(e)
		key := summaryKey(e.ID)
		sealed := s.seal(key, summarySchema, encodeSummary(sum))
		pt, schema, err := s.openWith(&r.open, key, sealed)
		if err != nil {
			t.Fatal(err)
		}
		e2, err := decodeSummaryWith(r, schema, pt)
		if err != nil {
			t.Fatal(err)
		}
		want, got = append(want, sum), append(got, e2)
	}
	for i := range want {
		if got[i].Title != want[i].Title || got[i].Headline != want[i].Headline || got[i].Preview != want[i].Preview ||
			got[i].ID != want[i].ID || !reflect.DeepEqual(got[i].Tags, want[i].Tags) {
			t.Fatalf("entry %d read back as %q / %q / %q, want %q / %q / %q", i,
				got[i].Title, got[i].Headline, got[i].Preview, want[i].Title, want[i].Headline, want[i].Preview)
		}
	}
	// A record sealed under another key is refused through the same memory.
	sealed := s.seal(summaryKey(want[0].ID), summarySchema, encodeSummary(want[0]))
	if _, _, err := s.openWith(&r.open, summaryKey(want[1].ID), sealed); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("a record moved to another key opened: %v", err)
	}
}
