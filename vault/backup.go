package vault

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/pipeline"
	"tend/journal"
)

// Backup writes an encrypted backup of the whole journal (entries, their
// trash state, their history and the journal's preferences) to w, and
// returns its manifest. It reads one consistent snapshot of the store and
// streams it: only one record is in memory at a time. progress, when not
// nil, is called now and then with the records written so far.
//
// Backup does not sync or verify what it wrote; BackupToFile does both.
func (v *Vault) Backup(w io.Writer, passphrase []byte, appVersion string, progress func(done, total int)) (backup.Manifest, error) {
	aw, err := backup.Encrypt(w, passphrase)
	if err != nil {
		return backup.Manifest{}, err
	}
	// The read lock keeps Close from closing the store under the scan;
	// writers are not held up, since the scan reads a snapshot.
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return backup.Manifest{}, ErrClosed
	}
	bw, err := backup.NewWriter(aw, backup.Manifest{
		VaultID:    hex.EncodeToString(v.hdr.vaultID[:]),
		Created:    now().UTC().Truncate(time.Second),
		AppVersion: appVersion,
	}, backup.Readme)
	if err != nil {
		return backup.Manifest{}, err
	}
	bw.SkipDamaged = true
	err = v.view("the journal", func(txn *badger.Txn) error {
		return v.backupRecords(txn, bw, progress)
	})
	if err != nil {
		bw.Abort()
		return backup.Manifest{}, err
	}
	m, err := bw.Close()
	if err != nil {
		return backup.Manifest{}, err
	}
	if err := aw.Close(); err != nil {
		return backup.Manifest{}, fmt.Errorf("writing the backup: %w", err)
	}
	return m, nil
}

// backupRecords writes every entry, every earlier version and the
// preferences, all read from txn so the backup is one moment of the journal.
//
// The store is read in key order by one goroutine (summaries and bodies in
// lockstep, as both are filed under the entry's id), the records are opened,
// decoded, encoded and checksummed by workers, and written to bw in order
// here, in the calling goroutine.
func (v *Vault) backupRecords(txn *badger.Txn, bw *backup.Writer, progress func(done, total int)) error {
	// The total only paces the progress: a count that a damaged part of
	// the store cuts short is good enough for that.
	versions := 0
	_ = v.guard("the earlier versions", func() error { versions = countKeys(txn, prefixHistory); return nil })
	total := len(v.sums) + versions
	done := 0
	tick := func() {
		done++
		if progress != nil && (done%256 == 0 || done == total) {
			progress(done, total)
		}
	}
	workers := pipeline.Workers()

	files := &backupFileState{written: map[string]bool{}, pieces: v.newPieceReader(txn, workers)}

	// Entries.
	live := make(map[journal.ID]bool, len(v.sums))
	scanned := make(recordKeys, len(v.sums)) // summary keys the scan reached
	readers := make([]*summaryReader, workers)
	for i := range readers {
		readers[i] = &summaryReader{intern: map[string]string{}, zones: map[int]*time.Location{}, one: &journal.Entry{}}
	}
	mem := newBackupMemory()
	err := pipeline.Ordered(workers,
		func(emit func(*backupBatch) bool) error {
			// This goroutine reads the store: a panic of its library
			// here would end the process whatever Backup does. It ends
			// the scan instead, as a part it cannot read ends it quietly.
			err := v.guard("the entries", func() error {
				return v.scanEntries(txn, mem, func(batch *backupBatch) bool {
					for i := range batch.recs {
						scanned.add(batch.recs[i].key)
					}
					return emit(batch)
				})
			})
			if isReadPanic(err) {
				return nil
			}
			return err
		},
		func(w int, batch *backupBatch) {
			a := &arena{mem: mem, batch: batch}
			for i := range batch.recs {
				v.prepareEntry(readers[w], a, &batch.recs[i])
			}
		},
		func(batch *backupBatch) error {
			for i := range batch.recs {
				if err := v.addEntryRec(bw, files, live, &batch.recs[i]); err != nil {
					return err
				}
				tick()
			}
			mem.release(batch)
			return nil
		})
	if err != nil {
		return err
	}
	// The store's scan ends quietly at a part of a table it cannot read,
	// and every entry after it would be missing from the backup without a
	// word. Each entry the journal knows that the scan did not reach is
	// read on its own, so that only what is damaged is left out, and named.
	var missed []journal.ID
	for id := range v.sums {
		if _, ok := scanned[id]; !ok {
			missed = append(missed, id)
		}
	}
	slices.SortFunc(missed, func(a, b journal.ID) int { return bytes.Compare(a[:], b[:]) })
	for _, id := range missed {
		r := v.readEntryRec(txn, id)
		if r.err == nil {
			v.prepareEntry(readers[0], nil, &r)
		}
		if err := v.addEntryRec(bw, files, live, &r); err != nil {
			return err
		}
		tick()
	}

	// Earlier versions. live is complete and only read from here on.
	hscanned := recordKeys{} // history keys the scan reached
	err = pipeline.Ordered(workers,
		func(emit func(*backupBatch) bool) error {
			err := v.guard("the earlier versions", func() error {
				return scanPrefix(txn, mem, prefixHistory, func(batch *backupBatch) bool {
					for i := range batch.recs {
						hscanned.add(batch.recs[i].key)
					}
					return emit(batch)
				})
			})
			if isReadPanic(err) {
				return nil // as for the entries: what it missed is read below
			}
			return err
		},
		func(_ int, batch *backupBatch) {
			for i := range batch.recs {
				v.prepareHistory(live, &batch.recs[i])
			}
		},
		func(batch *backupBatch) error {
			for i := range batch.recs {
				if err := v.addHistoryRec(bw, files, &batch.recs[i]); err != nil {
					return err
				}
				tick()
			}
			mem.release(batch)
			return nil
		})
	if err != nil {
		return err
	}
	if err := v.backupMissedHistory(txn, bw, files, live, hscanned, tick); err != nil {
		return err
	}

	p, err := v.prefsIn(txn)
	if err != nil {
		return fmt.Errorf("backing up: %w", err)
	}
	books, err := v.journalsIn(txn)
	if err != nil {
		return fmt.Errorf("backing up: %w", err)
	}
	return bw.AddPrefs(encodeJSON(prefsDoc{p, books}))
}

// prefsDoc is what prefs.json holds: the preferences and, beside them, the
// list of journals. They share the one member so that a Tend from before
// there were several journals reads the backup whole, leaving out the list
// as JSON readers leave out members they do not know.
type prefsDoc struct {
	journal.Prefs
	Journals journal.Journals `json:"journals"`
}

// backupRec is one record on its way into a backup: its sealed values as
// read from the store, then its member's name, document and checksum.
type backupRec struct {
	key, val []byte // the summary's (or earlier version's) key and sealed value
	cval     []byte // the body's sealed value; nil if it is missing
	err      error
	left     journal.Damage // what err means for the person, when it is damage

	id   journal.ID
	name string
	doc  []byte // nil for an earlier version that is left out
	sum  [32]byte

	// big is the entry of a chunked content or earlier version, whose
	// member finishBig makes; list is an earlier version's chunks.
	big  *journal.Entry
	list chunkList
}

// Batches of records handed between the goroutines of a backup: large
// enough to keep the hand-offs cheap, small enough to keep memory low.
const (
	backupBatchRecords = 128
	backupBatchBytes   = 1 << 20
)

// addHistoryRec writes the earlier version r into the backup, or leaves it
// out as damage when it could not be read (an error when bw cannot leave
// damage out).
func (v *Vault) addHistoryRec(bw *backup.Writer, files *backupFileState, r *backupRec) error {
	if ok, err := v.settleRec(bw, files, r); !ok || r.doc == nil {
		return err // a nil doc: left behind by an entry that is gone; nothing can reach it
	}
	return bw.AddHistory(r.name, r.doc, r.sum)
}

// settleRec makes the member of r, or leaves r out as damage when it could
// not be read (an error when bw cannot leave damage out). It reports
// whether r is to be written.
func (v *Vault) settleRec(bw *backup.Writer, files *backupFileState, r *backupRec) (bool, error) {
	if err := v.finishBig(bw, files, r); err != nil {
		return false, err
	}
	if r.err != nil {
		if !bw.LeaveOut(r.left) {
			return false, r.err
		}
		return false, nil
	}
	return true, nil
}

// addEntryRec writes the entry r into the backup, or leaves it out as
// damage when it could not be read (an error when bw cannot leave damage
// out), and marks it live.
func (v *Vault) addEntryRec(bw *backup.Writer, files *backupFileState, live map[journal.ID]bool, r *backupRec) error {
	if ok, err := v.settleRec(bw, files, r); !ok {
		return err
	}
	if err := bw.AddEntry(r.name, r.doc, r.sum); err != nil {
		return err
	}
	live[r.id] = true
	return nil
}

// readEntryRec reads entry id's summary and body by their keys, as
// scanEntries reads them in order; a summary that cannot be read, or is
// not there though the journal knows the entry, is damage.
func (v *Vault) readEntryRec(txn *badger.Txn, id journal.ID) backupRec {
	r := backupRec{key: summaryKey(id)}
	read := func(key []byte) (val []byte, err error) {
		err = v.guardEntry(id, "", func() error {
			item, err := txn.Get(key)
			if err != nil {
				return err
			}
			val, err = item.ValueCopy(nil)
			return err
		})
		return val, err
	}
	var err error
	if r.val, err = read(r.key); err != nil {
		r.err = fmt.Errorf("backing up: an entry could not be read (%w); run a check of the journal", err)
		r.left = damageFor(r.key, "it could not be read, so the entry was left out")
		return r
	}
	ck := contentKey(id)
	r.cval, err = read(ck)
	if err != nil && !errors.Is(err, badger.ErrKeyNotFound) {
		r.err = fmt.Errorf("backing up: entry %x: %w; run a check of the journal", id[:], err)
		r.left = damageFor(ck, "its text could not be read, so the entry was left out")
	}
	return r
}

// scanEndsAt, when set by a test, ends scanEntries after that many
// summaries without an error, as the store's scan ends at a part of a
// table it cannot read.
var scanEndsAt *int

// scanEntries reads every summary with its body, walking both prefixes in
// lockstep, and emits them in batches. A summary without a body is emitted
// with its error, so it is reported in its place.
func (v *Vault) scanEntries(txn *badger.Txn, mem *backupMemory, emit func(*backupBatch) bool) error {
	it := txn.NewIterator(scanOptions(prefixSummary))
	defer it.Close()
	cit := txn.NewIterator(scanOptions(prefixContent))
	defer cit.Close()

	cit.Rewind()
	b := newBatcher(mem, emit)
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if scanEndsAt != nil && n == *scanEndsAt {
			break // as the store's scan ends at a part of a table it cannot read
		}
		n++
		item := it.Item()
		r := backupRec{key: b.copy(item.Key())}
		val, err := b.value(item)
		if err != nil {
			r.err = fmt.Errorf("backing up: an entry could not be read (%w); run a check of the journal", err)
			r.left = damageFor(r.key, "it could not be read, so the entry was left out")
		}
		r.val = val
		id := r.key[1:]
		for cit.Valid() && bytes.Compare(cit.Item().Key()[1:], id) < 0 {
			cit.Next()
		}
		if cit.Valid() && bytes.Equal(cit.Item().Key()[1:], id) {
			if r.cval, err = b.value(cit.Item()); err != nil && r.err == nil {
				r.err = fmt.Errorf("backing up: entry %x: %w; run a check of the journal", id, err)
				r.left = damageFor(cit.Item().KeyCopy(nil), "its text could not be read, so the entry was left out")
			}
			cit.Next()
		}
		if !b.add(r, isChunked(r.cval)) {
			return nil
		}
	}
	b.flush()
	return nil
}

// scanPrefix reads every record under a prefix and emits them in batches.
func scanPrefix(txn *badger.Txn, mem *backupMemory, prefix byte, emit func(*backupBatch) bool) error {
	it := txn.NewIterator(scanOptions(prefix))
	defer it.Close()
	b := newBatcher(mem, emit)
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		r := backupRec{key: b.copy(item.Key())}
		val, err := b.value(item)
		if err != nil {
			r.err = fmt.Errorf("backing up: an earlier version could not be read (%w); run a check of the journal", err)
			r.left = damageFor(r.key, "an earlier version could not be read, so it was left out")
		}
		r.val = val
		if !b.add(r, isChunked(val)) {
			return nil
		}
	}
	b.flush()
	return nil
}

// scanOptions are the options of a backup's scan of the records under a
// prefix. The store would read each value ahead on a goroutine of its own,
// which costs more than it saves for the small records scanned here: the
// batches are what keeps the workers fed.
func scanOptions(prefix byte) badger.IteratorOptions {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefix}
	opts.PrefetchValues = false
	return opts
}

// batcher gathers the records a scan reads into batches of at most
// backupBatchRecords records or about backupBatchBytes bytes, and hands
// each to emit. It copies the keys and values it is given into blocks of
// its own, from mem: no allocation at all once the backup's pool holds
// enough of them, rather than two for each record.
type batcher struct {
	mem   *backupMemory
	emit  func(*backupBatch) bool
	batch *backupBatch
	size  int
	block []byte
}

// batcherBlock is the size of the blocks a batcher copies records into;
// a record larger than a quarter of one is copied alone.
const batcherBlock = 256 << 10

// copy returns a copy of v.
func (b *batcher) copy(v []byte) []byte {
	if len(v) > cap(b.block)-len(b.block) {
		if len(v) > batcherBlock/4 {
			return bytes.Clone(v)
		}
		b.block = b.mem.block()
		b.batch.mem = append(b.batch.mem, b.block)
	}
	n := len(b.block)
	b.block = append(b.block, v...)
	return b.block[n:len(b.block):len(b.block)]
}

// value returns a copy of item's value.
func (b *batcher) value(item *badger.Item) ([]byte, error) {
	var out []byte
	err := item.Value(func(v []byte) error {
		out = b.copy(v)
		return nil
	})
	return out, err
}

func newBatcher(mem *backupMemory, emit func(*backupBatch) bool) *batcher {
	return &batcher{mem: mem, emit: emit, batch: mem.batch()}
}

// add adds r; a big record (one in chunks) ends its batch. It reports false
// once emit has asked to stop.
func (b *batcher) add(r backupRec, big bool) bool {
	b.batch.recs = append(b.batch.recs, r)
	b.size += len(r.val) + len(r.cval)
	if big {
		b.size += backupBatchBytes
	}
	if len(b.batch.recs) < backupBatchRecords && b.size < backupBatchBytes {
		return true
	}
	ok := b.emit(b.batch)
	// The blocks went with the batch, and come back to the pool once it
	// is written: nothing more is copied into them.
	b.batch, b.size, b.block = b.mem.batch(), 0, nil
	return ok
}

// flush hands on the last, partial batch.
func (b *batcher) flush() {
	if len(b.batch.recs) > 0 {
		b.emit(b.batch)
	}
}

// prepareEntry opens an entry's summary and body and makes its member, in
// a's memory (a nil a allocates it). The summary sr decodes is of no use
// once it returns: sr may decode the next one into the same entry.
func (v *Vault) prepareEntry(sr *summaryReader, a *arena, r *backupRec) {
	if r.err != nil {
		return // the store could not read it
	}
	sum, err := v.openSummary(sr, r.key, r.val)
	if err != nil {
		r.err = fmt.Errorf("backing up: an entry could not be read (%w); run a check of the journal", err)
		r.left = damageFor(r.key, "it fails its integrity check, so the entry was left out")
		return
	}
	if isChunked(r.cval) {
		// The summary is made again from the next record read: the
		// entry finished later keeps a copy of its own.
		big := *sum
		r.id, r.name, r.big = sum.ID, backup.EntryName(sum.ID), &big
		r.key, r.val = nil, nil
		return
	}
	doc, err := v.entryDocWith(&sr.open, a, sum, r.cval)
	if err != nil {
		r.err = fmt.Errorf("backing up: %w; run a check of the journal", err)
		r.left = journal.Damage{Entry: sum.ID, Record: "body", Problem: leftOutText(sum)}
		return
	}
	r.id = sum.ID
	r.name = backup.EntryName(sum.ID)
	r.doc = doc
	r.sum = sha256.Sum256(r.doc)
	r.key, r.val, r.cval = nil, nil, nil
}

// prepareHistory opens an earlier version and makes its member, or leaves
// doc nil if the version's entry is gone.
func (v *Vault) prepareHistory(live map[journal.ID]bool, r *backupRec) {
	if r.err != nil {
		return // the store could not read it
	}
	pt, schema, err := v.seal.open(r.key, r.val)
	var e *journal.Entry
	var cv chunkedVersion
	if err == nil && schema == chunkedSchema {
		cv, err = decodeChunkedVersion(pt)
		e = cv.Entry
	} else if err == nil {
		e, err = decodeEntry(schema, pt)
	}
	if err != nil {
		r.err = fmt.Errorf("backing up: an earlier version could not be read (%w); run a check of the journal", err)
		r.left = damageFor(r.key, "an earlier version fails its integrity check, so it was left out")
		return
	}
	// A version is filed under a key derived from its entry and
	// revision; one found elsewhere was moved, and is not trusted.
	if !bytes.Equal(r.key, historyKey(v.histKey, e.ID, e.Rev%historySlots)) {
		r.err = fmt.Errorf("backing up: %w: an earlier version is filed under the wrong entry", ErrCorrupt)
		r.left = damageFor(r.key, "an earlier version is filed under the wrong entry, so it was left out")
		return
	}
	r.key, r.val = nil, nil
	if !live[e.ID] || e.Rev < 1 {
		return
	}
	r.name = backup.HistoryName(e.ID, e.Rev)
	if schema == chunkedSchema {
		r.big, r.list = e, cv.chunkList
		return
	}
	// The stored version is already the entry's JSON document, as the
	// backup holds it; it was just read back whole and checked.
	r.doc = pt
	r.sum = sha256.Sum256(r.doc)
}

// finishBig makes the member of a chunked entry or earlier version, which
// the workers leave to the goroutine writing the backup: there, big entries
// are joined one at a time, so only one is whole in memory. The attached
// files the version lists go into the backup first, each one whole in
// memory in turn, and each once (see backupFileState); a file that cannot
// be read is left out, and so is its place in the version's list, as long
// as bw leaves damaged records out. The error returned stops the backup;
// r.err leaves out the record.
func (v *Vault) finishBig(bw *backup.Writer, files *backupFileState, r *backupRec) error {
	if r.big == nil || r.err != nil {
		return nil
	}
	var data []byte
	var err error
	list := r.list
	if r.cval != nil {
		list, err = v.contentList(contentKey(r.big.ID), r.cval)
	}
	if err == nil {
		data, err = files.pieces.join(chunkList{Size: list.Size, Chunks: list.Chunks}, nil)
	}
	if err == nil {
		var left map[journal.FileID]bool
		if left, err = v.backupFiles(bw, files, r.big, list.Files); err != nil {
			return err
		}
		r.doc, err = docLeavingOut(r.big, data, left)
	}
	if err != nil {
		r.err = fmt.Errorf("backing up: entry %s: %w; run a check of the journal", r.big.ID, err)
		// A long text with a damaged piece is left out like any other
		// damaged record, so it does not stop the backup of the rest.
		r.left = damageFor(r.key, "its text could not be read in full, so it was left out")
		return nil
	}
	r.sum = sha256.Sum256(r.doc)
	r.big, r.cval, r.list = nil, nil, chunkList{}
	return nil
}

// backupFileState is what the writing of attached files into a backup
// keeps from one file to the next.
type backupFileState struct {
	// written holds the hashes of the files the backup holds, each written
	// once however many entries and versions list it, and "entry/hash"
	// for those of an entry left out.
	written map[string]bool
	pieces  *pieceReader
	// bufs are the memory files are read into, in turn: a file is
	// handed to the backup whole, and is encrypted while the next one
	// is read into the other buffer; busy[i] is closed once bufs[i]'s
	// file is written.
	bufs [2][]byte
	busy [2]<-chan struct{}
	next int
}

// handOverFile is the size of the largest file that is handed to the
// backup whole rather than copied: it is in memory twice over while it
// is encrypted, and a larger one would cost more memory than the time it
// saves is worth.
const handOverFile = 16 << 20

// backupFiles writes the attached files of a version of entry e that the
// backup does not hold yet, and returns those that could not be read and
// were left out. Each file is read whole, its pieces on every core, into
// one of two buffers kept for the next files, while the file before it is
// still being encrypted from the other.
func (v *Vault) backupFiles(bw *backup.Writer, st *backupFileState, e *journal.Entry, files []storedFile) (map[journal.FileID]bool, error) {
	written := st.written
	var left map[journal.FileID]bool
	leave := func(f journal.File) {
		if left == nil {
			left = map[journal.FileID]bool{}
		}
		left[f.ID] = true
	}
	for _, sf := range files {
		f := sf.File
		if written[f.SHA256] {
			continue
		}
		// The same bytes in another entry are chunks of their own, which
		// may read well where these did not.
		failed := e.ID.String() + "/" + f.SHA256
		if _, seen := written[failed]; seen {
			leave(f) // left out already, and said so once
			continue
		}
		k := st.next
		if st.busy[k] != nil {
			<-st.busy[k] // the file before last is written: its memory is free
			st.busy[k] = nil
		}
		data, err := st.pieces.join(chunkList{Size: int(f.Size), Chunks: sf.Chunks}, st.bufs[k])
		if err != nil {
			d := journal.Damage{Entry: e.ID, Record: "file", Problem: leftOutFile(e, f)}
			if !bw.LeaveOut(d) {
				return nil, fmt.Errorf("backing up: an attached file of entry %s: %w; run a check of the journal", e.ID, err)
			}
			written[failed] = false
			leave(f)
			continue
		}
		if len(data) <= handOverFile {
			if st.busy[k], err = bw.AddFileHandedOver(f, data); err != nil {
				return nil, err
			}
			st.next = 1 - k
			st.bufs[k] = data[:0]
		} else {
			if err := bw.AddFile(f, data); err != nil {
				return nil, err
			}
			// Copied as it was written: its memory is not kept for the
			// next file, so two large files are never held at once.
			st.bufs[k] = nil
		}
		written[f.SHA256] = true
	}
	return left, nil
}

// docLeavingOut makes the document of a version from its summary and its
// whole content, without the attached files in left.
func docLeavingOut(sum *journal.Entry, data []byte, left map[journal.FileID]bool) ([]byte, error) {
	if len(left) == 0 {
		return docOf(sum, schemaVersion, data)
	}
	e, err := joinDecoded(sum, schemaVersion, data)
	if err != nil {
		return nil, err
	}
	e.Files = slices.DeleteFunc(slices.Clone(e.Files), func(f journal.File) bool { return left[f.ID] })
	return encodeEntry(e), nil
}

// leftOutFile says which attached file was left out, by its name and its
// entry's date and title.
func leftOutFile(e *journal.Entry, f journal.File) string {
	if e.Title == "" {
		return fmt.Sprintf("the attached file %q of the entry of %s could not be read, so it was left out", f.Name, e.Date)
	}
	return fmt.Sprintf("the attached file %q of %q (%s) could not be read, so it was left out", f.Name, e.Title, e.Date)
}

// countKeys counts the keys with a prefix without reading their values.
func countKeys(txn *badger.Txn, prefix byte) int {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefix}
	opts.PrefetchValues = false
	it := txn.NewIterator(opts)
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		n++
	}
	return n
}

// entryDoc makes an entry's document in a backup: the JSON of the whole
// entry, as encodeJSON of the summary joined with its body would give, with
// the body's and fields' members last. The body's sealed record is already
// a JSON object holding just those two members, written by encodeJSON and
// authenticated by its seal, so it is spliced in as it is rather than
// decoded and encoded again, which was most of the work of a backup. A
// record of another schema or shape is decoded the long way.
func (v *Vault) entryDoc(sum *journal.Entry, sealed []byte) ([]byte, error) {
	return v.entryDocWith(&openScratch{}, nil, sum, sealed)
}

// entryDocWith is entryDoc opening the body into sc's memory, which is
// free again when it returns, and writing the document into a's (a nil a
// allocates it).
func (v *Vault) entryDocWith(sc *openScratch, a *arena, sum *journal.Entry, sealed []byte) ([]byte, error) {
	pt, schema, err := v.openContentWith(sc, sum, sealed)
	if err != nil {
		return nil, err
	}
	doc, err := docIn(a, sum, schema, pt)
	if err == nil {
		a.keep(doc)
	}
	return doc, err
}

// docOf makes an entry's document from its summary and its opened content.
func docOf(sum *journal.Entry, schema uint16, pt []byte) ([]byte, error) {
	return docIn(nil, sum, schema, pt)
}

// docIn is docOf writing the document into a's memory; a nil a
// allocates it. It keeps nothing of pt.
func docIn(a *arena, sum *journal.Entry, schema uint16, pt []byte) ([]byte, error) {
	if schema == schemaVersion && sum.Body == "" && sum.Fields.IsZero() && len(sum.Files) == 0 && contentObject(pt) {
		doc, ok := appendEntry(a.room(entryJSONSize(sum)+len(pt)), sum)
		if !ok {
			doc = encodeJSON(sum) // refuses the time, as always
		}
		if len(pt) == 2 { // {}: no body, no fields
			return doc, nil
		}
		doc = append(doc[:len(doc)-1], ',')
		return append(doc, pt[1:]...), nil
	}
	e, err := joinDecoded(sum, schema, pt)
	if err != nil {
		return nil, err
	}
	return encodeEntry(e), nil
}

// contentObject reports whether b looks as encodeJSON writes a content:
// {} or an object starting with its body, fields or files member.
func contentObject(b []byte) bool {
	if string(b) == "{}" {
		return true
	}
	return len(b) > 2 && b[len(b)-1] == '}' &&
		(bytes.HasPrefix(b, []byte(`{"body":`)) || bytes.HasPrefix(b, []byte(`{"fields":`)) || bytes.HasPrefix(b, []byte(`{"files":`)))
}

// openContentWith opens an entry's sealed body into sc's memory: the
// body returned is valid until sc is used again. A nil sealed value is a
// missing body.
func (v *Vault) openContentWith(sc *openScratch, sum *journal.Entry, sealed []byte) ([]byte, uint16, error) {
	if sealed == nil {
		return nil, 0, fmt.Errorf("the body of entry %s is missing: %w", sum.ID, ErrCorrupt)
	}
	pt, schema, err := v.seal.openWith(sc, contentKey(sum.ID), sealed)
	if err != nil {
		return nil, 0, fmt.Errorf("entry %s: %w", sum.ID, err)
	}
	return pt, schema, nil
}

// joinDecoded decodes an opened body and joins it with its summary.
func joinDecoded(sum *journal.Entry, schema uint16, pt []byte) (*journal.Entry, error) {
	c, err := decodeContent(schema, pt)
	if err != nil {
		return nil, fmt.Errorf("entry %s: %w", sum.ID, err)
	}
	e := *sum
	e.Body, e.Fields, e.Files = c.Body, c.Fields, c.Files
	return &e, nil
}

// prefsIn reads the journal's preferences in txn.
func (v *Vault) prefsIn(txn *badger.Txn) (journal.Prefs, error) {
	var p journal.Prefs
	item, err := txn.Get(prefsKey)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return p, nil
	}
	if err != nil {
		return p, fmt.Errorf("reading the journal's preferences: %w", err)
	}
	err = item.Value(func(val []byte) error {
		pt, _, err := v.seal.open(prefsKey, val)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(pt, &p); err != nil {
			return fmt.Errorf("%w: %v", ErrCorrupt, err)
		}
		return nil
	})
	if err != nil {
		return p, fmt.Errorf("reading the journal's preferences: %w", err)
	}
	return p, nil
}

// leftOutText says which entry was left out because its text could not be
// read, by its date and title, which the person knows it by.
func leftOutText(sum *journal.Entry) string {
	if sum.Title == "" {
		return fmt.Sprintf("the text of the entry of %s could not be read, so it was left out", sum.Date)
	}
	return fmt.Sprintf("the text of %q (%s) could not be read, so it was left out", sum.Title, sum.Date)
}

// BackupToFile writes a backup to path the careful way: into a private
// temporary file beside it, synced, then read back in full and checked
// against the manifest, and only then renamed over path (and the folder
// synced). On any failure the temporary file is removed and whatever was at
// path before is left as it was.
func (v *Vault) BackupToFile(path string, passphrase []byte, appVersion string, progress func(done, total int)) (backup.Manifest, error) {
	var m backup.Manifest
	err := backup.WriteFile(path, passphrase, func(w io.Writer) (backup.Manifest, error) {
		var err error
		m, err = v.Backup(w, passphrase, appVersion, progress)
		return m, err
	})
	return m, err
}

// ScanSealed reads every value in the store without opening its seal, and
// returns how many records and bytes it read. It is the floor under any
// whole-journal read, backups included: the benchmarks measure the machine's
// limit with it.
func (v *Vault) ScanSealed() (records int, size int64, err error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return 0, 0, ErrClosed
	}
	err = v.view("the store", func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			err := it.Item().Value(func(val []byte) error {
				records++
				size += int64(len(val))
				return nil
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return records, size, fmt.Errorf("reading the store: %w", err)
	}
	return records, size, nil
}
