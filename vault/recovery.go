package vault

import (
	"crypto/hkdf"
	"crypto/sha256"
	"encoding/base32"
	"errors"
	"fmt"
	"strings"
	"unicode"
)

// A recovery key is the second way into a vault, for the day the password is
// forgotten. It is shown once, when the vault is made or the key is replaced,
// and is meant to be written on paper. So it is built to be copied by hand:
// Crockford's base32 (no I, L, O or U to confuse), nine groups of four, and
// four check characters that catch a typo before any decryption is tried.

// recoveryAlphabet is Crockford's base32 alphabet.
const recoveryAlphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"

// recoveryEncoding encodes the 20 key bytes as exactly 32 characters.
var recoveryEncoding = base32.NewEncoding(recoveryAlphabet).WithPadding(base32.NoPadding)

const (
	recoveryDataChars  = 32 // 20 bytes * 8 / 5
	recoveryCheckChars = 4  // 20 bits of SHA-256
	recoveryChars      = recoveryDataChars + recoveryCheckChars
	recoveryGroup      = 4
)

// ErrRecoveryKeyFormat means the text given as a recovery key is not one: a
// wrong length, a character that cannot appear, or a failed check (a typo).
// It says nothing about whether the key opens the vault; that failure is
// ErrWrongPassword.
var ErrRecoveryKeyFormat = errors.New("that is not a recovery key")

// A RecoveryKeyError says what is wrong with text given as a recovery key
// (a character no key holds, too few or too many letters and digits, or,
// when neither, a typo the key's check finds) while matching
// ErrRecoveryKeyFormat with errors.Is.
type RecoveryKeyError struct {
	// Char is a character no recovery key holds, or 0.
	Char rune
	// WrongLength says that Count, how many letters and digits were
	// given, is not RecoveryKeyLength.
	WrongLength bool
	Count       int
}

// RecoveryKeyLength is how many letters and digits a recovery key has.
const RecoveryKeyLength = recoveryChars

// Error says what is wrong in English; the window and the command line say
// it in the person's language from the fields.
func (e *RecoveryKeyError) Error() string {
	switch {
	case e.Char != 0:
		return fmt.Sprintf("a recovery key is made of digits and letters, and %q is not one of them", e.Char)
	case e.WrongLength:
		return fmt.Sprintf("a recovery key has %d letters and digits; this one has %d", recoveryChars, e.Count)
	}
	return "that recovery key has a typo somewhere; check each group"
}

// Unwrap makes the error ErrRecoveryKeyFormat to errors.Is.
func (e *RecoveryKeyError) Unwrap() error { return ErrRecoveryKeyFormat }

// RecoveryKey is 160 random bits that can unwrap the vault's master key. That
// is far beyond what any guessing can reach, which is why it needs no slow
// key derivation (see wrapKey).
type RecoveryKey [20]byte

// newRecoveryKey returns a fresh random recovery key.
func newRecoveryKey() RecoveryKey {
	var k RecoveryKey
	copy(k[:], randomBytes(len(k)))
	return k
}

// recoveryCheck returns the check characters for the key: the first 20 bits of
// its SHA-256, in the same alphabet.
func (k RecoveryKey) recoveryCheck() string {
	sum := sha256.Sum256(k[:])
	return recoveryEncoding.EncodeToString(sum[:5])[:recoveryCheckChars]
}

// String returns the key as a person should write it down: 36 characters in
// nine groups of four joined by hyphens, the last four being the check.
func (k RecoveryKey) String() string {
	s := recoveryEncoding.EncodeToString(k[:]) + k.recoveryCheck()
	var b strings.Builder
	for i := 0; i < len(s); i += recoveryGroup {
		if i > 0 {
			b.WriteByte('-')
		}
		b.WriteString(s[i : i+recoveryGroup])
	}
	return b.String()
}

// ParseRecoveryKey reads a recovery key as a person typed or pasted it. It
// forgives what hand copying gets wrong without losing anything: case, spaces,
// hyphens and line breaks are ignored, and I or L is read as 1 and O as 0.
// Errors wrap ErrRecoveryKeyFormat and say what to look at.
func ParseRecoveryKey(s string) (RecoveryKey, error) {
	var k RecoveryKey
	chars := make([]byte, 0, recoveryChars)
	n := 0
	for _, r := range s {
		if r == '-' || unicode.IsSpace(r) {
			continue
		}
		n++
		switch r = unicode.ToUpper(r); r {
		case 'I', 'L':
			r = '1'
		case 'O':
			r = '0'
		}
		if r > unicode.MaxASCII || !strings.ContainsRune(recoveryAlphabet, r) {
			return k, &RecoveryKeyError{Char: r}
		}
		if len(chars) < recoveryChars {
			chars = append(chars, byte(r))
		}
	}
	if n != recoveryChars {
		return k, &RecoveryKeyError{WrongLength: true, Count: n}
	}
	data, err := recoveryEncoding.DecodeString(string(chars[:recoveryDataChars]))
	if err != nil || len(data) != len(k) {
		// Every 32-character string over the alphabet decodes to 20 bytes
		// (160 bits exactly), so this is unreachable; treat it as a typo.
		return k, &RecoveryKeyError{}
	}
	copy(k[:], data)
	if k.recoveryCheck() != string(chars[recoveryDataChars:]) {
		return RecoveryKey{}, &RecoveryKeyError{}
	}
	return k, nil
}

// wrapKey derives the key that wraps the master key from the recovery key and
// its per-vault salt. A fast HKDF is enough here, unlike for a password: the
// recovery key already has 160 bits of entropy, so no amount of guessing can
// find it and slowing each guess down would buy nothing.
func (k RecoveryKey) wrapKey(salt []byte) []byte {
	w, err := hkdf.Key(sha256.New, k[:], salt, "tend v1 recovery wrap", keySize)
	if err != nil {
		// Unreachable for a 32-byte output; see subkey.
		panic("vault: hkdf: " + err.Error())
	}
	return w
}
