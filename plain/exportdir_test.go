package plain

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
)

// TestMarkdownDirWholeOrNothing writes many files, several at a time, and
// holds one attached file's bytes at a time; a file that cannot be read
// leaves no export and no temporary folder behind.
func TestMarkdownDirWholeOrNothing(t *testing.T) {
	var mu sync.Mutex
	loading, most := 0, 0
	load := func(i int, fail bool) func() ([]byte, error) {
		return func() ([]byte, error) {
			mu.Lock()
			loading++
			most = max(most, loading)
			mu.Unlock()
			defer func() {
				mu.Lock()
				loading--
				mu.Unlock()
			}()
			if fail {
				return nil, errors.New("the file could not be read")
			}
			return []byte(fmt.Sprint("picture ", i)), nil
		}
	}
	files := func(failAt int) []mdFile {
		var out []mdFile
		for i := range 300 {
			out = append(out, mdFile{name: fmt.Sprintf("2024-05-%02d Entry %d.md", 1+i%28, i), data: []byte(fmt.Sprint("note ", i))})
			if i%10 == 0 {
				out = append(out, mdFile{name: fmt.Sprintf("2024-05-%02d Entry %d/sea.jpg", 1+i%28, i), load: load(i, i == failAt)})
			}
		}
		return out
	}

	parent := t.TempDir()
	out := filepath.Join(parent, "export")
	if err := writeMarkdownDir(out, files(150)); err == nil {
		t.Fatal("an export with a file that cannot be read was written")
	}
	if left, _ := os.ReadDir(parent); len(left) != 0 {
		t.Fatalf("a failed export left %v behind", left)
	}

	if err := writeMarkdownDir(out, files(-1)); err != nil {
		t.Fatal(err)
	}
	if most != 1 {
		t.Errorf("%d attached files were in memory at once; want 1", most)
	}
	for _, f := range files(-1) {
		p := filepath.Join(out, filepath.FromSlash(f.name))
		want, _ := f.bytes()
		got, err := os.ReadFile(p)
		if err != nil || string(got) != string(want) {
			t.Fatalf("%s holds %q, %v; want %q", f.name, got, err, want)
		}
		if fi, err := os.Stat(p); err != nil || fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: mode %v, %v; want 0600", f.name, fi.Mode(), err)
		}
		if fi, err := os.Stat(filepath.Dir(p)); err != nil || fi.Mode().Perm() != 0o700 {
			t.Fatalf("the folder of %s: mode %v, %v; want 0700", f.name, fi.Mode(), err)
		}
	}
	if err := writeMarkdownDir(out, files(-1)); err == nil {
		t.Error("an export went into a folder that was there")
	}
}

// TestAFailedFileExportSaysSoOnce writes an export into a folder that is
// not there: the error is an ExportError whose English, for logs, says
// "writing the export" once, where it said it twice.
func TestAFailedFileExportSaysSoOnce(t *testing.T) {
	out := filepath.Join(t.TempDir(), "no", "such", "export.json")
	err := WriteFile(out, func(w io.Writer) error { _, err := io.WriteString(w, "{}"); return err })
	var xe *ExportError
	if !errors.As(err, &xe) {
		t.Fatalf("writing into a missing folder gave %v, not an ExportError", err)
	}
	if n := strings.Count(err.Error(), "writing the export"); n != 1 {
		t.Errorf("the error says %q %d times: %v", "writing the export", n, err)
	}
}
