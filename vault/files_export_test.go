package vault

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"tend/journal"
	"tend/plain"
)

// entryWithFiles saves an entry whose body shows a picture and links a
// file, and that keeps one more file its body does not link.
func entryWithFiles(t *testing.T, v *Vault) (*journal.Entry, map[string][]byte) {
	t.Helper()
	photo, err := os.ReadFile(filepath.Join(dayOneExport, "photos", "174b93648b685ee6dc1e0d77f120f877.jpeg"))
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"sea.jpg":           photo,
		"session notes.txt": []byte("what to bring on Thursday\n"),
		"voice.ogg":         noise(2<<20+5, 7), // more than one chunk
	}
	e := &journal.Entry{
		Title: "By the sea", Date: journal.Date{Year: 2026, Month: time.November, Day: 23},
		Body: "We walked to the pier.\n\n![the sea](sea.jpg)\n\nI wrote [my notes](<session notes.txt>) for Thursday.",
	}
	err = v.PutWithFiles(e, []NewFile{newFile("sea.jpg", photo), newFile("session notes.txt", files["session notes.txt"]), newFile("voice.ogg", files["voice.ogg"])})
	if err != nil {
		t.Fatal(err)
	}
	// As kept: the picture without its place.
	f, _ := e.FileNamed("sea.jpg")
	files["sea.jpg"] = readFile(t, v, e.ID, f.ID)
	return e, files
}

// TestMarkdownExportWritesFilesBesideAndImportBringsThemBack: a Markdown
// export writes an entry's files in a folder beside it, private, its body
// linking them by their paths so any Markdown viewer shows them; importing
// the export into a new journal brings back the same entry with the same
// files, and into the same journal finds it already there.
func TestMarkdownExportWritesFilesBesideAndImportBringsThemBack(t *testing.T) {
	v, _, _ := newTestVault(t)
	e, want := entryWithFiles(t, v)
	for _, out := range []string{filepath.Join(t.TempDir(), "export"), filepath.Join(t.TempDir(), "export.zip")} {
		if _, err := v.ExportToPath(out, plain.Markdown, ExportOptions{}); err != nil {
			t.Fatal(err)
		}
		if !strings.HasSuffix(out, ".zip") {
			md, err := os.ReadFile(filepath.Join(out, "2026-11-23 By the sea.md"))
			if err != nil {
				t.Fatal(err)
			}
			for _, link := range []string{"![the sea](<2026-11-23 By the sea/sea.jpg>)", "[my notes](<2026-11-23 By the sea/session notes.txt>)", "  - 2026-11-23 By the sea/voice.ogg\n"} {
				if !bytes.Contains(md, []byte(link)) {
					t.Fatalf("the Markdown lacks %q:\n%s", link, md)
				}
			}
			folder := filepath.Join(out, "2026-11-23 By the sea")
			if fi, err := os.Stat(folder); err != nil || fi.Mode().Perm() != 0o700 {
				t.Fatalf("the entry's folder: %v %v", fi.Mode(), err)
			}
			for name, data := range want {
				fi, err := os.Stat(filepath.Join(folder, name))
				got, _ := os.ReadFile(filepath.Join(folder, name))
				if err != nil || fi.Mode().Perm() != 0o600 || !bytes.Equal(got, data) {
					t.Fatalf("%s beside the entry: %v, %v, same bytes %v", name, fi.Mode(), err, bytes.Equal(got, data))
				}
			}
		}

		p, err := plain.Read(plain.FromMarkdown, out)
		if err != nil {
			t.Fatal(err)
		}
		if len(p.Skipped) != 0 {
			t.Errorf("%s: the import leaves out %v", out, p.Skipped)
		}
		if rep, err := v.ApplyImport(p); err != nil || rep.AlreadyHere != 1 || rep.Added != 0 {
			t.Fatalf("%s into the same journal: %+v, %v", out, rep, err)
		}
		fresh, _, _ := newTestVault(t)
		if rep, err := fresh.ApplyImport(p); err != nil || rep.Added != 1 || rep.Files != 3 {
			t.Fatalf("%s into a new journal: %+v, %v", out, rep, err)
		}
		p.Close()
		back, err := fresh.Get(e.ID)
		if err != nil {
			t.Fatal(err)
		}
		if back.Body != e.Body || back.Title != e.Title || len(back.Files) != len(e.Files) {
			t.Fatalf("%s: came back as %q with %+v", out, back.Body, back.Files)
		}
		for i, f := range back.Files {
			if f.Name != e.Files[i].Name || f.SHA256 != e.Files[i].SHA256 || f.Type != e.Files[i].Type {
				t.Errorf("%s: file %d came back as %+v, was %+v", out, i, f, e.Files[i])
			}
			if !bytes.Equal(readFile(t, fresh, back.ID, f.ID), want[f.Name]) {
				t.Errorf("%s: %s reads back differently", out, f.Name)
			}
		}
		fresh.Close()
	}
}

// TestJSONExportRefersToFilesBesideIt: a JSON export writes the entries'
// files in a folder beside it and refers to each (name, type, size, hash
// and path); importing it into a new journal brings them back.
func TestJSONExportRefersToFilesBesideIt(t *testing.T) {
	v, _, _ := newTestVault(t)
	e, want := entryWithFiles(t, v)
	out := filepath.Join(t.TempDir(), "journal.json")
	res, err := v.ExportToPath(out, plain.JSON, ExportOptions{})
	if err != nil || res.Files != 3 {
		t.Fatalf("export: %+v, %v", res, err)
	}
	var doc plain.Doc
	if err := json.Unmarshal(mustReadFile(t, out), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Files) != 3 {
		t.Fatalf("the document refers to %d files", len(doc.Files))
	}
	for i, ref := range doc.Files {
		f := e.Files[i]
		if ref.Entry != e.ID || ref.Name != f.Name || ref.Type != f.Type || ref.Size != f.Size || ref.SHA256 != f.SHA256 ||
			ref.Path != "journal files/2026-11-23 By the sea/"+f.Name {
			t.Errorf("file %d referred to as %+v", i, ref)
		}
		p := filepath.Join(filepath.Dir(out), filepath.FromSlash(ref.Path))
		got, err := os.ReadFile(p)
		fi, _ := os.Stat(p)
		if err != nil || !bytes.Equal(got, want[f.Name]) || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s beside the document: %v", ref.Path, err)
		}
	}

	p, err := plain.Read(plain.FromJSON, out)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	if rep, err := v.ApplyImport(p); err != nil || rep.AlreadyHere != 1 {
		t.Fatalf("into the same journal: %+v, %v", rep, err)
	}
	fresh, _, _ := newTestVault(t)
	defer fresh.Close()
	if rep, err := fresh.ApplyImport(p); err != nil || rep.Added != 1 || rep.Files != 3 {
		t.Fatalf("into a new journal: %+v, %v", rep, err)
	}
	back, err := fresh.Get(e.ID)
	if err != nil || back.Body != e.Body || len(back.Files) != 3 {
		t.Fatalf("came back as %+v, %v", back, err)
	}
	for _, f := range back.Files {
		if !bytes.Equal(readFile(t, fresh, back.ID, f.ID), want[f.Name]) {
			t.Errorf("%s reads back differently", f.Name)
		}
	}
}

func mustReadFile(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestJSONExportAgainLeavesTheEarlierFilesAlone: a second JSON export to
// the same name (the command line's --force) writes its files in a folder
// of a new name, leaves the one there as it was, and refers to its own.
func TestJSONExportAgainLeavesTheEarlierFilesAlone(t *testing.T) {
	v, _, _ := newTestVault(t)
	_, want := entryWithFiles(t, v)
	dir := t.TempDir()
	out := filepath.Join(dir, "journal.json")
	first, err := v.ExportToPath(out, plain.JSON, ExportOptions{})
	if err != nil || first.FilesDir != filepath.Join(dir, "journal files") {
		t.Fatalf("first export: %+v, %v", first, err)
	}
	mine := filepath.Join(first.FilesDir, "mine.txt")
	if err := os.WriteFile(mine, []byte("not Tend's"), 0o600); err != nil {
		t.Fatal(err)
	}
	again, err := v.ExportToPath(out, plain.JSON, ExportOptions{})
	if err != nil || again.FilesDir != filepath.Join(dir, "journal files (2)") || again.Files != 3 {
		t.Fatalf("second export: %+v, %v", again, err)
	}
	if _, err := os.Stat(mine); err != nil {
		t.Fatalf("the earlier folder was touched: %v", err)
	}
	var doc plain.Doc
	if err := json.Unmarshal(mustReadFile(t, out), &doc); err != nil {
		t.Fatal(err)
	}
	for _, ref := range doc.Files {
		if !strings.HasPrefix(ref.Path, "journal files (2)/") {
			t.Errorf("the document refers to %s", ref.Path)
		}
		if got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(ref.Path))); err != nil || !bytes.Equal(got, want[ref.Name]) {
			t.Errorf("%s: %v", ref.Path, err)
		}
	}
}
