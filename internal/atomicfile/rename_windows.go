package atomicfile

import (
	"errors"
	"os"
	"time"

	"golang.org/x/sys/windows"
)

// renameWait is how long a rename waits for another program to let go of
// the file it replaces.
const renameWait = 2 * time.Second

// rename moves the synced temporary file over path. Windows has no folder
// to sync after it, so the move itself is asked to reach the disk before it
// returns (MOVEFILE_WRITE_THROUGH); NTFS records the move in its own
// journal, so a crash leaves either the old file or the new one. A file
// that another program has open without sharing it for deletion (a virus
// scanner or the search indexer reading the new header, for a moment)
// cannot be replaced, so the move is tried again for a short while before
// the error is returned.
func rename(from, to string) error {
	f, err := windows.UTF16PtrFromString(from)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	t, err := windows.UTF16PtrFromString(to)
	if err != nil {
		return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
	}
	deadline := time.Now().Add(renameWait)
	for pause := 10 * time.Millisecond; ; pause = min(2*pause, 200*time.Millisecond) {
		err = windows.MoveFileEx(f, t, windows.MOVEFILE_REPLACE_EXISTING|windows.MOVEFILE_WRITE_THROUGH)
		if err == nil {
			return nil
		}
		if !busy(err) || time.Now().After(deadline) {
			return &os.LinkError{Op: "rename", Old: from, New: to, Err: err}
		}
		time.Sleep(pause)
	}
}

// busy reports whether err is another program holding the file, which
// passes, rather than a refusal that stays.
func busy(err error) bool {
	return errors.Is(err, windows.ERROR_ACCESS_DENIED) || errors.Is(err, windows.ERROR_SHARING_VIOLATION) ||
		errors.Is(err, windows.ERROR_LOCK_VIOLATION)
}

// SyncDir makes a rename in dir durable. Windows cannot open a folder for
// syncing; a rename made by this package has already asked to reach the
// disk before returning, so there is nothing more to do.
func SyncDir(string) error { return nil }
