package plain

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/internal/vaulttest"
)

// mdFilesFolder is a folder of notes that link a picture (a real JPEG
// carrying where it was taken) and a file beside them.
var mdFilesFolder = filepath.Join("testdata", "import", "mdfiles")

func TestImportMarkdownLinkedFiles(t *testing.T) {
	dir := t.TempDir()
	vaulttest.CopyTree(t, mdFilesFolder, filepath.Join(dir, "notes"))
	// A secret beside the folder, and a link inside it that leads to it.
	secret := filepath.Join(dir, "outside.jpg")
	if err := os.WriteFile(secret, []byte("not yours to read"), 0o600); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(dir, "notes")
	if err := os.Symlink(secret, filepath.Join(root, "img", "away.jpg")); err != nil {
		t.Fatal(err)
	}
	note := filepath.Join(root, "2024-05-02 By the sea.md")
	md := vaulttest.ReadFile(t, note)
	md = append(md, "\n![](img/away.jpg)\n"...)
	if err := os.WriteFile(note, md, 0o600); err != nil {
		t.Fatal(err)
	}
	// A second note shows the same picture: its entry gets it too.
	morning := []byte("Small things.\n\n![](img/sea.jpg)\n")
	if err := os.WriteFile(filepath.Join(root, "2024-05-03 Morning.md"), morning, 0o600); err != nil {
		t.Fatal(err)
	}

	zipPath := filepath.Join(dir, "notes.zip")
	zipOf(t, zipPath, map[string][]byte{
		"2024-05-02 By the sea.md": md,
		"2024-05-03 Morning.md":    morning,
		"img/sea.jpg":              vaulttest.ReadFile(t, filepath.Join(root, "img", "sea.jpg")),
		"files/notes.txt":          vaulttest.ReadFile(t, filepath.Join(root, "files", "notes.txt")),
	})
	for _, src := range []string{root, zipPath} {
		p, err := Read(FromMarkdown, src)
		if err != nil {
			t.Fatal(err)
		}
		defer p.Close()
		if len(p.Entries) != 2 {
			t.Fatalf("%s: %d entries", src, len(p.Entries))
		}
		e, second := p.Entries[0], p.Entries[1]
		if f := p.Files[second.ID]; len(f) != 1 || f[0].Name != "sea.jpg" || second.Body != "Small things.\n\n![](sea.jpg)" {
			t.Errorf("%s: the second note's files %+v, body %q", src, f, second.Body)
		}
		files := p.Files[e.ID]
		if len(files) != 2 || files[0].Name != "sea.jpg" || files[1].Name != "notes.txt" {
			t.Fatalf("%s: files %+v", src, files)
		}
		for _, want := range []string{
			"![the sea](sea.jpg)",
			`[my notes](notes.txt "for Thursday")`,
			"[a page](https://example.org/sea.jpg)",
			"![again](sea.jpg)", // the same file, linked again, is one
			"![](../outside.jpg)",
			"![](missing.png)",
			"![](img/sea.jpg) in a code block stays",
		} {
			if !strings.Contains(e.Body, want) {
				t.Errorf("%s: the body lacks %q:\n%s", src, want, e.Body)
			}
		}
		// Read through the symbolic link, it would leave the folder.
		for _, f := range files {
			data, err := f.read()
			if err != nil || strings.Contains(string(data), "not yours") {
				t.Fatalf("%s: %s reads %q, %v", src, f.Name, data, err)
			}
		}
		var left []string
		for _, s := range p.Skipped {
			left = append(left, s.String())
		}
		all := strings.Join(left, "\n")
		// The files attached are not left out as other files.
		if !strings.Contains(all, "missing.png (shown in 2024-05-02 By the sea.md): it is not in the folder") || strings.Contains(all, "2 other files") {
			t.Errorf("%s: left out:\n%s", src, all)
		}
		if src == root && (!strings.Contains(all, "img/away.jpg") || !strings.Contains(e.Body, "![](img/away.jpg)")) {
			t.Errorf("%s: the link out of the folder: left out:\n%s\nbody:\n%s", src, all, e.Body)
		}
	}
}
