package backup

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"

	"filippo.io/age"

	"tend/internal/atomicfile"
)

// WriteFile runs write into a temporary file beside path and, once the
// file is synced and read back whole with passphrase and found to match the
// manifest write returned, renames it to path. See BackupToFile.
func WriteFile(path string, passphrase []byte, write func(io.Writer) (Manifest, error)) error {
	var want Manifest
	return atomicfile.Write(path, "backup", func(w io.Writer) (err error) {
		want, err = write(w)
		return err
	}, func(f *os.File) error {
		// Read back what reached the disk, not what is in memory.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("checking the backup: %w", err)
		}
		got, err := Verify(bufio.NewReaderSize(f, 1<<20), passphrase)
		if err != nil {
			return &ReadBackError{Err: err}
		}
		if !sameManifest(got, want) {
			return &ReadBackError{}
		}
		return nil
	})
}

// sameManifest reports whether a manifest read back is the one written.
func sameManifest(a, b Manifest) bool {
	ja, erra := json.Marshal(a)
	jb, errb := json.Marshal(b)
	return erra == nil && errb == nil && bytes.Equal(ja, jb)
}

// Encrypt starts a backup file on w, encrypted with age to passphrase at
// WorkFactor. Close it after the archive's Writer.
func Encrypt(w io.Writer, passphrase []byte) (io.WriteCloser, error) {
	if len(passphrase) == 0 {
		return nil, errors.New("a backup needs a passphrase")
	}
	rcp, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return nil, fmt.Errorf("making the backup: %w", err)
	}
	rcp.SetWorkFactor(WorkFactor)
	aw, err := age.Encrypt(w, rcp)
	if err != nil {
		return nil, fmt.Errorf("making the backup: %w", err)
	}
	return aw, nil
}
