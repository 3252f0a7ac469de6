package vault

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"tend/internal/sample"
	"tend/journal"
)

// encodeEntry writes the very bytes encoding/json writes, for every kind
// of entry a journal holds and for the odd ones: every member set, text
// that JSON escapes, times in other zones and with nanoseconds, and times
// JSON cannot hold.
func TestEncodeEntryWritesWhatJSONWrites(t *testing.T) {
	entries := sample.Journal(7, 400, journal.Date{Year: 2026, Month: 5, Day: 1})
	zone := time.FixedZone("", -(3*3600 + 30*60))
	full := &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindPrompted, Date: journal.Date{Year: 2025, Month: 12, Day: 31},
		Written: time.Date(2025, 12, 31, 23, 59, 58, 123456789, zone),
		Created: time.Date(2025, 12, 31, 23, 59, 58, 0, time.UTC), Updated: time.Date(2026, 1, 1, 0, 0, 1, 5, time.Local),
		Title: `<b>"Quotes" & \back\slashes</b>`, Body: "tabs\tand\nnew lines, \x00 \x1f \u2028 \u2029 \xff\xfe not UTF-8, 日本, 🙂",
		Tags: []string{"a", "<tag>", "ü"}, Mood: -2,
		Prompt:  &journal.PromptRef{Path: "acceptance", Step: "a1", Text: "What is <hard>?"},
		Fields:  journal.Fields{Letter: &journal.Letter{Age: 7, Opening: "Dear you & me"}},
		Files:   []journal.File{{ID: journal.NewFileID(), Name: "a <b>.jpg", Type: "image/jpeg", Size: 12, SHA256: "ab"}},
		Starred: true, Journal: journal.NewJournalID(), Deleted: time.Date(2026, 2, 3, 4, 5, 6, 7, zone),
		Words: 42, Rev: 9, Headline: "never written", Preview: "never written either",
	}
	entries = append(entries, full, &journal.Entry{}, &journal.Entry{Kind: "odd\u007f", Date: journal.Date{Year: -1}},
		&journal.Entry{Date: journal.Date{Year: 12345, Month: 13, Day: 0}}, &journal.Entry{Date: journal.Date{Year: 7, Month: 2, Day: 9}})
	for i, e := range entries {
		want, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		if got := encodeEntry(e); !bytes.Equal(got, want) {
			t.Fatalf("entry %d:\n got %s\nwant %s", i, got, want)
		}
	}
	far := &journal.Entry{Created: time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC)}
	if _, ok := appendEntry(nil, far); ok {
		t.Fatal("a time JSON cannot hold was written")
	}
}
