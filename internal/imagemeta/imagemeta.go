// Package imagemeta takes out of a picture what a person may not know it
// carries: the place it was taken (EXIF GPS above all), the camera, the
// time, names and comments. It rewrites only the file's container, never
// its pixels, so the picture decodes exactly as before.
//
// # What is kept
//
//   - JPEG: the frame and scans, the JFIF header (APP0), the colour
//     profile (APP2 ICC_PROFILE) and Adobe's colour transform (APP14),
//     which decoders need to show the colours right. Every other APPn
//     segment (EXIF, XMP, IPTC, maker notes) and every comment goes. The
//     EXIF orientation, the one tag a viewer needs to show a phone's
//     photo upright, is written back alone in a new EXIF segment that
//     holds nothing else.
//   - PNG: every chunk but eXIf, tEXt, zTXt, iTXt and tIME.
//   - WebP: every chunk but EXIF and XMP, with the VP8X flags and the
//     RIFF size put right.
//   - GIF: the frames and their timing, and the NETSCAPE2.0 looping
//     extension; comments and every other application extension (XMP
//     among them) go.
//
// Bytes after the end of an image (where some cameras append more data)
// go too. Any other file is not a picture this package knows, and is
// left as it is.
//
// # Untrusted bytes
//
// Every function here reads bytes from anywhere: every length is checked
// before it is used, nothing panics, and a picture that does not parse is
// refused with ErrDamaged rather than kept with its metadata.
package imagemeta

import (
	"bytes"
	"errors"
)

// Format is a kind of picture this package knows; the zero Format is any
// other file.
type Format string

// The formats Strip rewrites, named by their media types.
const (
	JPEG Format = "image/jpeg"
	PNG  Format = "image/png"
	GIF  Format = "image/gif"
	WebP Format = "image/webp"
)

// ErrDamaged means a file that begins as a picture does not parse as one,
// so its metadata could not be taken out and it was not kept.
var ErrDamaged = errors.New("this picture seems damaged, so Tend could not take out what it says about where and when it was taken; it was not added")

// Sniff says which format data is by its first bytes, or "" when it is
// none of them.
func Sniff(data []byte) Format {
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xD8, 0xFF}):
		return JPEG
	case bytes.HasPrefix(data, pngSignature):
		return PNG
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP
	}
	return ""
}

// Uncleaned returns the media type of a picture in a format Strip cannot
// clean but that commonly carries where and when it was taken (HEIC and
// HEIF from phones, AVIF, TIFF and the raw files of cameras built on it),
// or "" for any other bytes. It reads only the first bytes, so a file
// named anything is known by what it is.
func Uncleaned(data []byte) string {
	if len(data) >= 12 && string(data[4:8]) == "ftyp" {
		switch string(data[8:12]) {
		case "heic", "heix", "heim", "heis", "hevc", "hevx":
			return "image/heic"
		case "mif1", "msf1", "heif":
			return "image/heif"
		case "avif", "avis":
			return "image/avif"
		}
	}
	if bytes.HasPrefix(data, []byte("II*\x00")) || bytes.HasPrefix(data, []byte("MM\x00*")) {
		return "image/tiff"
	}
	return ""
}

// Cleans reports whether Strip takes the metadata out of pictures of
// media type t: the four formats it knows. A picture of any other kind
// (HEIC, TIFF, AVIF, RAW) is kept as it is, with whatever it says.
func Cleans(t string) bool {
	switch Format(t) {
	case JPEG, PNG, GIF, WebP:
		return true
	}
	return false
}

// Strip returns data without its metadata, and its format. A file of no
// format Sniff knows comes back as it is, with the zero Format. A picture
// that does not parse gives ErrDamaged. data is never changed; the result
// may share its bytes.
func Strip(data []byte) ([]byte, Format, error) {
	f := Sniff(data)
	var out []byte
	var err error
	switch f {
	case JPEG:
		out, err = StripJPEG(data)
	case PNG:
		out, err = StripPNG(data)
	case GIF:
		out, err = StripGIF(data)
	case WebP:
		out, err = StripWebP(data)
	default:
		return data, "", nil
	}
	if err != nil {
		return nil, f, err
	}
	return out, f, nil
}
