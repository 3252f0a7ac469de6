// Package picture turns the bytes of an attached picture into pixels to
// show, and makes the small copy a strip of thumbnails shows. It knows the
// formats Tend keeps as pictures: JPEG, PNG, GIF and WebP.
//
// # Untrusted bytes
//
// A picture's bytes come from anywhere, and a few kilobytes can claim a
// picture of billions of pixels. Its size is read from its header and
// bounded by MaxPixels before a single pixel is decoded, so a picture can
// never make Tend ask for more memory than a large photo needs.
package picture

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/draw"
	"image/gif"
	"image/jpeg"
	"image/png"

	xdraw "golang.org/x/image/draw"
	"golang.org/x/image/webp"

	"tend/internal/imagemeta"
)

// MaxPixels bounds the pictures decoded: above any phone's or camera's
// usual photo (a 48-megapixel one is below it), at most about 260 MB of
// pixels while it is scaled.
const MaxPixels = 64 << 20

// ThumbSide is the longest side of a thumbnail, in pixels: a strip shows
// it at about a hundred points, sharp on a screen of twice the density.
const ThumbSide = 320

// ErrTooLarge means a picture has more pixels than MaxPixels; it is not
// decoded.
var ErrTooLarge = errors.New("this picture is too large for Tend to show")

// ErrDamaged means the bytes do not decode as a picture.
var ErrDamaged = errors.New("this picture could not be read; it may be damaged")

// Load returns a picture to show at most side pixels on its longest side:
// a JPEG, PNG, GIF (its first frame) or WebP, scaled down to fit, then
// turned upright as its EXIF orientation says (turning the small copy is
// what keeps that quick). It fails with ErrTooLarge before decoding
// anything for a picture above MaxPixels, and with ErrDamaged for bytes
// that are no picture it knows.
func Load(data []byte, side int) (image.Image, error) {
	img, err := decode(data)
	if err != nil {
		return nil, err
	}
	return upright(Fit(img, side), imagemeta.Orientation(data)), nil
}

// decode returns the pixels of a picture as they are stored, bounded by
// MaxPixels.
func decode(data []byte) (image.Image, error) {
	var decode func([]byte) (image.Image, error)
	var config func([]byte) (image.Config, error)
	switch imagemeta.Sniff(data) {
	case imagemeta.JPEG:
		decode = func(b []byte) (image.Image, error) { return jpeg.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	case imagemeta.PNG:
		decode = func(b []byte) (image.Image, error) { return png.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case imagemeta.GIF:
		decode = func(b []byte) (image.Image, error) { return gif.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return gif.DecodeConfig(bytes.NewReader(b)) }
	case imagemeta.WebP:
		decode = func(b []byte) (image.Image, error) { return webp.Decode(bytes.NewReader(b)) }
		config = func(b []byte) (image.Config, error) { return webp.DecodeConfig(bytes.NewReader(b)) }
	default:
		return nil, ErrDamaged
	}
	c, err := config(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	if c.Width <= 0 || c.Height <= 0 {
		return nil, ErrDamaged
	}
	if int64(c.Width)*int64(c.Height) > MaxPixels {
		return nil, ErrTooLarge
	}
	img, err := decode(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrDamaged, err)
	}
	return img, nil
}

// Fit returns img scaled down, keeping its shape, so that neither side is
// longer than side; a picture already that small comes back as it is.
func Fit(img image.Image, side int) image.Image {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w <= side && h <= side {
		return img
	}
	if w >= h {
		h = max(1, h*side/w)
		w = side
	} else {
		w = max(1, w*side/h)
		h = side
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// Catmull-Rom widens its kernel as it shrinks, so a photo scaled to a
	// tenth keeps its lines rather than breaking into jagged pixels.
	xdraw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	return dst
}

// Thumbnail returns the small copy of a picture a strip shows: at most
// ThumbSide pixels on its longest side, upright, as a JPEG, or as a PNG
// when it has see-through parts a JPEG would fill. It fails as Load does.
func Thumbnail(data []byte) ([]byte, error) {
	small, err := Load(data, ThumbSide)
	if err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if opaque(small) {
		err = jpeg.Encode(&buf, small, &jpeg.Options{Quality: 85})
	} else {
		err = png.Encode(&buf, small)
	}
	if err != nil {
		return nil, fmt.Errorf("making a thumbnail: %w", err)
	}
	return buf.Bytes(), nil
}

// opaque reports whether every pixel of img is fully opaque.
func opaque(img image.Image) bool {
	if o, ok := img.(interface{ Opaque() bool }); ok {
		return o.Opaque()
	}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if _, _, _, a := img.At(x, y).RGBA(); a != 0xFFFF {
				return false
			}
		}
	}
	return true
}

// upright turns img as an EXIF orientation from 2 to 8 says; 0 and 1 leave
// it as it is.
func upright(img image.Image, orientation int) image.Image {
	if orientation < 2 || orientation > 8 {
		return img
	}
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	swap := orientation >= 5
	dw, dh := w, h
	if swap {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for y := range h {
		for x := range w {
			var dx, dy int
			switch orientation {
			case 2: // mirrored
				dx, dy = w-1-x, y
			case 3: // upside down
				dx, dy = w-1-x, h-1-y
			case 4: // upside down, mirrored
				dx, dy = x, h-1-y
			case 5: // turned and mirrored along the diagonal
				dx, dy = y, x
			case 6: // to be turned a quarter clockwise
				dx, dy = h-1-y, x
			case 7: // the other diagonal
				dx, dy = h-1-y, w-1-x
			case 8: // to be turned a quarter anticlockwise
				dx, dy = y, w-1-x
			}
			dst.Set(dx, dy, img.At(b.Min.X+x, b.Min.Y+y))
		}
	}
	return dst
}
