package vault

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
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
	path = filepath.Join(dir, backup.SnapshotName(now))
	if !replace {
		if _, err := os.Stat(path); err == nil {
			return path, nil
		}
	}
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
			return fmt.Errorf("the automatic backup did not read back correctly, so it was not kept: %w", err)
		}
		if !bytes.Equal(encodeJSON(got.Manifest), encodeJSON(want)) {
			return fmt.Errorf("the automatic backup did not read back as it was written, so it was not kept: %w", backup.ErrDamaged)
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
	err = v.db.View(func(txn *badger.Txn) error { return v.backupRecords(txn, bw, nil) })
	if err != nil {
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

// readSnapshot parses the header copy without trusting it, unlocks it, and
// reads the age payload with the identity the master key gives.
func readSnapshot(r io.Reader, keep bool, unlock func(*header) ([]byte, error)) (*backup.Contents, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	magic := make([]byte, len(backup.SnapshotMagic))
	if n, err := io.ReadFull(br, magic); err != nil {
		if n > 0 && bytes.HasPrefix([]byte(backup.SnapshotMagic), magic[:n]) {
			return nil, backup.Damaged("it ends before its header")
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
		return nil, backup.Damaged("it ends before its header")
	}
	n := binary.BigEndian.Uint32(lb[:])
	if n > maxHeaderSize {
		return nil, backup.Damaged("its header copy claims %d bytes, far more than Tend ever writes", n)
	}
	hb := make([]byte, n)
	if _, err := io.ReadFull(br, hb); err != nil {
		return nil, backup.Damaged("it ends inside its header")
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

	head, _ := br.Peek(len(backup.AgeMagic))
	if !bytes.HasPrefix(head, []byte(backup.AgeMagic)) {
		if bytes.HasPrefix([]byte(backup.AgeMagic), head) {
			return nil, backup.Damaged("it ends before its encryption header")
		}
		return nil, backup.Damaged("its header copy is not followed by an age file")
	}
	plain, err := age.Decrypt(br, id)
	if err != nil {
		return nil, backup.Damaged("its encryption header could not be read (%v)", err)
	}
	c, err := backup.ReadArchive(plain, keep)
	if err != nil {
		return nil, err
	}
	if c.Manifest.VaultID != hex.EncodeToString(h.vaultID[:]) {
		return nil, backup.Damaged("its archive comes from another journal than its header")
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
