package vault

import "testing"

func TestZZMemScratch(t *testing.T) {
	if !largeSearch() {
		t.Skip()
	}
	c := benchCorpus(100_000)
	ix := c.ix
	var pl, pc int
	for _, tm := range ix.terms {
		pl += len(tm.post.buf)
		pc += cap(tm.post.buf)
	}
	t.Logf("terms %d postings len %.1fMB cap %.1fMB; pairs len %.1fMB cap %.1fMB; docs %d; pending %d",
		len(ix.terms), float64(pl)/1e6, float64(pc)/1e6, float64(len(ix.pairArena)*8)/1e6, float64(cap(ix.pairArena)*8)/1e6, len(ix.ids), len(ix.pending))
}
