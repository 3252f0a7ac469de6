package imagemeta

import (
	"bytes"
	"testing"
)

// fuzzStrip checks what must hold for any bytes at all: no panic, and a
// picture that strips once comes out of a second stripping unchanged, not
// much longer than it went in (the orientation segment, a pad byte).
func fuzzStrip(f *testing.F, strip func([]byte) ([]byte, error), seeds ...[]byte) {
	for _, s := range seeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		in := bytes.Clone(data)
		out, err := strip(data)
		if !bytes.Equal(in, data) {
			t.Fatal("stripping changed its input")
		}
		if err != nil {
			if out != nil {
				t.Fatal("a refusal returned bytes")
			}
			return
		}
		if len(out) > len(data)+36+1 {
			t.Fatalf("%d bytes in, %d out", len(data), len(out))
		}
		again, err := strip(out)
		if err != nil || !bytes.Equal(again, out) {
			t.Fatalf("a stripped picture stripped again changed (err %v)", err)
		}
	})
}

func FuzzStripJPEG(f *testing.F) {
	_, traced := tracedJPEG(f, 6)
	fuzzStrip(f, StripJPEG, traced)
}

func FuzzStripPNG(f *testing.F) {
	_, traced := tracedPNG(f)
	fuzzStrip(f, StripPNG, traced)
}

func FuzzStripWebP(f *testing.F) {
	plain, traced := tracedWebP(f)
	fuzzStrip(f, StripWebP, plain, traced)
}

func FuzzStripGIF(f *testing.F) {
	_, traced := tracedGIF(f)
	fuzzStrip(f, StripGIF, traced)
}

// FuzzOrientation reads the orientation of any bytes without a panic.
func FuzzOrientation(f *testing.F) {
	_, traced := tracedJPEG(f, 8)
	f.Add(traced)
	f.Fuzz(func(t *testing.T, data []byte) {
		if o := Orientation(data); o < 0 || o > 8 {
			t.Fatalf("orientation %d", o)
		}
	})
}
