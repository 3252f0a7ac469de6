// Package pipeline runs ordered pipelines: one goroutine produces batches in
// order, a few workers transform them, and the caller consumes them in the
// order they were produced. Backups, restores and the reading of a backup
// use it to keep both cores busy while memory stays small.
package pipeline

import (
	"runtime"
	"sync"
)

// Workers is how many goroutines open, decode, encode and checksum
// records for a backup or a restore.
func Workers() int { return max(1, runtime.GOMAXPROCS(0)) }

// slot is one batch on its way through an ordered pipeline.
type slot[B any] struct {
	b    B
	size int64 // the bytes it holds against the budget
	done chan struct{}
}

// Ordered runs an ordered pipeline: produce emits batches in order (emit
// reports false once the pipeline is stopping), work runs on each batch in
// one of workers goroutines, and consume sees every batch in the order it was
// emitted, in the calling goroutine. At most a few batches per worker are in
// flight, so memory stays small whatever the journal's size.
//
// The first error in sequence wins: an error of consume stops the producer
// and is returned; otherwise the producer's error is returned once every
// batch emitted before it was consumed. Ordered returns only once every
// goroutine it started has finished.
func Ordered[B any](workers int, produce func(emit func(B) bool) error, work func(worker int, b B), consume func(B) error) error {
	return Budgeted(workers, 0, nil, produce, work, consume)
}

// Budgeted is Ordered for batches that may be large, such as a whole
// attached file: besides the count, the bytes in flight are bounded. size
// gives a batch's bytes (what it holds when worked, not only when emitted),
// and emit waits while the batches emitted and not yet consumed hold more
// than budget with it. A batch larger than budget alone goes through once
// nothing else is in flight. A budget of 0 bounds nothing.
func Budgeted[B any](workers int, budget int64, size func(B) int64, produce func(emit func(B) bool) error, work func(worker int, b B), consume func(B) error) error {
	workers = max(1, workers)
	jobs := make(chan *slot[B], workers*2)
	order := make(chan *slot[B], workers*4)
	stop := make(chan struct{})
	bytes := newGauge(budget)

	var wg sync.WaitGroup
	for i := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range jobs {
				work(i, s.b)
				close(s.done)
			}
		}()
	}

	var perr error
	pdone := make(chan struct{})
	go func() {
		defer close(pdone)
		defer close(jobs)
		defer close(order)
		emit := func(b B) bool {
			var n int64
			if size != nil {
				n = size(b)
			}
			if !bytes.take(n) {
				return false
			}
			s := &slot[B]{b: b, size: n, done: make(chan struct{})}
			select {
			case order <- s:
			case <-stop:
				return false
			}
			select {
			case jobs <- s:
				return true
			case <-stop:
				// The consumer has stopped and will not wait for s.
				return false
			}
		}
		perr = produce(emit)
	}()

	var cerr error
	for s := range order {
		if cerr != nil {
			continue // draining; the producer sees stop
		}
		<-s.done
		err := consume(s.b)
		bytes.give(s.size)
		if err != nil {
			cerr = err
			close(stop)
			bytes.stop()
		}
	}
	<-pdone
	wg.Wait()
	if cerr != nil {
		return cerr
	}
	return perr
}

// gauge counts the bytes in flight against a budget.
type gauge struct {
	mu      sync.Mutex
	cond    *sync.Cond
	budget  int64
	held    int64
	stopped bool
}

func newGauge(budget int64) *gauge {
	g := &gauge{budget: budget}
	g.cond = sync.NewCond(&g.mu)
	return g
}

// take waits until n bytes fit in the budget, or nothing is held, and
// takes them. It reports false once the pipeline is stopping.
func (g *gauge) take(n int64) bool {
	if g.budget <= 0 {
		return true
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	for !g.stopped && g.held > 0 && g.held+n > g.budget {
		g.cond.Wait()
	}
	if g.stopped {
		return false
	}
	g.held += n
	return true
}

// give hands back n bytes taken.
func (g *gauge) give(n int64) {
	if g.budget <= 0 {
		return
	}
	g.mu.Lock()
	g.held -= n
	g.mu.Unlock()
	g.cond.Broadcast()
}

// stop wakes the producer for good: the pipeline is stopping.
func (g *gauge) stop() {
	g.mu.Lock()
	g.stopped = true
	g.mu.Unlock()
	g.cond.Broadcast()
}
