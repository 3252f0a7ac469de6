package imagemeta

import "encoding/binary"

// VP8X flags of the metadata chunks.
const (
	vp8xEXIF = 0x08
	vp8xXMP  = 0x04
)

// StripWebP returns a WebP without its EXIF and XMP chunks, with the VP8X
// header no longer announcing them and the RIFF size of what is left.
func StripWebP(data []byte) ([]byte, error) {
	if Sniff(data) != WebP {
		return nil, ErrDamaged
	}
	size := uint64(binary.LittleEndian.Uint32(data[4:]))
	if size < 4 || 8+size > uint64(len(data)) {
		return nil, ErrDamaged
	}
	body := data[12 : 8+size] // anything after the RIFF is not the picture
	out := make([]byte, 0, len(data))
	out = append(out, "RIFF\x00\x00\x00\x00WEBP"...)
	vp8x := -1
	for j, first := uint64(0), true; j < uint64(len(body)); first = false {
		if j+8 > uint64(len(body)) {
			return nil, ErrDamaged
		}
		fourcc := string(body[j : j+4])
		n := uint64(binary.LittleEndian.Uint32(body[j+4:]))
		end := j + 8 + n
		if end > uint64(len(body)) {
			return nil, ErrDamaged
		}
		if first && fourcc != "VP8 " && fourcc != "VP8L" && fourcc != "VP8X" {
			return nil, ErrDamaged
		}
		switch fourcc {
		case "EXIF", "XMP ":
		case "VP8X":
			if !first || n < 10 {
				return nil, ErrDamaged
			}
			vp8x = len(out) + 8
			fallthrough
		default:
			out = append(out, body[j:end]...)
			if n%2 == 1 {
				out = append(out, 0) // chunks are padded to even lengths
			}
		}
		j = end + n%2
	}
	if vp8x >= 0 {
		out[vp8x] &^= vp8xEXIF | vp8xXMP
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	return out, nil
}
