// Package vaulttest holds what the tests of several packages need around
// real journals on disk: a fingerprint of every file in a folder, a copy of
// a folder as another process would leave it, and the real backup cipher at
// a low cost, put back when the test ends. It is imported by tests only.
package vaulttest

import (
	"crypto/sha256"
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"tend/backup"
)

// HashTree returns the SHA-256 of every file under dir, by path, so a test
// can show that something changed nothing on disk.
func HashTree(t testing.TB, dir string) map[string][32]byte {
	t.Helper()
	out := map[string][32]byte{}
	err := filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		out[p] = sha256.Sum256(b)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// CopyTree copies the folder src to dst, private to this user, leaving out
// the store's LOCK file: it belongs to the process that holds the store, so
// the copy is what a backup of the folder taken while the journal was open
// would hold.
func CopyTree(t testing.TB, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o700)
		}
		if d.Name() == "LOCK" {
			return nil
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), b, 0o600)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// LowBackupCost makes backups made during the test use the real scrypt at
// a low cost (a second or more per backup at the real one), and puts the
// real cost back when the test ends. Tests that call it must not run in
// parallel with tests that make backups at the real cost.
func LowBackupCost(t testing.TB) {
	old := backup.WorkFactor
	backup.WorkFactor = 10
	t.Cleanup(func() { backup.WorkFactor = old })
}

// ReadFile returns the contents of the file at p, failing the test when it
// cannot be read.
func ReadFile(t testing.TB, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
