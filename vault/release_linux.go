package vault

import (
	"bufio"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/sys/unix"
)

// releaseTablePages drops Badger's memory-mapped table pages from this
// process once the search index is built. Building the index reads every
// body once, which leaves the whole store mapped and counted as the app's
// resident memory (hundreds of megabytes on a large journal) though nothing
// needs it until the next read. The pages stay in the kernel's file cache
// and come back on demand. Only the store's .sst files are touched, and only
// mappings that are shared or read-only: for those, dropping a page loses
// nothing, since a shared page's writes are already in the file cache.
func releaseTablePages(storeDir string) {
	f, err := os.Open("/proc/self/maps")
	if err != nil {
		return
	}
	defer f.Close()
	prefix := filepath.Clean(storeDir) + string(filepath.Separator)
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		// start-end perms offset dev inode path
		fields := strings.Fields(sc.Text())
		if len(fields) < 6 || !strings.HasPrefix(fields[5], prefix) || !strings.HasSuffix(fields[5], ".sst") ||
			len(fields[1]) != 4 || (fields[1][3] != 's' && fields[1][1] != '-') {
			continue
		}
		lo, hi, ok := strings.Cut(fields[0], "-")
		if !ok {
			continue
		}
		start, err1 := strconv.ParseUint(lo, 16, 64)
		end, err2 := strconv.ParseUint(hi, 16, 64)
		if err1 != nil || err2 != nil || end <= start {
			continue
		}
		// The raw call takes the range as numbers, so no Go pointer is
		// made to memory the runtime does not own.
		_, _, _ = unix.Syscall(unix.SYS_MADVISE, uintptr(start), uintptr(end-start), unix.MADV_DONTNEED)
	}
}
