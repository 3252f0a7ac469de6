package plain

import (
	"archive/zip"
	"errors"
	"fmt"
	"io"
	"os"
	"path"
	"path/filepath"
	"strings"

	"tend/internal/imagemeta"
	"tend/journal"
)

// Files an import brings. A Day One export keeps its photos and other media
// in folders beside its JSON, and a folder of Markdown files links pictures
// and other files beside its notes. Each such file becomes a file attached
// to its entry, and the entry's body links it by its name (journal.FileLink),
// as the journal does for any attached file. Every file is checked while
// the plan is read (there, within journal.MaxFileSize, a picture that
// parses); one that fails is left out and named, and its entry comes in
// without it. Nothing is read from outside the folder or archive chosen.

// Attachment is a file an imported entry brings with it.
type Attachment struct {
	// Name is the name it is attached under, unique among its entry's
	// files; the entry's body links it by this name.
	Name string
	// Item says where it is in the source, for a message.
	Item string
	// Size is its length in the source, in bytes.
	Size int64
	open func() (io.ReadCloser, error)
}

// Open opens the file's bytes as they are in the source.
func (a Attachment) Open() (io.ReadCloser, error) {
	if a.open == nil {
		return nil, fmt.Errorf("%s: %w", a.Item, journal.ErrNoFile)
	}
	return a.open()
}

// read reads the attachment whole, refusing one larger than a journal
// keeps.
func (a Attachment) read() ([]byte, error) {
	rc, err := a.Open()
	if err != nil {
		return nil, err
	}
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, journal.MaxFileSize+1))
	if err != nil {
		return nil, err
	}
	if len(data) > journal.MaxFileSize {
		return nil, journal.ErrFileTooBig
	}
	return data, nil
}

// Close lets go of the archive the plan reads its files from, if any. A
// plan's files cannot be read after it.
func (p *Plan) Close() error {
	var errs []error
	for _, c := range p.closers {
		errs = append(errs, c.Close())
	}
	p.closers = nil
	return errors.Join(errs...)
}

// FileCount returns how many files the plan's entries bring.
func (p *Plan) FileCount() int {
	n := 0
	for _, files := range p.Files {
		n += len(files)
	}
	return n
}

// mediaSource finds the files of an import in the folder or archive that
// was chosen, and never outside it.
type mediaSource struct {
	dir  string // a folder, as given
	real string // the folder with its links resolved, to stay inside
	zip  map[string]*zip.File
}

// folderSource finds files inside dir.
func folderSource(dir string) *mediaSource {
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		real = dir
	}
	return &mediaSource{dir: dir, real: real}
}

// zipSource finds files among the members of an open archive.
func zipSource(members []zipFile) *mediaSource {
	m := make(map[string]*zip.File, len(members))
	for _, f := range members {
		m[f.name] = f.f
	}
	return &mediaSource{zip: m}
}

// find returns the file at rel, a slash-separated path inside the source,
// checked, to attach under name. When it cannot be attached, it says why.
func (s *mediaSource) find(rel, name string) (Attachment, Why) {
	a := Attachment{Name: name, Item: rel}
	if s == nil {
		return a, WhyNotInExport
	}
	clean := path.Clean("/" + rel)[1:]
	if rel == "" || path.IsAbs(rel) || clean != path.Clean(rel) || strings.HasPrefix(clean, "../") || clean == ".." {
		return a, WhyOutside
	}
	if s.zip != nil {
		f, ok := s.zip[clean]
		if !ok {
			return a, WhyNotInArchive
		}
		a.Size = int64(f.UncompressedSize64)
		a.open = f.Open
	} else {
		p := filepath.Join(s.dir, filepath.FromSlash(clean))
		real, err := filepath.EvalSymlinks(p)
		if err != nil {
			return a, WhyNotInFolder
		}
		if r, err := filepath.Rel(s.real, real); err != nil || r == ".." || strings.HasPrefix(r, ".."+string(filepath.Separator)) || filepath.IsAbs(r) {
			return a, WhyOutside
		}
		fi, err := os.Stat(real)
		if err != nil || !fi.Mode().IsRegular() {
			return a, WhyNotAFile
		}
		a.Size = fi.Size()
		a.open = func() (io.ReadCloser, error) { return os.Open(real) }
	}
	if a.Size > journal.MaxFileSize {
		return a, WhyTooLarge
	}
	// Read once now, as attaching it will: a picture that does not parse
	// is named here, before anything is written, rather than failing then.
	data, err := a.read()
	switch {
	case errors.Is(err, journal.ErrFileTooBig):
		return a, WhyTooLarge
	case err != nil:
		return a, WhyUnreadable
	}
	if _, _, err := imagemeta.Strip(data); err != nil {
		return a, WhyDamagedPicture
	}
	a.Size = int64(len(data))
	return a, 0
}

// fileNames gives the files of one entry names of their own, as the
// journal does: the second sea.jpg is "sea (2).jpg".
type fileNames map[string]bool

// take returns name made a file name the journal keeps (see
// journal.CleanFileName), unique among those taken.
func (n fileNames) take(name string) string {
	name = journal.UniqueFileName(journal.CleanFileName(name), func(s string) bool { return n[s] })
	n[name] = true
	return name
}

// addFile records that entry id brings a.
func (p *Plan) addFile(id journal.ID, a Attachment) {
	if p.Files == nil {
		p.Files = map[journal.ID][]Attachment{}
	}
	p.Files[id] = append(p.Files[id], a)
}

// leaveOut records a file that will not come in, and why.
func (p *Plan) leaveOut(s Skipped) {
	p.Media++
	p.Skipped = append(p.Skipped, s)
}
