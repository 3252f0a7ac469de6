//go:build unix

package vault

import (
	"os"
	"path/filepath"
	"strings"

	"golang.org/x/sys/unix"
)

// removeEmptyLogs deletes zero-length value-log and memtable files left by a
// process killed in the instant between creating one and sizing it. Badger
// refuses to open a store holding such a file ("Create a new file"), and a
// journal must open after any crash. An empty log cannot hold a record, so
// removing it loses nothing.
//
// It takes the same directory lock Badger takes, so it never touches the
// files of a Tend that has the journal open right now; if the lock is held
// it returns ErrVaultInUse.
func removeEmptyLogs(storePath string) error {
	d, err := os.Open(storePath)
	if os.IsNotExist(err) {
		return nil // a new vault: Badger creates the folder
	}
	if err != nil {
		return nil // let Badger report what is wrong with the folder
	}
	defer d.Close()
	if err := unix.Flock(int(d.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return ErrVaultInUse
	}
	defer unix.Flock(int(d.Fd()), unix.LOCK_UN)
	names, err := d.Readdirnames(-1)
	if err != nil {
		return nil
	}
	for _, n := range names {
		if !strings.HasSuffix(n, ".vlog") && !strings.HasSuffix(n, ".mem") {
			continue
		}
		p := filepath.Join(storePath, n)
		if fi, err := os.Lstat(p); err == nil && fi.Mode().IsRegular() && fi.Size() == 0 {
			_ = os.Remove(p)
		}
	}
	return nil
}

// storeLocked reports whether another process holds the store's directory
// lock right now.
func storeLocked(storePath string) bool {
	d, err := os.Open(storePath)
	if err != nil {
		return false
	}
	defer d.Close()
	if err := unix.Flock(int(d.Fd()), unix.LOCK_EX|unix.LOCK_NB); err != nil {
		return true
	}
	unix.Flock(int(d.Fd()), unix.LOCK_UN)
	return false
}
