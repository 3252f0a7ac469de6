package atomicfile

import (
	"errors"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// onlyFile fails unless dir holds exactly the file name with want in it.
func onlyFile(t *testing.T, dir, name, want string) {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(es) != 1 || es[0].Name() != name {
		t.Fatalf("folder holds %v; want only %s", es, name)
	}
	got, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil || string(got) != want {
		t.Fatalf("%s holds %q, %v; want %q", name, got, err, want)
	}
}

func TestWriteReplacesOnlyWhenWholeAndChecked(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "tend.vault")
	if err := WriteBytes(path, "header", []byte("old")); err != nil {
		t.Fatal(err)
	}
	onlyFile(t, dir, "tend.vault", "old")
	if fi, err := os.Stat(path); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v; want 0600", fi.Mode(), err)
	}

	boom := errors.New("the disk said no")
	if err := Write(path, "header", func(w io.Writer) error {
		w.Write([]byte("half"))
		return boom
	}, nil); !errors.Is(err, boom) {
		t.Fatalf("a failing write gave %v", err)
	}
	onlyFile(t, dir, "tend.vault", "old")

	var read string
	bad := errors.New("did not read back")
	if err := Write(path, "header", func(w io.Writer) error {
		_, err := w.Write([]byte("new"))
		return err
	}, func(f *os.File) error {
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return err
		}
		b, err := io.ReadAll(f)
		read = string(b)
		if err != nil {
			return err
		}
		return bad
	}); !errors.Is(err, bad) {
		t.Fatalf("a failing check gave %v", err)
	}
	if read != "new" {
		t.Errorf("the check read %q from the disk; want what was written, flushed", read)
	}
	onlyFile(t, dir, "tend.vault", "old")

	if err := Write(path, "header", func(w io.Writer) error {
		_, err := w.Write([]byte("new"))
		return err
	}, func(*os.File) error { return nil }); err != nil {
		t.Fatal(err)
	}
	onlyFile(t, dir, "tend.vault", "new")

	if err := WriteBytes(filepath.Join(dir, "missing", "x"), "header", []byte("x")); err == nil {
		t.Error("a write into a missing folder succeeded")
	}
}

func TestWriteNewRefusesAnExistingFile(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "key.txt")
	if err := WriteNew(path, []byte("first")); err != nil {
		t.Fatal(err)
	}
	if err := WriteNew(path, []byte("second")); !errors.Is(err, os.ErrExist) {
		t.Fatalf("a second WriteNew gave %v; want ErrExist", err)
	}
	onlyFile(t, dir, "key.txt", "first")
	if err := SyncDir(dir); err != nil {
		t.Fatal(err)
	}
}
