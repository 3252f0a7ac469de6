package vault

import (
	"crypto/hkdf"
	"crypto/rand"
	"crypto/sha256"
)

// keySize is the size of every symmetric key in the vault: the master key,
// its subkeys and the key-encryption keys that wrap it.
const keySize = 32

// subkey derives the keySize-byte key for one purpose from the master key
// with HKDF-SHA256. Labels in use: "records" (sealing values), "badger"
// (Badger's encryption at rest), "history" and "header-mac". Each use gets its
// own key, so a weakness in one (Badger's unauthenticated AES-CTR, say) says
// nothing about the others. The "tend v1 " prefix keeps these keys apart from
// any other program or future format that might derive from the same secret.
func subkey(master []byte, label string) []byte {
	k, err := hkdf.Key(sha256.New, master, nil, "tend v1 "+label, keySize)
	if err != nil {
		// HKDF only fails when asked for more than 255 hash lengths of
		// output; 32 bytes cannot trigger it.
		panic("vault: hkdf: " + err.Error())
	}
	return k
}

// randomBytes returns n bytes from the operating system's secure random
// number generator.
func randomBytes(n int) []byte {
	b := make([]byte, n)
	if _, err := rand.Read(b); err != nil {
		// The OS generator does not fail on supported platforms (and Go
		// crashes rather than return an error since 1.24). If it ever did,
		// continuing with predictable keys or nonces would silently destroy
		// every guarantee, so stopping is the only safe choice.
		panic("vault: no randomness: " + err.Error())
	}
	return b
}

// wipe overwrites b with zeros so key material does not linger in memory
// after the vault is locked. It is best effort: Go's garbage collector may
// have moved or copied the bytes, and ciphers keep their own copies.
func wipe(b []byte) {
	clear(b)
}
