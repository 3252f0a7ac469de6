// Package vault is Tend's encrypted store and the journal's data model.
//
// # What lives here
//
// A vault is a folder holding a small header file and a Badger store in a
// subfolder. The header carries the key-derivation parameters and the random
// master key, wrapped twice: once under a key derived from the password with
// Argon2id, once under the recovery key. Every value in Badger is sealed with
// XChaCha20-Poly1305 under a subkey of the master key, with associated data
// that binds it to this vault, its record key and its schema version, so a
// value cannot be swapped, replayed or read elsewhere. Badger's own encryption
// at rest is on as well, for its indexes; it gives confidentiality only.
//
// The package also keeps the in-memory search index (package search) in step
// with every change, and verifies every record. The model it stores is
// package journal.
//
// # What must not live here
//
// Nothing in this package knows that a user interface exists: no Fyne, no
// dialogs, no strings written for a person beyond error sentences. Nothing
// here writes plaintext to disk or opens a network connection.
//
// # Errors
//
// Failures a person can act on are sentinel errors (ErrWrongPassword,
// ErrVaultInUse, ErrNoVault, ErrCorrupt, ...) wrapped with context; callers
// compare them with errors.Is and map them to calm sentences.
package vault
