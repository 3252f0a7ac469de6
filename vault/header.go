package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/crypto/chacha20poly1305"

	"tend/internal/atomicfile"
)

// The vault header is the small file that turns a password or a recovery key
// into the master key. It is read before anything is authenticated, so its
// format is fixed, versioned and bounded: every length and work factor is
// checked before use, and nothing in it can make parsing allocate or compute
// more than a few hundred bytes' worth.
//
// Layout of version 1 (big-endian integers, 276 bytes):
//
//	magic          8   "TENDVLT\x00"
//	version        2   1
//	vault id      16   random; bound into every sealed record
//	kdf id         1   1 = Argon2id
//	time           4   Argon2id passes
//	memory         4   Argon2id memory in KiB
//	threads        1   Argon2id parallelism
//	salt          32   Argon2id salt
//	password wrap 72   24-byte nonce | XChaCha20-Poly1305(master)
//	recovery salt 32   HKDF salt for the recovery key
//	recovery wrap 72   24-byte nonce | XChaCha20-Poly1305(master)
//	mac           32   HMAC-SHA256 of all of the above, keyed by
//	                   subkey(master, "header-mac")
//
// Each wrap's associated data covers the fields that produced its key, so
// tampering with them fails the AEAD; the MAC, checked once the master key is
// known, covers everything else, including the other wrap.

// headerFile is the header's name inside the vault folder.
const headerFile = "tend.vault"

// headerMagic identifies a Tend header, so a stray file is refused with a
// clear sentence instead of a wrong-password message.
const headerMagic = "TENDVLT\x00"

// headerVersion is the newest header format this code reads and writes.
const headerVersion uint16 = 1

// kdfArgon2id is the only KDF id of header version 1.
const kdfArgon2id byte = 1

const (
	wrapSize       = chacha20poly1305.NonceSizeX + keySize + chacha20poly1305.Overhead // 72
	headerMACSize  = sha256.Size
	headerBodySize = len(headerMagic) + 2 + 16 + 1 + 4 + 4 + 1 + 32 + wrapSize + 32 + wrapSize
	headerSize     = headerBodySize + headerMACSize // 276

	// maxHeaderSize bounds how much of a header file is ever read. It
	// leaves room for future versions while refusing to slurp a large file
	// that was put in the header's place.
	maxHeaderSize = 4 << 10
)

// header is the parsed vault header. The store reads vaultID and kdf; the
// wraps are opaque until unlocked.
type header struct {
	version      uint16
	vaultID      [16]byte
	kdf          KDFParams
	salt         [32]byte
	passwordWrap []byte // wrapSize bytes
	recoverySalt [32]byte
	recoveryWrap []byte // wrapSize bytes
	mac          [headerMACSize]byte
}

// VaultID returns the random id that binds sealed records to this vault.
func (h *header) VaultID() [16]byte { return h.vaultID }

// KDF returns the password's current Argon2id parameters.
func (h *header) KDF() KDFParams { return h.kdf }

// errHeaderAltered is returned when a wrap opened but the MAC did not match:
// someone changed bytes that the key they hold does not cover.
func errHeaderAltered() error {
	return fmt.Errorf("the journal's header has been altered: %w", ErrCorrupt)
}

// newHeader makes the header of a new vault: a random vault id and master
// key, wrapped under password (with kdf) and under a new recovery key. The
// caller owns master and should wipe it when the vault is locked; rk must be
// shown to the person once and not kept.
func newHeader(password []byte, kdf KDFParams) (h *header, master []byte, rk RecoveryKey, err error) {
	var id [16]byte
	copy(id[:], randomBytes(len(id)))
	return keyHeader(id, password, kdf)
}

// keyHeader makes a header for the vault with the given id around a new
// random master key: newHeader for a new vault, and a rotation's new keys
// for the same journal.
func keyHeader(vaultID [16]byte, password []byte, kdf KDFParams) (h *header, master []byte, rk RecoveryKey, err error) {
	if err := kdf.Validate(); err != nil {
		return nil, nil, RecoveryKey{}, err
	}
	h = &header{version: headerVersion, vaultID: vaultID}
	master = randomBytes(keySize)
	h.wrapPassword(master, password, kdf)
	rk = h.wrapRecovery(master)
	h.mac = h.computeMAC(master)
	return h, master, rk, nil
}

// unlockPassword returns the master key if password opens the vault. A wrong
// password gives ErrWrongPassword; a right password on a header whose other
// fields were changed gives an error wrapping ErrCorrupt.
func (h *header) unlockPassword(password []byte) ([]byte, error) {
	if err := h.kdf.Validate(); err != nil {
		return nil, err
	}
	kek := h.kdf.derive(password, h.salt[:])
	defer wipe(kek)
	return h.unlock(kek, h.passwordWrap, h.passwordAD())
}

// unlockRecovery returns the master key if rk opens the vault, with the same
// errors as unlockPassword.
func (h *header) unlockRecovery(rk RecoveryKey) ([]byte, error) {
	kek := rk.wrapKey(h.recoverySalt[:])
	defer wipe(kek)
	return h.unlock(kek, h.recoveryWrap, h.recoveryAD())
}

func (h *header) unlock(kek, wrap, ad []byte) ([]byte, error) {
	master, err := unwrapKey(kek, wrap, ad)
	if err != nil {
		return nil, ErrWrongPassword
	}
	if !h.checkMAC(master) {
		wipe(master)
		return nil, errHeaderAltered()
	}
	return master, nil
}

// setPassword replaces the password and its KDF parameters. Only the password
// wrap changes, so the recovery key keeps working. master must be the key this
// header protects; anything else is refused rather than written, because it
// would leave a header that no longer opens.
func (h *header) setPassword(master, password []byte, kdf KDFParams) error {
	if err := kdf.Validate(); err != nil {
		return err
	}
	if err := h.checkMaster(master); err != nil {
		return err
	}
	h.wrapPassword(master, password, kdf)
	h.mac = h.computeMAC(master)
	return nil
}

// setRecovery replaces the recovery key, for when the old one was lost or
// seen by someone else. The password keeps working.
func (h *header) setRecovery(master []byte) (RecoveryKey, error) {
	if err := h.checkMaster(master); err != nil {
		return RecoveryKey{}, err
	}
	rk := h.wrapRecovery(master)
	h.mac = h.computeMAC(master)
	return rk, nil
}

// checkMaster guards the setters against a caller bug that would otherwise
// be written to disk as an unopenable header.
func (h *header) checkMaster(master []byte) error {
	if len(master) != keySize || !h.checkMAC(master) {
		return errors.New("vault: the key given does not belong to this journal's header")
	}
	return nil
}

// wrapPassword sets a fresh salt and the given parameters and wraps master
// under the key derived from password.
func (h *header) wrapPassword(master, password []byte, kdf KDFParams) {
	h.kdf = kdf
	copy(h.salt[:], randomBytes(len(h.salt)))
	kek := kdf.derive(password, h.salt[:])
	defer wipe(kek)
	h.passwordWrap = wrapKey(kek, master, h.passwordAD())
}

// wrapRecovery makes a new recovery key and salt and wraps master under it.
func (h *header) wrapRecovery(master []byte) RecoveryKey {
	rk := newRecoveryKey()
	copy(h.recoverySalt[:], randomBytes(len(h.recoverySalt)))
	kek := rk.wrapKey(h.recoverySalt[:])
	defer wipe(kek)
	h.recoveryWrap = wrapKey(kek, master, h.recoveryAD())
	return rk
}

// wrapKey seals master under kek with a random nonce: nonce | ciphertext.
func wrapKey(kek, master, ad []byte) []byte {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		// kek is always keySize bytes, which NewX accepts.
		panic("vault: " + err.Error())
	}
	nonce := randomBytes(aead.NonceSize())
	return aead.Seal(nonce, nonce, master, ad)
}

// unwrapKey is the inverse of wrapKey. Any failure means the key was wrong
// or the bytes it covers were changed; the two cannot be told apart.
func unwrapKey(kek, wrap, ad []byte) ([]byte, error) {
	aead, err := chacha20poly1305.NewX(kek)
	if err != nil {
		return nil, err
	}
	if len(wrap) != wrapSize {
		return nil, errors.New("wrapped key has the wrong size")
	}
	ns := aead.NonceSize()
	master, err := aead.Open(nil, wrap[:ns], wrap[ns:], ad)
	if err != nil {
		return nil, err
	}
	return master, nil
}

// appendPrefix appends magic, version and vault id, the part every AD shares.
func (h *header) appendPrefix(b []byte) []byte {
	b = append(b, headerMagic...)
	b = binary.BigEndian.AppendUint16(b, h.version)
	return append(b, h.vaultID[:]...)
}

// appendKDF appends the KDF id, parameters and salt.
func (h *header) appendKDF(b []byte) []byte {
	b = append(b, kdfArgon2id)
	b = binary.BigEndian.AppendUint32(b, h.kdf.Time)
	b = binary.BigEndian.AppendUint32(b, h.kdf.MemoryKiB)
	b = append(b, h.kdf.Threads)
	return append(b, h.salt[:]...)
}

// passwordAD binds the password wrap to this vault and to the exact KDF
// settings, so swapping in cheaper parameters or another salt fails to open.
func (h *header) passwordAD() []byte {
	b := h.appendKDF(h.appendPrefix(make([]byte, 0, headerBodySize)))
	return append(b, "password"...)
}

// recoveryAD binds the recovery wrap to this vault and its salt.
func (h *header) recoveryAD() []byte {
	b := h.appendPrefix(make([]byte, 0, 64))
	b = append(b, h.recoverySalt[:]...)
	return append(b, "recovery"...)
}

// body encodes every field before the MAC.
func (h *header) body() []byte {
	b := h.appendKDF(h.appendPrefix(make([]byte, 0, headerSize)))
	b = append(b, h.passwordWrap...)
	b = append(b, h.recoverySalt[:]...)
	return append(b, h.recoveryWrap...)
}

func (h *header) computeMAC(master []byte) [headerMACSize]byte {
	key := subkey(master, "header-mac")
	defer wipe(key)
	m := hmac.New(sha256.New, key)
	m.Write(h.body())
	var sum [headerMACSize]byte
	m.Sum(sum[:0])
	return sum
}

func (h *header) checkMAC(master []byte) bool {
	want := h.computeMAC(master)
	return hmac.Equal(want[:], h.mac[:])
}

// marshal encodes the header with a fresh MAC under master.
func (h *header) marshal(master []byte) []byte {
	h.mac = h.computeMAC(master)
	return append(h.body(), h.mac[:]...)
}

// errHeader wraps ErrCorrupt with a sentence about the header's format.
func errHeader(format string, args ...any) error {
	return fmt.Errorf("the journal's header "+format+": %w", append(args, ErrCorrupt)...)
}

// parseHeader decodes b without trusting it: every size, id and work factor is
// checked before it is used, and no input makes it panic. Format errors wrap
// ErrCorrupt, except a header from a newer Tend, which wraps ErrUnsupported.
func parseHeader(b []byte) (*header, error) {
	if len(b) > maxHeaderSize {
		return nil, errHeader("is %d bytes, far more than Tend ever writes", len(b))
	}
	if len(b) < len(headerMagic) || string(b[:len(headerMagic)]) != headerMagic {
		return nil, errHeader("does not start like a Tend journal")
	}
	r := headerReader{b: b[len(headerMagic):]}
	if len(r.b) < 2 {
		return nil, errHeader("stops after %d bytes", len(b))
	}
	h := &header{version: r.u16()}
	switch {
	case h.version == 0:
		return nil, errHeader("has version 0, which Tend never wrote")
	case h.version > headerVersion:
		return nil, fmt.Errorf("the journal's header is version %d and this Tend reads up to version %d: %w",
			h.version, headerVersion, ErrUnsupported)
	}
	if len(b) != headerSize {
		return nil, errHeader("is %d bytes, but a version %d header is %d", len(b), h.version, headerSize)
	}
	r.read(h.vaultID[:])
	if id := r.u8(); id != kdfArgon2id {
		return nil, errHeader("names key-derivation function %d, which Tend does not know", id)
	}
	h.kdf.Time = r.u32()
	h.kdf.MemoryKiB = r.u32()
	h.kdf.Threads = r.u8()
	if err := h.kdf.Validate(); err != nil {
		return nil, err
	}
	r.read(h.salt[:])
	h.passwordWrap = make([]byte, wrapSize)
	r.read(h.passwordWrap)
	r.read(h.recoverySalt[:])
	h.recoveryWrap = make([]byte, wrapSize)
	r.read(h.recoveryWrap)
	r.read(h.mac[:])
	return h, nil
}

// headerReader reads fixed-size fields. parseHeader checks the total length
// first, so its reads cannot run past the end.
type headerReader struct{ b []byte }

func (r *headerReader) read(dst []byte) {
	r.b = r.b[copy(dst, r.b):]
}

func (r *headerReader) u8() byte {
	v := r.b[0]
	r.b = r.b[1:]
	return v
}

func (r *headerReader) u16() uint16 {
	v := binary.BigEndian.Uint16(r.b)
	r.b = r.b[2:]
	return v
}

func (r *headerReader) u32() uint32 {
	v := binary.BigEndian.Uint32(r.b)
	r.b = r.b[4:]
	return v
}

// readHeader reads and parses the header of the vault in dir. A missing file
// wraps ErrNoVault. At most maxHeaderSize+1 bytes are read, whatever the file
// holds.
func readHeader(dir string) (*header, error) {
	b, err := readHeaderBytes(dir)
	if err != nil {
		return nil, err
	}
	return parseHeader(b)
}

// removeHeaderTemps deletes temporary header files left by a process killed
// while replacing the header. Each holds the master key wrapped under a
// password that never took effect; the caller holds the store's lock, so no
// replacement is in progress.
func removeHeaderTemps(dir string) {
	names, _ := filepath.Glob(filepath.Join(dir, ".tend.vault-*.tmp"))
	for _, n := range names {
		_ = os.Remove(n)
	}
}

// writeHeader replaces the header file in dir with data, durably: a crash
// leaves the old header or the new one.
func writeHeader(dir string, data []byte) error {
	return atomicfile.WriteBytes(filepath.Join(dir, headerFile), "journal's header", data)
}
