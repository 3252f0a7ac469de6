package plain

import (
	"archive/zip"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/journal"
)

// dayOneJSON is a Day One journal file of one entry.
func dayOneJSON(uuid, text string) []byte {
	return []byte(`{"entries":[{"uuid":"` + uuid + `","text":"` + text + `","creationDate":"2024-03-05T20:40:00Z","timeZone":"Europe/Lisbon"}]}`)
}

// TestDayOneSeveralJournals reads a Day One export of several journals, a
// folder and a zip, into a plan that names each entry's journal after its
// file; an export of one journal names none, so its entries go where the
// person chooses.
func TestDayOneSeveralJournals(t *testing.T) {
	dir := t.TempDir()
	files := map[string][]byte{
		"Journal.json":       dayOneJSON("A1", "# Home\\nAt home."),
		"Therapy notes.json": dayOneJSON("B2", "# Session\\nWe talked."),
	}
	var zbuf bytes.Buffer
	zw := zip.NewWriter(&zbuf)
	for name, data := range files {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	zipPath := filepath.Join(t.TempDir(), "export.zip")
	if err := os.WriteFile(zipPath, zbuf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{dir, zipPath} {
		p, err := Read(FromDayOne, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Entries) != 2 {
			t.Fatalf("%s: %d entries", src, len(p.Entries))
		}
		for _, e := range p.Entries {
			want := map[string]string{"Home": "Journal", "Session": "Therapy notes"}[e.Title]
			if got := p.Journals[e.ID]; got != want {
				t.Fatalf("%s: %q is in %q, want %q", src, e.Title, got, want)
			}
		}
	}
	one, err := Read(FromDayOne, filepath.Join(dir, "Journal.json"))
	if err != nil || len(one.Entries) != 1 || len(one.Journals) != 0 {
		t.Fatalf("one journal's file: %+v, %v", one, err)
	}
}

// TestExportsCarryJournals writes entries of two journals to Markdown (a
// folder for each, the name in each file's front matter, a journal named
// with characters no system takes kept apart safely) and to JSON (the list
// beside the entries), and reads both back with each entry's journal.
func TestExportsCarryJournals(t *testing.T) {
	books := journal.DefaultJournals()
	books, odd, err := books.Add(`Notes: "a/b"?`, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	d := journal.Date{Year: 2024, Month: 5, Day: 1}
	entries := []*journal.Entry{
		{ID: journal.NewID(), Kind: journal.KindFree, Date: d, Title: "First", Body: "one", Created: time.Now()},
		{ID: journal.NewID(), Kind: journal.KindFree, Date: d, Title: "Second", Body: "two", Journal: odd.ID, Created: time.Now()},
		{ID: journal.NewID(), Kind: journal.KindFree, Date: d, Title: "Gone", Body: "three", Journal: odd.ID, Created: time.Now(), Deleted: time.Now()},
	}
	out := filepath.Join(t.TempDir(), "md")
	if err := WriteMarkdown(out, entries, books, nil); err != nil {
		t.Fatal(err)
	}
	for _, f := range []string{"Journal/2024-05-01 First.md", "Notes ab/2024-05-01 Second.md", "Notes ab/Trash/2024-05-01 Gone.md"} {
		if _, err := os.Stat(filepath.Join(out, filepath.FromSlash(f))); err != nil {
			t.Fatalf("the export has no %s: %v", f, err)
		}
	}
	p, err := Read(FromMarkdown, out)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Entries {
		want := map[string]string{"First": "Journal", "Second": odd.Name, "Gone": odd.Name}[e.Title]
		if p.Journals[e.ID] != want {
			t.Fatalf("Markdown: %q came back in %q, want %q", e.Title, p.Journals[e.ID], want)
		}
	}

	var buf bytes.Buffer
	if err := WriteJSON(&buf, entries, nil, books, nil, time.Now()); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"journals"`) {
		t.Fatal("the JSON export does not list the journals")
	}
	jp := filepath.Join(t.TempDir(), "export.json")
	if err := os.WriteFile(jp, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	p, err = Read(FromJSON, jp)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range p.Entries {
		if !e.Journal.IsZero() {
			t.Fatalf("JSON: %q keeps the export's journal id", e.Title)
		}
		if want := map[string]string{"First": "Journal", "Second": odd.Name, "Gone": odd.Name}[e.Title]; p.Journals[e.ID] != want {
			t.Fatalf("JSON: %q came back in %q, want %q", e.Title, p.Journals[e.ID], want)
		}
	}

	// With one journal, the layout is as it always was.
	one := filepath.Join(t.TempDir(), "one")
	if err := WriteMarkdown(one, entries[:1], journal.DefaultJournals(), nil); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(one, "2024-05-01 First.md")); err != nil {
		t.Fatal(err)
	}
}
