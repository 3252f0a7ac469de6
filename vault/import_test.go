package vault

import (
	"archive/zip"
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"tend/internal/vaulttest"
	"tend/journal"
)

// fillEveryKind puts one entry of every kind, edits one (history) and trashes
// one, and returns the vault.
func fillEveryKind(t testing.TB) *Vault {
	t.Helper()
	v, _, _ := newTestVault(t)
	all := everyKind()
	all[0].Title = "Evening pages"
	for _, e := range all {
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	all[0].Body += " Later."
	if err := v.Put(all[0]); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(all[8].ID); err != nil {
		t.Fatal(err)
	}
	return v
}

// contents is every entry of a vault in full, trash included, by id.
func contents(t *testing.T, v *Vault) map[journal.ID]string {
	t.Helper()
	out := map[journal.ID]string{}
	for _, trash := range []bool{false, true} {
		list, err := v.List(ListQuery{Trash: trash})
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range list {
			e, err := v.Get(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			h, err := v.History(s.ID)
			if err != nil {
				t.Fatal(err)
			}
			out[e.ID] = string(encodeJSON(struct {
				E *journal.Entry
				H []*journal.Entry
			}{e, h}))
		}
	}
	return out
}

func TestJSONExportImportRoundTrip(t *testing.T) {
	v := fillEveryKind(t)
	out := filepath.Join(t.TempDir(), "journal.json")
	res, err := v.ExportToPath(out, ExportJSON, ExportOptions{History: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 9 || res.History != 2 {
		t.Fatalf("result %+v", res)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file mode: %v %v", fi.Mode(), err)
	}
	p, err := ReadImport(FromJSON, out)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 9 || len(p.History) != 2 || len(p.Skipped) != 0 {
		t.Fatalf("plan: %d entries, %d history, %v", len(p.Entries), len(p.History), p.Skipped)
	}
	w, _, _ := newTestVault(t)
	rep, err := w.ApplyImport(p)
	if err != nil || rep.Added != 9 {
		t.Fatalf("apply: %+v %v", rep, err)
	}
	want, got := contents(t, v), contents(t, w)
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("imported journal differs:\n got %v\nwant %v", got, want)
	}
	// A second import adds nothing.
	rep, err = w.ApplyImport(p)
	if err != nil || rep.Added != 0 || rep.AlreadyHere != 9 {
		t.Fatalf("second apply: %+v %v", rep, err)
	}
	if !reflect.DeepEqual(contents(t, w), want) {
		t.Fatal("a second import changed the journal")
	}
}

func TestMarkdownExportNamesAndFrontMatter(t *testing.T) {
	v := fillEveryKind(t)
	e := &journal.Entry{Title: `Evening pages`, Date: journal.Date{Year: 2026, Month: time.November, Day: 23}, Body: "same day, same title"}
	odd := &journal.Entry{Title: ` ..What/now: "really"? #1 `, Date: journal.Date{Year: 2026, Month: time.November, Day: 24}, Tags: []string{"true", "a b"}}
	for _, x := range []*journal.Entry{e, odd} {
		if err := v.Put(x); err != nil {
			t.Fatal(err)
		}
	}
	if got := MarkdownFileName(odd); got != "2026-11-24 Whatnow really 1" {
		t.Fatalf("sanitised name %q", got)
	}
	root := t.TempDir()
	out := filepath.Join(root, "export")
	if _, err := v.ExportToPath(out, ExportMarkdown, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	names := map[string]bool{}
	filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			t.Fatal(err)
		}
		fi, _ := d.Info()
		rel, _ := filepath.Rel(out, p)
		switch {
		case d.IsDir() && fi.Mode().Perm() != 0o700:
			t.Errorf("folder %s is %v", rel, fi.Mode().Perm())
		case !d.IsDir() && fi.Mode().Perm() != 0o600:
			t.Errorf("file %s is %v", rel, fi.Mode().Perm())
		}
		if !d.IsDir() {
			names[filepath.ToSlash(rel)] = true
		}
		return nil
	})
	for _, n := range []string{
		"2025-03-14 Evening pages.md", "2026-11-23 Evening pages.md", "2026-11-24 Whatnow really 1.md",
		"2025-03-14 Check-in.md", "Trash/2025-03-14 Therapy note.md",
	} {
		if !names[n] {
			t.Errorf("missing %q in %v", n, names)
		}
	}
	if len(names) != 11 {
		t.Errorf("%d files: %v", len(names), names)
	}
	got := string(mustReadT(t, filepath.Join(out, "2026-11-24 Whatnow really 1.md")))
	wantFM := "---\nid: " + odd.ID.String() + "\ndate: 2026-11-24\ntitle: \" ..What/now: \\\"really\\\"? #1 \"\nkind: free\ntags:\n  - \"true\"\n  - a b\n"
	if !strings.HasPrefix(got, wantFM) || !strings.Contains(got, "\ncreated: ") {
		t.Fatalf("front matter:\n%s", got)
	}
	checkin := string(mustReadT(t, filepath.Join(out, "2025-03-14 Check-in.md")))
	for _, want := range []string{"kind: checkin\n", "mood: 2\n", "safety: 4\n", "emotions:\n  - anxious\n  - hopeful\n", "attachment: anxious\n", "body_notes: tight chest\n"} {
		if !strings.Contains(checkin, want) {
			t.Errorf("check-in lacks %q:\n%s", want, checkin)
		}
	}
	// Exporting over an existing folder is refused.
	if _, err := v.ExportToPath(out, ExportMarkdown, ExportOptions{}); err == nil {
		t.Fatal("an export replaced an existing folder")
	}

	// The Markdown export comes back whole through the Markdown importer,
	// forms included, as a folder and as a zip.
	zipOut := filepath.Join(root, "export.zip")
	if _, err := v.ExportToPath(zipOut, ExportMarkdown, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{out, zipOut} {
		p, err := ReadImport(FromMarkdown, src)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Entries) != 11 {
			t.Fatalf("%s: %d entries, skipped %v", src, len(p.Entries), p.Skipped)
		}
		for _, in := range p.Entries {
			want, err := v.Get(in.ID)
			if err != nil {
				t.Fatalf("%s: %v", src, err)
			}
			a, b := *want, *in
			a.Words, a.Rev = 0, 0
			if !a.Created.Equal(b.Created) || !a.Updated.Equal(b.Updated) || !a.Deleted.Equal(b.Deleted) {
				t.Errorf("%s: times differ for %s", src, a.Title)
			}
			a.Created, a.Updated, a.Deleted = b.Created, b.Updated, b.Deleted
			if !reflect.DeepEqual(&a, &b) {
				t.Errorf("%s: entry differs:\n got %+v\nwant %+v", src, b, a)
			}
		}
	}
}

func mustReadT(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestImportDayOne(t *testing.T) {
	folder := filepath.Join("testdata", "import", "dayone")
	zipPath := filepath.Join(t.TempDir(), "export.zip")
	zipOf(t, zipPath, map[string][]byte{
		"Journal.json": mustReadT(t, filepath.Join(folder, "Journal.json")),
		"photos/9A8B7C6D5E4F30211203F4E5D6C7B8A9.jpeg":   []byte("not really a photo"),
		"photos/1122334455667788990011223344556677.heic": []byte("nor this"),
	})
	tokyo, err := time.LoadLocation("Asia/Tokyo")
	if err != nil {
		t.Skip("no time zone data on this machine")
	}
	lisbon, _ := time.LoadLocation("Europe/Lisbon")
	for _, src := range []string{folder, zipPath} {
		p, err := ReadImport(FromDayOne, src)
		if err != nil {
			t.Fatal(err)
		}
		if p.Media != 2 || len(p.Entries) != 2 || len(p.Skipped) != 1 || !strings.Contains(p.Skipped[0].Reason, "only photos") {
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
			Body:    "I noticed I checked my phone less today.\n\n\nThat felt like a small win.",
			Tags:    []string{"trust", "morning", "starred"},
		}
		if !reflect.DeepEqual(a, want) {
			t.Errorf("%s: first entry\n got %+v\nwant %+v", src, a, want)
		}
		if b.Title != "" || b.Body != "Talked with Sam about the weekend. No heading here." || b.Date != (journal.Date{Year: 2024, Month: time.April, Day: 2}) ||
			!b.Created.Equal(time.Date(2024, time.April, 2, 19, 5, 0, 0, lisbon)) || b.Tags != nil {
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
	p, err := ReadImport(FromJrnl, filepath.Join("testdata", "import", "jrnl.json"))
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
		{ID: p.Entries[0].ID, Kind: journal.KindFree, Date: journal.Date{Year: 2023, Month: time.November, Day: 2}, Created: at("2023-11-02 17:30"), Updated: at("2023-11-02 17:30"),
			Title: "Session with Dr. Ray.", Body: " We talked about the fear of being left.\nI want to bring the letter next time.", Tags: []string{"therapy", "starred"}},
		{ID: p.Entries[1].ID, Kind: journal.KindFree, Date: journal.Date{Year: 2023, Month: time.November, Day: 4}, Created: at("2023-11-04 09:05"), Updated: at("2023-11-04 09:05"),
			Title: "Sam kept his word about Friday.", Tags: []string{"sam"}},
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

func TestImportMarkdownFolder(t *testing.T) {
	src := filepath.Join(t.TempDir(), "notes")
	vaulttest.CopyTree(t, filepath.Join("testdata", "import", "markdown"), src)
	mtime := time.Date(2024, time.June, 10, 12, 0, 0, 0, time.Local)
	if err := os.Chtimes(filepath.Join(src, "Heading only.md"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	p, err := ReadImport(FromMarkdown, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 3 || len(p.Skipped) != 1 || !strings.Contains(p.Skipped[0].Item, "1 other") {
		t.Fatalf("%d entries, skipped %v", len(p.Entries), p.Skipped)
	}
	plain, letter, heading := p.Entries[0], p.Entries[1], p.Entries[2]
	if plain.Date != (journal.Date{Year: 2024, Month: time.May, Day: 1}) || plain.Title != "Plain note" ||
		plain.Body != "I wrote this without any front matter.\n\nIt should be dated from the file name." || plain.Kind != journal.KindFree {
		t.Errorf("plain %+v", plain)
	}
	wantLetter := &journal.Letter{Age: 7, Opening: "Dear you at seven,"}
	if letter.Date != (journal.Date{Year: 2024, Month: time.May, Day: 3}) || letter.Title != "Letter: to me at seven" || letter.Kind != journal.KindLetter || letter.Mood != 4 ||
		!reflect.DeepEqual(letter.Tags, []string{"inner-child", "letters"}) || !reflect.DeepEqual(letter.Fields.Letter, wantLetter) ||
		letter.Body != "You were braver than anyone noticed." {
		t.Errorf("letter %+v %+v", letter, letter.Fields.Letter)
	}
	if heading.Date != (journal.Date{Year: 2024, Month: time.June, Day: 10}) || heading.Title != "A heading becomes the title" || heading.Body != "Body under the heading." ||
		!heading.Created.Equal(mtime) {
		t.Errorf("heading %+v", heading)
	}

	v, dir, _ := newTestVault(t)
	if rep, err := v.ApplyImport(p); err != nil || rep.Added != 3 {
		t.Fatalf("apply: %+v %v", rep, err)
	}
	// Read again from disk: the same ids, so nothing is added twice.
	again, err := ReadImport(FromMarkdown, src)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := v.PresentCount(again); n != 3 {
		t.Fatalf("present %d", n)
	}
	v.Close()
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if rep, err := v.ApplyImport(again); err != nil || rep.Added != 0 || rep.AlreadyHere != 3 {
		t.Fatalf("second apply: %+v %v", rep, err)
	}
	if list, _ := v.List(ListQuery{}); len(list) != 3 {
		t.Fatalf("%d entries after importing twice", len(list))
	}
}

func TestMalformedImportsNameTheLineAndImportNothing(t *testing.T) {
	cases := []struct {
		src  ImportSource
		name string
		data string
		want string
	}{
		{FromJrnl, "jrnl.json", "{\n  \"entries\": [\n    {\"title\": \"a\",\n     \"date\": 2023}\n  ]\n}\n", "line 4"},
		{FromJrnl, "jrnl.json", "{\n  \"entries\": [\n    {\"title\": \"a\", \"date\": \"2023-11-02\"},\n    {\"title\": \"b\", \"date\": \"yesterday\"}\n  ]\n}\n", "entry 2 (line 4)"},
		{FromJrnl, "jrnl.json", "{\n  \"entries\": [\n    {\"title\": \"a\",, }\n  ]\n}\n", "line 3"},
		{FromJrnl, "jrnl.json", "{\n  \"entries\": [\n", "line 3"},
		{FromJrnl, "jrnl.json", "{\"tags\": {}}", "no \"entries\""},
		{FromDayOne, "Journal.json", "{\"entries\": [\n{\"text\": \"hi\", \"creationDate\": \"2024-03-31T22:45:10Z\"},\n{\"text\": \"x\", \"creationDate\": \"soon\"}]}", "entry 2 (line 3)"},
		{FromJSON, "export.json", "{\"format\": \"tend-export\", \"format_version\": 1, \"entries\": [{\"id\": \"00000000000000000000000000000001\", \"kind\": \"poem\", \"date\": \"2024-01-01\"}]}", "entry 1"},
		{FromJSON, "export.json", "{\"format\": \"tend-export\", \"format_version\": 9, \"entries\": []}", "newer version"},
		{FromJSON, "export.json", "{\"format\": \"tend-export\",\n \"format_version\": 1,\n \"entries\": [{\"id\": \"00000000000000000000000000000001\",\n \"mood\": \"high\"}]}", "line 4"},
		{FromMarkdown, "note.md", "---\ntitle: fine\nthis is not yaml\n---\nbody\n", "note.md, line 3"},
		{FromMarkdown, "note.md", "---\ndate: someday\n---\nbody\n", "note.md, line 2"},
		{FromMarkdown, "note.md", "---\nkind: checkin\nsafety: [1\n---\n", "note.md, line 3"},
	}
	for _, c := range cases {
		t.Run(string(c.src)+" "+c.want, func(t *testing.T) {
			v, dir, _ := newTestVault(t)
			if err := v.Put(&journal.Entry{Body: "already here"}); err != nil {
				t.Fatal(err)
			}
			v.Close()
			before := vaulttest.HashTree(t, dir)
			src := filepath.Join(t.TempDir(), c.name)
			if err := os.WriteFile(src, []byte(c.data), 0o600); err != nil {
				t.Fatal(err)
			}
			p, err := ReadImport(c.src, src)
			if !errors.Is(err, ErrImportMalformed) || !strings.Contains(err.Error(), c.want) || p != nil {
				t.Fatalf("got %v, want an error naming %q", err, c.want)
			}
			if after := vaulttest.HashTree(t, dir); !reflect.DeepEqual(before, after) {
				t.Fatal("a malformed import changed the vault's files")
			}
		})
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
	if _, err := ReadImport(FromMarkdown, src); !errors.Is(err, ErrImportMalformed) || !strings.Contains(err.Error(), "larger") {
		t.Fatalf("oversized file: %v", err)
	}
}

// Fuzz targets: each parser must return a plan or an error, never panic,
// and a plan's entries must be writable as they are.

func checkPlan(t *testing.T, p *ImportPlan, err error) {
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
		p, err := parseDayOne("Journal.json", data)
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
		if err == nil && skip == "" {
			checkPlan(t, &ImportPlan{Entries: []*journal.Entry{e}}, nil)
		}
	})
}

func FuzzImportJSON(f *testing.F) {
	v := fillEveryKind(f)
	var buf bytes.Buffer
	if _, err := v.WriteJSONExport(&buf, ExportOptions{History: true}); err != nil {
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
