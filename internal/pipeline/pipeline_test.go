package pipeline

import (
	"errors"
	"runtime"
	"sync/atomic"
	"testing"
)

func TestOrderedKeepsTheOrder(t *testing.T) {
	const n = 2000
	var got []int
	err := Ordered(4,
		func(emit func(int) bool) error {
			for i := range n {
				if !emit(i) {
					return nil
				}
			}
			return nil
		},
		func(_ int, b int) {
			if b%7 == 0 {
				runtime.Gosched() // some batches take longer than others
			}
		},
		func(b int) error { got = append(got, b); return nil })
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != n {
		t.Fatalf("consumed %d batches; want %d", len(got), n)
	}
	for i, b := range got {
		if b != i {
			t.Fatalf("batch %d consumed in place %d", b, i)
		}
	}
}

func TestOrderedFirstErrorInSequenceWins(t *testing.T) {
	stop := errors.New("the disk is full")
	produced := 0
	err := Ordered(3,
		func(emit func(int) bool) error {
			for i := range 1_000_000 {
				produced++
				if !emit(i) {
					return errors.New("a later error that must not win")
				}
			}
			return nil
		},
		func(int, int) {},
		func(b int) error {
			if b == 10 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) {
		t.Fatalf("got %v; want the consumer's error", err)
	}
	if produced > 100 {
		t.Errorf("the producer went on for %d batches after the consumer stopped", produced)
	}

	bad := errors.New("a damaged archive")
	var consumed []int
	err = Ordered(2,
		func(emit func(int) bool) error {
			for i := range 5 {
				emit(i)
			}
			return bad
		},
		func(int, int) {},
		func(b int) error { consumed = append(consumed, b); return nil })
	if !errors.Is(err, bad) || len(consumed) != 5 {
		t.Fatalf("got %v after %d batches; want the producer's error after all 5", err, len(consumed))
	}
}

func TestBudgetedBoundsTheBytesInFlight(t *testing.T) {
	const budget = 25
	var inFlight atomic.Int64
	sizes := []int64{10, 10, 10, 40, 5, 10, 10, 10, 10, 1, 1, 30}
	var got []int
	err := Budgeted(4, budget, func(i int) int64 { return sizes[i] },
		func(emit func(int) bool) error {
			for i := range sizes {
				if !emit(i) {
					return nil
				}
			}
			return nil
		},
		func(_ int, i int) {
			// A batch being worked on holds its bytes until consumed.
			if now := inFlight.Add(sizes[i]); now > budget && now != sizes[i] {
				t.Errorf("with batch %d, %d bytes are in flight; the budget is %d", i, now, budget)
			}
			runtime.Gosched()
		},
		func(i int) error {
			got = append(got, i)
			inFlight.Add(-sizes[i])
			return nil
		})
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(sizes) {
		t.Fatalf("consumed %d batches; want %d", len(got), len(sizes))
	}
}

func TestBudgetedStopsAProducerWaitingForRoom(t *testing.T) {
	stop := errors.New("stop")
	err := Budgeted(2, 10, func(int) int64 { return 10 },
		func(emit func(int) bool) error {
			for i := 0; ; i++ {
				if !emit(i) {
					return nil
				}
			}
		},
		func(int, int) {},
		func(i int) error {
			if i == 3 {
				return stop
			}
			return nil
		})
	if !errors.Is(err, stop) {
		t.Fatalf("got %v; want the consumer's error", err)
	}
}
