package vault

// A backup of a journal of 10,000 entries used to allocate about three
// times the journal's size: a copy of every sealed value, a plaintext for
// every body and a document for every entry, each dead as soon as its
// batch was written, and the collector's work on them was a fifth of the
// export's. The memory here is handed from batch to batch instead: the
// blocks a batch's records and documents are in go back to the backup's
// pool once the batch is written (by then the archive writer has copied
// every document; nothing else keeps them), and the next batches reuse
// them.

// backupBatch is a batch of records on its way into a backup, with the
// blocks of memory its records' bytes are in.
type backupBatch struct {
	recs []backupRec
	mem  [][]byte
}

// backupMemory is a backup's pool of batches and blocks of memory. A block
// or batch is in one batch at a time; the pool is shared by the goroutines
// of the backup and lives as long as the backup.
type backupMemory struct {
	blocks  chan []byte
	batches chan *backupBatch
}

// backupPoolSize bounds what the pool keeps: about the blocks of the
// batches in flight in a backup's pipeline.
const backupPoolSize = 64

func newBackupMemory() *backupMemory {
	return &backupMemory{
		blocks:  make(chan []byte, backupPoolSize),
		batches: make(chan *backupBatch, backupPoolSize),
	}
}

// block returns an empty block of batcherBlock bytes' capacity, whose
// former contents are of no meaning.
func (m *backupMemory) block() []byte {
	select {
	case b := <-m.blocks:
		return b[:0]
	default:
		return make([]byte, 0, batcherBlock)
	}
}

// batch returns an empty batch.
func (m *backupMemory) batch() *backupBatch {
	select {
	case b := <-m.batches:
		return b
	default:
		return &backupBatch{recs: make([]backupRec, 0, backupBatchRecords)}
	}
}

// release takes back b and its blocks, once b is written: nothing may
// use them any more.
func (m *backupMemory) release(b *backupBatch) {
	for _, blk := range b.mem {
		select {
		case m.blocks <- blk:
		default:
		}
	}
	clear(b.mem)
	clear(b.recs) // lets go of what the records point to elsewhere
	b.mem, b.recs = b.mem[:0], b.recs[:0]
	select {
	case m.batches <- b:
	default:
	}
}

// arena hands out the memory a worker writes one batch's documents into,
// from blocks of the pool that it adds to the batch. It is used for one
// batch only: once the batch is handed on, its blocks may be reused.
type arena struct {
	mem   *backupMemory
	batch *backupBatch
	cur   []byte
}

// room returns empty memory with room for about n bytes, to append one
// document to; keep then says what was appended. A document that outgrows
// it is moved by append, as any slice is, and the room is left unused.
func (a *arena) room(n int) []byte {
	if a == nil || n > batcherBlock/4 {
		return make([]byte, 0, n)
	}
	if n > cap(a.cur)-len(a.cur) {
		a.cur = a.mem.block()
		a.batch.mem = append(a.batch.mem, a.cur)
	}
	return a.cur[len(a.cur):len(a.cur):cap(a.cur)]
}

// keep marks doc, appended to the memory room last returned, as used, if
// it is still in that memory.
func (a *arena) keep(doc []byte) {
	if a == nil || len(doc) == 0 || len(a.cur) == cap(a.cur) {
		return
	}
	if &a.cur[:len(a.cur)+1][len(a.cur)] == &doc[:1][0] {
		a.cur = a.cur[:len(a.cur)+len(doc)]
	}
}
