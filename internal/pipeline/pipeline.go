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
	workers = max(1, workers)
	jobs := make(chan *slot[B], workers*2)
	order := make(chan *slot[B], workers*4)
	stop := make(chan struct{})

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
			s := &slot[B]{b: b, done: make(chan struct{})}
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
		if err := consume(s.b); err != nil {
			cerr = err
			close(stop)
		}
	}
	<-pdone
	wg.Wait()
	if cerr != nil {
		return cerr
	}
	return perr
}
