package cli

import (
	"os"
	"syscall"
)

// tmpfsMagic is the file-system type of a tmpfs, as statfs(2) reports it.
const tmpfsMagic = 0x01021994

// memoryDir returns a folder whose files live in memory, never on a disk:
// the session's runtime folder or /dev/shm, whichever is a tmpfs. An entry
// opened in an editor is written there, so its words never reach a disk
// unsealed.
func memoryDir() (string, bool) {
	for _, dir := range []string{os.Getenv("XDG_RUNTIME_DIR"), "/dev/shm"} {
		var st syscall.Statfs_t
		if dir != "" && syscall.Statfs(dir, &st) == nil && st.Type == tmpfsMagic {
			return dir, true
		}
	}
	return "", false
}
