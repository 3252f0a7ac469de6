//go:build !windows

package cli

import (
	"os"

	"tend/internal/i18n"
)

// sharedFile reports whether the secret file at path, described by fi,
// lets its group or anyone else read it.
func sharedFile(_ string, fi os.FileInfo) bool {
	return fi.Mode().IsRegular() && fi.Mode().Perm()&0o044 != 0
}

// makeItYours says how to make the file at path readable by its owner
// alone.
func makeItYours(path string) string {
	return i18n.L("make it yours alone with:") + " chmod 600 " + path
}
