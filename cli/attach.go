package cli

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/imagemeta"
	"tend/journal"
	"tend/vault"
)

// Files attached from the command line: tend add --attach FILE, and
// tend show ID --attachment NAME --out FILE.

// filesToAttach checks each file named by --attach as the journal will
// keep it (there, readable, within journal.MaxFileSize, a picture that
// parses) and returns them to attach. When one fails, it says which and
// why, and ok is false: nothing is to be saved.
func (c *cli) filesToAttach(paths []string) (files []vault.NewFile, code int, ok bool) {
	for _, p := range paths {
		why := checkAttachable(p)
		if why != "" {
			fmt.Fprintln(c.stderr, "tend add: "+why)
			return nil, app.ExitError, false
		}
		files = append(files, vault.NewFile{Name: filepath.Base(p), Open: func() (io.ReadCloser, error) { return os.Open(p) }})
	}
	return files, app.ExitOK, true
}

// checkAttachable says why the file at p cannot be attached, in a
// sentence that names it, or "".
func checkAttachable(p string) string {
	file := i18n.Data{"File": p}
	tooLarge := i18n.L("{{.File}} is larger than Tend can keep with an entry (about 64 MB), so nothing was saved.", file)
	unreadable := i18n.L("{{.File}} cannot be read, so nothing was saved.", file)
	fi, err := os.Stat(p)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return i18n.L("{{.File}} is not there, so nothing was saved.", file)
	case err != nil:
		return unreadable
	case fi.IsDir():
		return i18n.L("{{.File}} is a folder, not a file, so nothing was saved.", file)
	case fi.Size() > journal.MaxFileSize:
		return tooLarge
	}
	data, err := os.ReadFile(p)
	if err != nil {
		return unreadable
	}
	if len(data) > journal.MaxFileSize {
		return tooLarge
	}
	if _, _, err := imagemeta.Strip(data); err != nil {
		return i18n.L("{{.File}} seems to be a damaged picture: Tend could not take out what it says about where it was taken, so nothing was saved.", file)
	}
	return ""
}

// failAttach prints why an entry with files was not saved.
func (c *cli) failAttach(err error) int {
	var fe *vault.FileError
	if !errors.As(err, &fe) {
		return c.fail(err)
	}
	fmt.Fprintln(c.stderr, "tend add: "+i18n.L("{{.File}} could not be kept ({{.Reason}}), so nothing was saved.", i18n.Data{"File": fe.Name, "Reason": fe.Err}))
	return app.ExitError
}

// tellStripped says, once, that the pictures among files were kept
// without what they said about where and with what they were taken, and
// which pictures were kept as they are because Tend cannot clean their
// kind.
func (c *cli) tellStripped(files []journal.File) {
	var pics, kept []string
	for _, f := range files {
		switch {
		case imagemeta.Cleans(f.Type):
			pics = append(pics, f.Name)
		case strings.HasPrefix(f.Type, "image/"):
			kept = append(kept, f.Name)
		}
	}
	if len(kept) > 0 {
		fmt.Fprintln(c.stderr, "tend: "+i18n.N("{{.Files}} kept as they came: Tend takes the place and camera out of JPEG, PNG, GIF and WebP pictures only, so they may still say where and when they were taken.", len(kept), i18n.Data{"Files": strings.Join(kept, ", ")}))
	}
	switch len(pics) {
	case 0:
	case 1:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} is kept without what it said about where it was taken and with what camera.", i18n.Data{"File": pics[0]}))
	default:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("The pictures ({{.Files}}) are kept without what they said about where they were taken and with what camera.", i18n.Data{"Files": strings.Join(pics, ", ")}))
	}
}

// sizeText is a file's size in human units: 980 bytes, 12 KB, 3.4 MB.
func sizeText(n int64) string {
	switch {
	case n < 1000:
		return i18n.N("{{.Count}} bytes", int(n))
	case n < 1000*1000:
		return fmt.Sprintf("%.0f KB", float64(n)/1000)
	case n < 10*1000*1000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	default:
		return fmt.Sprintf("%.0f MB", float64(n)/1e6)
	}
}
