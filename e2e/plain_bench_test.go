//go:build unix

package e2e_test

import (
	"crypto/rand"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"golang.org/x/crypto/argon2"

	"tend/internal/atomicfile"
	"tend/internal/sample"
	"tend/journal"
	"tend/vault"
)

// The plain-files figures of DESIGN.md, timed through the real binary as a
// person runs it: `tend import --from markdown --yes DIR` of a folder of
// notes into a new journal, and `tend export --format markdown OUT` of a
// journal. Both journals are protected by the default key derivation, so
// each time includes one real Argon2id run, and the process starting (the
// command runs in a guarded child, as shipped). Beside each figure is the
// machine's limit measured in the same run: the key derivation and the
// same bytes read and written as plain files, as durably as the command
// writes them. `make bench` puts them in its table (scripts/benchtable).

// plainBenchSizes are the journal sizes of the plain-files figures; the
// target is set at 10,000 entries.
var plainBenchSizes = []int{1000, 10000}

var plainBenchPassword = "benchmark password, not a secret"

// benchEnd is the last day of every generated journal.
var benchEnd = journal.Date{Year: 2026, Month: 11, Day: 23}

// notesOf writes, once per run and size, a folder of n generated notes
// (about 1.5 KB each, front matter with a title, a date, tags and a mood)
// under root and returns it and the bytes it holds.
func notesOf(b *testing.B, root string, n int) (string, int64) {
	b.Helper()
	dir := filepath.Join(root, fmt.Sprintf("notes-%d", n))
	var size int64
	notes := sample.MarkdownNotes(sample.Journal(uint64(n), n, benchEnd))
	if _, err := os.Stat(dir); err == nil {
		for _, nt := range notes {
			size += int64(len(nt.Data))
		}
		return dir, size
	}
	if err := os.MkdirAll(dir, 0o700); err != nil {
		b.Fatal(err)
	}
	for _, nt := range notes {
		if err := os.WriteFile(filepath.Join(dir, nt.Name), nt.Data, 0o600); err != nil {
			b.Fatal(err)
		}
		size += int64(len(nt.Data))
	}
	return dir, size
}

// benchRoot is a folder for one benchmark's files, removed at its end.
func benchRoot(b *testing.B) string {
	b.Helper()
	root, err := os.MkdirTemp("", "tend-plain-bench-")
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { os.RemoveAll(root) })
	return root
}

// settle writes back whatever earlier rounds left in the page cache, so
// that a round's syncs pay only for its own writing.
func settle() { syscall.Sync() }

// kdfOnce runs the default key derivation once and returns how long it took.
func kdfOnce() time.Duration {
	salt := make([]byte, 32)
	rand.Read(salt)
	p := vault.DefaultKDF
	start := time.Now()
	argon2.IDKey([]byte(plainBenchPassword), salt, p.Time, p.MemoryKiB, p.Threads, 32)
	return time.Since(start)
}

// medianMS is the median of d in milliseconds.
func medianMS(d []time.Duration) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[len(s)/2]) / float64(time.Millisecond)
}

// BenchmarkImportMarkdown times `tend import --from markdown --yes` of a
// folder of n notes into a new, empty journal. The limit beside it is the
// key derivation, reading the same files, and writing their bytes into
// one file, synced.
func BenchmarkImportMarkdown(b *testing.B) {
	root := benchRoot(b)
	for _, n := range plainBenchSizes {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			s := newSandbox(b)
			pw := s.writeSecret(b, "pw", plainBenchPassword)
			notes, size := notesOf(b, root, n)
			want := fmt.Sprintf("Imported %d new entries.", n)
			var times, kdf, raw []time.Duration
			round := 0
			for b.Loop() {
				b.StopTimer()
				round++
				dir := filepath.Join(root, fmt.Sprintf("vault-%d-%d", n, round))
				v, _, err := vault.Create(dir, []byte(plainBenchPassword), vault.DefaultKDF)
				if err != nil {
					b.Fatal(err)
				}
				v.Close()
				settle()
				b.StartTimer()
				start := time.Now()
				r := s.run(b, "", "--vault", dir, "--password-file", pw, "import", "--from", "markdown", "--yes", notes)
				times = append(times, time.Since(start))
				b.StopTimer()
				if r.code != 0 || !strings.Contains(r.stdout, want) {
					b.Fatalf("the import did not bring every note in: %v", r)
				}
				os.RemoveAll(dir)
				settle()
				kdf = append(kdf, kdfOnce())
				raw = append(raw, kdf[len(kdf)-1]+rawImport(b, notes, filepath.Join(root, "raw-import")))
				b.StartTimer()
			}
			b.ReportMetric(medianMS(times), "import-ms")
			b.ReportMetric(medianMS(kdf), "import-kdf-ms")
			b.ReportMetric(medianMS(raw), "raw-import-ms")
			b.ReportMetric(float64(size)/1e6, "notes-MB")
		})
	}
}

// rawImport reads every file of notes and writes their bytes into the
// new file out, synced, and removes it; it returns how long that took.
func rawImport(b *testing.B, notes, out string) time.Duration {
	b.Helper()
	start := time.Now()
	f, err := os.OpenFile(out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		b.Fatal(err)
	}
	err = filepath.WalkDir(notes, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return err
	})
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	d := time.Since(start)
	if err != nil {
		b.Fatal(err)
	}
	os.Remove(out)
	settle()
	return d
}

// exportJournalOf makes, once per size, a journal of n generated entries
// protected by the default key derivation.
func exportJournalOf(b *testing.B, root string, n int) string {
	b.Helper()
	dir := filepath.Join(root, fmt.Sprintf("journal-%d", n))
	v, _, err := vault.Create(dir, []byte(plainBenchPassword), vault.DefaultKDF)
	if err != nil {
		b.Fatal(err)
	}
	entries := sample.Journal(uint64(n), n, benchEnd)
	for i := 0; i < len(entries); i += 5000 {
		if err := v.Import(entries[i:min(i+5000, len(entries))]); err != nil {
			v.Close()
			b.Fatal(err)
		}
	}
	if err := v.Compact(); err != nil {
		v.Close()
		b.Fatal(err)
	}
	if err := v.Close(); err != nil {
		b.Fatal(err)
	}
	return dir
}

// BenchmarkExportMarkdown times `tend export --format markdown OUT` of a
// journal of n entries into a new folder. The limit beside it is the key
// derivation and writing the same files, each synced, into a new folder.
func BenchmarkExportMarkdown(b *testing.B) {
	root := benchRoot(b)
	for _, n := range plainBenchSizes {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			s := newSandbox(b)
			pw := s.writeSecret(b, "pw", plainBenchPassword)
			dir := exportJournalOf(b, root, n)
			var times, kdf, raw []time.Duration
			var written []sample.MarkdownNote
			round := 0
			for b.Loop() {
				b.StopTimer()
				round++
				out := filepath.Join(root, fmt.Sprintf("export-%d-%d", n, round))
				settle()
				b.StartTimer()
				start := time.Now()
				r := s.run(b, "", "--vault", dir, "--password-file", pw, "export", "--format", "markdown", out)
				times = append(times, time.Since(start))
				b.StopTimer()
				if r.code != 0 {
					b.Fatalf("the export failed: %v", r)
				}
				if written == nil {
					written = readExport(b, out)
				}
				if len(written) != n {
					b.Fatalf("the export wrote %d files; want %d", len(written), n)
				}
				os.RemoveAll(out)
				settle()
				kdf = append(kdf, kdfOnce())
				raw = append(raw, kdf[len(kdf)-1]+rawExport(b, written, out))
				b.StartTimer()
			}
			b.ReportMetric(medianMS(times), "export-ms")
			b.ReportMetric(medianMS(kdf), "export-kdf-ms")
			b.ReportMetric(medianMS(raw), "raw-export-ms")
		})
	}
}

// readExport reads back every file of an export.
func readExport(b *testing.B, out string) []sample.MarkdownNote {
	b.Helper()
	var files []sample.MarkdownNote
	err := filepath.WalkDir(out, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(p)
		rel, _ := filepath.Rel(out, p)
		files = append(files, sample.MarkdownNote{Name: rel, Data: data})
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return files
}

// rawExport writes files into a new private folder out, several at once
// and made durable as the export makes them (atomicfile.Batch), then
// syncs the folder, and removes it; it returns how long the writing took.
func rawExport(b *testing.B, files []sample.MarkdownNote, out string) time.Duration {
	b.Helper()
	start := time.Now()
	if err := os.Mkdir(out, 0o700); err != nil {
		b.Fatal(err)
	}
	batch, err := atomicfile.NewBatch(out)
	if err != nil {
		b.Fatal(err)
	}
	jobs := make(chan sample.MarkdownNote)
	errs := make(chan error, batch.Writers())
	var wg sync.WaitGroup
	for range batch.Writers() {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range jobs {
				if err := batch.Write(filepath.Join(out, f.Name), f.Data); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	for _, f := range files {
		jobs <- f
	}
	close(jobs)
	wg.Wait()
	select {
	case err := <-errs:
		b.Fatal(err)
	default:
	}
	if err := batch.Commit(); err != nil {
		b.Fatal(err)
	}
	d, err := os.Open(out)
	if err != nil {
		b.Fatal(err)
	}
	if err := d.Sync(); err != nil {
		b.Fatal(err)
	}
	d.Close()
	took := time.Since(start)
	os.RemoveAll(out)
	settle()
	return took
}
