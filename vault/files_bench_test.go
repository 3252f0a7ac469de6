package vault

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"tend/journal"
)

// noisyPhoto is a JPEG of about the size a phone's camera writes: noise
// compresses badly, so a few megapixels make several megabytes.
func noisyPhoto(b *testing.B, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	copy(img.Pix, noise(len(img.Pix), 9))
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: 95}); err != nil {
		b.Fatal(err)
	}
	return buf.Bytes()
}

// BenchmarkAttachPhoto attaches a photo of about 10 MB to an entry, its
// metadata taken out, sealed and synced. It reports beside it a save of
// a short entry on the same disk, which is mostly the disk's own sync:
// the difference is Tend's own work on the photo.
func BenchmarkAttachPhoto(b *testing.B) {
	photo := noisyPhoto(b, 3700, 2400)
	b.Run("entries=1", func(b *testing.B) {
		v, _, _ := newTestVault(b)
		e := &journal.Entry{Title: "the lake", Body: "we walked round it twice"}
		if err := v.Put(e); err != nil {
			b.Fatal(err)
		}
		var attach, save time.Duration
		for i := 0; b.Loop(); i++ {
			// A new byte each time, so no attach finds the same file kept.
			photo[len(photo)-3] = byte(i)
			t0 := time.Now()
			if _, err := v.Attach(e.ID, "IMG_0001.JPG", bytes.NewReader(photo)); err != nil {
				b.Fatal(err)
			}
			t1 := time.Now()
			if err := v.Put(&journal.Entry{Body: "a short note"}); err != nil {
				b.Fatal(err)
			}
			attach += t1.Sub(t0)
			save += time.Since(t1)
		}
		ms := func(d time.Duration) float64 { return float64(d.Microseconds()) / 1e3 / float64(b.N) }
		b.ReportMetric(float64(len(photo))/1e6, "photo-MB")
		b.ReportMetric(ms(attach), "attach-ms")
		b.ReportMetric(ms(save), "short-save-ms")
		b.ReportMetric(max(0, ms(attach)-ms(save)), "attach-beyond-sync-ms")
	})
}

// BenchmarkUnlockWithFiles unlocks three journals of 200 entries: one
// without files, one with 20 small files, and one with 20 files weighing
// 50 MB together (500 MB with TEND_BENCH_LARGE=1). Unlocking reads
// summaries only, so its time must not grow with the files' size: the
// ratio of the large files' unlock to the small files' is the figure.
func BenchmarkUnlockWithFiles(b *testing.B) {
	total := 50 << 20
	if os.Getenv("TEND_BENCH_LARGE") == "1" {
		total = 500 << 20
	}
	const entries, withFiles = 200, 20
	build := func(size int) string {
		dir := filepath.Join(b.TempDir(), "vault")
		v, _, err := Create(dir, testPassword, TestKDF)
		if err != nil {
			b.Fatal(err)
		}
		var ids []journal.ID
		for i := range entries {
			e := &journal.Entry{Title: fmt.Sprintf("day %d", i), Body: "a few words about the day"}
			if err := v.Put(e); err != nil {
				b.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		for i := range withFiles {
			if size == 0 {
				break
			}
			data := noise(size, uint64(i))
			if _, err := v.Attach(ids[i*entries/withFiles], "photo.bin", bytes.NewReader(data)); err != nil {
				b.Fatal(err)
			}
		}
		v.Close()
		return dir
	}
	b.Run(fmt.Sprintf("entries=%d", entries), func(b *testing.B) {
		dirs := []string{build(0), build(1 << 10), build(total / withFiles)}
		times := make([][]float64, len(dirs))
		for b.Loop() {
			for i, dir := range dirs {
				start := time.Now()
				v, err := Open(dir, testPassword)
				if err != nil {
					b.Fatal(err)
				}
				times[i] = append(times[i], float64(time.Since(start).Microseconds())/1e3)
				b.StopTimer()
				v.Close()
				b.StartTimer()
			}
		}
		med := func(xs []float64) float64 {
			s := slices.Clone(xs)
			slices.Sort(s)
			return s[len(s)/2]
		}
		b.ReportMetric(med(times[0]), "unlock-nofiles-ms")
		b.ReportMetric(med(times[1]), "unlock-smallfiles-ms")
		b.ReportMetric(med(times[2]), "unlock-largefiles-ms")
		b.ReportMetric(med(times[2])/med(times[1]), "unlock-size-ratio")
		b.ReportMetric(float64(total>>20), "files-MB")
	})
}
