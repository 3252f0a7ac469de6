//go:build !windows

package app

import (
	"fmt"
	"os"
)

// makePrivate makes the folder dir, described by fi, one only its owner
// can enter.
func makePrivate(dir string, fi os.FileInfo) error {
	if fi.Mode().Perm() == 0o700 {
		return nil
	}
	if err := os.Chmod(dir, 0o700); err != nil {
		return fmt.Errorf("making %s private: %w", dir, err)
	}
	return nil
}
