package picture

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"

	"tend/internal/imagemeta"
)

// encodeJPEG returns a w×h JPEG, its left half dark and its right half
// light, with an EXIF orientation when orientation is not 0.
func encodeJPEG(t testing.TB, w, h, orientation int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			c := color.RGBA{20, 20, 20, 255}
			if x >= w/2 {
				c = color.RGBA{240, 240, 240, 255}
			}
			img.Set(x, y, c)
		}
	}
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	data := buf.Bytes()
	if orientation == 0 {
		return data
	}
	tiff := []byte("MM\x00\x2a\x00\x00\x00\x08\x00\x01")
	tiff = binary.BigEndian.AppendUint16(tiff, 0x0112)
	tiff = binary.BigEndian.AppendUint16(tiff, 3)
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, uint16(orientation))
	tiff = append(tiff, 0, 0, 0, 0, 0, 0)
	seg := append([]byte("Exif\x00\x00"), tiff...)
	out := append([]byte{0xFF, 0xD8, 0xFF, 0xE1}, binary.BigEndian.AppendUint16(nil, uint16(2+len(seg)))...)
	out = append(out, seg...)
	return append(out, data[2:]...)
}

func TestLoadFitsAndTurnsUpright(t *testing.T) {
	data := encodeJPEG(t, 400, 200, 6)
	if imagemeta.Orientation(data) != 6 {
		t.Fatal("the test picture has no orientation")
	}
	img, err := Load(data, 100)
	if err != nil {
		t.Fatal(err)
	}
	// 400×200 fits as 100×50, and a quarter turn stands it up: 50×100,
	// its dark half on top.
	if b := img.Bounds(); b.Dx() != 50 || b.Dy() != 100 {
		t.Fatalf("loaded as %v", b)
	}
	top, _, _, _ := img.At(25, 10).RGBA()
	bottom, _, _, _ := img.At(25, 90).RGBA()
	if top > bottom {
		t.Fatalf("the picture was not turned clockwise: top %d, bottom %d", top>>8, bottom>>8)
	}
	small, err := Load(encodeJPEG(t, 40, 20, 0), 100)
	if err != nil || small.Bounds().Dx() != 40 {
		t.Fatalf("a small picture was scaled: %v %v", small.Bounds(), err)
	}
}

// hugePNG is a PNG header claiming side×side pixels, with nothing after it.
func hugePNG(side uint32) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, side)
	ihdr = binary.BigEndian.AppendUint32(ihdr, side)
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	chunk := append([]byte("IHDR"), ihdr...)
	out := append([]byte("\x89PNG\r\n\x1a\n"), binary.BigEndian.AppendUint32(nil, uint32(len(ihdr)))...)
	out = append(out, chunk...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(chunk))
}

func TestLoadRefusesBeforeDecoding(t *testing.T) {
	if _, err := Load(hugePNG(100_000), ThumbSide); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("a picture of ten billion pixels: %v", err)
	}
	for _, data := range [][]byte{nil, []byte("not a picture"), hugePNG(10)} {
		if _, err := Load(data, ThumbSide); !errors.Is(err, ErrDamaged) {
			t.Fatalf("%q: %v", data, err)
		}
	}
}

func TestThumbnailKeepsSeeThroughParts(t *testing.T) {
	img := image.NewNRGBA(image.Rect(0, 0, 800, 600))
	img.Set(1, 1, color.NRGBA{255, 0, 0, 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	th, err := Thumbnail(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if imagemeta.Sniff(th) != imagemeta.PNG {
		t.Fatal("a see-through picture's thumbnail is not a PNG")
	}
	c, err := png.DecodeConfig(bytes.NewReader(th))
	if err != nil || c.Width != ThumbSide || c.Height != 240 {
		t.Fatalf("thumbnail %dx%d, %v", c.Width, c.Height, err)
	}
	th, err = Thumbnail(encodeJPEG(t, 1000, 3000, 0))
	if err != nil || imagemeta.Sniff(th) != imagemeta.JPEG {
		t.Fatalf("an opaque photo's thumbnail: %v", err)
	}
}
