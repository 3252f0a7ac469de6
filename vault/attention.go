package vault

import (
	"os"
	"path/filepath"
)

// LeftOpen reports whether the vault in dir was not closed cleanly the last
// time it was open (the app or a command crashed, was killed, or the
// computer lost power), or is open right now. The store removes its lock
// file when it closes; the file is still there after any other end. Callers
// check such a vault in a child process before opening it in their own,
// because a damaged store can crash the process that opens it.
//
// It returns ErrVaultInUse when another Tend has the vault open now.
func LeftOpen(dir string) (bool, error) {
	store := filepath.Join(dir, storeDir)
	if _, err := os.Lstat(filepath.Join(store, "LOCK")); err != nil {
		return false, nil
	}
	if storeLocked(store) {
		return false, ErrVaultInUse
	}
	return true, nil
}
