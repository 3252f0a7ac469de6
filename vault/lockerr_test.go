package vault

import (
	"errors"
	"testing"
)

// TestOpenErrorKnowsEveryDesktopsLock checks that the store library's
// refusal to open a store another process holds reads as "already open" on
// every desktop, never as damage. Its Windows words are copied from the
// library's Windows lock, which a Linux test cannot take.
func TestOpenErrorKnowsEveryDesktopsLock(t *testing.T) {
	for name, err := range map[string]error{
		"unix":    errors.New(`Cannot acquire directory lock on "/home/me/.local/share/tend/store".  Another process is using this Badger database. error: resource temporarily unavailable`),
		"windows": errors.New(`Cannot create lock file "C:\\Users\\me\\AppData\\Local\\Tend\\store\\LOCK".  Another process is using this Badger database err: The process cannot access the file because it is being used by another process.`),
	} {
		if got := openError(err); !errors.Is(got, ErrVaultInUse) {
			t.Errorf("%s: a store held by another process reads as %v", name, got)
		}
	}
}
