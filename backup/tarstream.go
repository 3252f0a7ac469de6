package backup

import (
	"archive/tar"
	"bytes"
	"fmt"
	"io"
	"time"
)

// tarBlock is the size of a tar block: a header, and the unit the data of
// a member is padded to.
const tarBlock = 512

// Offsets of the fields of a USTAR header that differ from one member of
// an archive to the next.
const (
	tarName     = 0   // name, NUL-padded
	tarNameLen  = 100 // the longest name that needs no prefix
	tarSize     = 124 // size: 11 octal digits and a NUL
	tarSizeLen  = 12
	tarChksum   = 148 // checksum: 6 octal digits, a NUL and a space
	tarChksumEn = 156
)

// tarMaxSize is one more than the largest size 11 octal digits hold.
const tarMaxSize = 1 << 33

// tarStream writes the tar archive inside a backup: the very bytes the
// standard library's tar writer writes for the members Writer gives it
// (regular files, mode 0600, all of one time, USTAR). A backup has a member
// for every entry and every earlier version, and the standard writer
// checks and formats every field of every header anew, which cost about a
// tenth of a whole backup; here one header is made by that writer when the
// archive begins, and each member's header is a copy of it with the name,
// the size and the checksum written in. A name or size that the copy
// cannot carry has its header made by the standard writer, as before.
type tarStream struct {
	w    io.Writer
	mod  time.Time
	tmpl [tarBlock]byte // a header with the name, size and checksum blank
	sum  int            // the checksum of tmpl, its checksum field as spaces
	hdr  [tarBlock]byte // the header being written
	err  error          // the first error, returned ever after
}

// newTarStream starts an archive on w whose members all have mod as
// their time.
func newTarStream(w io.Writer, mod time.Time) (*tarStream, error) {
	t := &tarStream{w: w, mod: mod}
	hdr, err := t.stdHeader("x", 0)
	if err != nil {
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	copy(t.tmpl[:], hdr)
	clear(t.tmpl[tarName : tarName+tarNameLen])
	clear(t.tmpl[tarSize : tarSize+tarSizeLen])
	for i := tarChksum; i < tarChksumEn; i++ {
		t.tmpl[i] = ' ' // as the checksum counts its own field
	}
	for _, c := range t.tmpl {
		t.sum += int(c)
	}
	clear(t.tmpl[tarChksum:tarChksumEn])
	return t, nil
}

// stdHeader returns the header blocks the standard library's tar writer
// writes for a member named name of size bytes.
func (t *tarStream) stdHeader(name string, size int64) ([]byte, error) {
	var buf bytes.Buffer
	tw := tar.NewWriter(&buf)
	// USTAR with no owner names is the plainest tar there is: every tar
	// reader ever written understands it.
	err := tw.WriteHeader(&tar.Header{
		Typeflag: tar.TypeReg,
		Name:     name,
		Mode:     0o600,
		Size:     size,
		ModTime:  t.mod,
		Format:   tar.FormatUSTAR,
	})
	return buf.Bytes(), err
}

// header returns the header of a member named name of size bytes.
func (t *tarStream) header(name string, size int64) ([]byte, error) {
	if len(name) == 0 || len(name) > tarNameLen || name[len(name)-1] == '/' || !plainName(name) || size < 0 || size >= tarMaxSize {
		return t.stdHeader(name, size)
	}
	h := &t.hdr
	*h = t.tmpl
	sum := t.sum
	copy(h[tarName:], name)
	for i := 0; i < len(name); i++ {
		sum += int(name[i])
	}
	for i := tarSize + tarSizeLen - 2; i >= tarSize; i-- {
		h[i] = byte('0' + size&7)
		sum += int(h[i])
		size >>= 3
	}
	for i := tarChksum + 5; i >= tarChksum; i-- {
		h[i] = byte('0' + sum&7)
		sum >>= 3
	}
	h[tarChksum+6], h[tarChksum+7] = 0, ' '
	return h[:], nil
}

// plainName reports whether name is printable ASCII, which the standard
// writer puts in a USTAR header as it is.
func plainName(name string) bool {
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < ' ' || c > '~' {
			return false
		}
	}
	return true
}

// member writes a member named name holding data, padded to a whole block.
func (t *tarStream) member(name string, data []byte) error {
	_, err := t.memberData(name, data, false)
	return err
}

// handsOver is a writer that can take memory over rather than copy it
// (asyncWriter).
type handsOver interface {
	handOver(p []byte) (written <-chan struct{}, err error)
}

// closed is the channel of memory written at once.
var closed = func() chan struct{} { c := make(chan struct{}); close(c); return c }()

// memberData writes a member named name holding data, padded to a whole
// block; with handOver, and a writer that can, data is handed over rather
// than copied, and must not change until written is closed.
func (t *tarStream) memberData(name string, data []byte, handOver bool) (written <-chan struct{}, err error) {
	if t.err != nil {
		return nil, t.err
	}
	hdr, err := t.header(name, int64(len(data)))
	if err != nil {
		t.err = err
		return nil, err
	}
	if _, err := t.w.Write(hdr); err != nil {
		t.err = err
		return nil, err
	}
	written = closed
	if h, ok := t.w.(handsOver); ok && handOver && len(data) > 0 {
		written, err = h.handOver(data)
	} else {
		_, err = t.w.Write(data)
	}
	if err != nil {
		t.err = err
		return nil, err
	}
	if pad := -len(data) & (tarBlock - 1); pad > 0 {
		if _, err := t.w.Write(zeroBlock[:pad]); err != nil {
			t.err = err
			return nil, err
		}
	}
	return written, nil
}

// close ends the archive with its two zero blocks (not w).
func (t *tarStream) close() error {
	if t.err != nil {
		return t.err
	}
	for range 2 {
		if _, err := t.w.Write(zeroBlock[:]); err != nil {
			t.err = err
			return err
		}
	}
	t.err = errStopped
	return nil
}

var zeroBlock [tarBlock]byte
