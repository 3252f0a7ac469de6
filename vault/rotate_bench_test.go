package vault_test

import (
	"context"
	"fmt"
	"path/filepath"
	"testing"
	"time"

	"tend/internal/vaulttest"
	"tend/vault"
)

// BenchmarkRotate measures giving a journal new keys, from the moment it
// is asked to the rotated journal open again: every record read, opened,
// sealed again and written into a new store, the stores swapped, and the
// summaries read back. The new password's key derivation is left out (it
// is the same fraction of a second as an unlock), as is the search index,
// which builds in the background afterwards. Each run rotates a fresh copy
// of the generated journal. rotate-MBps counts the journal's sealed records,
// as BenchmarkLimits' synced batch write of the same records into a fresh
// store does, which is the floor of a rotation.
func BenchmarkRotate(b *testing.B) {
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			bv := journalOf(b, n)
			var total time.Duration
			runs := 0
			for b.Loop() {
				b.StopTimer()
				dir := filepath.Join(b.TempDir(), "vault")
				vaulttest.CopyTree(b, bv.dir, dir)
				v := openBench(b, dir)
				if err := v.WaitIndex(context.Background()); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
				start := time.Now()
				nv, _, err := v.Rotate(benchPassword, vault.TestKDF, nil)
				if err != nil {
					b.Fatal(err)
				}
				total += time.Since(start)
				runs++
				b.StopTimer()
				nv.Close()
				b.StartTimer()
			}
			ms := float64(total) / float64(runs) / float64(time.Millisecond)
			b.ReportMetric(ms, "rotate-ms")
			b.ReportMetric(float64(bv.plain)/(1<<20)/(ms/1000), "rotate-plain-MBps")
			b.ReportMetric(float64(sealedBytesOf(n))/1e6/(ms/1000), "rotate-MBps")
		})
	}
}
