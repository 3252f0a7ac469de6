package backup

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
)

// Files holds the bytes of the attached files a backup carries, from the
// moment Read checked them until a restore or a merge has taken them in.
// A journal may hold hundreds of megabytes of photos, more than should sit
// in memory, so they wait in a temporary file; they wait there sealed,
// under a key made for this one reading and kept only in memory, so no
// picture is ever on disk in the clear, and a copy of the temporary file
// is of no use to anyone. Where the system allows it, the temporary file
// has no name from the start, and the system frees it when it is closed;
// Close frees it at once.
type Files struct {
	mu    sync.Mutex
	f     *os.File
	path  string // "" once the file has no name
	aead  cipher.AEAD
	next  uint64 // the counter of the next segment: each has its own nonce
	end   int64  // where the next segment goes
	index map[string]spooled
}

// spooled is where one file's segments are in the temporary file.
type spooled struct {
	off   int64
	size  int64
	first uint64 // the counter of its first segment
}

// segment is how many bytes of a file are sealed together in the
// temporary file.
const segment = 64 << 10

// newFiles makes an empty set, with its temporary file.
func newFiles() (*Files, error) {
	key := make([]byte, 32)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("reading the backup: %w", err)
	}
	block, err := aes.NewCipher(key)
	clear(key)
	if err != nil {
		return nil, fmt.Errorf("reading the backup: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("reading the backup: %w", err)
	}
	f, err := os.CreateTemp("", ".pending-*")
	if err != nil {
		return nil, fmt.Errorf("reading the backup: there is no room to hold its attached files for a moment (%w)", err)
	}
	fs := &Files{f: f, path: f.Name(), aead: aead, index: map[string]spooled{}}
	if os.Remove(f.Name()) == nil {
		fs.path = "" // the file lives on, nameless, until it is closed
	}
	runtime.AddCleanup(fs, func(c spoolCleanup) { c.release() }, spoolCleanup{f, fs.path})
	return fs, nil
}

// spoolCleanup frees a temporary file that Close was not called for.
type spoolCleanup struct {
	f    *os.File
	path string
}

func (c spoolCleanup) release() {
	c.f.Close()
	if c.path != "" {
		os.Remove(c.path)
	}
}

// add seals size bytes from r into the set under sum, the hex SHA-256 the
// caller checks as it reads.
func (fs *Files) add(sum string, r io.Reader, size int64) error {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.f == nil {
		return errors.New("reading the backup: its attached files were already let go")
	}
	rec := spooled{off: fs.end, size: size, first: fs.next}
	buf := make([]byte, segment)
	out := make([]byte, 0, segment+fs.aead.Overhead())
	for left := size; left > 0; {
		n := int(min(left, segment))
		if _, err := io.ReadFull(r, buf[:n]); err != nil {
			return err
		}
		out = fs.aead.Seal(out[:0], fs.nonce(fs.next), buf[:n], nil)
		if _, err := fs.f.WriteAt(out, fs.end); err != nil {
			return fmt.Errorf("reading the backup: there is no room to hold its attached files for a moment (%w)", err)
		}
		fs.next++
		fs.end += int64(len(out))
		left -= int64(n)
	}
	fs.index[sum] = rec
	return nil
}

func (fs *Files) nonce(ctr uint64) []byte {
	n := make([]byte, fs.aead.NonceSize())
	binary.BigEndian.PutUint64(n[len(n)-8:], ctr)
	return n
}

// Len is how many different files the set holds.
func (fs *Files) Len() int {
	if fs == nil {
		return 0
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return len(fs.index)
}

// Has reports whether the set holds the file whose hex SHA-256 is sum.
func (fs *Files) Has(sum string) bool {
	if fs == nil {
		return false
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	_, ok := fs.index[strings.ToLower(sum)]
	return ok
}

// ReadAll returns the bytes of the file whose hex SHA-256 is sum, as the
// backup holds them. A file is at most journal.MaxFileSize long. Several
// files may be read at once.
func (fs *Files) ReadAll(sum string) ([]byte, error) {
	if fs == nil {
		return nil, fmt.Errorf("reading an attached file of the backup: %w", os.ErrNotExist)
	}
	fs.mu.Lock()
	rec, ok := fs.index[strings.ToLower(sum)]
	f := fs.f
	fs.mu.Unlock()
	switch {
	case f == nil:
		return nil, errors.New("reading an attached file of the backup: the backup's files were already let go")
	case !ok:
		return nil, fmt.Errorf("reading an attached file of the backup: %w", os.ErrNotExist)
	}
	// The segments of a file already added never change, and ReadAt may
	// be called at once from several goroutines; a Close meanwhile makes
	// the read fail.
	out := make([]byte, 0, rec.size)
	buf := make([]byte, segment+fs.aead.Overhead())
	off, ctr := rec.off, rec.first
	for left := rec.size; left > 0; {
		n := int(min(left, segment)) + fs.aead.Overhead()
		if _, err := f.ReadAt(buf[:n], off); err != nil {
			return nil, fmt.Errorf("reading an attached file of the backup: %w", err)
		}
		var err error
		if out, err = fs.aead.Open(out, fs.nonce(ctr), buf[:n], nil); err != nil {
			return nil, damaged(DamageChanged, "", "an attached file changed while it waited to be restored")
		}
		off += int64(n)
		ctr++
		left -= int64(n - fs.aead.Overhead())
	}
	return out, nil
}

// Close lets go of the files. It is safe to call more than once, and on
// a nil set.
func (fs *Files) Close() error {
	if fs == nil {
		return nil
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if fs.f == nil {
		return nil
	}
	err := fs.f.Close()
	if fs.path != "" {
		if rerr := os.Remove(fs.path); err == nil {
			err = rerr
		}
	}
	fs.f, fs.index = nil, nil
	return err
}
