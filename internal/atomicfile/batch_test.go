package atomicfile

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"sync"
	"testing"
)

func TestBatchWritesPrivateNewFiles(t *testing.T) {
	dir := t.TempDir()
	b, err := NewBatch(dir)
	if err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for w := range b.Writers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < 100; i += b.Writers() {
				errs <- b.Write(filepath.Join(dir, fmt.Sprintf("%03d.md", i)), []byte(fmt.Sprint("note ", i)))
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := b.Write(filepath.Join(dir, "007.md"), []byte("again")); err == nil {
		t.Error("a batch wrote over a file that was there")
	}
	if err := b.Commit(); err != nil {
		t.Fatal(err)
	}
	for i := range 100 {
		p := filepath.Join(dir, fmt.Sprintf("%03d.md", i))
		got, err := os.ReadFile(p)
		if err != nil || string(got) != fmt.Sprint("note ", i) {
			t.Fatalf("%s holds %q, %v", p, got, err)
		}
		if fi, err := os.Stat(p); err != nil || runtime.GOOS != "windows" && fi.Mode().Perm() != 0o600 {
			t.Fatalf("%s: mode %v, %v; want 0600", p, fi.Mode(), err)
		}
	}
}
