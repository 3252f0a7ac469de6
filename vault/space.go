package vault

import (
	"os"
	"path/filepath"
	"syscall"
)

// The store writes through memory-mapped files that it creates sparse, and
// when the disk fills up under such a file the process dies with a bus
// error that nothing can catch: words not yet saved would be lost, and a
// lock could not finish. So the vault keeps a margin. Saves are refused,
// with an error wrapping ENOSPC, once free space falls below spaceMargin,
// and a reserve file of the same size is kept beside the header, which
// Close deletes when space is low so the store can always flush and close.
const (
	spaceMargin = 24 << 20
	reserveFile = "space.reserve"
)

// ErrDiskFull means the disk is too full to save safely. It matches
// syscall.ENOSPC with errors.Is, and its message is a plain sentence.
var ErrDiskFull error = diskFull{}

type diskFull struct{}

func (diskFull) Error() string        { return "the disk is too full to save safely" }
func (diskFull) Is(target error) bool { return target == syscall.ENOSPC }

// roomToWrite returns ErrDiskFull when the disk holding the vault has less
// than the margin free. When free space cannot be read, it lets the write go.
func (v *Vault) roomToWrite() error {
	if free, ok := freeBytes(v.dir); ok && free < spaceMargin {
		return ErrDiskFull
	}
	return nil
}

// keepReserve makes the reserve file when it is missing and there is room
// for it and the margin; it is best effort.
func keepReserve(dir string) {
	p := filepath.Join(dir, reserveFile)
	if fi, err := os.Stat(p); err == nil && fi.Size() >= spaceMargin {
		return
	}
	if free, ok := freeBytes(dir); !ok || free < 2*spaceMargin {
		return
	}
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		return
	}
	err = allocate(f, spaceMargin)
	if cerr := f.Close(); err != nil || cerr != nil {
		os.Remove(p)
	}
}

// releaseReserve deletes the reserve file when free space is below the
// margin, so that closing the store has room to write.
func releaseReserve(dir string) {
	if free, ok := freeBytes(dir); ok && free < spaceMargin {
		_ = os.Remove(filepath.Join(dir, reserveFile))
	}
}

// writeZeros fills f with n zero bytes and syncs it.
func writeZeros(f *os.File, n int64) error {
	buf := make([]byte, 1<<20)
	for n > 0 {
		k := min(n, int64(len(buf)))
		if _, err := f.Write(buf[:k]); err != nil {
			return err
		}
		n -= k
	}
	return f.Sync()
}
