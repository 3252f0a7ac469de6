package journal

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxFileSize is the largest picture or other file one entry may keep
// attached: 64 MiB, above any photo a phone takes, and low enough that an
// attachment is held whole in memory while it is sealed.
const MaxFileSize = 64 << 20

// ErrFileTooBig means a file is larger than MaxFileSize. Nothing was
// attached and the entry is as it was.
var ErrFileTooBig = errors.New("this file is larger than Tend can keep with an entry (about 64 MB), so it was not added; the entry is as it was")

// ErrNoFile means an entry has no attached file by that id or name.
var ErrNoFile = errors.New("this entry has no attached file by that name")

// FileID identifies a file attached to an entry. It is random, so it
// tells nothing about the file.
type FileID [16]byte

// NewFileID returns a fresh random FileID.
func NewFileID() FileID {
	var id FileID
	if _, err := rand.Read(id[:]); err != nil {
		panic("journal: no randomness: " + err.Error())
	}
	return id
}

// String returns the id as 32 lower-case hex characters.
func (id FileID) String() string { return hex.EncodeToString(id[:]) }

// MarshalText implements encoding.TextMarshaler.
func (id FileID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *FileID) UnmarshalText(b []byte) error {
	v, err := hex.DecodeString(strings.TrimSpace(string(b)))
	if err != nil || len(v) != len(id) {
		return fmt.Errorf("%q is not an attached file's id: %w", b, ErrNoFile)
	}
	copy(id[:], v)
	return nil
}

// File is a picture or other file attached to an entry. Its bytes are
// kept sealed in the vault; File is what is known about them. Every
// version of an entry that lists a file keeps its bytes.
type File struct {
	ID FileID `json:"id"`
	// Name is the file's name as the person gave it, without a folder.
	Name string `json:"name"`
	// Type is its media type, such as image/jpeg.
	Type string `json:"type"`
	// Size is its length in bytes, as kept (a picture's metadata removed).
	Size int64 `json:"size"`
	// SHA256 is the hash of the bytes kept, in hex: equal files have
	// equal hashes, so an entry keeps one of them.
	SHA256 string `json:"sha256"`
}

// IsImage reports whether the file is a picture an entry can show: a
// JPEG, PNG, GIF or WebP. Other pictures (HEIC, TIFF, SVG) are kept and
// shown as files, by their name and size.
func (f File) IsImage() bool {
	switch f.Type {
	case "image/jpeg", "image/png", "image/gif", "image/webp":
		return true
	}
	return false
}

// FileNamed returns the entry's attached file with that name, or with
// that id written as hex, and false when it has none.
func (e *Entry) FileNamed(name string) (File, bool) {
	for _, f := range e.Files {
		if f.Name == name || f.ID.String() == name {
			return f, true
		}
	}
	return File{}, false
}

// maxFileName bounds a file's name, in bytes, as most file systems do.
const maxFileName = 255

// CleanFileName keeps the last part of a name a person, a file chooser or
// an import gave, without any folder or control character and no longer
// than file systems allow, so that writing the file out later never
// reaches outside the folder chosen for it. A name with nothing left is
// "file".
func CleanFileName(name string) string {
	name = strings.ReplaceAll(name, `\`, "/")
	name = strings.TrimSpace(path.Base(name))
	name = strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7F {
			return -1
		}
		return r
	}, name)
	for len(name) > maxFileName {
		_, size := utf8.DecodeLastRuneInString(name)
		name = name[:len(name)-size]
	}
	if name == "" || name == "." || name == ".." || name == "/" {
		return "file"
	}
	return name
}

// UniqueFileName returns name, or when taken says it is in use, the name
// with a number before its extension ("sea (2).jpg"), so every file of an
// entry has a name of its own and its body can link each by it.
func UniqueFileName(name string, taken func(string) bool) string {
	if !taken(name) {
		return name
	}
	ext := path.Ext(name)
	stem := strings.TrimSuffix(name, ext)
	for i := 2; ; i++ {
		if n := fmt.Sprintf("%s (%d)%s", stem, i, ext); !taken(n) {
			return n
		}
	}
}

// LinkedFile returns the attached file a Markdown link or image in the
// entry's body points at, and false when it points at none. A body refers
// to an attached file by its name, as a file beside the entry would be
// linked: ![the sea at Brighton](sea.jpg), ![](<my photo.jpg>),
// ![](my%20photo.jpg) and ![](./sea.jpg) all find it. A link with a
// scheme (https:, file:) or a folder in it is never an attached file. dest
// is the link's destination as written or as a Markdown parser gives it.
func (e *Entry) LinkedFile(dest string) (File, bool) {
	dest = strings.TrimSpace(dest)
	if len(dest) > 1 && dest[0] == '<' && dest[len(dest)-1] == '>' {
		dest = dest[1 : len(dest)-1]
	}
	dest = strings.TrimPrefix(dest, "./")
	if dest == "" || strings.ContainsAny(dest, "/\\") {
		return File{}, false
	}
	if u, err := url.Parse(dest); err != nil || u.Scheme != "" {
		return File{}, false
	}
	name := dest
	if u, err := url.PathUnescape(dest); err == nil {
		name = u
	}
	for _, f := range e.Files {
		if f.Name == name {
			return f, true
		}
	}
	return File{}, false
}

// FileLink returns how a body links the attached file named name, so that
// Markdown reads it whole and LinkedFile finds the file by it again: the
// name with %, :, < and > escaped, in angle brackets when it holds a space
// or a bracket.
func FileLink(name string) string {
	s := strings.NewReplacer("%", "%25", ":", "%3A", "<", "%3C", ">", "%3E").Replace(name)
	if strings.ContainsAny(s, " \t()[]") {
		return "<" + s + ">"
	}
	return s
}
