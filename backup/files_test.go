package backup

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"filippo.io/age"

	"tend/journal"
)

// fileOf is an attached file of data, as the vault lists it.
func fileOf(name, typ string, data []byte) journal.File {
	sum := sha256.Sum256(data)
	return journal.File{ID: journal.NewFileID(), Name: name, Type: typ, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])}
}

// archiveWithFiles writes a backup of one entry listing files, each with
// its bytes, and of an earlier version listing the first of them.
func archiveWithFiles(t testing.TB, data ...[]byte) ([]byte, *journal.Entry) {
	t.Helper()
	var out bytes.Buffer
	aw, err := Encrypt(&out, testPass)
	if err != nil {
		t.Fatal(err)
	}
	bw, err := NewWriter(aw, Manifest{VaultID: strings.Repeat("cd", 16), Created: time.Date(2026, 3, 9, 8, 0, 0, 0, time.UTC), AppVersion: "test"}, Readme)
	if err != nil {
		t.Fatal(err)
	}
	e := entry("By the sea.")
	for i, d := range data {
		f := fileOf("Photo "+string(rune('a'+i))+".JPG", "image/jpeg", d)
		e.Files = append(e.Files, f)
		if err := bw.AddFile(f, d); err != nil {
			t.Fatal(err)
		}
	}
	old := *e
	old.Rev, old.Files = 1, e.Files[:1]
	for _, r := range []struct {
		e   *journal.Entry
		add func(string, []byte, [32]byte) error
	}{{e, bw.AddEntry}, {&old, bw.AddHistory}} {
		doc, _ := json.Marshal(r.e)
		name := EntryName(e.ID)
		if r.e == &old {
			name = HistoryName(e.ID, 1)
		}
		if err := r.add(name, doc, sha256.Sum256(doc)); err != nil {
			t.Fatal(err)
		}
	}
	if err := bw.AddPrefs([]byte(`{}`)); err != nil {
		t.Fatal(err)
	}
	if _, err := bw.Close(); err != nil {
		t.Fatal(err)
	}
	if err := aw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes(), e
}

func TestFilesComeBackAsTheyWent(t *testing.T) {
	lowCost(t)
	t.Setenv("TMPDIR", t.TempDir())
	one := bytes.Repeat([]byte("the sea, "), 20000) // several segments
	two := []byte("a short note")
	data, e := archiveWithFiles(t, one, two)
	c, err := Read(bytes.NewReader(data), testPass)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.Manifest.FormatVersion != FormatVersion || c.Manifest.Counts.Files != 2 || c.Files.Len() != 2 {
		t.Fatalf("manifest %+v, %d files held", c.Manifest, c.Files.Len())
	}
	for i, want := range [][]byte{one, two} {
		got, err := c.Files.ReadAll(e.Files[i].SHA256)
		if err != nil || !bytes.Equal(got, want) {
			t.Fatalf("file %d read back as %d bytes, %v", i, len(got), err)
		}
	}
	if m, err := Verify(bytes.NewReader(data), testPass); err != nil || m.Counts.Files != 2 {
		t.Fatalf("verify: %+v %v", m.Counts, err)
	}
	if err := c.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Files.ReadAll(e.Files[0].SHA256); err == nil || c.Files.Has(e.Files[0].SHA256) {
		t.Fatal("files read after Close")
	}
}

// An entry's member is named by its id in hex, as the reader expects.
func TestEntryName(t *testing.T) {
	ids := []journal.ID{{}, {0x01, 0x23, 0x45, 0x67, 0x89, 0xab, 0xcd, 0xef, 0xfe, 0xdc, 0xba, 0x98, 0x76, 0x54, 0x32, 0x10}, journal.NewID()}
	for _, id := range ids {
		got := EntryName(id)
		if got != "entries/"+id.String()+".json" || !entryMemberRE.MatchString(got) {
			t.Errorf("%x: %q", id[:], got)
		}
	}
}

func TestFileName(t *testing.T) {
	sum := strings.Repeat("0f", 32)
	for _, tc := range []struct{ name, typ, want string }{
		{"Sea.JPG", "image/jpeg", ".jpg"},
		{"photo", "image/png", ".png"},
		{"notes", "text/plain", ""},
		{"archive.tar.gz", "application/gzip", ".gz"},
		{"odd.ext with space", "text/plain", ""},
		{"x.averyverylongext", "text/plain", ""},
	} {
		got := FileName(journal.File{Name: tc.name, Type: tc.typ, SHA256: sum})
		if got != "files/"+sum+tc.want || !fileMemberRE.MatchString(got) {
			t.Errorf("%q (%s): %q", tc.name, tc.typ, got)
		}
	}
}

func TestEntriesListOnlyFilesTheyCouldWriteOut(t *testing.T) {
	good := fileOf("sea.jpg", "image/jpeg", []byte("x"))
	for _, tc := range []struct {
		name string
		edit func(*journal.File)
	}{
		{"a path", func(f *journal.File) { f.Name = "../../.bashrc" }},
		{"a folder", func(f *journal.File) { f.Name = `photos\sea.jpg` }},
		{"dot dot", func(f *journal.File) { f.Name = ".." }},
		{"a control character", func(f *journal.File) { f.Name = "sea\n.jpg" }},
		{"no name", func(f *journal.File) { f.Name = "" }},
		{"no id", func(f *journal.File) { f.ID = journal.FileID{} }},
		{"too big", func(f *journal.File) { f.Size = journal.MaxFileSize + 1 }},
		{"no hash", func(f *journal.File) { f.SHA256 = "abc" }},
		{"an upper-case hash", func(f *journal.File) { f.SHA256 = strings.ToUpper(f.SHA256) }},
	} {
		f := good
		tc.edit(&f)
		if err := checkFiles("entries/x.json", []journal.File{f}); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: %v", tc.name, err)
		}
	}
	twin := good
	twin.ID = journal.NewFileID()
	if err := checkFiles("entries/x.json", []journal.File{good, twin}); !errors.Is(err, ErrDamaged) {
		t.Errorf("two files of one name: %v", err)
	}
	if err := checkFiles("entries/x.json", []journal.File{good}); err != nil {
		t.Errorf("a good file: %v", err)
	}
}

// FuzzReadArchive feeds the reader decrypted archives, where the fuzzer
// can reach the members themselves: no input may make it panic, return
// contents with an error, or accept a file whose bytes are not the ones
// its entries list.
func FuzzReadArchive(f *testing.F) {
	lowCost(f)
	for _, files := range [][][]byte{{[]byte("a picture"), []byte("another")}, {bytes.Repeat([]byte{7}, 70000)}} {
		data, _ := archiveWithFiles(f, files...)
		plain, err := decryptForTest(data)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(plain)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		t.Setenv("TMPDIR", t.TempDir())
		c, err := ReadArchive(bytes.NewReader(data), true)
		if (err == nil) == (c == nil) {
			t.Fatalf("contents %v with error %v", c != nil, err)
		}
		if c == nil {
			return
		}
		defer c.Close()
		for _, e := range append(c.Entries, c.History...) {
			for _, f := range e.Files {
				b, err := c.Files.ReadAll(f.SHA256)
				if sum := sha256.Sum256(b); err != nil || int64(len(b)) != f.Size || hex.EncodeToString(sum[:]) != f.SHA256 {
					t.Fatalf("a listed file reads back as %d bytes, %v", len(b), err)
				}
			}
		}
	})
}

func decryptForTest(data []byte) ([]byte, error) {
	id, err := age.NewScryptIdentity(string(testPass))
	if err != nil {
		return nil, err
	}
	r, err := age.Decrypt(bytes.NewReader(data), id)
	if err != nil {
		return nil, err
	}
	return io.ReadAll(r)
}
