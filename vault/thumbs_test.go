package vault

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/jpeg"
	"testing"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/picture"
	"tend/journal"
)

// photo is a w×h JPEG of soft stripes.
func photo(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x / 7), uint8(y / 5), 140, 255})
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func thumbnail(t *testing.T, v *Vault, id journal.ID, fid journal.FileID) []byte {
	t.Helper()
	b, err := v.Thumbnail(id, fid)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestThumbnailMadeOnce: the first showing makes a small copy and keeps
// it; the second reads that copy back and never the picture, which is
// shown here by taking the picture's own chunks away in between.
func TestThumbnailMadeOnce(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "the sea at dusk")
	f := attach(t, v, e.ID, "sea.jpg", photo(t, 1200, 800))
	before, rev := chunkCount(t, v), getVersion(t, v, e.ID).Rev
	first := thumbnail(t, v, e.ID, f.ID)
	c, err := jpeg.DecodeConfig(bytes.NewReader(first))
	if err != nil || c.Width != picture.ThumbSide || c.Height != picture.ThumbSide*2/3 {
		t.Fatalf("thumbnail %dx%d, %v", c.Width, c.Height, err)
	}
	if chunkCount(t, v) != before+1 {
		t.Fatal("the thumbnail was not kept as a chunk of its own")
	}
	err = v.db.Update(func(txn *badger.Txn) error {
		l, err := v.storedList(txn, contentKey(e.ID))
		if err != nil {
			return err
		}
		for _, c := range l.Files[0].Chunks {
			if err := txn.Delete(c.Key); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := v.Attachment(e.ID, f.ID); err == nil {
		t.Fatal("the picture is still there to decode")
	}
	if again := thumbnail(t, v, e.ID, f.ID); !bytes.Equal(again, first) {
		t.Fatal("the second showing made the thumbnail again")
	}
	if got := getVersion(t, v, e.ID); got.Rev != rev {
		t.Fatalf("keeping a thumbnail made a new version (%d, was %d)", got.Rev, rev)
	}
}

func getVersion(t *testing.T, v *Vault, id journal.ID) *journal.Entry {
	t.Helper()
	e, err := v.Get(id)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestThumbnailGoesWithItsPicture: a save keeps the thumbnail, a rotation
// carries it, and when the picture goes, after a detach and once no
// version lists it, or by a purge, its thumbnail goes too.
func TestThumbnailGoesWithItsPicture(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "a walk")
	f := attach(t, v, e.ID, "path.jpg", photo(t, 640, 480))
	first := thumbnail(t, v, e.ID, f.ID)
	e = getVersion(t, v, e.ID)
	e.Body = "a walk in the rain"
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	nv, _, err := v.Rotate(rotatedPassword, TestKDF, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer nv.Close()
	before := chunkCount(t, nv)
	if !bytes.Equal(thumbnail(t, nv, e.ID, f.ID), first) || chunkCount(t, nv) != before {
		t.Fatal("the rotation lost the thumbnail, and it was made again")
	}
	if rep, err := nv.Verify(); err != nil || !rep.OK() {
		t.Fatalf("verify: %v %v", err, rep)
	}
	if err := nv.Detach(e.ID, f.ID); err != nil {
		t.Fatal(err)
	}
	for range historySlots + 1 {
		e = getVersion(t, nv, e.ID)
		e.Body += " again"
		if err := nv.Put(e); err != nil {
			t.Fatal(err)
		}
	}
	if n := chunkCount(t, nv); n != 0 {
		t.Fatalf("%d chunks left once no version lists the picture", n)
	}

	g := attach(t, nv, e.ID, "path.jpg", photo(t, 640, 480))
	thumbnail(t, nv, e.ID, g.ID)
	if err := nv.Delete(e.ID); err != nil {
		t.Fatal(err)
	}
	if err := nv.Purge(e.ID); err != nil {
		t.Fatal(err)
	}
	if n := chunkCount(t, nv); n != 0 {
		t.Fatalf("%d chunks left after purging the entry", n)
	}
}

func TestThumbnailOfWhatIsNoPicture(t *testing.T) {
	v, _, _ := newTestVault(t)
	e := putEntry(t, v, "papers")
	pdf := attach(t, v, e.ID, "letter.pdf", []byte("%PDF-1.4 a letter"))
	if _, err := v.Thumbnail(e.ID, pdf.ID); !errors.Is(err, ErrNotPicture) {
		t.Fatalf("thumbnail of a PDF: %v", err)
	}
	if _, err := v.Thumbnail(e.ID, journal.NewFileID()); !errors.Is(err, journal.ErrNoFile) {
		t.Fatalf("thumbnail of no file: %v", err)
	}
}
