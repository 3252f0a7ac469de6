package imagemeta

// GIF block introducers and extension labels.
const (
	gifExtension   = 0x21
	gifImage       = 0x2C
	gifTrailer     = 0x3B
	gifComment     = 0xFE
	gifApplication = 0xFF
)

// StripGIF returns a GIF without its comments and application extensions,
// but for the one that makes an animation loop.
func StripGIF(data []byte) ([]byte, error) {
	const header = 13 // signature, version, logical screen descriptor
	if len(data) < header || Sniff(data) != GIF {
		return nil, ErrDamaged
	}
	out := make([]byte, 0, len(data))
	i := header
	if flags := data[10]; flags&0x80 != 0 {
		i += 3 << (flags&7 + 1) // the global colour table
	}
	if i > len(data) {
		return nil, ErrDamaged
	}
	out = append(out, data[:i]...)
	for {
		if i >= len(data) {
			return nil, ErrDamaged
		}
		switch data[i] {
		case gifTrailer:
			return append(out, gifTrailer), nil
		case gifImage:
			j := i + 10
			if j > len(data) {
				return nil, ErrDamaged
			}
			if flags := data[i+9]; flags&0x80 != 0 {
				j += 3 << (flags&7 + 1) // a local colour table
			}
			j++ // the LZW minimum code size
			end, ok := skipSubBlocks(data, j)
			if !ok {
				return nil, ErrDamaged
			}
			out = append(out, data[i:end]...)
			i = end
		case gifExtension:
			if i+2 > len(data) {
				return nil, ErrDamaged
			}
			end, ok := skipSubBlocks(data, i+2)
			if !ok {
				return nil, ErrDamaged
			}
			if keepGIFExtension(data[i+1], data[i+2:end]) {
				out = append(out, data[i:end]...)
			}
			i = end
		default:
			return nil, ErrDamaged
		}
	}
}

// keepGIFExtension says whether an extension is one showing the picture
// needs: frame timing and plain text, and the looping of an animation.
func keepGIFExtension(label byte, blocks []byte) bool {
	switch label {
	case gifComment:
		return false
	case gifApplication:
		if len(blocks) < 12 || blocks[0] != 11 {
			return false
		}
		id := string(blocks[1:12])
		return id == "NETSCAPE2.0" || id == "ANIMEXTS1.0"
	}
	return true
}

// skipSubBlocks returns where the sub-blocks starting at j end, after
// their zero terminator, and false when they run past the data.
func skipSubBlocks(data []byte, j int) (int, bool) {
	for {
		if j >= len(data) {
			return 0, false
		}
		n := int(data[j])
		j++
		if n == 0 {
			return j, true
		}
		j += n
	}
}
