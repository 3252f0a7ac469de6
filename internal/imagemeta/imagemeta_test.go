package imagemeta

import (
	"bytes"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"os"
	"testing"

	"golang.org/x/image/webp"
)

// canary stands for a place: if it is anywhere in a stripped file, the
// metadata that held it survived.
const canary = "GPS-CANARY-51.5007N-0.1246W"

// picture is a small image with some detail, so decoders have work to do.
func picture() *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, 24, 16))
	for y := range 16 {
		for x := range 24 {
			img.Set(x, y, color.RGBA{uint8(x * 10), uint8(y * 15), uint8(x * y), 255})
		}
	}
	return img
}

// exifTIFF is an EXIF block, big-endian, with an orientation and a GPS
// directory that holds the canary as a latitude reference.
func exifTIFF(orientation int) []byte {
	be := binary.BigEndian
	var b []byte
	b = append(b, "MM\x00\x2a"...)
	b = be.AppendUint32(b, 8)
	// IFD0 at 8: two entries, 2+2*12+4 = 30 bytes, so the GPS IFD is at 38.
	b = be.AppendUint16(b, 2)
	b = be.AppendUint16(b, tagOrientation)
	b = be.AppendUint16(b, 3)
	b = be.AppendUint32(b, 1)
	b = be.AppendUint16(b, uint16(orientation))
	b = append(b, 0, 0)
	b = be.AppendUint16(b, 0x8825) // GPSInfo
	b = be.AppendUint16(b, 4)
	b = be.AppendUint32(b, 1)
	b = be.AppendUint32(b, 38)
	b = be.AppendUint32(b, 0)
	// GPS IFD at 38: one ASCII entry whose text is at 38+18 = 56.
	b = be.AppendUint16(b, 1)
	b = be.AppendUint16(b, 0x0001)
	b = be.AppendUint16(b, 2)
	b = be.AppendUint32(b, uint32(len(canary)+1))
	b = be.AppendUint32(b, 56)
	b = be.AppendUint32(b, 0)
	b = append(b, canary...)
	return append(b, 0)
}

func jpegSegment(m byte, payload []byte) []byte {
	s := []byte{0xFF, m}
	s = binary.BigEndian.AppendUint16(s, uint16(len(payload)+2))
	return append(s, payload...)
}

// tracedJPEG is a JPEG carrying the canary in EXIF GPS, XMP, IPTC, a
// comment and after its end.
func tracedJPEG(t testing.TB, orientation int) (plain, traced []byte) {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, picture(), &jpeg.Options{Quality: 90}); err != nil {
		t.Fatal(err)
	}
	plain = buf.Bytes()
	traced = append(traced, plain[:2]...)
	traced = append(traced, jpegSegment(jpegAPP1, append(append([]byte{}, exifHeader...), exifTIFF(orientation)...))...)
	traced = append(traced, jpegSegment(jpegAPP1, []byte("http://ns.adobe.com/xap/1.0/\x00<x:xmpmeta>"+canary+"</x:xmpmeta>"))...)
	traced = append(traced, jpegSegment(0xED, []byte("Photoshop 3.0\x008BIM"+canary))...)
	traced = append(traced, jpegSegment(jpegCOM, []byte(canary))...)
	traced = append(traced, plain[2:]...)
	traced = append(traced, canary...)
	return plain, traced
}

func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// tracedPNG is a PNG carrying the canary in eXIf, tEXt, zTXt, iTXt and a
// time, after its IHDR.
func tracedPNG(t testing.TB) (plain, traced []byte) {
	var buf bytes.Buffer
	if err := png.Encode(&buf, picture()); err != nil {
		t.Fatal(err)
	}
	plain = buf.Bytes()
	ihdrEnd := len(pngSignature) + 8 + 13 + 4
	traced = append(traced, plain[:ihdrEnd]...)
	traced = append(traced, pngChunk("eXIf", exifTIFF(1))...)
	traced = append(traced, pngChunk("tEXt", []byte("Comment\x00"+canary))...)
	traced = append(traced, pngChunk("zTXt", []byte("Location\x00\x00"+canary))...)
	traced = append(traced, pngChunk("iTXt", []byte("XML:com.adobe.xmp\x00\x00\x00\x00\x00"+canary))...)
	traced = append(traced, pngChunk("tIME", []byte{0x07, 0xE8, 3, 31, 12, 0, 0})...)
	traced = append(traced, plain[ihdrEnd:]...)
	return plain, traced
}

func riffChunk(fourcc string, data []byte) []byte {
	c := append([]byte(fourcc), binary.LittleEndian.AppendUint32(nil, uint32(len(data)))...)
	c = append(c, data...)
	if len(data)%2 == 1 {
		c = append(c, 0)
	}
	return c
}

// tracedWebP is a lossless WebP in an extended container that announces
// and carries EXIF (with the canary in GPS) and XMP.
func tracedWebP(t testing.TB) (plain, traced []byte) {
	plain, err := os.ReadFile("testdata/gopher.webp")
	if err != nil {
		t.Fatal(err)
	}
	img, err := webp.Decode(bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	w, h := img.Bounds().Dx()-1, img.Bounds().Dy()-1
	vp8x := []byte{vp8xEXIF | vp8xXMP, 0, 0, 0, byte(w), byte(w >> 8), byte(w >> 16), byte(h), byte(h >> 8), byte(h >> 16)}
	var body []byte
	body = append(body, "WEBP"...)
	body = append(body, riffChunk("VP8X", vp8x)...)
	body = append(body, plain[12:]...) // the VP8L chunk
	body = append(body, riffChunk("EXIF", exifTIFF(1))...)
	body = append(body, riffChunk("XMP ", []byte("<x:xmpmeta>"+canary+"</x:xmpmeta>"))...)
	return plain, riffChunk("RIFF", body)
}

// tracedGIF is a looping GIF with the canary in a comment and in an XMP
// application extension.
func tracedGIF(t testing.TB) (plain, traced []byte) {
	pal := color.Palette{color.Black, color.White, color.RGBA{200, 30, 30, 255}}
	frame := image.NewPaletted(image.Rect(0, 0, 8, 8), pal)
	for i := range frame.Pix {
		frame.Pix[i] = uint8(i % 3)
	}
	var buf bytes.Buffer
	err := gif.EncodeAll(&buf, &gif.GIF{Image: []*image.Paletted{frame, frame}, Delay: []int{10, 10}, LoopCount: 3})
	if err != nil {
		t.Fatal(err)
	}
	plain = buf.Bytes()
	i := 13 // the header, then the global colour table if there is one
	if plain[10]&0x80 != 0 {
		i += 3 << (plain[10]&7 + 1)
	}
	comment := append([]byte{gifExtension, gifComment, byte(len(canary))}, canary...)
	comment = append(comment, 0)
	xmp := append([]byte{gifExtension, gifApplication, 11}, "XMP DataXMP"...)
	xmp = append(xmp, byte(len(canary)))
	xmp = append(xmp, canary...)
	xmp = append(xmp, 0)
	traced = append(traced, plain[:i]...)
	traced = append(traced, comment...)
	traced = append(traced, xmp...)
	traced = append(traced, plain[i:]...)
	return plain, traced
}

func samePixels(t *testing.T, a, b image.Image) {
	t.Helper()
	if a.Bounds() != b.Bounds() {
		t.Fatalf("bounds %v, want %v", b.Bounds(), a.Bounds())
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				t.Fatalf("pixel %d,%d is %v, want %v", x, y, b.At(x, y), a.At(x, y))
			}
		}
	}
}

func stripped(t *testing.T, traced []byte, want Format) []byte {
	t.Helper()
	if bytes.Count(traced, []byte(canary)) == 0 {
		t.Fatal("the test picture carries no canary")
	}
	out, f, err := Strip(traced)
	if err != nil {
		t.Fatal(err)
	}
	if f != want {
		t.Fatalf("format %q, want %q", f, want)
	}
	if bytes.Contains(out, []byte(canary)) {
		t.Fatal("the canary is still in the stripped picture")
	}
	again, _, err := Strip(out)
	if err != nil || !bytes.Equal(again, out) {
		t.Fatalf("stripping twice changed the picture again (err %v)", err)
	}
	return out
}

func TestStripJPEG(t *testing.T) {
	plain, traced := tracedJPEG(t, 6)
	out := stripped(t, traced, JPEG)
	want, err := jpeg.Decode(bytes.NewReader(plain))
	if err != nil {
		t.Fatal(err)
	}
	got, err := jpeg.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the stripped JPEG does not decode: %v", err)
	}
	samePixels(t, want, got)
	if o := Orientation(out); o != 6 {
		t.Errorf("orientation %d after stripping, want 6", o)
	}
	if Orientation(traced) != 6 {
		t.Error("the orientation of the traced JPEG is not read")
	}
	// What is left is the plain file with a 36-byte segment holding the
	// orientation alone.
	if len(out) != len(plain)+36 || !bytes.Equal(out[38:], plain[2:]) {
		t.Errorf("stripped JPEG is %d bytes, the plain one %d", len(out), len(plain))
	}
}

func TestStripJPEGUprightWritesNoEXIF(t *testing.T) {
	plain, traced := tracedJPEG(t, 1)
	out := stripped(t, traced, JPEG)
	if !bytes.Equal(out, plain) {
		t.Error("an upright JPEG's EXIF should go whole, giving back the plain file")
	}
}

func TestStripPNG(t *testing.T) {
	plain, traced := tracedPNG(t)
	out := stripped(t, traced, PNG)
	if !bytes.Equal(out, plain) {
		t.Error("stripping should give back the PNG as encoded, chunk for chunk")
	}
	want, _ := png.Decode(bytes.NewReader(plain))
	got, err := png.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	samePixels(t, want, got)
}

func TestStripWebP(t *testing.T) {
	plain, traced := tracedWebP(t)
	if _, err := webp.Decode(bytes.NewReader(traced)); err != nil {
		t.Fatalf("the traced WebP does not decode: %v", err)
	}
	out := stripped(t, traced, WebP)
	if bytes.Contains(out, []byte("EXIF")) || bytes.Contains(out, []byte("XMP ")) {
		t.Error("a metadata chunk is left")
	}
	if out[20]&(vp8xEXIF|vp8xXMP) != 0 {
		t.Errorf("VP8X flags %#x still announce metadata", out[20])
	}
	if n := binary.LittleEndian.Uint32(out[4:]); int(n) != len(out)-8 {
		t.Errorf("RIFF size %d, want %d", n, len(out)-8)
	}
	want, _ := webp.Decode(bytes.NewReader(plain))
	got, err := webp.Decode(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the stripped WebP does not decode: %v", err)
	}
	samePixels(t, want, got)
}

func TestStripGIF(t *testing.T) {
	plain, traced := tracedGIF(t)
	out := stripped(t, traced, GIF)
	if !bytes.Equal(out, plain) {
		t.Error("stripping should give back the GIF as encoded")
	}
	g, err := gif.DecodeAll(bytes.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 2 || g.LoopCount != 3 {
		t.Errorf("%d frames looping %d times, want 2 and 3", len(g.Image), g.LoopCount)
	}
}

func TestStripLeavesOtherFiles(t *testing.T) {
	for _, data := range [][]byte{[]byte("a letter to my younger self"), nil, []byte("%PDF-1.7 " + canary)} {
		out, f, err := Strip(data)
		if err != nil || f != "" || !bytes.Equal(out, data) {
			t.Errorf("Strip(%.12q) = %.12q, %q, %v; want it unchanged", data, out, f, err)
		}
	}
}

func TestStripRefusesDamagedPictures(t *testing.T) {
	_, j := tracedJPEG(t, 1)
	_, p := tracedPNG(t)
	_, w := tracedWebP(t)
	_, g := tracedGIF(t)
	for name, data := range map[string][]byte{
		"jpeg cut short": j[:len(j)/2],
		"png cut short":  p[:len(p)-20],
		"webp cut short": w[:len(w)/2],
		"gif cut short":  g[:len(g)-10],
		"jpeg header":    {0xFF, 0xD8, 0xFF},
		"riff header":    []byte("RIFF\xff\xff\xff\xffWEBP"),
	} {
		if _, _, err := Strip(data); !errors.Is(err, ErrDamaged) {
			t.Errorf("%s: err %v, want ErrDamaged", name, err)
		}
	}
}

// TestUncleanedKnowsPicturesThatKeepTheirPlace names the pictures Strip
// leaves as they are by their first bytes, whatever they are called.
func TestUncleanedKnowsPicturesThatKeepTheirPlace(t *testing.T) {
	for _, tc := range []struct {
		data, want string
	}{
		{"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00", "image/heic"},
		{"\x00\x00\x00\x18ftypmif1\x00\x00\x00\x00", "image/heif"},
		{"\x00\x00\x00\x1cftypavif\x00\x00\x00\x00", "image/avif"},
		{"II*\x00\x08\x00\x00\x00", "image/tiff"},
		{"MM\x00*\x00\x00\x00\x08", "image/tiff"},
		{"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00", ""}, // a video
		{"%PDF-1.4", ""},
		{"\xff\xd8\xff\xe0", ""}, // a JPEG: Strip cleans it
		{"", ""},
	} {
		if got := Uncleaned([]byte(tc.data)); got != tc.want {
			t.Errorf("Uncleaned(%q) = %q, want %q", tc.data, got, tc.want)
		}
	}
	for _, f := range []Format{JPEG, PNG, GIF, WebP} {
		if !Cleans(string(f)) {
			t.Errorf("Cleans(%s) = false", f)
		}
	}
	for _, f := range []string{"image/heic", "image/tiff", "image/svg+xml", "application/pdf", ""} {
		if Cleans(f) {
			t.Errorf("Cleans(%s) = true", f)
		}
	}
}
