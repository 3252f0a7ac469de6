package vault_test

import (
	"bytes"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"testing"
	"time"

	"filippo.io/age"

	"tend/backup"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault"
)

// photosBenchEntries is the size of the journal the photos are attached to.
const photosBenchEntries = 200

// BenchmarkBackupWithPhotos backs up and restores a journal of 200 entries
// carrying 100 MB of photos (500 MB with TEND_BENCH_LARGE=1), and measures
// in the same run the machine's limits on the same bytes: a scan of the
// store and an age stream of the archive's size for the export; an age
// stream read and a synced batch write of as many sealed bytes, in values
// of a chunk's size, into a new store for the restore. Like
// BenchmarkBackup, rates count MB of backup archive.
func BenchmarkBackupWithPhotos(b *testing.B) {
	vaulttest.LowBackupCost(b)
	total := 100 << 20
	if os.Getenv("TEND_BENCH_LARGE") == "1" {
		total = 500 << 20
	}
	const photo = 5 << 20
	b.Run(fmt.Sprintf("entries=%d/%dMB", photosBenchEntries, total>>20), func(b *testing.B) {
		dir := filepath.Join(b.TempDir(), "vault")
		v, _, err := vault.Create(dir, benchPassword, vault.TestKDF)
		if err != nil {
			b.Fatal(err)
		}
		var ids []journal.ID
		for i := range photosBenchEntries {
			e := &journal.Entry{Title: fmt.Sprintf("day %d", i), Body: "a few words about the day, and a photo of it"}
			if err := v.Put(e); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		for i := range total / photo {
			// Photos do not compress; random bytes stand for them.
			data := randomBytes(photo, uint64(i))
			if _, err := v.Attach(ids[i%len(ids)], fmt.Sprintf("IMG_%04d.bin", i), bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
		v.Close()
		v = openBench(b, dir)
		defer v.Close()

		// The archive the restores read, made once, on disk as a person's
		// backup is.
		archive := filepath.Join(b.TempDir(), "photos.tend-backup")
		m, err := v.BackupToFile(archive, backupPass, "bench", nil)
		if err != nil {
			b.Fatal(err)
		}
		plain := int64(1024)
		for _, mm := range m.Members {
			plain += 512 + (mm.Size+511)/512*512
		}
		_, sealed, err := v.ScanSealed()
		if err != nil {
			b.Fatal(err)
		}
		var tBackup, tRestore, tScan, tEnc, tDec, tWrite time.Duration
		for b.Loop() {
			start := time.Now()
			if _, err := v.Backup(&countWriter{}, backupPass, "bench", nil); err != nil {
				b.Fatal(err)
			}
			tBackup += time.Since(start)

			restored := filepath.Join(b.TempDir(), "restored")
			start = time.Now()
			f, err := os.Open(archive)
			if err != nil {
				b.Fatal(err)
			}
			c, err := backup.Read(f, backupPass)
			f.Close()
			if err != nil {
				b.Fatal(err)
			}
			w, _, err := vault.RestoreNew(restored, c, benchPassword, vault.TestKDF)
			if err != nil {
				b.Fatal(err)
			}
			tRestore += time.Since(start)
			c.Close()
			w.Close()
			os.RemoveAll(restored)

			start = time.Now()
			if _, _, err := v.ScanSealed(); err != nil {
				b.Fatal(err)
			}
			tScan += time.Since(start)

			tEnc += ageEncrypt(b, plain)
			tDec += ageDecrypt(b, archive)
			tWrite += storeWrite(b, sealed)
		}
		mbps := func(d time.Duration) float64 { return float64(plain) * float64(b.N) / 1e6 / d.Seconds() }
		b.ReportMetric(mbps(tBackup), "photos-backup-MBps")
		b.ReportMetric(mbps(tRestore), "photos-restore-MBps")
		b.ReportMetric(mbps(tScan), "photos-scan-MBps")
		b.ReportMetric(mbps(tEnc), "photos-age-enc-MBps")
		b.ReportMetric(mbps(tDec), "photos-age-dec-MBps")
		b.ReportMetric(mbps(tWrite), "photos-write-MBps")
		b.ReportMetric(float64(plain)/1e6, "photos-backup-MB")
	})
}

// ageEncrypt times an age stream, at the backups' scrypt cost, of n bytes.
func ageEncrypt(b *testing.B, n int64) time.Duration {
	b.Helper()
	start := time.Now()
	rcp, _ := age.NewScryptRecipient(string(backupPass))
	rcp.SetWorkFactor(backup.WorkFactor)
	aw, err := age.Encrypt(&countWriter{}, rcp)
	if err != nil {
		b.Fatal(err)
	}
	chunk := make([]byte, 64<<10)
	for left := n; left > 0; left -= int64(len(chunk)) {
		aw.Write(chunk[:min(left, int64(len(chunk)))])
	}
	aw.Close()
	return time.Since(start)
}

// ageDecrypt times reading the age file at path to its end.
func ageDecrypt(b *testing.B, path string) time.Duration {
	b.Helper()
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		b.Fatal(err)
	}
	defer f.Close()
	id, _ := age.NewScryptIdentity(string(backupPass))
	r, err := age.Decrypt(f, id)
	if err != nil {
		b.Fatal(err)
	}
	if _, err := io.Copy(io.Discard, r); err != nil {
		b.Fatal(err)
	}
	return time.Since(start)
}

// storeWrite times a synced batch write of size bytes, the sealed bytes a
// restore writes, into a new store, in values of a photo's chunks' size
// (nearly all of those bytes are chunks).
func storeWrite(b *testing.B, size int64) time.Duration {
	b.Helper()
	const each = 1280 << 10
	recs := make([]rawRecord, max(1, size/each))
	for i := range recs {
		recs[i].key = make([]byte, 17)
		rand.Read(recs[i].key)
		recs[i].sealed = make([]byte, each)
		rand.Read(recs[i].sealed)
	}
	dir, _, write, _ := rawStore(b, recs)
	os.RemoveAll(dir)
	return write
}
