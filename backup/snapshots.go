package backup

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
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

// snapshotNameRE matches the names Snapshot writes; PruneSnapshots touches
// nothing else in the folder.
var snapshotNameRE = regexp.MustCompile(`^tend-([0-9]{4}-[0-9]{2}-[0-9]{2})\.tend-snapshot$`)

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
  prefs.json                 the journal's own preferences
  manifest.json              format, version, counts, and the size and
                             SHA-256 of every other file

The full description is in docs/backup-format.md in Tend's source code.
`

// SnapshotName is the file name of the snapshot taken on the day of t, in
// t's own time zone.
func SnapshotName(t time.Time) string {
	return "tend-" + t.Format("2006-01-02") + snapshotExt
}

// SnapshotFile is one snapshot found in a folder.
type SnapshotFile struct {
	Path string
	// Day is the day the snapshot was taken, from its name, at midnight UTC.
	Day time.Time
}

// ListSnapshots returns the snapshots in dir, newest first. Other files are
// left out; a missing folder holds none.
func ListSnapshots(dir string) ([]SnapshotFile, error) {
	des, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("reading the backup folder: %w", err)
	}
	var out []SnapshotFile
	for _, de := range des {
		m := snapshotNameRE.FindStringSubmatch(de.Name())
		if m == nil || !de.Type().IsRegular() {
			continue
		}
		day, err := time.Parse("2006-01-02", m[1])
		if err != nil {
			continue
		}
		out = append(out, SnapshotFile{Path: filepath.Join(dir, de.Name()), Day: day})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Day.After(out[j].Day) })
	return out, nil
}

// PruneSnapshots removes the snapshots in dir that no retention rule keeps,
// and returns the paths it removed. Kept are the newest snapshot of each of
// the daily most recent days that have one, of the weekly most recent ISO
// weeks, and of the monthly most recent months. Counting periods that have a
// snapshot, rather than calendar periods back from today, means a long pause
// never empties the folder. Snapshots dated after today (a clock that was
// wrong) are kept and not counted. Only files named as Snapshot names them
// are ever removed.
func PruneSnapshots(dir string, today time.Time, daily, weekly, monthly int) (removed []string, err error) {
	all, err := ListSnapshots(dir)
	if err != nil {
		return nil, err
	}
	todayDay, _ := time.Parse("2006-01-02", today.Format("2006-01-02"))
	keep := make(map[string]bool)
	var past []SnapshotFile
	for _, s := range all {
		if s.Day.After(todayDay) {
			keep[s.Path] = true
			continue
		}
		past = append(past, s)
	}
	rule := func(n int, period func(time.Time) string) {
		seen := make(map[string]bool)
		for _, s := range past { // newest first
			p := period(s.Day)
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
