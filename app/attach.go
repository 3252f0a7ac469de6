package app

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"tend/internal/atomicfile"
	"tend/journal"
	"tend/vault"
)

// ErrNotAFile means what was given to attach is a folder or a device, not
// a file.
var ErrNotAFile = errors.New("only files can be added to an entry, not folders")

// AttachFile attaches the file at path to entry id, under the file's own
// name, as vault.Attach does. A file larger than journal.MaxFileSize is
// refused with journal.ErrFileTooBig before a byte of it is read.
// progress, when not nil, hears how many bytes are read of how many, from
// the goroutine that calls AttachFile.
func (s *Session) AttachFile(id journal.ID, path string, progress func(done, total int64)) (journal.File, error) {
	v := s.Vault()
	if v == nil {
		return journal.File{}, vault.ErrClosed
	}
	f, err := os.Open(path)
	if err != nil {
		return journal.File{}, fmt.Errorf("opening the file to attach: %w", err)
	}
	defer f.Close()
	st, err := f.Stat()
	if err != nil {
		return journal.File{}, fmt.Errorf("opening the file to attach: %w", err)
	}
	if !st.Mode().IsRegular() {
		return journal.File{}, ErrNotAFile
	}
	if st.Size() > journal.MaxFileSize {
		return journal.File{}, journal.ErrFileTooBig
	}
	var r io.Reader = f
	if progress != nil {
		r = &countingReader{r: f, total: st.Size(), progress: progress}
	}
	return v.Attach(id, filepath.Base(path), r)
}

// countingReader tells progress how much of a file has been read.
type countingReader struct {
	r        io.Reader
	done     int64
	total    int64
	progress func(done, total int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.done += int64(n)
	c.progress(c.done, c.total)
	return n, err
}

// SaveAttachment writes a copy of file fid of entry id to path, whole or
// not at all: the person asked for it, so it is the one way an attached
// file leaves the journal in the clear.
func (s *Session) SaveAttachment(id journal.ID, fid journal.FileID, path string) error {
	v := s.Vault()
	if v == nil {
		return vault.ErrClosed
	}
	data, err := v.Attachment(id, fid)
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(path, "copy", data)
}
