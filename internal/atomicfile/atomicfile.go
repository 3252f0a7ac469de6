// Package atomicfile is Tend's one durable way to write a file: into a
// private temporary file beside it, synced, optionally read back and
// checked, then renamed over the target and the folder synced. A crash at
// any moment leaves either the old file or the new one, never a mix, and a
// failure leaves whatever was there before.
//
// Every file Tend writes outside its store goes through here: the
// journal's header, the copy of the store's keys, backups, automatic
// backups, exports and the sealed draft.
package atomicfile

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// ErrNotDurable marks the error of a write that put the new file in place
// but could not sync its folder: the file is there and whole, only its
// survival of a power cut is in doubt.
var ErrNotDurable = errors.New("may not survive a power cut")

// bufferSize is the write buffer of Write: large enough that a backup of
// hundreds of megabytes goes to the disk in few system calls.
const bufferSize = 1 << 20

// Write writes the file at path through write and, once it is synced,
// runs check (if not nil) on the temporary file, which it may read back
// from the start; only when both succeed is the file renamed into place.
// what names the file in error sentences ("backup", "journal's header").
// Errors from write and check are returned as they are.
func Write(path, what string, write func(io.Writer) error, check func(*os.File) error) error {
	return replace(path, what, func(f *os.File) error {
		buf := bufio.NewWriterSize(f, bufferSize)
		if err := write(buf); err != nil {
			return err
		}
		if err := buf.Flush(); err != nil {
			return fmt.Errorf("writing the %s: %w", what, err)
		}
		return nil
	}, check)
}

// WriteBytes is Write of data, with no check.
func WriteBytes(path, what string, data []byte) error {
	return replace(path, what, func(f *os.File) error {
		if _, err := f.Write(data); err != nil {
			return fmt.Errorf("writing the %s: %w", what, err)
		}
		return nil
	}, nil)
}

func replace(path, what string, fill func(*os.File) error, check func(*os.File) error) (err error) {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+"-*.tmp") // mode 0600
	if err != nil {
		return fmt.Errorf("writing the %s: %w", what, err)
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if err = fill(tmp); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return fmt.Errorf("writing the %s: %w", what, err)
	}
	if check != nil {
		if err = check(tmp); err != nil {
			return err
		}
	}
	if err = tmp.Close(); err != nil {
		return fmt.Errorf("writing the %s: %w", what, err)
	}
	if err = rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("writing the %s: %w", what, err)
	}
	if err := SyncDir(dir); err != nil {
		// The new file is in place; only its durability is in doubt.
		return fmt.Errorf("the %s was written but %w: %w", what, ErrNotDurable, err)
	}
	return nil
}

// WriteNew writes data to a new private file at path, refusing one that
// exists, and syncs it. It is for files inside a folder that is itself
// moved into place (then SyncDir the folder), and for files whose name
// must be claimed before the work that fills them.
func WriteNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	return Fill(f, data)
}

// Fill writes data to f, an open file just created, syncs it and closes it.
// f is closed whatever happens.
func Fill(f *os.File, data []byte) error {
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	if err := f.Sync(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
