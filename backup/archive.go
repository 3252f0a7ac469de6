// Package backup is the format of Tend's backups and automatic backups
// (snapshots): the archive of JSON documents inside, its manifest, the
// writer that streams it, the reader that checks every member against the
// manifest within fixed bounds, the careful write of a backup file, and the
// naming and retention of snapshots. docs/backup-format.md describes exactly
// this package.
//
// A backup is an age file (https://age-encryption.org/v1) encrypted to a
// passphrase, whose plaintext is a tar archive of JSON documents; the layout
// is documented in docs/backup-format.md and in the README.txt member. The
// choice of formats is the point: in twenty years, the standard age tool and
// any tar reader will still open it, with or without Tend.
package backup

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"path"
	"regexp"
	"strconv"
	"strings"
	"time"

	"tend/journal"
)

// Sentinel errors of reading a backup. Each is a plain sentence, wrapped with
// what exactly was found.
var (
	// ErrPassphrase means the passphrase does not open the backup.
	ErrPassphrase = errors.New("that passphrase does not open this backup")

	// ErrDamaged means the backup is truncated, was changed after it
	// was written, or does not match its own manifest.
	ErrDamaged = errors.New("this backup is damaged or incomplete")

	// ErrNotABackup means the file is not a Tend backup at all.
	ErrNotABackup = errors.New("this file is not a Tend backup")

	// ErrNewer means the backup was written in a format a newer Tend
	// made.
	ErrNewer = errors.New("this backup was made by a newer version of Tend")
)

// The format's name and version, as written in the manifest. A backup
// that carries attached files says version 2 (FormatVersion), so that a
// Tend from before them tells the person to update rather than calling it
// damaged; one without files says 1 and opens in every Tend.
const (
	Format        = "tend-backup"
	FormatVersion = 2
	// formatNoFiles is the version of a backup without attached files.
	formatNoFiles = 1
)

// WorkFactor is the scrypt cost (log2 of N) of the passphrase that
// protects new backups. It is age's own default, 18: about a second and
// 256 MiB, which is what makes a short passphrase costly to guess. Tests
// lower it, as they use TestKDF for vaults; nothing else should change it.
var WorkFactor = 18

// Bounds on what a backup may hold. Reading holds the whole journal in
// memory before restoring it, so every size is checked before it is
// allocated.
const (
	// maxWorkFactor bounds the scrypt cost a backup may ask for
	// (1 GiB of memory), so a hostile file cannot exhaust the machine.
	maxWorkFactor = 20
	// maxMember bounds one record's document. An entry holds at
	// most MaxEntryText of text, and JSON writes a character in at most
	// six bytes; the rest of a document is small.
	maxMember = 6*journal.MaxEntryText + 1<<20
	// maxManifest bounds the manifest, which lists every member.
	maxManifest = 1 << 30
	// maxMembers bounds the number of members: a million entries,
	// each with a full history, fit.
	maxMembers = 4 << 20
	// maxTrailer bounds the zero padding some tar writers add after
	// the end of the archive.
	maxTrailer = 1 << 20
)

// Member names inside the archive.
const (
	readmeMember   = "README.txt"
	manifestMember = "manifest.json"
	prefsMember    = "prefs.json"
)

var (
	fileMemberRE    = regexp.MustCompile(`^files/([0-9a-f]{64})(\.[a-z0-9]{1,10})?$`)
	entryMemberRE   = regexp.MustCompile(`^entries/([0-9a-f]{32})\.json$`)
	historyMemberRE = regexp.MustCompile(`^history/([0-9a-f]{32})-([1-9][0-9]{0,9})\.json$`)
)

// Manifest describes a backup: what made it, when, and a checksum of every
// other member. It is the last member of the archive, because the writer
// streams the journal and learns each checksum as it goes.
type Manifest struct {
	Format        string    `json:"format"`
	FormatVersion int       `json:"format_version"`
	VaultID       string    `json:"vault_id"`
	Created       time.Time `json:"created"`
	AppVersion    string    `json:"app_version"`
	Counts        Counts    `json:"counts"`
	Members       []Member  `json:"members"`
	// LeftOut names the records Backup could not read and left out, so
	// that one damaged record does not cost the copy of every other. It
	// is told to the person who asked for the backup, not written in it.
	LeftOut []journal.Damage `json:"-"`
}

// Counts counts the records in a backup.
type Counts struct {
	Entries int `json:"entries"`
	History int `json:"history"`
	Prefs   int `json:"prefs"`
	// Files counts the attached files, each kept once however many
	// entries or versions list it; absent when there are none.
	Files int `json:"files,omitempty"`
}

// Member is one member of the archive, in archive order.
type Member struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// Contents is a backup read in full and checked against its manifest.
type Contents struct {
	Manifest Manifest
	// Entries are the entries as they were, trash included.
	Entries []*journal.Entry
	// History holds the earlier versions of those entries.
	History []*journal.Entry
	Prefs   journal.Prefs
	// Journals is the list of the journal's journals, from prefs.json;
	// nil for a backup made before Tend had several (its entries all
	// belong to the one journal it had).
	Journals journal.Journals
	// Files holds the bytes of the attached files the entries and their
	// earlier versions list, by hash; nil when there are none. Close
	// lets go of them once they are restored.
	Files *Files
}

// Close lets go of what the contents hold outside memory: the attached
// files waiting to be restored. The entries stay readable.
func (c *Contents) Close() error {
	if c == nil {
		return nil
	}
	return c.Files.Close()
}

const Readme = `This is an encrypted backup of a Tend journal.

HOW TO OPEN IT WITHOUT TEND
The file is encrypted with age (https://age-encryption.org), using the
passphrase chosen when the backup was made. Any age implementation opens it,
for example the standard age tool:

    age -d backup.tend-backup > backup.tar
    tar -xf backup.tar

Keep the decrypted files private: they are the journal in plain text.

WHAT IS INSIDE
The archive is a tar file of plain UTF-8 text, and of the pictures and
other files attached to entries, as they were kept:

  README.txt                 this file
  entries/<id>.json          one entry per file: its date, title, Markdown
                             body, tags, mood, kind, and the form of a
                             structured entry (check-in, letter, ...)
  history/<id>-<rev>.json    an earlier version of entry <id>, saved as
                             revision <rev>, in the same shape as an entry
  files/<sha256>.<ext>       a picture or other file attached to an
                             entry, as it was kept: an entry lists its
                             files under "files", each with its name and
                             the SHA-256 that names this file here; the
                             same file in several entries is here once
  prefs.json                 the journal's own preferences, and its list
                             of journals (names, colours, order); an
                             entry names its journal by id
  manifest.json              the format name and version, when and by what
                             the backup was made, how many records it holds,
                             and the size and SHA-256 of every other file

Dates are written YYYY-MM-DD; times are RFC 3339. The full description of
every field is in docs/backup-format.md in Tend's source code.
`

// Writer streams the archive of a backup: README.txt first, then the
// records, each listed with its size and checksum in the manifest, and the
// manifest last, on Close. It writes to w as it goes, on a goroutine of its
// own, so that w, typically an age encryptor, works beside the caller; end
// it with Close, or with Abort when the backup is given up.
type Writer struct {
	tw  *tarStream
	out *asyncWriter
	m   Manifest
	// SkipDamaged leaves a damaged record out, named in the manifest's
	// LeftOut, rather than failing the whole backup. An automatic backup
	// does not: its retention removes older backups, which must not make
	// way for copies with holes in them.
	SkipDamaged bool
}

// NewWriter starts an archive on w with m's identity (vault, time, the
// version of Tend that makes it; format and counts are filled in here) and
// readme as its README.txt.
func NewWriter(w io.Writer, m Manifest, readme string) (*Writer, error) {
	m.Format, m.FormatVersion = Format, FormatVersion
	m.Counts, m.Members, m.LeftOut = Counts{}, nil, nil
	out := newAsyncWriter(w)
	tw, err := newTarStream(out, m.Created)
	if err != nil {
		_ = out.close()
		return nil, err
	}
	bw := &Writer{tw: tw, out: out, m: m}
	if err := bw.add(readmeMember, []byte(readme)); err != nil {
		bw.Abort()
		return nil, err
	}
	return bw, nil
}

// EntryName is the member name of an entry's document: "entries/", the
// id in hex, ".json". A backup names every entry, so the name is made in
// one allocation.
func EntryName(id journal.ID) string {
	const dir, ext = "entries/", ".json"
	var b [len(dir) + 2*len(id) + len(ext)]byte
	n := copy(b[:], dir)
	n += hex.Encode(b[n:], id[:])
	copy(b[n:], ext)
	return string(b[:])
}

// HistoryName is the member name of revision rev of an entry.
func HistoryName(id journal.ID, rev int) string {
	return "history/" + id.String() + "-" + strconv.Itoa(rev) + ".json"
}

// AddEntry writes an entry's document, named by EntryName, whose SHA-256
// is sum.
func (bw *Writer) AddEntry(name string, doc []byte, sum [32]byte) error {
	if err := bw.addSum(name, doc, sum); err != nil {
		return err
	}
	bw.m.Counts.Entries++
	return nil
}

// AddHistory writes an earlier version's document, named by HistoryName,
// whose SHA-256 is sum.
func (bw *Writer) AddHistory(name string, doc []byte, sum [32]byte) error {
	if err := bw.addSum(name, doc, sum); err != nil {
		return err
	}
	bw.m.Counts.History++
	return nil
}

// FileName is the member name of an attached file: "files/", its hex
// SHA-256, then the extension of its name (lower case) or, for a picture
// named without one, of its type. The hash alone finds the file; the
// extension lets an unpacked backup open in any picture viewer.
func FileName(f journal.File) string {
	return "files/" + strings.ToLower(f.SHA256) + fileExt(f)
}

// fileExt is the extension FileName gives f: "" when it has none that a
// reader of the format accepts.
func fileExt(f journal.File) string {
	ext := strings.ToLower(path.Ext(f.Name))
	if ext == "" || ext == "." {
		ext = pictureExt[f.Type]
	}
	if !fileExtRE.MatchString(ext) {
		return ""
	}
	return ext
}

var (
	fileExtRE  = regexp.MustCompile(`^\.[a-z0-9]{1,10}$`)
	pictureExt = map[string]string{"image/jpeg": ".jpg", "image/png": ".png", "image/gif": ".gif", "image/webp": ".webp"}
)

// AddFile writes an attached file's bytes, data, under FileName(f);
// f.Size and f.SHA256 are the size and checksum of data. The caller writes
// each file once, whatever lists it.
func (bw *Writer) AddFile(f journal.File, data []byte) error {
	_, err := bw.addFile(f, data, false)
	return err
}

// AddFileHandedOver is AddFile without a copy of data, so that the next
// file can be read while this one is encrypted: data must not change until
// written is closed, once data is written into the backup or the backup
// has failed.
func (bw *Writer) AddFileHandedOver(f journal.File, data []byte) (written <-chan struct{}, err error) {
	return bw.addFile(f, data, true)
}

func (bw *Writer) addFile(f journal.File, data []byte, handOver bool) (written <-chan struct{}, err error) {
	if int64(len(data)) != f.Size {
		return nil, fmt.Errorf("writing the backup: an attached file is not the size its entry gives: %w", io.ErrUnexpectedEOF)
	}
	name := FileName(f)
	bw.m.Members = append(bw.m.Members, Member{Name: name, Size: f.Size, SHA256: strings.ToLower(f.SHA256)})
	if written, err = bw.tw.memberData(name, data, handOver); err != nil {
		return nil, fmt.Errorf("writing the backup: %w", err)
	}
	bw.m.Counts.Files++
	return written, nil
}

// AddPrefs writes the journal's preferences.
func (bw *Writer) AddPrefs(doc []byte) error {
	if err := bw.add(prefsMember, doc); err != nil {
		return err
	}
	bw.m.Counts.Prefs++
	return nil
}

// LeaveOut notes a record that could not be read as left out, and reports
// whether the backup goes on without it (only when SkipDamaged is set).
func (bw *Writer) LeaveOut(d journal.Damage) bool {
	if !bw.SkipDamaged || d.Problem == "" {
		return false
	}
	bw.m.LeftOut = append(bw.m.LeftOut, d)
	return true
}

// Abort gives up a backup that will not be closed: it waits until nothing
// more is written to w. It does nothing after Close.
func (bw *Writer) Abort() { _ = bw.out.close() }

// Close writes the manifest and ends the archive (not w), waits until all
// of it is written to w, and returns the manifest.
func (bw *Writer) Close() (Manifest, error) {
	if bw.m.Counts.Files == 0 {
		bw.m.FormatVersion = formatNoFiles
	}
	doc, err := manifestJSON(bw.m)
	if err != nil {
		bw.Abort()
		return Manifest{}, fmt.Errorf("making the backup: %w", err)
	}
	if err := bw.write(manifestMember, doc); err != nil {
		bw.Abort()
		return Manifest{}, err
	}
	if err := bw.tw.close(); err != nil {
		bw.Abort()
		return Manifest{}, fmt.Errorf("writing the backup: %w", err)
	}
	if err := bw.out.close(); err != nil {
		return Manifest{}, fmt.Errorf("writing the backup: %w", err)
	}
	return bw.m, nil
}

// add writes a member and records its checksum in the manifest.
func (bw *Writer) add(name string, data []byte) error {
	return bw.addSum(name, data, sha256.Sum256(data))
}

// addSum is add with the checksum of data already worked out.
func (bw *Writer) addSum(name string, data []byte, sum [32]byte) error {
	bw.m.Members = append(bw.m.Members, Member{Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
	return bw.write(name, data)
}

// write writes a member of the archive: its header, then data.
func (bw *Writer) write(name string, data []byte) error {
	if err := bw.tw.member(name, data); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

// A NotABackupError says why a file is not a Tend backup at all; it is
// ErrNotABackup to errors.Is. Its Error is in English; the command line
// says it in the person's language from Why.
type NotABackupError struct {
	Why NotABackupReason
	// Format is the format the manifest names, for OtherFormat.
	Format string
}

// NotABackupReason is why a file is not a Tend backup.
type NotABackupReason int

// The reasons a file is not a Tend backup.
const (
	// NotEncrypted: the file is not age-encrypted.
	NotEncrypted NotABackupReason = iota
	// EncryptedToKey: it is age-encrypted to a key, not with a passphrase.
	EncryptedToKey
	// NotAnArchive: what is inside is not a Tend archive.
	NotAnArchive
	// OtherFormat: its manifest names another format.
	OtherFormat
)

func (e *NotABackupError) Error() string {
	why := "it is not an age-encrypted file"
	switch e.Why {
	case EncryptedToKey:
		why = "it is encrypted to a key, not with a passphrase"
	case NotAnArchive:
		why = "what is inside is not a Tend archive"
	case OtherFormat:
		why = fmt.Sprintf("its manifest names the format %q", e.Format)
	}
	return ErrNotABackup.Error() + ": " + why
}

// Unwrap makes the error ErrNotABackup to errors.Is.
func (e *NotABackupError) Unwrap() error { return ErrNotABackup }
