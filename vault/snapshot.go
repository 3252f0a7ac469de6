package vault

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/atomicfile"
)

// Snapshot writes today's automatic snapshot into dir (created 0700 if
// missing) and returns its path. If a snapshot was already taken on now's
// day, it is left as it is and its path returned: snapshots are taken at
// most once a day. The file is written beside its final name, synced, read
// back whole and checked, and only then renamed into place. Its name is
// sealed (see backup.SnapshotNames) and its modification time is
// backup.SnapshotModTime, so the folder shows nothing of when it was taken.
func (v *Vault) Snapshot(dir string, now time.Time) (string, error) {
	return v.snapshot(dir, now, false)
}

// RetakeSnapshot is Snapshot for a "Back up now" request: it takes a new
// snapshot even if one was taken today, and removes today's earlier one
// once the new one is in place, so the newest words are in it.
func (v *Vault) RetakeSnapshot(dir string, now time.Time) (string, error) {
	return v.snapshot(dir, now, true)
}

func (v *Vault) snapshot(dir string, now time.Time, replace bool) (path string, err error) {
	names, err := v.SnapshotNames()
	if err != nil {
		return "", err
	}
	if err := v.SealOldSnapshotNames(dir); err != nil {
		return "", err
	}
	list, err := backup.ListSnapshots(dir, names)
	if err != nil {
		return "", err
	}
	var today []string
	for _, f := range list {
		if f.Known() && backup.SameDay(f.Taken, now, now.Location()) {
			today = append(today, f.Path)
		}
	}
	if !replace && len(today) > 0 {
		return today[0], nil
	}
	path = filepath.Join(dir, names.Name(now))
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return "", fmt.Errorf("making the backup folder: %w", err)
	}
	var want backup.Manifest
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
			return &backup.ReadBackError{Automatic: true, Err: err}
		}
		if !bytes.Equal(encodeJSON(got.Manifest), encodeJSON(want)) {
			return &backup.ReadBackError{Automatic: true}
		}
		return hideModTime(f.Name())
	})
	if errors.Is(err, atomicfile.ErrNotDurable) {
		return path, err
	}
	if err != nil {
		return "", err
	}
	// The day's earlier snapshot goes only once the new one is in place;
	// after a crash between the two, the next prune removes it.
	for _, old := range today {
		if old != path {
			_ = os.Remove(old)
		}
	}
	return path, nil
}

// hideModTime gives a snapshot file the same modification and access time
// as every other, so the folder does not date it.
func hideModTime(path string) error {
	if err := os.Chtimes(path, backup.SnapshotModTime, backup.SnapshotModTime); err != nil {
		return fmt.Errorf("writing the automatic backup: %w", err)
	}
	return nil
}

// SnapshotNames gives the sealed names of this journal's automatic
// backups, to list and prune them. ErrClosed once the vault is closed.
func (v *Vault) SnapshotNames() (*backup.SnapshotNames, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	return snapshotNames(v.master)
}

// snapshotNames derives the names' key from master. The cipher keeps its
// own expanded copy of the key, so the derived key is wiped here.
func snapshotNames(master []byte) (*backup.SnapshotNames, error) {
	key := subkey(master, "snapshot name")
	defer wipe(key)
	return backup.NewSnapshotNames(key)
}

// listSnapshots is backup.ListSnapshots with the names master gives, where
// a snapshot named by its day (by an earlier Tend) whose header copy
// carries master's MAC is dated too, at noon of that day.
func listSnapshots(dir string, master []byte) ([]backup.SnapshotFile, error) {
	names, err := snapshotNames(master)
	if err != nil {
		return nil, err
	}
	list, err := backup.ListSnapshots(dir, names)
	if err != nil {
		return nil, err
	}
	for i, f := range list {
		if f.LegacyDay.IsZero() {
			continue
		}
		if h, err := readSnapshotHeader(f.Path); err == nil && h.checkMAC(master) {
			list[i].DateLegacy()
		}
	}
	backup.SortSnapshots(list)
	return list, nil
}

// SealOldSnapshotNames renames this journal's snapshots in dir whose names
// still show their day (as Tend named them before) to sealed names that
// keep their day and no made-up time (DayName), and hides their modification time. Every
// snapshot does it first; the app also does it at unlock, so the folder
// stops showing days at once. A file is this journal's when its header
// copy carries the master key's MAC; any other is left as it is. A file
// that cannot be read is left too: a listing may still show it, and a
// restore says what is wrong with it.
func (v *Vault) SealOldSnapshotNames(dir string) error {
	names, err := v.SnapshotNames()
	if err != nil {
		return err
	}
	list, err := backup.ListSnapshots(dir, nil)
	if err != nil {
		return err
	}
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return ErrClosed
	}
	renamed := false
	for _, f := range list {
		if f.LegacyDay.IsZero() {
			continue
		}
		h, err := readSnapshotHeader(f.Path)
		if err != nil || !h.checkMAC(v.master) {
			continue
		}
		to := filepath.Join(dir, names.DayName(f.LegacyDay))
		if _, err := os.Lstat(to); err == nil {
			continue
		}
		if err := hideModTime(f.Path); errors.Is(err, fs.ErrNotExist) {
			continue // renamed or removed meanwhile by another Tend
		} else if err != nil {
			return err
		}
		if err := os.Rename(f.Path, to); errors.Is(err, fs.ErrNotExist) {
			continue // renamed or removed meanwhile by another Tend
		} else if err != nil {
			return fmt.Errorf("renaming an automatic backup: %w", err)
		}
		renamed = true
	}
	if renamed {
		if err := atomicfile.SyncDir(dir); err != nil {
			return fmt.Errorf("renaming an automatic backup: %w", err)
		}
	}
	return nil
}

// writeSnapshot writes a whole snapshot to w and returns its manifest and
// a copy of the master key, for the read-back check; the caller wipes it.
func (v *Vault) writeSnapshot(w io.Writer, now time.Time) (backup.Manifest, []byte, error) {
	// The header as it is on disk: SetPassword replaces v.hdr under wmu
	// only after the new header is written.
	v.wmu.Lock()
	h := *v.hdr
	v.wmu.Unlock()
	hdrBytes := append(h.body(), h.mac[:]...)

	// The read lock keeps Close from closing the store under the scan.
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed || v.retired.Load() {
		// A store whose keys a rotation is replacing must not be
		// copied under them once more.
		return backup.Manifest{}, nil, ErrClosed
	}
	master := bytes.Clone(v.master)
	fail := func(err error) (backup.Manifest, []byte, error) {
		wipe(master)
		return backup.Manifest{}, nil, err
	}
	if !h.checkMAC(master) {
		return fail(errors.New("making the automatic backup: the journal's header does not match its key"))
	}
	id, err := snapshotIdentity(master)
	if err != nil {
		return fail(fmt.Errorf("making the automatic backup: %w", err))
	}

	var pre []byte
	pre = append(pre, backup.SnapshotMagic...)
	pre = binary.BigEndian.AppendUint32(pre, uint32(len(hdrBytes)))
	pre = append(pre, hdrBytes...)
	if _, err := w.Write(pre); err != nil {
		return fail(fmt.Errorf("writing the automatic backup: %w", err))
	}
	aw, err := age.Encrypt(w, id.Recipient())
	if err != nil {
		return fail(fmt.Errorf("making the automatic backup: %w", err))
	}
	bw, err := backup.NewWriter(aw, backup.Manifest{
		VaultID:    hex.EncodeToString(h.vaultID[:]),
		Created:    now.UTC().Truncate(time.Second),
		AppVersion: "automatic snapshot",
	}, backup.SnapshotReadme)
	if err != nil {
		return fail(err)
	}
	err = v.view("the journal", func(txn *badger.Txn) error { return v.backupRecords(txn, bw, nil) })
	if err != nil {
		bw.Abort()
		return fail(err)
	}
	m, err := bw.Close()
	if err != nil {
		return fail(err)
	}
	if err := aw.Close(); err != nil {
		return fail(fmt.Errorf("writing the automatic backup: %w", err))
	}
	return m, master, nil
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
// archive as backup.Read does. It changes nothing anywhere; pass the result
// to RestoreNew or Merge. The password is the one in force when the
// snapshot was taken. A wrong password or key gives ErrWrongPassword; other
// errors wrap backup.ErrNotASnapshot, ErrCorrupt (the header copy), or those of
// backup.Read.
func ReadSnapshot(r io.Reader, password []byte, recovery *RecoveryKey) (*backup.Contents, error) {
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

// readSnapshotPrefix reads a snapshot's magic and header copy from br,
// without trusting either, and leaves br at the age file.
func readSnapshotPrefix(br *bufio.Reader) (*header, error) {
	magic := make([]byte, len(backup.SnapshotMagic))
	if n, err := io.ReadFull(br, magic); err != nil {
		if n > 0 && bytes.HasPrefix([]byte(backup.SnapshotMagic), magic[:n]) {
			return nil, backup.Damaged(backup.DamageCutShort, "it ends before its header")
		}
		return nil, backup.ErrNotASnapshot
	}
	if string(magic) != backup.SnapshotMagic {
		if strings.HasPrefix(string(magic), "tend-snapshot v") {
			return nil, fmt.Errorf("%w (%q); update Tend to open it", backup.ErrNewer, strings.TrimSpace(string(magic)))
		}
		return nil, backup.ErrNotASnapshot
	}
	var lb [4]byte
	if _, err := io.ReadFull(br, lb[:]); err != nil {
		return nil, backup.Damaged(backup.DamageCutShort, "it ends before its header")
	}
	n := binary.BigEndian.Uint32(lb[:])
	if n > maxHeaderSize {
		return nil, backup.Damaged(backup.DamageHeader, "its header copy claims %d bytes, far more than Tend ever writes", n)
	}
	hb := make([]byte, n)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, backup.Damaged(backup.DamageCutShort, "it ends inside its header")
	}
	return parseHeader(hb)
}

// readSnapshotHeader reads the header copy of the snapshot at path.
func readSnapshotHeader(path string) (*header, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return readSnapshotPrefix(bufio.NewReaderSize(f, 4<<10))
}

// readSnapshot parses the header copy without trusting it, unlocks it, and
// reads the age payload with the identity the master key gives.
func readSnapshot(r io.Reader, keep bool, unlock func(*header) ([]byte, error)) (*backup.Contents, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	h, err := readSnapshotPrefix(br)
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

	head, _ := br.Peek(len(backup.AgeMagic))
	if !bytes.HasPrefix(head, []byte(backup.AgeMagic)) {
		if bytes.HasPrefix([]byte(backup.AgeMagic), head) {
			return nil, backup.Damaged(backup.DamageCutShort, "it ends before its encryption header")
		}
		return nil, backup.Damaged(backup.DamageHeader, "its header copy is not followed by an age file")
	}
	plain, err := age.Decrypt(br, id)
	if err != nil {
		return nil, backup.Damaged(backup.DamageHeader, "its encryption header could not be read (%v)", err)
	}
	c, err := backup.ReadArchive(plain, keep)
	if err != nil {
		return nil, err
	}
	if c.Manifest.VaultID != hex.EncodeToString(h.vaultID[:]) {
		return nil, backup.Damaged(backup.DamageOtherJournal, "its archive comes from another journal than its header")
	}
	return c, nil
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

// FindSnapshots lists the automatic backups in dir before the journal in
// vaultDir is opened (it may be too damaged to open), newest first, as
// ListSnapshots does with the names' key that password gives: from the
// journal's header, or, when that is missing, damaged or holds another
// password, from the header copy inside one of the snapshots. Snapshots
// whose names open with neither follow, not known; so do all of them when
// the password opens nothing here.
func FindSnapshots(dir, vaultDir string, password []byte) ([]backup.SnapshotFile, error) {
	list, err := backup.ListSnapshots(dir, nil)
	if err != nil || len(list) == 0 {
		return list, err
	}
	tried := map[string]bool{}
	try := func(h *header) ([]backup.SnapshotFile, bool) {
		// Each distinct password wrap costs one key derivation; the
		// snapshots of one password share theirs.
		wrap := string(h.appendKDF(nil)) + string(h.passwordWrap)
		if tried[wrap] {
			return nil, false
		}
		tried[wrap] = true
		master, err := h.unlockPassword(password)
		if err != nil {
			return nil, false
		}
		defer wipe(master)
		found, err := listSnapshots(dir, master)
		if err != nil || len(found) == 0 || !found[0].Known() {
			return nil, false
		}
		return found, true
	}
	if h, err := readHeader(vaultDir); err == nil {
		if found, ok := try(h); ok {
			return found, nil
		}
	}
	for _, f := range list {
		h, err := readSnapshotHeader(f.Path)
		if err != nil {
			continue
		}
		if found, ok := try(h); ok {
			return found, nil
		}
	}
	return list, nil
}
