package backup

import (
	"errors"
	"io"
	"sync"
)

// Sizes of the buffers an asyncWriter hands on: age seals 64 KiB at a
// time, so each buffer is a few of its chunks, and the few in memory keep
// both sides busy.
const (
	asyncBuffer  = 256 << 10
	asyncBuffers = 4
)

// errStopped is the error of a write after the writer was stopped.
var errStopped = errors.New("writing the backup: it was stopped")

// asyncWriter writes to w on a goroutine of its own, in order, what is
// written to it, so the encryption of a backup runs beside the reading of
// the journal and the making of the archive rather than after them. At most
// asyncBuffers buffers of asyncBuffer bytes are in memory, besides those
// handed over whole. The first error of w is returned by every later Write
// and by close.
type asyncWriter struct {
	w    io.Writer
	cur  []byte // nil until a Write needs one
	full chan asyncChunk
	free chan []byte
	done chan struct{}

	mu  sync.Mutex
	err error

	closed bool
}

// asyncChunk is what an asyncWriter has to write: one of its buffers, or
// memory handed over, with written to close once it is written.
type asyncChunk struct {
	b       []byte
	written chan struct{}
}

func newAsyncWriter(w io.Writer) *asyncWriter {
	a := &asyncWriter{
		w: w,
		// Room for every buffer and as many chunks handed over, so
		// that handing one over does not wait for a buffer's turn.
		full: make(chan asyncChunk, 2*asyncBuffers),
		free: make(chan []byte, asyncBuffers),
		done: make(chan struct{}),
	}
	for range asyncBuffers {
		a.free <- make([]byte, 0, asyncBuffer)
	}
	go a.run()
	return a
}

// run writes the full buffers and the memory handed over in order. After
// an error it only hands them back, so Write never waits for ever.
func (a *asyncWriter) run() {
	defer close(a.done)
	for c := range a.full {
		if a.failed() == nil {
			if _, err := a.w.Write(c.b); err != nil {
				a.fail(err)
			}
		}
		if c.written != nil {
			close(c.written)
		} else {
			a.free <- c.b[:0]
		}
	}
}

func (a *asyncWriter) fail(err error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if a.err == nil {
		a.err = err
	}
}

func (a *asyncWriter) failed() error {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.err
}

func (a *asyncWriter) Write(p []byte) (int, error) {
	if a.closed {
		return 0, errStopped
	}
	if err := a.failed(); err != nil {
		return 0, err
	}
	n := len(p)
	for len(p) > 0 {
		if a.cur == nil {
			a.cur = <-a.free
		}
		if len(a.cur) == cap(a.cur) {
			a.full <- asyncChunk{b: a.cur}
			a.cur = <-a.free
		}
		c := copy(a.cur[len(a.cur):cap(a.cur)], p)
		a.cur = a.cur[:len(a.cur)+c]
		p = p[c:]
	}
	return n, nil
}

// handOver writes p after what was written before it, without copying
// it: p must not change until written is closed, which happens once p is
// written, or once the writer has given up after an error. A writer that
// is stopped or has failed returns the error, and written is nil.
func (a *asyncWriter) handOver(p []byte) (written <-chan struct{}, err error) {
	if a.closed {
		return nil, errStopped
	}
	if err := a.failed(); err != nil {
		return nil, err
	}
	if len(a.cur) > 0 {
		a.full <- asyncChunk{b: a.cur}
		a.cur = nil
	}
	c := asyncChunk{b: p, written: make(chan struct{})}
	a.full <- c
	return c.written, nil
}

// close writes what is left and waits until everything is written to w,
// and returns the first error of w. The goroutine has ended when it
// returns; calling it again does nothing more.
func (a *asyncWriter) close() error {
	if !a.closed {
		a.closed = true
		if len(a.cur) > 0 {
			a.full <- asyncChunk{b: a.cur}
		}
		a.cur = nil
		close(a.full)
	}
	<-a.done
	return a.failed()
}
