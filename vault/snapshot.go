package vault

import (
	"archive/tar"
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
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

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"tend/internal/atomicfile"
	"tend/journal"
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

// snapshotMagic starts every snapshot file.
const snapshotMagic = "tend-snapshot v1\n"

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

const snapshotReadme = `This is an automatic encrypted backup (a snapshot) of a Tend journal.

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

// Snapshot writes today's automatic snapshot into dir (created 0700 if
// missing) and returns its path. If a snapshot for now's day is already
// there, it is left as it is and its path returned: snapshots are taken at
// most once a day. The file is written beside its final name, synced, read
// back whole and checked, and only then renamed into place.
func (v *Vault) Snapshot(dir string, now time.Time) (string, error) {
	return v.snapshot(dir, now, false)
}

// RetakeSnapshot is Snapshot for a "Back up now" request: it replaces a
// snapshot already taken today, atomically, so the newest words are in it.
func (v *Vault) RetakeSnapshot(dir string, now time.Time) (string, error) {
	return v.snapshot(dir, now, true)
}

func (v *Vault) snapshot(dir string, now time.Time, replace bool) (path string, err error) {
	path = filepath.Join(dir, SnapshotName(now))
	if !replace {
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("making the backup folder: %w", err)
	}
	var want Manifest
	var master []byte
	defer func() { wipe(master) }()
	err = atomicfile.Write(path, "automatic backup", func(w io.Writer) (err error) {
		want, master, err = v.writeSnapshot(w, now)
		return err
	}, func(f *os.File) error {
		// Read back what reached the disk, through the header copy, as a
		// restore would.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("checking the automatic backup: %w", err)
		}
		got, err := readSnapshot(bufio.NewReaderSize(f, 1<<20), false, func(h *header) ([]byte, error) {
			if !h.checkMAC(master) {
				return nil, errHeaderAltered()
			}
			return bytes.Clone(master), nil
		})
		if err != nil {
			return fmt.Errorf("the automatic backup did not read back correctly, so it was not kept: %w", err)
		}
		if !bytes.Equal(encodeJSON(got.Manifest), encodeJSON(want)) {
			return fmt.Errorf("the automatic backup did not read back as it was written, so it was not kept: %w", ErrBackupDamaged)
		}
		return nil
	})
	if errors.Is(err, atomicfile.ErrNotDurable) {
		return path, err
	}
	if err != nil {
		return "", err
	}
	return path, nil
}

// writeSnapshot writes a whole snapshot to w and returns its manifest and
// a copy of the master key, for the read-back check; the caller wipes it.
func (v *Vault) writeSnapshot(w io.Writer, now time.Time) (Manifest, []byte, error) {
	// The header as it is on disk: SetPassword replaces v.hdr under wmu
	// only after the new header is written.
	v.wmu.Lock()
	h := *v.hdr
	v.wmu.Unlock()
	hdrBytes := append(h.body(), h.mac[:]...)

	// The read lock keeps Close from closing the store under the scan.
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return Manifest{}, nil, ErrClosed
	}
	master := bytes.Clone(v.master)
	fail := func(err error) (Manifest, []byte, error) {
		wipe(master)
		return Manifest{}, nil, err
	}
	if !h.checkMAC(master) {
		return fail(errors.New("making the automatic backup: the journal's header does not match its key"))
	}
	id, err := snapshotIdentity(master)
	if err != nil {
		return fail(fmt.Errorf("making the automatic backup: %w", err))
	}

	var pre []byte
	pre = append(pre, snapshotMagic...)
	pre = binary.BigEndian.AppendUint32(pre, uint32(len(hdrBytes)))
	pre = append(pre, hdrBytes...)
	if _, err := w.Write(pre); err != nil {
		return fail(fmt.Errorf("writing the automatic backup: %w", err))
	}
	aw, err := age.Encrypt(w, id.Recipient())
	if err != nil {
		return fail(fmt.Errorf("making the automatic backup: %w", err))
	}
	bw := &backupWriter{
		tw: tar.NewWriter(aw),
		m: Manifest{
			Format:        BackupFormat,
			FormatVersion: BackupFormatVersion,
			VaultID:       hex.EncodeToString(h.vaultID[:]),
			Created:       now.UTC().Truncate(time.Second),
			AppVersion:    "automatic snapshot",
		},
	}
	if err := bw.add(readmeMember, []byte(snapshotReadme)); err != nil {
		return fail(err)
	}
	err = v.db.View(func(txn *badger.Txn) error { return v.backupRecords(txn, bw, nil) })
	if err != nil {
		return fail(err)
	}
	doc, err := json.MarshalIndent(bw.m, "", "  ")
	if err != nil {
		return fail(fmt.Errorf("making the automatic backup: %w", err))
	}
	if err := bw.write(manifestMember, doc); err != nil {
		return fail(err)
	}
	if err := bw.tw.Close(); err != nil {
		return fail(fmt.Errorf("writing the automatic backup: %w", err))
	}
	if err := aw.Close(); err != nil {
		return fail(fmt.Errorf("writing the automatic backup: %w", err))
	}
	return bw.m, master, nil
}

// snapshotIdentity derives the age X25519 identity of a vault's snapshots
// from its master key. It is a function of the master key alone, so it
// survives password changes and recovery-key renewals, and needs nothing
// stored beside the vault.
func snapshotIdentity(master []byte) (*age.X25519Identity, error) {
	scalar := subkey(master, "snapshot")
	defer wipe(scalar)
	return age.ParseX25519Identity(ageSecretKeyString(scalar))
}

// ReadSnapshot reads an automatic snapshot whole, opening its header copy
// with password, or with recovery when password is empty, and checks the
// archive as ReadBackup does. It changes nothing anywhere; pass the result
// to RestoreNew or Merge. The password is the one in force when the
// snapshot was taken. A wrong password or key gives ErrWrongPassword; other
// errors wrap ErrNotASnapshot, ErrCorrupt (the header copy), or those of
// ReadBackup.
func ReadSnapshot(r io.Reader, password []byte, recovery *RecoveryKey) (*BackupContents, error) {
	if len(password) == 0 && recovery == nil {
		return nil, errors.New("opening an automatic backup needs the password or the recovery key")
	}
	return readSnapshot(r, true, func(h *header) ([]byte, error) {
		if len(password) > 0 {
			return h.unlockPassword(password)
		}
		return h.unlockRecovery(*recovery)
	})
}

// readSnapshot parses the header copy without trusting it, unlocks it, and
// reads the age payload with the identity the master key gives.
func readSnapshot(r io.Reader, keep bool, unlock func(*header) ([]byte, error)) (*BackupContents, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic := make([]byte, len(snapshotMagic))
	if n, err := io.ReadFull(br, magic); err != nil {
		if n > 0 && bytes.HasPrefix([]byte(snapshotMagic), magic[:n]) {
			return nil, damaged("it ends before its header")
		}
		return nil, ErrNotASnapshot
	}
	if string(magic) != snapshotMagic {
		if strings.HasPrefix(string(magic), "tend-snapshot v") {
			return nil, fmt.Errorf("%w (%q); update Tend to open it", ErrBackupNewer, strings.TrimSpace(string(magic)))
		}
		return nil, ErrNotASnapshot
	}
	var lb [4]byte
	if _, err := io.ReadFull(br, lb[:]); err != nil {
		return nil, damaged("it ends before its header")
	}
	n := binary.BigEndian.Uint32(lb[:])
	if n > maxHeaderSize {
		return nil, damaged("its header copy claims %d bytes, far more than Tend ever writes", n)
	}
	hb := make([]byte, n)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, damaged("it ends inside its header")
	}
	h, err := parseHeader(hb)
	if err != nil {
		return nil, err
	}
	master, err := unlock(h)
	if err != nil {
		return nil, err
	}
	id, err := snapshotIdentity(master)
	wipe(master)
	if err != nil {
		return nil, fmt.Errorf("opening the automatic backup: %w", err)
	}

	head, _ := br.Peek(len(ageMagic))
	if !bytes.HasPrefix(head, []byte(ageMagic)) {
		if bytes.HasPrefix([]byte(ageMagic), head) {
			return nil, damaged("it ends before its encryption header")
		}
		return nil, damaged("its header copy is not followed by an age file")
	}
	plain, err := age.Decrypt(br, id)
	if err != nil {
		return nil, damaged("its encryption header could not be read (%v)", err)
	}
	sr := &streamErr{r: plain}
	p := &backupParse{keep: keep, sums: map[string]memberSum{}, ids: map[journal.ID]bool{}, c: &BackupContents{}}
	if err := p.read(tar.NewReader(sr), sr); err != nil {
		return nil, err
	}
	if p.c.Manifest.VaultID != hex.EncodeToString(h.vaultID[:]) {
		return nil, damaged("its archive comes from another journal than its header")
	}
	return p.c, nil
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

// ageSecretKeyString encodes a 32-byte X25519 scalar as age writes secret
// keys: Bech32 (BIP 173) with the human-readable part "AGE-SECRET-KEY-",
// upper case. age has no exported constructor from raw bytes, and its own
// Bech32 package is internal, so this is the encoder, small and tested
// against age's parser and String.
func ageSecretKeyString(scalar []byte) string {
	const hrp = "age-secret-key-"
	const charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
	// Regroup 8-bit bytes into 5-bit values, padding the last.
	var data []byte
	acc, bits := uint32(0), uint(0)
	for _, b := range scalar {
		acc = acc<<8 | uint32(b)
		bits += 8
		for bits >= 5 {
			bits -= 5
			data = append(data, byte(acc>>bits)&31)
		}
	}
	if bits > 0 {
		data = append(data, byte(acc<<(5-bits))&31)
	}
	values := make([]byte, 0, 2*len(hrp)+1+len(data)+6)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]>>5)
	}
	values = append(values, 0)
	for i := 0; i < len(hrp); i++ {
		values = append(values, hrp[i]&31)
	}
	values = append(values, data...)
	values = append(values, 0, 0, 0, 0, 0, 0)
	mod := bech32Polymod(values) ^ 1

	var s strings.Builder
	s.WriteString(hrp)
	s.WriteByte('1')
	for _, d := range data {
		s.WriteByte(charset[d])
	}
	for p := range 6 {
		s.WriteByte(charset[(mod>>(5*(5-p)))&31])
	}
	return strings.ToUpper(s.String())
}

// bech32Polymod is the BCH checksum of BIP 173.
func bech32Polymod(values []byte) uint32 {
	gen := [5]uint32{0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3}
	chk := uint32(1)
	for _, v := range values {
		top := chk >> 25
		chk = (chk&0x1ffffff)<<5 ^ uint32(v)
		for i := range 5 {
			if (top>>i)&1 == 1 {
				chk ^= gen[i]
			}
		}
	}
	return chk
}
