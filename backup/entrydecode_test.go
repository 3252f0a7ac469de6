package backup

import (
	"encoding/json"
	"math/rand/v2"
	"reflect"
	"testing"
	"time"

	"tend/internal/sample"
	"tend/journal"
)

// entryDocs are documents of every kind of entry, as Tend writes them, and
// some as another writer might: spaces, escapes, members in another order.
func entryDocs(t testing.TB) [][]byte {
	var docs [][]byte
	for _, e := range sample.Journal(3, 300, journal.Date{Year: 2026, Month: 2, Day: 1}) {
		b, err := json.Marshal(e)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, b)
	}
	full := &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindPrompted, Date: journal.Date{Year: 2025, Month: 12, Day: 31},
		Written: time.Date(2025, 12, 31, 23, 59, 58, 123456789, time.FixedZone("", -12600)),
		Created: time.Date(2025, 12, 31, 23, 59, 58, 0, time.UTC), Updated: time.Date(2026, 1, 1, 0, 0, 1, 5, time.UTC),
		Title: `<b>"Quotes" & \back\slashes</b>`, Body: "tabs\tand\nlines \x01 \u2028 日本 🙂 \ufffd",
		Tags: []string{"a", "<tag>"}, Mood: -2,
		Prompt:  &journal.PromptRef{Path: "acceptance", Step: "a1", Text: "What is <hard>?"},
		Fields:  journal.Fields{Letter: &journal.Letter{Age: 7, Opening: "Dear {you} [me]"}},
		Files:   []journal.File{{ID: journal.NewFileID(), Name: `a "b".jpg`, Type: "image/jpeg", Size: 12, SHA256: "ab"}},
		Starred: true, Journal: journal.NewJournalID(), Deleted: time.Date(2026, 2, 3, 4, 5, 6, 7, time.UTC),
		Words: 42, Rev: 9,
	}
	b, _ := json.Marshal(full)
	docs = append(docs, b,
		[]byte(` { "rev" : 3 , "id":"00112233445566778899aabbccddeeff", "kind":"free","date":"2026-01-02","tags":[ ],
			"body":"\u00e9\ud83d\ude00 \ud800 \udc00x \/ \b\f\r","created":"2026-01-02T03:04:05Z","updated":"2026-01-02T03:04:05Z"} `),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","Title":"case"}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","title":"a","title":"twice"}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","mood":null}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","mood":1.0,"words":1e3}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","rev":99999999999999999999}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","body":"bad \xff byte"}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","created":"2026-01-02T03:04:05\u005a"}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","unknown":1}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02"} trailing`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","fields":{"letter":{"age":"x"}}}`),
		[]byte(`{"id":"00112233445566778899aabbccddeeff","kind":"free","date":"2026-01-02","prompt":{"path":"p"},"starred":false,"journal":"0011223344556677"}`),
		[]byte(`{}`), []byte(``), []byte(`[]`), []byte(`{"id":`),
	)
	return docs
}

// checkSame fails t unless decodeEntryJSON, when it reads doc, reads what
// json.Unmarshal reads.
func checkSame(t testing.TB, doc []byte) {
	got, ok := decodeEntryJSON(doc)
	if !ok {
		return // json.Unmarshal reads it, as before
	}
	var want journal.Entry
	if err := json.Unmarshal(doc, &want); err != nil {
		t.Fatalf("read %q, which json.Unmarshal refuses: %v", doc, err)
	}
	if !reflect.DeepEqual(*got, want) {
		t.Fatalf("read %q as\n%+v\nbut json.Unmarshal reads\n%+v", doc, *got, want)
	}
}

func TestDecodeEntryReadsWhatJSONReads(t *testing.T) {
	docs := entryDocs(t)
	read := 0
	for _, doc := range docs {
		checkSame(t, doc)
		if _, ok := decodeEntryJSON(doc); ok {
			read++
		}
	}
	if read < 300 {
		t.Fatalf("only %d of the documents Tend writes were read directly", read)
	}
	// Documents damaged byte by byte.
	rng := rand.New(rand.NewPCG(5, 6))
	for range 20000 {
		doc := append([]byte(nil), docs[rng.IntN(len(docs))]...)
		if len(doc) == 0 {
			continue
		}
		for range 1 + rng.IntN(3) {
			doc[rng.IntN(len(doc))] = "\"\\{}[],:0123456789-.eEtrufalsn \x00\xff\xc3u"[rng.IntN(33)]
		}
		checkSame(t, doc)
	}
}

func FuzzDecodeEntry(f *testing.F) {
	for _, doc := range entryDocs(f) {
		f.Add(doc)
	}
	f.Fuzz(func(t *testing.T, doc []byte) { checkSame(t, doc) })
}
