package imagemeta

import (
	"bytes"
	"encoding/binary"
)

// JPEG markers this file tells apart.
const (
	jpegSOI   = 0xD8
	jpegEOI   = 0xD9
	jpegSOS   = 0xDA
	jpegAPP0  = 0xE0
	jpegAPP1  = 0xE1
	jpegAPP2  = 0xE2
	jpegAPP14 = 0xEE
	jpegAPP15 = 0xEF
	jpegCOM   = 0xFE
)

// StripJPEG returns a JPEG without its EXIF, XMP, IPTC and other
// application segments and without its comments, keeping what decoding
// needs (see the package doc) and the orientation, alone.
func StripJPEG(data []byte) ([]byte, error) {
	if len(data) < 4 || data[0] != 0xFF || data[1] != jpegSOI {
		return nil, ErrDamaged
	}
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, jpegSOI)
	orientation := 0
	orientationDone := false
	i := 2
	for {
		if i >= len(data) || data[i] != 0xFF {
			return nil, ErrDamaged
		}
		for i < len(data) && data[i] == 0xFF {
			i++ // fill bytes before a marker
		}
		if i >= len(data) {
			return nil, ErrDamaged
		}
		m := data[i]
		i++
		switch {
		case m == jpegEOI:
			// Whatever follows the end of the image is not part of it.
			return append(out, 0xFF, jpegEOI), nil
		case m == 0x01 || (m >= 0xD0 && m <= 0xD7):
			out = append(out, 0xFF, m) // markers without a length
			continue
		case m == 0x00 || m == jpegSOI:
			return nil, ErrDamaged
		}
		if i+2 > len(data) {
			return nil, ErrDamaged
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return nil, ErrDamaged
		}
		payload := data[i+2 : i+n]
		seg := data[i : i+n]
		i += n
		isApp := m >= jpegAPP0 && m <= jpegAPP15
		if !isApp && m != jpegCOM && !orientationDone {
			// The first segment past the header: the orientation goes
			// here, before the frame, where every reader looks for it.
			orientationDone = true
			if orientation > 1 {
				out = appendOrientation(out, orientation)
			}
		}
		if m == jpegAPP1 && orientation == 0 {
			orientation = exifOrientation(payload)
		}
		if keepJPEGSegment(m, payload) {
			out = append(out, 0xFF, m)
			out = append(out, seg...)
		}
		if m != jpegSOS {
			continue
		}
		// The entropy-coded data of a scan runs to the next marker that
		// is neither a stuffed 0xFF00 nor a restart.
		j := i
		for {
			if j+1 >= len(data) {
				return nil, ErrDamaged
			}
			if data[j] == 0xFF {
				if next := data[j+1]; next == 0x00 || (next >= 0xD0 && next <= 0xD7) {
					j += 2
					continue
				}
				break
			}
			j++
		}
		out = append(out, data[i:j]...)
		i = j
	}
}

// keepJPEGSegment says whether a segment is one decoding needs.
func keepJPEGSegment(m byte, payload []byte) bool {
	switch {
	case m == jpegCOM:
		return false
	case m == jpegAPP0:
		return bytes.HasPrefix(payload, []byte("JFIF\x00")) || bytes.HasPrefix(payload, []byte("JFXX\x00"))
	case m == jpegAPP2:
		return bytes.HasPrefix(payload, []byte("ICC_PROFILE\x00"))
	case m == jpegAPP14:
		return bytes.HasPrefix(payload, []byte("Adobe"))
	case m >= jpegAPP0 && m <= jpegAPP15:
		return false
	}
	return true
}

// exifHeader begins an APP1 segment that holds EXIF.
var exifHeader = []byte("Exif\x00\x00")

// tagOrientation is the EXIF tag of the orientation, a SHORT from 1 to 8.
const tagOrientation = 0x0112

// exifOrientation reads the orientation from an APP1 payload, or 0 when it
// has none that makes sense.
func exifOrientation(payload []byte) int {
	if !bytes.HasPrefix(payload, exifHeader) {
		return 0
	}
	tiff := payload[len(exifHeader):]
	if len(tiff) < 8 {
		return 0
	}
	var order binary.ByteOrder
	switch string(tiff[:2]) {
	case "II":
		order = binary.LittleEndian
	case "MM":
		order = binary.BigEndian
	default:
		return 0
	}
	if order.Uint16(tiff[2:]) != 42 {
		return 0
	}
	off := uint64(order.Uint32(tiff[4:]))
	if off+2 > uint64(len(tiff)) {
		return 0
	}
	count := uint64(order.Uint16(tiff[off:]))
	for k := range count {
		e := off + 2 + 12*k
		if e+12 > uint64(len(tiff)) {
			return 0
		}
		if order.Uint16(tiff[e:]) != tagOrientation {
			continue
		}
		// A SHORT (type 3), one of it, held in the entry itself.
		if order.Uint16(tiff[e+2:]) != 3 || order.Uint32(tiff[e+4:]) != 1 {
			return 0
		}
		if v := int(order.Uint16(tiff[e+8:])); v >= 1 && v <= 8 {
			return v
		}
		return 0
	}
	return 0
}

// appendOrientation appends an APP1 EXIF segment that holds the
// orientation and nothing else.
func appendOrientation(out []byte, orientation int) []byte {
	var tiff []byte
	tiff = append(tiff, "MM\x00\x2a\x00\x00\x00\x08"...) // big-endian, IFD0 at 8
	tiff = binary.BigEndian.AppendUint16(tiff, 1)        // one entry
	tiff = binary.BigEndian.AppendUint16(tiff, tagOrientation)
	tiff = binary.BigEndian.AppendUint16(tiff, 3) // SHORT
	tiff = binary.BigEndian.AppendUint32(tiff, 1)
	tiff = binary.BigEndian.AppendUint16(tiff, uint16(orientation))
	tiff = append(tiff, 0, 0)                     // the rest of the value's four bytes
	tiff = binary.BigEndian.AppendUint32(tiff, 0) // no next IFD
	out = append(out, 0xFF, jpegAPP1)
	out = binary.BigEndian.AppendUint16(out, uint16(2+len(exifHeader)+len(tiff)))
	out = append(out, exifHeader...)
	return append(out, tiff...)
}

// Orientation returns the EXIF orientation of a JPEG, from 1 (upright) to
// 8, or 0 when it gives none. A viewer turns the picture by it.
func Orientation(data []byte) int {
	if Sniff(data) != JPEG {
		return 0
	}
	i := 2
	for i+4 <= len(data) && data[i] == 0xFF {
		m := data[i+1]
		n := int(binary.BigEndian.Uint16(data[i+2:]))
		if m == jpegSOS || n < 2 || i+2+n > len(data) {
			return 0
		}
		if m == jpegAPP1 {
			if o := exifOrientation(data[i+4 : i+2+n]); o != 0 {
				return o
			}
		}
		i += 2 + n
	}
	return 0
}
