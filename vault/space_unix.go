//go:build unix

package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

// freeBytes returns the bytes free for an unprivileged user on the disk
// holding dir.
func freeBytes(dir string) (uint64, bool) {
	var st unix.Statfs_t
	if err := unix.Statfs(dir, &st); err != nil {
		return 0, false
	}
	return uint64(st.Bavail) * uint64(st.Bsize), true
}

// allocate gives f n bytes of real disk blocks, not a sparse hole.
func allocate(f *os.File, n int64) error { return allocateBlocks(f, n) }
