package backup

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"tend/journal"
)

// The manifest is written byte for byte as encoding/json indents it,
// whatever its members are named.
func TestManifestJSONIsWhatJSONIndents(t *testing.T) {
	base := Manifest{
		Format: Format, FormatVersion: FormatVersion, VaultID: strings.Repeat("ab", 16),
		Created: time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC), AppVersion: `1.0 <"beta"> & more`,
		Counts:  Counts{Entries: 2, History: 1, Prefs: 1, Files: 1},
		LeftOut: []journal.Damage{{Record: "body", Problem: "never written"}},
	}
	many := base
	for i := range 300 {
		many.Members = append(many.Members, Member{Name: EntryName(journal.NewID()), Size: int64(i * 1000), SHA256: strings.Repeat("0f", 32)})
	}
	odd := base
	odd.Members = []Member{
		{Name: "README.txt", Size: 0, SHA256: ""},
		{Name: "files/é<&>\"\\\x01\u2028.jpg", Size: -1, SHA256: "\x7f"},
	}
	empty := base
	empty.Members = []Member{}
	for i, m := range []Manifest{base, many, odd, empty} {
		want, err := json.MarshalIndent(m, "", "  ")
		if err != nil {
			t.Fatal(err)
		}
		got, err := manifestJSON(m)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("manifest %d (%v):\n got %s\nwant %s", i, err, got, want)
		}
	}
}
