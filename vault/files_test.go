package vault

import (
	"bytes"
	"encoding/binary"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"io"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/imagemeta"
	"tend/journal"
)

// noise returns n bytes that do not compress and do not repeat.
func noise(n int, seed uint64) []byte {
	r := rand.New(rand.NewPCG(seed, seed+1))
	b := make([]byte, n)
	for i := 0; i+8 <= n; i += 8 {
		binary.LittleEndian.PutUint64(b[i:], r.Uint64())
	}
	return b
}

// chunkCount counts the chunks in the store, a long entry's and files'.
func chunkCount(t *testing.T, v *Vault) int {
	t.Helper()
	n := 0
	if err := v.db.View(func(txn *badger.Txn) error { n = countKeys(txn, prefixChunk); return nil }); err != nil {
		t.Fatal(err)
	}
	return n
}

func putEntry(t *testing.T, v *Vault, body string) *journal.Entry {
	t.Helper()
	e := &journal.Entry{Title: "A day", Body: body}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	return e
}

func attach(t *testing.T, v *Vault, id journal.ID, name string, data []byte) journal.File {
	t.Helper()
	f, err := v.Attach(id, name, bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func readFile(t *testing.T, v *Vault, id journal.ID, fid journal.FileID) []byte {
	t.Helper()
	b, err := v.Attachment(id, fid)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestAttachReadDetach(t *testing.T) {
	v, dir, _ := newTestVault(t)
	e := putEntry(t, v, "the walk by the river")
	small := []byte("a short note, kept as it is")
	big := noise(3<<20+17, 1) // more than one chunk
	fs := attach(t, v, e.ID, "notes/from-session.txt", small)
	fb := attach(t, v, e.ID, "recording.ogg", big)
	if fs.Name != "from-session.txt" || fs.Size != int64(len(small)) || !strings.HasPrefix(fs.Type, "text/plain") {
		t.Errorf("small file listed as %+v", fs)
	}
	if fb.Size != int64(len(big)) || fb.ID == fs.ID {
		t.Errorf("big file listed as %+v", fb)
	}
	got, err := v.Get(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(got.Files) != 2 || got.Files[0] != fs || got.Files[1] != fb || got.Body != e.Body || got.Rev != 3 {
		t.Fatalf("entry lists %+v at rev %d", got.Files, got.Rev)
	}

	// Unlocking again reads the files back, byte for byte.
	v.Close()
	v, err = Open(dir, testPassword)
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	if !bytes.Equal(readFile(t, v, e.ID, fs.ID), small) || !bytes.Equal(readFile(t, v, e.ID, fb.ID), big) {
		t.Fatal("a file read back differs from the one attached")
	}
	if l, _ := v.List(ListQuery{}); len(l) != 1 || len(l[0].Files) != 0 {
		t.Error("a list's summaries should not carry the files")
	}

	if err := v.Detach(e.ID, fb.ID); err != nil {
		t.Fatal(err)
	}
	got, _ = v.Get(e.ID)
	if len(got.Files) != 1 || got.Files[0] != fs {
		t.Fatalf("after detaching, the entry lists %+v", got.Files)
	}
	// The version before still has it, and so it is still kept.
	hist, err := v.History(e.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(hist) == 0 || len(hist[0].Files) != 2 {
		t.Fatalf("the version before the detach lists %d files", len(hist[0].Files))
	}
	if !bytes.Equal(readFile(t, v, e.ID, fb.ID), big) {
		t.Error("a file the history lists could not be read")
	}
	if err := v.Detach(e.ID, fb.ID); !errors.Is(err, journal.ErrNoFile) {
		t.Errorf("detaching twice: %v", err)
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep)
	}
}

func TestPutKeepsFiles(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "before the photo")
	stale := *e // an editor's copy from before the file was attached
	f := attach(t, v, e.ID, "a.txt", []byte("kept"))
	stale.Body = "after the photo"
	if err := v.Put(&stale); err != nil {
		t.Fatal(err)
	}
	got, _ := v.Get(e.ID)
	if len(got.Files) != 1 || got.Files[0] != f || got.Body != "after the photo" {
		t.Fatalf("a save from an older copy left %+v", got.Files)
	}
	// Nor can a save list a file the entry does not have.
	got.Files = append(got.Files, journal.File{ID: journal.NewFileID(), Name: "made-up", Size: 3})
	if err := v.Put(got); err != nil {
		t.Fatal(err)
	}
	if got, _ = v.Get(e.ID); len(got.Files) != 1 {
		t.Fatalf("Put listed a file it was given: %+v", got.Files)
	}
}

func TestAttachSameBytesOnce(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "twice")
	data := noise(1<<20+5, 2)
	f1 := attach(t, v, e.ID, "one.bin", data)
	chunks := chunkCount(t, v)
	f2 := attach(t, v, e.ID, "two.bin", data)
	got, _ := v.Get(e.ID)
	if f2 != f1 || len(got.Files) != 1 || got.Rev != 2 {
		t.Fatalf("the same bytes attached again gave %+v, entry lists %d at rev %d", f2, len(got.Files), got.Rev)
	}
	if n := chunkCount(t, v); n != chunks {
		t.Errorf("%d chunks after attaching the same bytes again, %d before", n, chunks)
	}
}

func TestAttachGivesEachFileItsOwnName(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "three photos of the sea")
	var got []string
	for i := range 3 {
		got = append(got, attach(t, v, e.ID, "sea.bin", noise(100, uint64(10+i))).Name)
	}
	got = append(got, attach(t, v, e.ID, "notes", noise(100, 20)).Name, attach(t, v, e.ID, "notes", noise(100, 21)).Name)
	want := []string{"sea.bin", "sea (2).bin", "sea (3).bin", "notes", "notes (2)"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("names %q, want %q", got, want)
	}
	other := putEntry(t, v, "another day")
	if f := attach(t, v, other.ID, "sea.bin", noise(100, 10)); f.Name != "sea.bin" {
		t.Errorf("another entry's file is named %q, want sea.bin", f.Name)
	}
}

// gpsCanary stands for a place inside a photo's EXIF.
const gpsCanary = "GPSCANARYqz87-51.5007N"

// photoWithPlace is a JPEG whose EXIF names a place.
func photoWithPlace(t *testing.T) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 32, 32))
	for i := range img.Pix {
		img.Pix[i] = uint8(i * 7)
	}
	img.Set(0, 0, color.White)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	plain := buf.Bytes()
	exif := []byte("Exif\x00\x00MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00" + gpsCanary)
	seg := binary.BigEndian.AppendUint16([]byte{0xFF, 0xE1}, uint16(len(exif)+2))
	out := append([]byte{}, plain[:2]...)
	out = append(out, seg...)
	out = append(out, exif...)
	return append(out, plain[2:]...)
}

func TestAttachStripsAndRefusesDamagedPictures(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	v, dir, _ := newTestVault(t)
	e := putEntry(t, v, "a photo of the lake")
	photo := photoWithPlace(t)
	f := attach(t, v, e.ID, "IMG_0001.JPG", photo)
	if f.Type != "image/jpeg" || !f.IsImage() {
		t.Errorf("photo typed %q", f.Type)
	}
	kept := readFile(t, v, e.ID, f.ID)
	if bytes.Contains(kept, []byte(gpsCanary)) {
		t.Fatal("the photo's place was kept")
	}
	if _, err := jpeg.Decode(bytes.NewReader(kept)); err != nil {
		t.Fatalf("the kept photo does not decode: %v", err)
	}

	_, err := v.Attach(e.ID, "broken.jpg", bytes.NewReader(photo[:len(photo)/2]))
	if !errors.Is(err, imagemeta.ErrDamaged) {
		t.Fatalf("a damaged photo: %v", err)
	}
	// A file that only claims to be a picture by its name is no picture,
	// and is kept as it is.
	g := attach(t, v, e.ID, "not-really.png", []byte("plain words"))
	if g.IsImage() {
		t.Errorf("text named .png typed %q", g.Type)
	}
	got, _ := v.Get(e.ID)
	if got.Rev != 3 || len(got.Files) != 2 {
		t.Errorf("rev %d with %d files: the refused photo changed the entry", got.Rev, len(got.Files))
	}
	v.Close()
	assertNoCanary(t, []string{dir, tmp}, []string{gpsCanary})
}

// zeros reads n zero bytes without holding them.
type zeros struct{ n int64 }

func (z *zeros) Read(p []byte) (int, error) {
	if z.n <= 0 {
		return 0, io.EOF
	}
	n := min(int64(len(p)), z.n)
	clear(p[:n])
	z.n -= n
	return int(n), nil
}

func TestAttachTooBigWritesNothing(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "too much")
	_, err := v.Attach(e.ID, "huge.bin", &zeros{journal.MaxFileSize + 1})
	if !errors.Is(err, journal.ErrFileTooBig) {
		t.Fatalf("err %v, want ErrFileTooBig", err)
	}
	got, _ := v.Get(e.ID)
	if got.Rev != 1 || len(got.Files) != 0 || chunkCount(t, v) != 0 {
		t.Fatalf("rev %d, %d files, %d chunks after a refusal", got.Rev, len(got.Files), chunkCount(t, v))
	}
	if _, err := v.Attach(journal.NewID(), "a.txt", strings.NewReader("x")); !errors.Is(err, journal.ErrNotFound) {
		t.Errorf("attaching to no entry: %v", err)
	}
}

func TestTrashKeepsFilesAndPurgeFreesThem(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "to let go of")
	data := noise(2<<20+3, 3)
	f := attach(t, v, e.ID, "letter.pdf", data)
	if err := v.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.RestoreFromTrash(e.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	if got, _ := v.Get(e.ID); len(got.Files) != 1 || !bytes.Equal(readFile(t, v, e.ID, f.ID), data) {
		t.Fatal("the trash lost the entry's file")
	}
	if err := v.Compact(); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(readFile(t, v, e.ID, f.ID), data) {
		t.Fatal("a compaction swept a file's chunks")
	}
	if err := v.Purge(e.ID); err != nil {
		t.Fatal(err)
	}
	if n := chunkCount(t, v); n != 0 {
		t.Errorf("%d chunks left after purging the entry", n)
	}
}

func TestFileGoesWhenNoVersionListsIt(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "rewritten many times")
	f := attach(t, v, e.ID, "old.bin", noise(1<<20, 4))
	if err := v.Detach(e.ID, f.ID); err != nil {
		t.Fatal(err)
	}
	// The versions with the file list it and their text in chunks; the
	// versions without a file keep their short text whole. So once the
	// last version with the file leaves the history, no chunk is left.
	if n := chunkCount(t, v); n == 0 {
		t.Fatal("no chunks while versions list the file")
	}
	for i := range historySlots + 1 {
		e, _ = v.Get(e.ID)
		e.Body = strings.Repeat("again ", i+1)
		if err := v.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := v.Attachment(e.ID, f.ID); !errors.Is(err, journal.ErrNoFile) {
		t.Errorf("reading a file no version lists: %v", err)
	}
	if n := chunkCount(t, v); n != 0 {
		t.Errorf("%d chunks left once no version lists the file", n)
	}
	if rep, err := v.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep)
	}
}

func TestRotationKeepsFiles(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "before new keys")
	data := noise(3<<20, 5)
	f := attach(t, v, e.ID, "scan.png.bin", data)
	if err := v.Detach(e.ID, f.ID); err != nil {
		t.Fatal(err)
	}
	g := attach(t, v, e.ID, "kept.txt", []byte("still here"))
	nv, _, err := v.Rotate(rotatedPassword, TestKDF, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer nv.Close()
	if !bytes.Equal(readFile(t, nv, e.ID, f.ID), data) || string(readFile(t, nv, e.ID, g.ID)) != "still here" {
		t.Fatal("a file read after the rotation differs")
	}
	if rep, err := nv.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep)
	}
}

// TestAttachKeepsAPictureItCannotCleanAsItIs: a phone's HEIC photo is
// kept byte for byte, named for what it is whatever its file is called,
// and not shown as a picture.
func TestAttachKeepsAPictureItCannotCleanAsItIs(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "from my phone")
	data := append([]byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic"), gpsCanary...)
	f := attach(t, v, e.ID, "photo.jpg", data)
	if f.Type != "image/heic" || f.IsImage() {
		t.Errorf("kept as %q (shown as a picture: %v)", f.Type, f.IsImage())
	}
	if got := readFile(t, v, e.ID, f.ID); !bytes.Equal(got, data) {
		t.Error("the picture was changed")
	}
}
