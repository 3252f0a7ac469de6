package imagemeta

import (
	"bytes"
	"encoding/binary"
)

var pngSignature = []byte("\x89PNG\r\n\x1a\n")

// pngDropped are the chunks that say where, when or by whom, and never how
// the picture looks.
var pngDropped = map[string]bool{"eXIf": true, "tEXt": true, "zTXt": true, "iTXt": true, "tIME": true}

// StripPNG returns a PNG without its EXIF, text and time chunks.
func StripPNG(data []byte) ([]byte, error) {
	if !bytes.HasPrefix(data, pngSignature) {
		return nil, ErrDamaged
	}
	out := make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	i := uint64(len(pngSignature))
	for first := true; ; first = false {
		if i+8 > uint64(len(data)) {
			return nil, ErrDamaged
		}
		n := uint64(binary.BigEndian.Uint32(data[i:]))
		typ := string(data[i+4 : i+8])
		end := i + 12 + n // length, type, data, CRC
		if n > 1<<31-1 || end > uint64(len(data)) || (first && typ != "IHDR") {
			return nil, ErrDamaged
		}
		if !pngDropped[typ] {
			out = append(out, data[i:end]...)
		}
		i = end
		if typ == "IEND" {
			return out, nil
		}
	}
}
