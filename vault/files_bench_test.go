package vault

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"
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
	v, _, _ := newTestVault(b)
	e := &journal.Entry{Title: "the lake", Body: "we walked round it twice"}
	if err := v.Put(e); err != nil {
		b.Fatal(err)
	}
	var attach, save time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
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
	b.StopTimer()
	b.ReportMetric(float64(len(photo))/1e6, "photo-MB")
	b.ReportMetric(float64(attach.Milliseconds())/float64(b.N), "attach-ms")
	b.ReportMetric(float64(save.Milliseconds())/float64(b.N), "short-save-ms")
}

// BenchmarkUnlockWithFiles unlocks a journal of 200 entries whose files
// weigh 50 MB (500 MB with TEND_BENCH_LARGE=1), and the same journal
// without them: unlocking reads summaries only, so both should take the
// same time.
func BenchmarkUnlockWithFiles(b *testing.B) {
	total := 50 << 20
	if os.Getenv("TEND_BENCH_LARGE") == "1" {
		total = 500 << 20
	}
	const entries, withFiles = 200, 20
	for _, files := range []bool{false, true} {
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
		if files {
			for i := range withFiles {
				data := noise(total/withFiles, uint64(i))
				if _, err := v.Attach(ids[i*entries/withFiles], "photo.bin", bytes.NewReader(data)); err != nil {
					b.Fatal(err)
				}
			}
		}
		v.Close()
		name := "none"
		if files {
			name = fmt.Sprintf("%dMB", total>>20)
		}
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				v, err := Open(dir, testPassword)
				if err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				v.Close()
				b.StartTimer()
			}
		})
	}
}
