package plain

import (
	"archive/zip"
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"tend/internal/vaulttest"
	"tend/journal"
)

func TestImportDayOne(t *testing.T) {
	folder := filepath.Join("testdata", "import", "dayone")
	zipPath := filepath.Join(t.TempDir(), "export.zip")
	photo := "photos/174b93648b685ee6dc1e0d77f120f877.jpeg"
	zipOf(t, zipPath, map[string][]byte{
		"Journal.json": vaulttest.ReadFile(t, filepath.Join(folder, "Journal.json")),
		photo:          vaulttest.ReadFile(t, filepath.Join(folder, photo)),
		// Named by its identifier, not its MD5: not the file the entry
		// names.
		"photos/1122334455667788990011223344556677.heic": []byte("nor this"),
	})
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no time zone data on this machine")
	}
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	for _, src := range []string{folder, zipPath} {
		p, err := Read(FromDayOne, src)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		// The third entry holds only a photo that is not in the export.
		if p.Media != 1 || len(p.Entries) != 2 || len(p.Skipped) != 1 || p.Skipped[0].Why != WhyOnlyMedia {
			t.Fatalf("%s: media %d, %d entries, skipped %v", src, p.Media, len(p.Entries), p.Skipped)
		}
		a, b := p.Entries[0], p.Entries[1]
		// 22:45 UTC on 31 March is 07:45 on 1 April in Tokyo: the day is
		// the writer's.
		want := &journal.Entry{
			ID: importID(FromDayOne, "3C1F7A2E9B6D4E0F8A1B2C3D4E5F6071"), Kind: journal.KindFree,
			Date:    journal.Date{Year: 2024, Month: time.April, Day: 1},
			Created: time.Date(2024, time.April, 1, 7, 45, 10, 0, tokyo),
			Updated: time.Date(2024, time.April, 1, 8, 2, 0, 0, tokyo),
			Title:   "Early walk",
			Body:    "I noticed I checked my phone less today.\n\n![](photo.jpeg)\n\nThat felt like a small win.",
			Tags:    []string{"trust", "morning"},
			Starred: true,
		}
		// The time it was written is kept on the writer's clock, with
		// the offset of their zone then.
		if _, off := a.Written.Zone(); !a.Written.Equal(want.Created) || off != 9*3600 || a.Written.Hour() != 7 {
			t.Errorf("%s: first entry written %v", src, a.Written)
		}
		a.Written = time.Time{}
		if !reflect.DeepEqual(a, want) {
			t.Errorf("%s: first entry\n got %+v\nwant %+v", src, a, want)
		}
		// Its photo comes with it, under the name its body links.
		if f := p.Files[a.ID]; len(f) != 1 || f[0].Name != "photo.jpeg" || f[0].Item != photo || p.FileCount() != 1 {
			t.Errorf("%s: files %+v", src, p.Files)
		} else if data, err := f[0].read(); err != nil || !bytes.Equal(data, vaulttest.ReadFile(t, filepath.Join(folder, photo))) {
			t.Errorf("%s: the photo reads %d bytes, %v", src, len(data), err)
		}
		if b.Title != "" || b.Body != "Talked with Sam about the weekend. No heading here." || b.Date != (journal.Date{Year: 2024, Month: time.April, Day: 2}) ||
			!b.Created.Equal(time.Date(2024, time.April, 2, 19, 5, 0, 0, lisbon)) || b.Tags != nil || b.Starred ||
			!b.Written.Equal(b.Created) || b.Written.Hour() != 19 {
			t.Errorf("%s: second entry %+v", src, b)
		}
	}
}

func zipOf(t *testing.T, p string, files map[string][]byte) {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write(data)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, buf.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
}

func TestImportJrnl(t *testing.T) {
	p, err := Read(FromJrnl, filepath.Join("testdata", "import", "jrnl.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 2 || len(p.Skipped) != 0 {
		t.Fatalf("%d entries, skipped %v", len(p.Entries), p.Skipped)
	}
	at := func(d string) time.Time {
		tm, _ := time.ParseInLocation("2006-01-02 15:04", d, time.Local)
		return tm
	}
	want := []*journal.Entry{
		{
			ID: p.Entries[0].ID, Kind: journal.KindFree, Date: journal.Date{Year: 2023, Month: time.November, Day: 2}, Created: at("2023-11-02 17:30"), Updated: at("2023-11-02 17:30"),
			Title: "Session with Dr. Ray.", Body: " We talked about the fear of being left.\nI want to bring the letter next time.", Tags: []string{"therapy"},
			Starred: true,
		},
		{
			ID: p.Entries[1].ID, Kind: journal.KindFree, Date: journal.Date{Year: 2023, Month: time.November, Day: 4}, Created: at("2023-11-04 09:05"), Updated: at("2023-11-04 09:05"),
			Title: "Sam kept his word about Friday.", Tags: []string{"sam"},
		},
	}
	// jrnl's date and time are the time each was written, on this
	// machine's clock.
	for i, e := range p.Entries {
		if !e.Written.Equal(want[i].Created) || e.Written.Hour() != want[i].Created.Hour() || e.Written.Minute() != want[i].Created.Minute() {
			t.Errorf("entry %d written %v, want %v", i, e.Written, want[i].Created)
		}
		e.Written = time.Time{}
	}
	if !reflect.DeepEqual(p.Entries, want) {
		t.Fatalf("got %+v\nwant %+v", p.Entries, want)
	}
	if p.Entries[0].ID == p.Entries[1].ID || p.Entries[0].ID.IsZero() {
		t.Fatal("ids are not distinct")
	}
	if from, to := p.DateRange(); from != want[0].Date || to != want[1].Date {
		t.Fatalf("range %s..%s", from, to)
	}
}

// TestImportMarkdownTimeAndStar reads the time an entry was written from
// front matter in the ways tools write it: a date with its time and zone,
// a date and a time of day, Tend's own written key; and a star. A file
// with only a day has no time.
func TestImportMarkdownTimeAndStar(t *testing.T) {
	mtime := time.Date(2024, 6, 1, 12, 0, 0, 0, time.UTC)
	local := func(s string) time.Time {
		tm, err := time.ParseInLocation("2006-01-02 15:04", s, time.Local)
		if err != nil {
			t.Fatal(err)
		}
		return tm
	}
	plus1 := time.FixedZone("", 3600)
	tests := []struct {
		name, front string
		day         journal.Date
		written     time.Time
		offset      int // of the time written, checked when not local
		starred     bool
	}{
		{"zoned.md", "date: 2024-03-05T21:40:00+01:00\nstarred: true", journal.Date{Year: 2024, Month: 3, Day: 5}, time.Date(2024, 3, 5, 21, 40, 0, 0, plus1), 3600, true},
		{"local.md", "date: 2024-03-05 21:40", journal.Date{Year: 2024, Month: 3, Day: 5}, local("2024-03-05 21:40"), -1, false},
		{"time.md", "date: 2024-03-05\ntime: 07:15\nstarred: no", journal.Date{Year: 2024, Month: 3, Day: 5}, local("2024-03-05 07:15"), -1, false},
		{"2024-03-05 named.md", "time: 07:15", journal.Date{Year: 2024, Month: 3, Day: 5}, local("2024-03-05 07:15"), -1, false},
		// After midnight, but the writer kept it on the day before.
		{"tend.md", "date: 2024-03-05\nwritten: 2024-03-06T00:30:00-05:00\nkind: free", journal.Date{Year: 2024, Month: 3, Day: 5}, time.Date(2024, 3, 6, 0, 30, 0, 0, time.FixedZone("", -5*3600)), -5 * 3600, false},
		{"day.md", "date: 2024-03-05", journal.Date{Year: 2024, Month: 3, Day: 5}, time.Time{}, 0, false},
	}
	for _, tt := range tests {
		e, skip, err := parseMarkdownFile(tt.name, []byte("---\n"+tt.front+"\n---\nSome words.\n"), mtime)
		if err != nil || skip != 0 {
			t.Fatalf("%s: %v %v", tt.name, err, skip)
		}
		if e.Date != tt.day || !e.Written.Equal(tt.written) || e.Starred != tt.starred {
			t.Errorf("%s: day %v, written %v, starred %v; want %v, %v, %v", tt.name, e.Date, e.Written, e.Starred, tt.day, tt.written, tt.starred)
		}
		if _, off := e.Written.Zone(); tt.offset != -1 && off != tt.offset {
			t.Errorf("%s: written in a zone %d seconds from UTC, want %d", tt.name, off, tt.offset)
		}
	}
	for front, key := range map[string]string{"written: tonight": "written", "date: 2024-03-05\ntime: 25:00": "time", "starred: often": "starred"} {
		_, _, err := parseMarkdownFile("bad.md", []byte("---\n"+front+"\n---\nx\n"), mtime)
		if !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), key) {
			t.Errorf("%q: %v", front, err)
		}
	}
	// Written out and read back, the time keeps its zone and the star
	// stays.
	e := &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2024, Month: 3, Day: 5},
		Written: time.Date(2024, 3, 5, 21, 40, 0, 0, plus1), Starred: true, Body: "Some words.",
	}
	md := MarkdownOf(e)
	if !bytes.Contains(md, []byte("written: 2024-03-05T21:40:00+01:00\n")) || !bytes.Contains(md, []byte("starred: true\n")) {
		t.Fatalf("front matter:\n%s", md)
	}
	back, _, err := parseMarkdownFile("back.md", md, mtime)
	if err != nil || !back.Written.Equal(e.Written) || !back.Starred {
		t.Fatalf("read back: %+v, %v", back, err)
	}
	if _, off := back.Written.Zone(); off != 3600 {
		t.Fatalf("read back in a zone %d seconds from UTC", off)
	}
}

func TestImportBoundsSizes(t *testing.T) {
	src := filepath.Join(t.TempDir(), "big.md")
	f, err := os.Create(src)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(maxImportText + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	if _, err := Read(FromMarkdown, src); !errors.Is(err, ErrMalformed) || !strings.Contains(err.Error(), "larger") {
		t.Fatalf("oversized file: %v", err)
	}
}

func checkPlan(t *testing.T, p *Plan, err error) {
	if err != nil {
		if p != nil {
			t.Fatal("a plan with an error")
		}
		return
	}
	for _, e := range p.Entries {
		if e.ID.IsZero() || !e.Kind.Valid() || e.Date.IsZero() {
			t.Fatalf("an entry that cannot be written: %+v", e)
		}
	}
}

func FuzzImportDayOne(f *testing.F) {
	f.Add(mustReadF(f, filepath.Join("testdata", "import", "dayone", "Journal.json")))
	f.Add([]byte(`{"entries":[{"text":"# t\nb","creationDate":"2024-01-01T00:00:00Z","timeZone":"../../etc"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseDayOne("Journal.json", data, nil)
		checkPlan(t, p, err)
	})
}

func FuzzImportJrnl(f *testing.F) {
	f.Add(mustReadF(f, filepath.Join("testdata", "import", "jrnl.json")))
	f.Add([]byte(`{"entries":[{"date":"2024-01-01","time":"25:00"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseJrnl(data)
		checkPlan(t, p, err)
	})
}

func FuzzImportMarkdown(f *testing.F) {
	f.Add("2024-05-01 x.md", mustReadF(f, filepath.Join("testdata", "import", "markdown", "notes", "With front matter.md")))
	f.Add("n.md", []byte("---\nkind: dialogue\nturns: [{\"voice\":\"now\",\"text\":\"hi #1\"}]\ntags: [a, 'b c']\n---\n# T\n"))
	f.Fuzz(func(t *testing.T, name string, data []byte) {
		e, skip, err := parseMarkdownFile(name, data, time.Unix(1700000000, 0))
		if err == nil && skip == 0 {
			checkPlan(t, &Plan{Entries: []*journal.Entry{e.Entry}}, nil)
		}
	})
}

func FuzzImportJSON(f *testing.F) {
	var buf bytes.Buffer
	e := &journal.Entry{
		ID: journal.NewID(), Rev: 2, Kind: journal.KindLetter, Date: journal.Date{Year: 2024, Month: 5, Day: 1},
		Title: "To you", Body: "I kept this.", Tags: []string{"trust"}, Fields: journal.Fields{Letter: &journal.Letter{Age: 7, Opening: "Dear you,"}},
	}
	old := *e
	old.Rev, old.Body = 1, "I kept"
	if err := WriteJSON(&buf, []*journal.Entry{e}, []*journal.Entry{&old}, journal.DefaultJournals(), nil, time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC)); err != nil {
		f.Fatal(err)
	}
	f.Add(buf.Bytes())
	f.Add([]byte(`{"format":"tend-export","format_version":1,"entries":[{"id":"00000000000000000000000000000001","kind":"free","date":"2024-01-01"}],"history":[{"id":"00000000000000000000000000000002"}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseExport(data)
		checkPlan(t, p, err)
	})
}

func mustReadF(f *testing.F, p string) []byte {
	b, err := os.ReadFile(p)
	if err != nil {
		f.Fatal(err)
	}
	return b
}

// TestANoteIsNamedByItsPathInTheFolder reads a folder of notes in which
// 2024/index.md is larger than a note can be: the refusal names it by its
// path inside the folder, not as "index.md", which 2025/index.md is too.
func TestANoteIsNamedByItsPathInTheFolder(t *testing.T) {
	dir := t.TempDir()
	for _, year := range []string{"2024", "2025"} {
		if err := os.Mkdir(filepath.Join(dir, year), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, year, "index.md"), []byte("A calm evening.\n"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Truncate(filepath.Join(dir, "2024", "index.md"), maxImportText+1); err != nil {
		t.Fatal(err)
	}
	_, err := Read(FromMarkdown, dir)
	var e *ImportError
	if !errors.As(err, &e) || e.Fault != FaultTooLarge || e.File != "2024/index.md" {
		t.Fatalf("the folder is refused with %v, want a note too large named 2024/index.md", err)
	}
}
