//go:build unix

package vault

import (
	"os"

	"golang.org/x/sys/unix"
)

// lockFolder takes the vault folder's own lock, exclusively when whole is
// set, and returns its release. It never waits: a lock held elsewhere gives
// ErrVaultInUse. A rotation holds it whole from its first file to its
// last, so that no other Tend opens the store while it is swapped or
// settles a rotation still in progress; every opening of a store holds it
// shared for that moment (see openBadger). It is a lock on the folder
// itself, apart from the one the store library takes on its own folder.
func lockFolder(dir string, whole bool) (func(), error) {
	d, err := os.Open(dir)
	if err != nil {
		return func() {}, nil // let the caller report what is wrong with the folder
	}
	how := unix.LOCK_SH
	if whole {
		how = unix.LOCK_EX
	}
	if err := unix.Flock(int(d.Fd()), how|unix.LOCK_NB); err != nil {
		d.Close()
		return nil, ErrVaultInUse
	}
	return func() {
		_ = unix.Flock(int(d.Fd()), unix.LOCK_UN)
		d.Close()
	}, nil
}
