package atomicfile

import (
	"os"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// canSyncWhole reports whether syncfs reports writeback errors: Linux
// does since 5.8; before, it said nothing of a file that failed to reach
// the disk, and a batch must sync each file itself.
func canSyncWhole() bool {
	var u unix.Utsname
	if unix.Uname(&u) != nil {
		return false
	}
	return kernelAtLeast(unix.ByteSliceToString(u.Release[:]), 5, 8)
}

// kernelAtLeast reports whether a release such as "6.1.0-18-amd64" is
// major.minor or later.
func kernelAtLeast(release string, major, minor int) bool {
	parts := strings.SplitN(release, ".", 3)
	if len(parts) < 2 {
		return false
	}
	digits := func(s string) string {
		if i := strings.IndexFunc(s, func(r rune) bool { return r < '0' || r > '9' }); i >= 0 {
			return s[:i]
		}
		return s
	}
	ma, err1 := strconv.Atoi(parts[0])
	mi, err2 := strconv.Atoi(digits(parts[1]))
	if err1 != nil || err2 != nil {
		return false
	}
	return ma > major || ma == major && mi >= minor
}

// syncWhole writes back everything of the file system that holds f, and
// reports any failure to write since f was opened.
func syncWhole(f *os.File) error { return unix.Syncfs(int(f.Fd())) }
