package vault

import (
	"bytes"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"tend/internal/imagemeta"
	"tend/journal"
	"tend/plain"
)

// dayOneExport is the Day One export of the plain package's tests: an
// entry with a real JPEG that carries where it was taken (EXIF GPS), and
// one whose photo is not in the export.
var dayOneExport = filepath.Join("..", "plain", "testdata", "import", "dayone")

// gpsText is in the EXIF GPS directory of the export's photo.
const gpsText = "Brighton seafront"

func newFile(name string, data []byte) NewFile {
	return NewFile{Name: name, Open: func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(data)), nil }}
}

func TestPutWithFilesKeepsEntryAndFilesTogether(t *testing.T) {
	v, dir, _ := newTestVault(t)
	photo, err := os.ReadFile(filepath.Join(dayOneExport, "photos", "174b93648b685ee6dc1e0d77f120f877.jpeg"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(photo, []byte(gpsText)) {
		t.Fatal("the test photo carries no place")
	}
	e := &journal.Entry{Title: "By the sea", Body: "![](sea.jpg)"}
	notes := []byte("what I want to say next time")
	before := chunkCount(t, v)
	if err := v.PutWithFiles(e, []NewFile{newFile("sea.jpg", photo), newFile("notes.txt", notes), newFile("sea.jpg", photo), newFile("again.jpg", photo)}); err != nil {
		t.Fatal(err)
	}
	// The same bytes under the same name are kept once; under another
	// name, which the body may link, they are kept under both, their
	// chunks stored once.
	if len(e.Files) != 3 || e.Files[0].Name != "sea.jpg" || e.Files[0].Type != "image/jpeg" || e.Files[1].Name != "notes.txt" || e.Files[2].Name != "again.jpg" || e.Rev != 1 {
		t.Fatalf("the entry lists %+v at rev %d", e.Files, e.Rev)
	}
	if n := chunkCount(t, v) - before; n != 3 { // the text, the photo once, the note
		t.Fatalf("%d chunks for a text, a photo kept under two names and a note", n)
	}
	v.Close()
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	got, err := v.Get(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	f, ok := got.LinkedFile("sea.jpg")
	if !ok || len(got.Files) != 3 {
		t.Fatalf("the body's picture is not attached: %+v", got.Files)
	}
	kept := readFile(t, v, e.ID, f.ID)
	if bytes.Contains(kept, []byte(gpsText)) || bytes.Contains(kept, []byte("Exif\x00\x00")) || imagemeta.Sniff(kept) != imagemeta.JPEG {
		t.Fatal("the picture kept its place, or is no longer a JPEG")
	}
	if !bytes.Equal(readFile(t, v, e.ID, got.Files[1].ID), notes) {
		t.Fatal("the note reads back differently")
	}
	if h, _ := v.History(e.ID); len(h) != 0 {
		t.Fatalf("a new entry with files has %d earlier versions", len(h))
	}
}

func TestPutWithFilesWritesNothingWhenAFileFails(t *testing.T) {
	v, _, _ := newTestVault(t)
	damaged := []byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00}
	e := &journal.Entry{Title: "Not kept", Body: "words"}
	err := v.PutWithFiles(e, []NewFile{newFile("fine.txt", []byte("fine")), newFile("broken.jpg", damaged)})
	var fe *FileError
	if !errors.As(err, &fe) || fe.Name != "broken.jpg" || !errors.Is(err, imagemeta.ErrDamaged) {
		t.Fatalf("a damaged picture gave %v", err)
	}
	big := NewFile{Name: "huge.bin", Open: func() (io.ReadCloser, error) {
		return io.NopCloser(&zeros{journal.MaxFileSize + 1}), nil
	}}
	if err := v.PutWithFiles(&journal.Entry{Body: "more words"}, []NewFile{big}); !errors.Is(err, journal.ErrFileTooBig) {
		t.Fatalf("a file too big gave %v", err)
	}
	if l, _ := v.List(ListQuery{}); len(l) != 0 || chunkCount(t, v) != 0 {
		t.Fatalf("a failed save left %d entries and %d chunks", len(l), chunkCount(t, v))
	}
}

// TestImportDayOnePhotos imports a Day One export through the journal: the
// photo is attached to its entry, without where it was taken, and the body
// links it; importing again adds nothing.
func TestImportDayOnePhotos(t *testing.T) {
	v, dir, _ := newTestVault(t)
	p, err := plain.Read(plain.FromDayOne, dayOneExport)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	rep, err := v.ApplyImport(p)
	if err != nil || rep.Added != 2 || rep.Files != 1 {
		t.Fatalf("imported %+v, %v", rep, err)
	}
	v.Close()
	if v, err = Open(dir, testPassword); err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	var withPhoto *journal.Entry
	for _, s := range mustList(t, v) {
		e, err := v.Get(s.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(e.Files) > 0 {
			withPhoto = e
		}
	}
	if withPhoto == nil || !strings.Contains(withPhoto.Body, "![](photo.jpeg)") {
		t.Fatalf("no entry links its photo: %+v", withPhoto)
	}
	f, ok := withPhoto.LinkedFile("photo.jpeg")
	if !ok {
		t.Fatalf("the link finds no file among %+v", withPhoto.Files)
	}
	kept := readFile(t, v, withPhoto.ID, f.ID)
	if bytes.Contains(kept, []byte(gpsText)) || bytes.Contains(kept, []byte("Exif\x00\x00")) {
		t.Fatal("the imported photo kept where it was taken")
	}
	again, err := v.ApplyImport(p)
	if err != nil || again.Added != 0 || again.AlreadyHere != 2 || again.Files != 0 {
		t.Fatalf("importing again: %+v, %v", again, err)
	}
}

// TestImportWithFilesIsWholeOrNothing stops an import with photos where a
// killed process would stop it: the journal has none of its entries and
// none of its files, and no entry lists a file it does not have.
func TestImportWithFilesIsWholeOrNothing(t *testing.T) {
	v, dir, _ := newTestVault(t)
	p, err := plain.Read(plain.FromDayOne, dayOneExport)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	setStageHook(t, "staged")
	if _, err := v.ApplyImport(p); err == nil {
		t.Fatal("the stopped import says it is done")
	}
	v.Close()
	stageHook = nil
	if v, err = Open(dir, testPassword); err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if l := mustList(t, v); len(l) != 0 || chunkCount(t, v) != 0 {
		t.Fatalf("a stopped import left %d entries and %d chunks", len(l), chunkCount(t, v))
	}
}

func mustList(t *testing.T, v *Vault) []*journal.Entry {
	t.Helper()
	l, err := v.List(ListQuery{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// TestImportMarkdownPictures imports a folder of notes whose pictures are
// beside them: each is attached, without where it was taken, and the
// note's links find them.
func TestImportMarkdownPictures(t *testing.T) {
	v, _, _ := newTestVault(t)
	p, err := plain.Read(plain.FromMarkdown, filepath.Join("..", "plain", "testdata", "import", "mdfiles"))
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	rep, err := v.ApplyImport(p)
	if err != nil || rep.Added != 1 || rep.Files != 2 {
		t.Fatalf("imported %+v, %v", rep, err)
	}
	l := mustList(t, v)
	e, err := v.Get(l[0].ID)
	if err != nil {
		t.Fatal(err)
	}
	sea, ok := e.LinkedFile("sea.jpg")
	notes, ok2 := e.LinkedFile("notes.txt")
	if !ok || !ok2 || !strings.Contains(e.Body, "![the sea](sea.jpg)") {
		t.Fatalf("the links find %v %v among %+v:\n%s", ok, ok2, e.Files, e.Body)
	}
	if kept := readFile(t, v, e.ID, sea.ID); bytes.Contains(kept, []byte(gpsText)) || imagemeta.Sniff(kept) != imagemeta.JPEG {
		t.Fatal("the imported picture kept where it was taken")
	}
	if string(readFile(t, v, e.ID, notes.ID)) != "Ask about the weekend plans.\n" {
		t.Fatal("the linked note reads back differently")
	}
}

// TestOnePictureUnderTwoNamesSurvivesARotation: the chunks two files of
// an entry share are carried once by a rotation and found whole by a
// check.
func TestOnePictureUnderTwoNamesSurvivesARotation(t *testing.T) {
	v, _, _ := newTestVault(t)
	pic := noise(300<<10, 9)
	e := &journal.Entry{Title: "Twice", Body: "two names"}
	if err := v.PutWithFiles(e, []NewFile{newFile("one.bin", pic), newFile("two.bin", pic)}); err != nil {
		t.Fatal(err)
	}
	nv, _, err := v.Rotate(rotatedPassword, TestKDF, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer nv.Close()
	got := getVersion(t, nv, e.ID)
	if len(got.Files) != 2 {
		t.Fatalf("after the rotation the entry lists %+v", got.Files)
	}
	for _, f := range got.Files {
		if !bytes.Equal(readFile(t, nv, e.ID, f.ID), pic) {
			t.Errorf("%s reads back differently", f.Name)
		}
	}
	rep, err := nv.Verify()
	if err != nil || !rep.OK() {
		t.Fatalf("the check after the rotation: %+v, %v", rep, err)
	}
}
