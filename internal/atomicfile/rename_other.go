//go:build !windows

package atomicfile

import (
	"errors"
	"os"
	"syscall"
)

// rename moves the synced temporary file over path, atomically: a crash
// leaves either the old file or the new one. The move is durable once the
// folder is synced (SyncDir).
func rename(from, to string) error { return os.Rename(from, to) }

// SyncDir makes a rename in dir durable. Some file systems refuse to sync
// a folder, which is not an error worth stopping for since there is
// nothing else to try.
func SyncDir(dir string) error {
	d, err := os.Open(dir)
	if err != nil {
		return err
	}
	defer d.Close()
	if err := d.Sync(); err != nil && !errors.Is(err, syscall.EINVAL) && !errors.Is(err, errors.ErrUnsupported) {
		return err
	}
	return nil
}
