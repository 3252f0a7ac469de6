package cli

import (
	"os"

	"tend/app"
	"tend/internal/i18n"
)

// sharedFile reports whether the secret file at path lets anyone read it
// beyond its owner, the system and the computer's administrators, the
// people a file in one's own user folder is open to. Windows keeps no
// meaningful permission bits, so the file's access list says.
func sharedFile(path string, fi os.FileInfo) bool {
	return fi.Mode().IsRegular() && app.OpenToOthers(path)
}

// makeItYours says how to make the file at path readable by its owner
// alone.
func makeItYours(string) string {
	return i18n.L("move it into your own user folder, where only you can read it")
}
