package vault

import (
	"errors"
	"os"
	"reflect"
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
		t.Fatal("a schema from the future decoded without complaint")
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
	for _, e := range everyKind() {
		e.Created = time.Date(2025, 3, 14, 21, 5, 0, 0, time.FixedZone("", -5*3600))
		f.Add(uint16(summarySchema), encodeSummary(e))
	}
	f.Fuzz(func(t *testing.T, schema uint16, b []byte) {
		if e, err := decodeSummary(schema, b); err == nil && e == nil {
			t.Fatal("no entry and no error")
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
		}
		sum, _ := splitEntry(e)
		got, err := r.decode(encodeSummary(sum))
		if err != nil {
			t.Fatalf("%s: %v", e.Kind, err)
		}
		if !got.Created.Equal(sum.Created) || !got.Updated.Equal(sum.Updated) || !got.Deleted.Equal(sum.Deleted) {
			t.Fatalf("%s: times differ", e.Kind)
		}
		if _, off := got.Created.Zone(); off != 3600 {
			t.Fatalf("%s: zone offset %d", e.Kind, off)
		}
		got.Created, got.Updated, got.Deleted = sum.Created, sum.Updated, sum.Deleted
		if !reflect.DeepEqual(got, sum) {
			t.Fatalf("%s:\n got %+v\nwant %+v", e.Kind, got, sum)
		}
	}
	// Every truncation fails cleanly.
	b := encodeSummary(everyKind()[1])
	for n := range len(b) {
		if _, err := r.decode(b[:n]); !errors.Is(err, ErrCorrupt) {
			t.Fatalf("truncated at %d: %v", n, err)
		}
	}
}
