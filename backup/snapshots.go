package backup

import (
	"crypto/aes"
	"crypto/cipher"
	"encoding/base32"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"time"
)

// An automatic snapshot is a backup taken without asking for a passphrase,
// on lock, at most once a day. It must still open when the vault folder is
// gone, with the password in force when it was taken or with the recovery
// key. So a snapshot carries its own copy of the vault header (whose key
// wraps are already sealed and MAC'd, and are exactly as exposed as the
// header file itself), followed by an age file encrypted to an X25519
// identity derived from the master key. Unlocking the header copy gives the
// master key, the master key gives the identity, and the identity opens the
// archive, which is the same tar as a manual backup. The layout is
// documented in docs/backup-format.md.

// SnapshotMagic starts every snapshot file.
const SnapshotMagic = "tend-snapshot v1\n"

// snapshotExt ends every snapshot's file name.
const snapshotExt = ".tend-snapshot"

// A snapshot's file name says nothing about when it was taken: the moment
// is sealed into it (see SnapshotNames), so the names in a backup folder
// show neither the days the journal was used nor how often. Names written
// before that showed the day; they are still recognised, so the vault can
// give them sealed names and nothing else in the folder is ever touched.
var (
	snapshotNameRE   = regexp.MustCompile(`^tend-([a-z2-7]{26})\.tend-snapshot$`)
	legacyNameRE     = regexp.MustCompile(`^tend-([0-9]{4}-[0-9]{2}-[0-9]{2})\.tend-snapshot$`)
	snapshotNameText = base32.StdEncoding.WithPadding(base32.NoPadding)
)

// The first half of a sealed name's block is one of these, so a name
// sealed under another key (another journal, or this one before its keys
// were replaced) is told from one of ours with certainty. The second says
// that only the day is known: the snapshot was named by its day before
// names were sealed, and no time of day is made up for it.
const (
	snapshotNameMagic = "tendsnap"
	snapshotDayMagic  = "tendday1"
)

// SnapshotModTime is the modification time every snapshot file is given,
// so that the folder's listing does not show when each was taken either.
var SnapshotModTime = time.Date(2000, time.January, 1, 0, 0, 0, 0, time.UTC)

// Default retention of automatic snapshots.
const (
	DefaultSnapshotDaily   = 7
	DefaultSnapshotWeekly  = 4
	DefaultSnapshotMonthly = 12
)

// ErrNotASnapshot means the file is not a Tend snapshot.
var ErrNotASnapshot = errors.New("this file is not a Tend automatic backup")

const SnapshotReadme = `This is an automatic encrypted backup (a snapshot) of a Tend journal.

It was made without a passphrase: it opens with the journal's password of
the day it was taken, or with the recovery key. Tend opens it; the file
starts with a copy of the journal's header, followed by an age file
(https://age-encryption.org) encrypted to a key derived from the journal's
master key. Inside is the same archive as a manual backup:

  README.txt                 this file
  entries/<id>.json          one entry per file
  history/<id>-<rev>.json    an earlier version of entry <id>
  prefs.json                 the journal's own preferences and journals
  manifest.json              format, version, counts, and the size and
                             SHA-256 of every other file

The full description is in docs/backup-format.md in Tend's source code.
`

// SnapshotNames seals the moment a snapshot was taken into its file name,
// and reads it back, with a key that only the journal's master key gives.
// A name is one AES block, [snapshotNameMagic | Unix seconds, big-endian],
// enciphered and written in lower-case base32: a name of another day looks
// no more or less like this one than any other.
type SnapshotNames struct {
	block cipher.Block
}

// NewSnapshotNames makes the names of the journal whose name key is key
// (32 bytes, derived from its master key).
func NewSnapshotNames(key []byte) (*SnapshotNames, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, fmt.Errorf("the key of the automatic backups' names: %w", err)
	}
	return &SnapshotNames{block: b}, nil
}

// Name is the file name of the snapshot taken at t.
func (n *SnapshotNames) Name(t time.Time) string {
	return n.seal(snapshotNameMagic, t.Unix())
}

// DayName is the file name of a snapshot of which only the day is known,
// the day of day's date.
func (n *SnapshotNames) DayName(day time.Time) string {
	y, m, d := day.Date()
	return n.seal(snapshotDayMagic, time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix())
}

func (n *SnapshotNames) seal(magic string, seconds int64) string {
	var plain, sealed [aes.BlockSize]byte
	copy(plain[:], magic)
	binary.BigEndian.PutUint64(plain[len(magic):], uint64(seconds))
	n.block.Encrypt(sealed[:], plain[:])
	return "tend-" + strings.ToLower(snapshotNameText.EncodeToString(sealed[:])) + snapshotExt
}

// Read reads when the snapshot named name was taken, and false when the
// name is not one of these names. For a name DayName wrote, dayOnly is
// true and taken is noon of that day, local time, so that it sorts and
// keeps its day in any time zone near this one.
func (n *SnapshotNames) Read(name string) (taken time.Time, dayOnly, ok bool) {
	m := snapshotNameRE.FindStringSubmatch(name)
	if n == nil || m == nil {
		return time.Time{}, false, false
	}
	// base32 of 16 bytes leaves two spare bits in the last letter; a name
	// whose spare bits are set is not one Name wrote.
	sealed, err := snapshotNameText.DecodeString(strings.ToUpper(m[1]))
	if err != nil || len(sealed) != aes.BlockSize || strings.ToLower(snapshotNameText.EncodeToString(sealed)) != m[1] {
		return time.Time{}, false, false
	}
	var plain [aes.BlockSize]byte
	n.block.Decrypt(plain[:], sealed)
	seconds := int64(binary.BigEndian.Uint64(plain[8:]))
	switch string(plain[:8]) {
	case snapshotNameMagic:
		return time.Unix(seconds, 0), false, true
	case snapshotDayMagic:
		return noon(time.Unix(seconds, 0).UTC()), true, true
	}
	return time.Time{}, false, false
}

// noon is noon of day's date, local time.
func noon(day time.Time) time.Time {
	y, m, d := day.Date()
	return time.Date(y, m, d, 12, 0, 0, 0, time.Local)
}

// SnapshotFile is one snapshot found in a folder.
type SnapshotFile struct {
	Path string
	// Taken is when the snapshot was taken, read from its name; zero when
	// the name was sealed with other keys (another journal's snapshot, or
	// this journal's from before its keys were replaced).
	Taken time.Time
	// DayOnly says that only Taken's day is known (see DayName).
	DayOnly bool
	// LegacyDay is the day a name written before names were sealed shows,
	// at midnight UTC; zero for a sealed name.
	LegacyDay time.Time
}

// Known reports whether the snapshot's time could be read.
func (f SnapshotFile) Known() bool { return !f.Taken.IsZero() }

// DateLegacy dates a snapshot named by its day, once it is known to be
// the journal's: as DayName's names are dated.
func (f *SnapshotFile) DateLegacy() {
	f.Taken, f.DayOnly = noon(f.LegacyDay), true
}

// ListSnapshots returns the snapshots in dir: those whose names open with
// names newest first, then the others in name order. names may be nil (the
// journal is locked): every snapshot is then listed as not known. Other
// files are left out; a missing folder holds none.
func ListSnapshots(dir string, names *SnapshotNames) ([]SnapshotFile, error) {
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the backup folder: %w", err)
	}
	var out []SnapshotFile
	for _, de := range des {
		if !de.Type().IsRegular() {
			continue
		}
		f := SnapshotFile{Path: filepath.Join(dir, de.Name())}
		if m := legacyNameRE.FindStringSubmatch(de.Name()); m != nil {
			day, err := time.Parse("2006-01-02", m[1])
			if err != nil {
				continue
			}
			f.LegacyDay = day
		} else if !snapshotNameRE.MatchString(de.Name()) {
			continue
		} else if t, dayOnly, ok := names.Read(de.Name()); ok {
			f.Taken, f.DayOnly = t, dayOnly
		}
		out = append(out, f)
	}
	SortSnapshots(out)
	return out, nil
}

// SortSnapshots puts the snapshots whose time is known first, newest
// first, and keeps the others in their order after them.
func SortSnapshots(list []SnapshotFile) {
	sort.SliceStable(list, func(i, j int) bool {
		a, b := list[i], list[j]
		if a.Known() != b.Known() {
			return a.Known()
		}
		return a.Taken.After(b.Taken)
	})
}

// PruneSnapshots removes the snapshots in dir that no retention rule keeps,
// and returns the paths it removed. Kept are the newest snapshot of each of
// the daily most recent days that have one, of the weekly most recent ISO
// weeks, and of the monthly most recent months, days as now's time zone
// has them. Counting periods that have a snapshot, rather than calendar
// periods back from today, means a long pause never empties the folder.
// Snapshots taken after now (a clock that was wrong) are kept and not
// counted. Only snapshots whose names open with names are ever removed:
// another journal's in the same folder, or this one's from before its keys
// were replaced, are left alone.
func PruneSnapshots(dir string, names *SnapshotNames, now time.Time, daily, weekly, monthly int) (removed []string, err error) {
	all, err := ListSnapshots(dir, names)
	if err != nil {
		return nil, err
	}
	keep := make(map[string]bool)
	var past []SnapshotFile
	for _, s := range all {
		switch {
		case !s.Known():
		case s.Taken.After(now):
			keep[s.Path] = true
		default:
			past = append(past, s)
		}
	}
	rule := func(n int, period func(time.Time) string) {
		seen := make(map[string]bool)
		for _, s := range past { // newest first
			p := period(s.Taken.In(now.Location()))
			if seen[p] {
				continue
			}
			if len(seen) >= n {
				return
			}
			seen[p] = true
			keep[s.Path] = true
		}
	}
	rule(daily, func(d time.Time) string { return d.Format("2006-01-02") })
	rule(weekly, func(d time.Time) string {
		y, w := d.ISOWeek()
		return fmt.Sprintf("%d-W%02d", y, w)
	})
	rule(monthly, func(d time.Time) string { return d.Format("2006-01") })
	var errs []error
	for _, s := range past {
		if keep[s.Path] {
			continue
		}
		if err := os.Remove(s.Path); err != nil && !errors.Is(err, fs.ErrNotExist) {
			errs = append(errs, err)
			continue
		}
		removed = append(removed, s.Path)
	}
	if len(errs) > 0 {
		return removed, fmt.Errorf("removing old automatic backups: %w", errors.Join(errs...))
	}
	return removed, nil
}

// SameDay reports whether a and b fall on the same day in loc.
func SameDay(a, b time.Time, loc *time.Location) bool {
	return a.In(loc).Format("2006-01-02") == b.In(loc).Format("2006-01-02")
}

// IsSnapshotFile reports whether path holds an automatic backup (it starts
// with SnapshotMagic) rather than a passphrase backup.
func IsSnapshotFile(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	b := make([]byte, len(SnapshotMagic))
	if _, err := io.ReadFull(f, b); err != nil {
		return false
	}
	return string(b) == SnapshotMagic
}
