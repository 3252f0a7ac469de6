package atomicfile

import (
	"fmt"
	"os"
	"runtime"
)

// Batch writes many new files inside one folder, which is moved into place
// once they are all written (a Markdown export), and makes them durable
// together. Where the system can sync a whole file system and report what
// failed in it (Linux since 5.8), the files are written unsynced and one
// sync at Commit makes every one of them durable: ten thousand syncs of one
// small file each cost seconds, one costs about the writing's own time.
// Elsewhere each file is synced as it is written, as WriteNew does. Either
// way, when Commit returns nil every file written is on the disk; the
// caller then syncs the folders and renames.
//
// Write may be called from several goroutines at once.
type Batch struct {
	root  *os.File // opened before any file, so a whole-system sync reports what failed after it
	whole bool
}

// NewBatch starts a batch of new files under root, an existing folder.
func NewBatch(root string) (*Batch, error) {
	f, err := os.Open(root)
	if err != nil {
		return nil, err
	}
	return &Batch{root: f, whole: canSyncWhole()}, nil
}

// Write writes data to a new private file (0600) at path, refusing one
// that exists. It is durable once Commit returns nil.
func (b *Batch) Write(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return err
	}
	if !b.whole {
		return Fill(f, data)
	}
	if _, err := f.Write(data); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// Writers says how many goroutines should call Write at once. Where each
// file is synced on its own, a sync waits mostly on the disk, and the file
// system commits the syncs that wait together in one go: sixteen at once
// take about the time of one. Unsynced, a write is the processor's work,
// and writers in one folder wait on each other for it, so one per
// processor is enough.
func (b *Batch) Writers() int {
	if b.whole {
		return max(1, runtime.GOMAXPROCS(0))
	}
	return 16
}

// Commit makes every file written durable, and lets go of the batch.
func (b *Batch) Commit() error {
	defer b.root.Close()
	if !b.whole {
		return nil
	}
	if err := syncWhole(b.root); err != nil {
		return fmt.Errorf("syncing the files written: %w", err)
	}
	return nil
}

// Close lets go of a batch that is not committed.
func (b *Batch) Close() error { return b.root.Close() }
