package vault

import (
	"math/rand/v2"
	"slices"
	"testing"
	"time"

	"tend/journal"
)

// TestMergeNewestFirstIsTheSort: the parts read on each core, each in
// order, merge into the order one sort of them all gives, whatever their
// number and sizes, with entries of one day and one time told apart by id.
func TestMergeNewestFirstIsTheSort(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	base := time.Date(2026, 11, 1, 9, 0, 0, 0, time.UTC)
	for _, parts := range []int{1, 2, 3, 8} {
		var all []*journal.Entry
		lists := make([][]*journal.Entry, parts)
		for i := range 500 {
			e := &journal.Entry{ID: journal.NewIDFrom(r)}
			e.Date = journal.DateOf(base.AddDate(0, 0, -r.IntN(40)))
			e.Created = base.Add(time.Duration(r.IntN(5)) * time.Hour)
			p := r.IntN(parts)
			if i%97 == 0 {
				p = 0 // one list far longer than the rest
			}
			lists[p] = append(lists[p], e)
			all = append(all, e)
		}
		for _, l := range lists {
			slices.SortFunc(l, newestFirst)
		}
		slices.SortFunc(all, newestFirst)
		if got := mergeNewestFirst(lists); !slices.Equal(got, all) {
			t.Fatalf("%d parts merge into another order than one sort", parts)
		}
	}
	if got := mergeNewestFirst([][]*journal.Entry{nil, nil}); len(got) != 0 {
		t.Fatalf("empty parts merge into %d entries", len(got))
	}
}
