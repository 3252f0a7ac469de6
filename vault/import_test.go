package vault

import (
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
	"tend/plain"
)

// fillEveryKind puts one entry of every kind, edits one (history) and trashes
// one, and returns the vault.
func fillEveryKind(t testing.TB) *Vault {
	t.Helper()
	v, _, _ := newTestVault(t)
	all := everyKind()
	all[0].Title = "Evening pages"
	// Written far from home, and starred: both come back from an export.
	all[0].Written = time.Date(2025, 3, 14, 15, 40, 0, 0, time.FixedZone("", -5*3600))
	all[0].Starred = true
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
	res, err := v.ExportToPath(out, plain.JSON, ExportOptions{History: true})
	if err != nil {
		t.Fatal(err)
	}
	if res.Entries != 9 || res.History != 2 {
		t.Fatalf("result %+v", res)
	}
	if fi, err := os.Stat(out); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("export file mode: %v %v", fi.Mode(), err)
	}
	// The headlines and previews lists show are the vault's own: a plain
	// export never carries them.
	if doc := strings.ToLower(string(vaulttest.ReadFile(t, out))); strings.Contains(doc, "headline") || strings.Contains(doc, "preview") || strings.Contains(doc, "dialogue with me at") {
		t.Fatal("the JSON export carries the gist")
	}
	p, err := plain.Read(plain.FromJSON, out)
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
	if got := plain.MarkdownFileName(odd); got != "2026-11-24 Whatnow really 1" {
		t.Fatalf("sanitised name %q", got)
	}
	root := t.TempDir()
	out := filepath.Join(root, "export")
	if _, err := v.ExportToPath(out, plain.Markdown, ExportOptions{}); err != nil {
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
	got := string(vaulttest.ReadFile(t, filepath.Join(out, "2026-11-24 Whatnow really 1.md")))
	wantFM := "---\nid: " + odd.ID.String() + "\ndate: 2026-11-24\ntitle: \" ..What/now: \\\"really\\\"? #1 \"\nkind: free\ntags:\n  - \"true\"\n  - a b\n"
	if !strings.HasPrefix(got, wantFM) || !strings.Contains(got, "\ncreated: ") {
		t.Fatalf("front matter:\n%s", got)
	}
	checkin := string(vaulttest.ReadFile(t, filepath.Join(out, "2025-03-14 Check-in.md")))
	for _, want := range []string{"kind: checkin\n", "mood: 2\n", "safety: 4\n", "emotions:\n  - anxious\n  - hopeful\n", "attachment: anxious\n", "body_notes: tight chest\n"} {
		if !strings.Contains(checkin, want) {
			t.Errorf("check-in lacks %q:\n%s", want, checkin)
		}
	}
	// Exporting over an existing folder is refused.
	if _, err := v.ExportToPath(out, plain.Markdown, ExportOptions{}); err == nil {
		t.Fatal("an export replaced an existing folder")
	}

	// The Markdown export comes back whole through the Markdown importer,
	// forms included, as a folder and as a zip.
	zipOut := filepath.Join(root, "export.zip")
	if _, err := v.ExportToPath(zipOut, plain.Markdown, ExportOptions{}); err != nil {
		t.Fatal(err)
	}
	for _, src := range []string{out, zipOut} {
		p, err := plain.Read(plain.FromMarkdown, src)
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
			// The gist is the vault's own and never exported; it is
			// derived again when the entry is saved.
			if b.Headline != "" || b.Preview != "" {
				t.Errorf("%s: an export carried a gist: %q", src, b.Headline)
			}
			a.Words, a.Rev, a.Headline, a.Preview = 0, 0, "", ""
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

func TestImportMarkdownFolder(t *testing.T) {
	src := filepath.Join(t.TempDir(), "notes")
	vaulttest.CopyTree(t, filepath.Join("..", "plain", "testdata", "import", "markdown"), src)
	mtime := time.Date(2024, time.June, 10, 12, 0, 0, 0, time.Local)
	if err := os.Chtimes(filepath.Join(src, "Heading only.md"), mtime, mtime); err != nil {
		t.Fatal(err)
	}
	p, err := plain.Read(plain.FromMarkdown, src)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Entries) != 3 || len(p.Skipped) != 1 || !strings.Contains(p.Skipped[0].String(), "1 other") {
		t.Fatalf("%d entries, skipped %v", len(p.Entries), p.Skipped)
	}
	free, letter, heading := p.Entries[0], p.Entries[1], p.Entries[2]
	if free.Date != (journal.Date{Year: 2024, Month: time.May, Day: 1}) || free.Title != "Plain note" ||
		free.Body != "I wrote this without any front matter.\n\nIt should be dated from the file name." || free.Kind != journal.KindFree {
		t.Errorf("free %+v", free)
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
	again, err := plain.Read(plain.FromMarkdown, src)
	if err != nil {
		t.Fatal(err)
	}
	if n := presentCount(t, v, again); n != 3 {
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
		src  plain.Source
		name string
		data string
		want string
	}{
		{plain.FromJrnl, "jrnl.json", "{\n  \"entries\": [\n    {\"title\": \"a\",\n     \"date\": 2023}\n  ]\n}\n", "line 4"},
		{plain.FromJrnl, "jrnl.json", "{\n  \"entries\": [\n    {\"title\": \"a\", \"date\": \"2023-11-02\"},\n    {\"title\": \"b\", \"date\": \"yesterday\"}\n  ]\n}\n", "entry 2 (line 4)"},
		{plain.FromJrnl, "jrnl.json", "{\n  \"entries\": [\n    {\"title\": \"a\",, }\n  ]\n}\n", "line 3"},
		{plain.FromJrnl, "jrnl.json", "{\n  \"entries\": [\n", "line 3"},
		{plain.FromJrnl, "jrnl.json", "{\"tags\": {}}", "no \"entries\""},
		{plain.FromDayOne, "Journal.json", "{\"entries\": [\n{\"text\": \"hi\", \"creationDate\": \"2024-03-31T22:45:10Z\"},\n{\"text\": \"x\", \"creationDate\": \"soon\"}]}", "entry 2 (line 3)"},
		{plain.FromJSON, "export.json", "{\"format\": \"tend-export\", \"format_version\": 1, \"entries\": [{\"id\": \"00000000000000000000000000000001\", \"kind\": \"poem\", \"date\": \"2024-01-01\"}]}", "entry 1"},
		{plain.FromJSON, "export.json", "{\"format\": \"tend-export\", \"format_version\": 9, \"entries\": []}", "newer version"},
		{plain.FromJSON, "export.json", "{\"format\": \"tend-export\",\n \"format_version\": 1,\n \"entries\": [{\"id\": \"00000000000000000000000000000001\",\n \"mood\": \"high\"}]}", "line 4"},
		{plain.FromMarkdown, "note.md", "---\ntitle: fine\nthis is not yaml\n---\nbody\n", "note.md, line 3"},
		{plain.FromMarkdown, "note.md", "---\ndate: someday\n---\nbody\n", "note.md, line 2"},
		{plain.FromMarkdown, "note.md", "---\nkind: checkin\nsafety: [1\n---\n", "note.md, line 3"},
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
			p, err := plain.Read(c.src, src)
			if !errors.Is(err, plain.ErrMalformed) || !strings.Contains(err.Error(), c.want) || p != nil {
				t.Fatalf("got %v, want an error naming %q", err, c.want)
			}
			if after := vaulttest.HashTree(t, dir); !reflect.DeepEqual(before, after) {
				t.Fatal("a malformed import changed the vault's files")
			}
		})
	}
}

// Fuzz targets: each parser must return a plan or an error, never panic,
// and a plan's entries must be writable as they are.

// presentCount is how many of the plan's entries the journal holds.
func presentCount(t *testing.T, v *Vault, p *plain.Plan) int {
	t.Helper()
	states, err := v.ImportStates(p)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, st := range states {
		if st != ImportNew {
			n++
		}
	}
	return n
}

// TestImportStatesNameTheEntriesAlreadyHere: the preview can mark each
// entry an import would leave as it is, and only those.
func TestImportStatesNameTheEntriesAlreadyHere(t *testing.T) {
	v, _, _ := newTestVault(t)
	day := journal.Date{Year: 2024, Month: time.March, Day: 31}
	first := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: day, Title: "Here before", Body: "words"}
	second := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: day, Title: "New", Body: "more words"}
	if _, err := v.ApplyImport(&plain.Plan{Entries: []*journal.Entry{first}}); err != nil {
		t.Fatal(err)
	}
	states, err := v.ImportStates(&plain.Plan{Entries: []*journal.Entry{first, second}})
	if err != nil || len(states) != 2 || states[first.ID] != ImportSame || states[second.ID] != ImportNew {
		t.Fatalf("states %v %v", states, err)
	}
}

// TestImportMergesAnEntryEditedElsewhere imports versions of entries the
// journal holds: the same words are left alone; words changed outside Tend
// (the same last-saved time, other words) or saved later become the entry,
// the journal's version going to its history; an older version goes to the
// history and the journal's stays. The preview says the same beforehand.
func TestImportMergesAnEntryEditedElsewhere(t *testing.T) {
	v, _, _ := newTestVault(t)
	day := journal.Date{Year: 2025, Month: time.May, Day: 4}
	var es []*journal.Entry
	for _, body := range []string{"same words", "written in Tend", "newer in the file", "newer in the journal"} {
		e := &journal.Entry{Date: day, Body: body}
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
		es = append(es, e)
	}
	copyOf := func(e *journal.Entry) *journal.Entry { c := *e; return &c }
	edited := copyOf(es[1])
	edited.Body = "edited in another editor"
	later := copyOf(es[2])
	later.Body = "a later version"
	later.Updated = es[2].Updated.Add(time.Hour)
	older := copyOf(es[3])
	older.Body = "an older version"
	older.Updated = es[3].Updated.Add(-time.Hour)
	fresh := &journal.Entry{ID: journal.NewID(), Kind: journal.KindFree, Date: day, Body: "new", Created: time.Now(), Updated: time.Now()}
	plan := &plain.Plan{Entries: []*journal.Entry{copyOf(es[0]), edited, later, older, fresh}}

	want := ImportReport{Added: 1, AlreadyHere: 1, Updated: 2, Kept: 1}
	if got, err := v.ImportPreview(plan); err != nil || got != want {
		t.Fatalf("preview %+v %v, want %+v", got, err, want)
	}
	if got, err := v.ApplyImport(plan); err != nil || got != want {
		t.Fatalf("import %+v %v, want %+v", got, err, want)
	}
	for _, c := range []struct {
		e          *journal.Entry
		body, hist string
	}{
		{es[0], "same words", ""},
		{es[1], "edited in another editor", "written in Tend"},
		{es[2], "a later version", "newer in the file"},
		{es[3], "newer in the journal", "an older version"},
	} {
		got, err := v.Get(c.e.ID)
		if err != nil || got.Body != c.body {
			t.Fatalf("%q: now %q %v", c.e.Body, got.Body, err)
		}
		h, err := v.History(c.e.ID)
		if err != nil || (c.hist == "") != (len(h) == 0) || (c.hist != "" && h[0].Body != c.hist) {
			t.Fatalf("%q: history %v %v", c.e.Body, h, err)
		}
	}
	// Again: everything is here already.
	if got, err := v.ApplyImport(plan); err != nil || got != (ImportReport{AlreadyHere: 5}) {
		t.Fatalf("second import %+v %v", got, err)
	}
}
