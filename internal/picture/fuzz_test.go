package picture

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"testing"
)

// FuzzThumbnail feeds Thumbnail bytes from anywhere, as an attached file
// or a damaged journal may hold: it returns a small upright picture or
// ErrTooLarge or ErrDamaged, and never panics or asks for the memory a
// header claims.
func FuzzThumbnail(f *testing.F) {
	f.Add(encodeJPEG(f, 40, 30, 6))
	f.Add(encodeJPEG(f, 9, 17, 0))
	img := image.NewNRGBA(image.Rect(0, 0, 12, 7))
	img.Set(3, 3, color.NRGBA{200, 10, 10, 128})
	var p bytes.Buffer
	if err := png.Encode(&p, img); err != nil {
		f.Fatal(err)
	}
	f.Add(p.Bytes())
	var g bytes.Buffer
	if err := gif.Encode(&g, img, nil); err != nil {
		f.Fatal(err)
	}
	f.Add(g.Bytes())
	if webp, err := os.ReadFile("../imagemeta/testdata/gopher.webp"); err == nil {
		f.Add(webp)
	}
	f.Add([]byte("\x89PNG\r\n\x1a\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		thumb, err := Thumbnail(data)
		if err != nil {
			if !errors.Is(err, ErrDamaged) && !errors.Is(err, ErrTooLarge) {
				t.Fatalf("an unexpected error: %v", err)
			}
			return
		}
		c, _, err := image.DecodeConfig(bytes.NewReader(thumb))
		if err != nil {
			t.Fatalf("the thumbnail does not decode: %v", err)
		}
		if c.Width > ThumbSide || c.Height > ThumbSide || c.Width < 1 || c.Height < 1 {
			t.Fatalf("a thumbnail of %dx%d", c.Width, c.Height)
		}
	})
}
