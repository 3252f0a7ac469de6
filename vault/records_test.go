package vault

import (
	"os"
	"testing"
	"time"
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
	if e.ID.String() != "00112233445566778899aabbccddeeff" || e.Kind != KindCheckIn || e.Date != (Date{2025, time.March, 14}) ||
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
	if c.Body != "Couldn't sleep." || c.Fields.CheckIn == nil || c.Fields.CheckIn.Safety != 4 || c.Fields.CheckIn.Attachment != AttachAnxious {
		t.Fatalf("content decoded as %+v", c)
	}
	if _, err := decodeSummary(2, b); err == nil {
		t.Fatal("a schema from the future decoded without complaint")
	}
}

func TestHistoryKeysAreOpaqueAndDistinct(t *testing.T) {
	k := []byte("0123456789abcdef0123456789abcdef")
	id := NewID()
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
