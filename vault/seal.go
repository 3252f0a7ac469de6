package vault

import (
	"crypto/cipher"
	"encoding/binary"
	"fmt"
	"math/bits"

	"golang.org/x/crypto/chacha20poly1305"
)

// Every value Tend puts in Badger is sealed here. Badger's own encryption is
// AES-CTR without a MAC, so integrity comes only from this layer; and its
// value log shows the exact size of every write, so plaintext is padded to
// size buckets first.
//
// A sealed value is:
//
//	format   1   0x01
//	schema   2   big-endian; the version of the plaintext's encoding
//	nonce   24   random
//	ciphertext   XChaCha20-Poly1305 of the padded plaintext
//
// The associated data is "tend record v1" | vault id | schema | record key, so
// a value moved to another key, replayed into another vault or relabelled
// with another schema fails to open. The padded plaintext is a big-endian u32
// length, the data, then zeros up to padmeLen.

const (
	sealFormatV1   byte = 0x01
	sealHeaderSize      = 1 + 2 + chacha20poly1305.NonceSizeX
	sealADLabel         = "tend record v1"

	// padLenSize is the length prefix inside the padded plaintext.
	padLenSize = 4
	// minPadded is the smallest bucket: below it, a short note and an empty
	// one look the same.
	minPadded = 256
	// maxSealPlaintext is far above any record Tend writes (the store
	// bounds entries much lower) and keeps every length well inside the u32
	// prefix and int on 32-bit platforms.
	maxSealPlaintext = 1 << 30
)

// sealer seals and opens records of one vault. It is safe for concurrent use,
// since it only reads its fields and each seal draws its own nonce.
type sealer struct {
	// aead keeps its own copy of the key, which cannot be wiped; locking
	// drops the sealer so the collector can reclaim it.
	aead    cipher.AEAD
	vaultID [16]byte
}

// newSealer returns a sealer for the vault with the given id. key must be
// subkey(master, "records").
func newSealer(key []byte, vaultID [16]byte) (*sealer, error) {
	if len(key) != keySize {
		return nil, fmt.Errorf("vault: a record key must be %d bytes, not %d", keySize, len(key))
	}
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		return nil, fmt.Errorf("vault: %w", err)
	}
	return &sealer{aead: aead, vaultID: vaultID}, nil
}

// ad returns the associated data that binds a value to its place.
func (s *sealer) ad(recordKey []byte, schema uint16) []byte {
	return s.appendAD(make([]byte, 0, len(sealADLabel)+len(s.vaultID)+2+len(recordKey)), recordKey, schema)
}

// appendAD appends the associated data of recordKey and schema to b.
func (s *sealer) appendAD(b, recordKey []byte, schema uint16) []byte {
	b = append(b, sealADLabel...)
	b = append(b, s.vaultID[:]...)
	b = binary.BigEndian.AppendUint16(b, schema)
	return append(b, recordKey...)
}

// seal encrypts plaintext for storage under recordKey, tagged with schema.
// Each call draws a fresh random nonce, so sealing the same entry twice gives
// unrelated bytes. plaintext longer than maxSealPlaintext is a programming
// error (the store bounds entries far below it) and panics.
func (s *sealer) seal(recordKey []byte, schema uint16, plaintext []byte) []byte {
	if len(plaintext) > maxSealPlaintext {
		panic(fmt.Sprintf("vault: sealing %d bytes, more than the %d a record may hold", len(plaintext), maxSealPlaintext))
	}
	n := padmeLen(padLenSize + len(plaintext))
	out := make([]byte, sealHeaderSize+n, sealHeaderSize+n+s.aead.Overhead())
	out[0] = sealFormatV1
	binary.BigEndian.PutUint16(out[1:3], schema)
	nonce := out[3:sealHeaderSize]
	copy(nonce, randomBytes(len(nonce)))

	// Lay out the padded plaintext right after the nonce and encrypt it in
	// place, so no second plaintext copy is left behind in memory. The
	// padding is already zero from make.
	padded := out[sealHeaderSize:]
	binary.BigEndian.PutUint32(padded, uint32(len(plaintext)))
	copy(padded[padLenSize:], plaintext)
	return s.aead.Seal(out[:sealHeaderSize], nonce, padded, s.ad(recordKey, schema))
}

// errRecord wraps ErrCorrupt with a sentence about a stored record.
func errRecord(format string, args ...any) error {
	return fmt.Errorf("a stored record "+format+": %w", append(args, ErrCorrupt)...)
}

// open authenticates and decrypts a value read from under recordKey and
// returns its plaintext and schema. Every failure, from a truncated value to
// one copied from another key or vault, wraps ErrCorrupt; no input panics.
func (s *sealer) open(recordKey, value []byte) (plaintext []byte, schema uint16, err error) {
	return s.openInto(nil, recordKey, value)
}

// openScratch is the memory a reader of many records in turn lends to
// sealer.openWith, so that opening one more record allocates nothing once
// the memory has grown to the largest record read.
type openScratch struct {
	plain, ad []byte
}

// openWith is open decrypting into sc's memory. The plaintext returned is
// valid until sc is used again.
func (s *sealer) openWith(sc *openScratch, recordKey, value []byte) (plaintext []byte, schema uint16, err error) {
	if len(value) < sealHeaderSize {
		return s.openAD(nil, recordKey, value, nil) // says why
	}
	if cap(sc.plain) < len(value) { // the plaintext is shorter than its sealed value
		sc.plain = make([]byte, 0, len(value)+len(value)/2)
	}
	sc.ad = s.appendAD(sc.ad[:0], recordKey, binary.BigEndian.Uint16(value[1:3]))
	return s.openAD(sc.plain, recordKey, value, sc.ad)
}

// openInto is open decrypting into buf's memory when it is large enough, so
// a reader of many large records can reuse one buffer. The plaintext
// returned is valid until buf is used again.
func (s *sealer) openInto(buf, recordKey, value []byte) (plaintext []byte, schema uint16, err error) {
	return s.openAD(buf, recordKey, value, nil)
}

// openAD is openInto with the associated data already made, or nil to have
// it made here.
func (s *sealer) openAD(buf, recordKey, value, ad []byte) (plaintext []byte, schema uint16, err error) {
	if len(value) < sealHeaderSize+s.aead.Overhead()+padLenSize {
		return nil, 0, errRecord("is too short to be sealed (%d bytes)", len(value))
	}
	if value[0] != sealFormatV1 {
		return nil, 0, errRecord("has format %d, which Tend does not know", value[0])
	}
	schema = binary.BigEndian.Uint16(value[1:3])
	nonce := value[3:sealHeaderSize]
	if ad == nil {
		ad = s.ad(recordKey, schema)
	}
	padded, err := s.aead.Open(buf[:0], nonce, value[sealHeaderSize:], ad)
	if err != nil {
		return nil, 0, errRecord("failed its integrity check")
	}
	n := binary.BigEndian.Uint32(padded)
	if uint64(n) > uint64(len(padded)-padLenSize) {
		return nil, 0, errRecord("claims %d bytes but holds %d", n, len(padded)-padLenSize)
	}
	end := padLenSize + int(n)
	for _, c := range padded[end:] {
		if c != 0 {
			return nil, 0, errRecord("has padding that is not zero")
		}
	}
	return padded[padLenSize:end:end], schema, nil
}

// padmeLen returns the padded size for n bytes, with the Padmé scheme
// (Nikitin et al., "Reducing Metadata Leakage from Encrypted Files and
// Communication with PURBs", 2019) and a minimum of minPadded. Padmé keeps
// only the top bits of the length that matter, so a size leaks O(log log n)
// bits instead of O(log n), at a cost of at most about 12%.
func padmeLen(n int) int {
	if n <= minPadded {
		return minPadded
	}
	e := bits.Len(uint(n)) - 1 // floor(log2 n)
	s := bits.Len(uint(e))     // floor(log2 e) + 1
	mask := 1<<(e-s) - 1
	return (n + mask) &^ mask
}
