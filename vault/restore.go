package vault

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/internal/atomicfile"
	"tend/internal/pipeline"
	"tend/journal"
)

// RestoreNew creates a new vault in dir protected by password, fills it with
// the contents of a backup (entries with their ids, times and history, and
// the preferences), and returns it unlocked with its new recovery key. It
// refuses a folder that already holds a vault.
//
// The journal is built whole in a temporary folder inside dir and moved into
// place at the end, its header last: until then dir holds no journal, so a
// failure or a killed process never leaves a half restored journal that
// opens as if it were whole. The next restore clears what an interrupted
// one left. The new store's writes are not synced one by one: it is made
// durable once, as it closes, before anything moves (see useBuild).
func RestoreNew(dir string, c *backup.Contents, password []byte, kdf KDFParams) (*Vault, RecoveryKey, error) {
	if c == nil {
		return nil, RecoveryKey{}, errors.New("restoring: there is no backup to restore")
	}
	if err := kdf.Validate(); err != nil {
		return nil, RecoveryKey{}, err
	}
	if ok, err := Exists(dir); err != nil {
		return nil, RecoveryKey{}, err
	} else if ok {
		return nil, RecoveryKey{}, ErrVaultExists
	}
	_, statErr := os.Stat(dir)
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, RecoveryKey{}, fmt.Errorf("creating the journal folder: %w", err)
	}
	fail := func(err error) (*Vault, RecoveryKey, error) {
		removeRestoreTemp(dir)
		if statErr != nil {
			os.Remove(dir) // made here; removed only if empty
		}
		return nil, RecoveryKey{}, fmt.Errorf("restoring the backup: %w", err)
	}
	if err := clearInterruptedRestore(dir); err != nil {
		return fail(err)
	}
	tmp := filepath.Join(dir, restoreTemp)
	v, rk, err := create(tmp, password, kdf, useBuild)
	if err != nil {
		return fail(err)
	}
	hist := historyByEntry(c.History)
	items := make([]restoreItem, 0, len(c.Entries))
	for _, e := range c.Entries {
		items = append(items, restoreItem{e: e, hist: hist[e.ID], files: c.Files})
	}
	v.wmu.Lock()
	err = v.checkWrite()
	if err == nil {
		p := c.Prefs
		p.HiddenTags = journal.NormalizeTags(p.HiddenTags)
		extra := []record{{prefsKey, v.seal.seal(prefsKey, schemaVersion, encodeJSON(p))}}
		if c.Journals != nil {
			extra = append(extra, v.journalsRecord(c.Journals))
		}
		err = v.writeRestored(items, writeDirect, extra...)
	}
	master, h := bytes.Clone(v.master), *v.hdr
	v.wmu.Unlock()
	if cerr := v.Close(); err == nil && cerr != nil {
		err = cerr
	}
	if err == nil {
		err = placeRestored(tmp, dir)
	}
	if err != nil {
		wipe(master)
		return fail(err)
	}
	v, err = openAs(dir, &h, master, true, useBuilt)
	if err != nil {
		return nil, RecoveryKey{}, fmt.Errorf("opening the restored journal: %w", err)
	}
	return v, rk, nil
}

// restoreTemp is the folder inside a vault folder where RestoreNew builds
// the journal before moving it into place.
const restoreTemp = ".restoring"

// placeRestored moves a journal built in tmp into dir: the store first, then
// the copy of the store's keys and the space reserve (so neither is made
// again), and the header last, since a folder holds a journal exactly when
// it holds a header.
func placeRestored(tmp, dir string) error {
	if _, err := os.Lstat(filepath.Join(dir, storeDir)); err == nil {
		return errors.New("this folder already holds the store of another journal, without its header; choose an empty folder")
	}
	names := []string{storeDir, keysCopy, reserveFile, headerFile}
	for i, name := range names {
		err := os.Rename(filepath.Join(tmp, name), filepath.Join(dir, name))
		optional := name == keysCopy || name == reserveFile
		if err != nil && !(optional && errors.Is(err, os.ErrNotExist)) {
			// Put back what moved, so the folder holds no part of a
			// journal and the next restore starts clean.
			for _, back := range names[:i] {
				_ = os.Rename(filepath.Join(dir, back), filepath.Join(tmp, back))
			}
			return fmt.Errorf("moving the restored journal into place: %w", err)
		}
	}
	if err := atomicfile.SyncDir(dir); err != nil {
		return fmt.Errorf("the restored journal may not survive a power cut: %w", err)
	}
	removeRestoreTemp(dir)
	return nil
}

// clearInterruptedRestore removes what a restore into dir left when it was
// stopped before its header was in place. The store is removed only when
// the temporary folder shows it was moved from there: a store folder that
// is not ours is left alone and the restore refused.
func clearInterruptedRestore(dir string) error {
	tmp := filepath.Join(dir, restoreTemp)
	if _, err := os.Stat(tmp); err != nil {
		return nil
	}
	_, tmpHeader := os.Stat(filepath.Join(tmp, headerFile))
	_, tmpStore := os.Stat(filepath.Join(tmp, storeDir))
	if tmpHeader == nil && errors.Is(tmpStore, os.ErrNotExist) {
		// Stopped between moving the store and moving the header.
		os.RemoveAll(filepath.Join(dir, storeDir))
		os.Remove(filepath.Join(dir, keysCopy))
	}
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("clearing an interrupted restore: %w", err)
	}
	return nil
}

// removeRestoreTemp removes the folder a restore builds in. It is called
// when a journal opens (a restore stopped after its header moved leaves the
// emptied folder behind) and when a restore fails.
func removeRestoreTemp(dir string) {
	_ = os.RemoveAll(filepath.Join(dir, restoreTemp))
}

func historyByEntry(hist []*journal.Entry) map[journal.ID][]*journal.Entry {
	out := make(map[journal.ID][]*journal.Entry)
	for _, h := range hist {
		out[h.ID] = append(out[h.ID], h)
	}
	return out
}

// restoreItem is an entry to write as it is, with earlier versions to file
// in its history.
type restoreItem struct {
	e    *journal.Entry
	hist []*journal.Entry
	// stored are the chunks of the attached files the store already
	// holds for this entry, by hash: those of its current version, when
	// it is in the journal.
	stored map[string][]chunkRef
	// files gives the bytes of the other attached files its versions
	// list, by hash, and must give every one. Without it (an import that
	// does not carry files), a file the store does not hold is left off
	// the version that lists it.
	files fileSource
}

// fileSource gives the bytes of attached files by their hex SHA-256, as
// the contents of a backup do.
type fileSource interface {
	Has(sum string) bool
	ReadAll(sum string) ([]byte, error)
}

// fileKey is an attached file's bytes in one entry: the same bytes in two
// entries are chunked apart, since a chunk is filed under its entry.
type fileKey struct {
	entry journal.ID
	sum   string
}

// writeMode says how writeRestored writes.
type writeMode int

const (
	// writeStaged stages every record and commits them together: for a
	// journal in use.
	writeStaged writeMode = iota
	// writeDirect writes records in place: for a journal no one can open
	// until the whole operation is done.
	writeDirect
)

// writeRestored writes entries keeping their ids, times and revisions, and
// files their earlier versions under the same keys Put uses; extra records
// (the preferences) go with them. Everything is written as one operation:
// the journal shows all of it or none of it, and what it holds in memory
// changes only once the operation is committed. The caller holds wmu.
//
// Workers seal the records while this goroutine feeds them to the writer
// in order.
func (v *Vault) writeRestored(items []restoreItem, mode writeMode, extra ...record) error {
	// Check everything first, so nothing is written for a list that
	// cannot be written whole.
	for _, it := range items {
		e := it.e
		if !e.Kind.Valid() || e.Date.IsZero() || e.ID.IsZero() {
			return fmt.Errorf("entry %s is incomplete", e.ID)
		}
		for _, h := range append([]*journal.Entry{e}, it.hist...) {
			if err := checkSize(h); err != nil {
				return fmt.Errorf("entry %s: %w", h.ID, err)
			}
		}
	}
	w := v.beginStaged()
	if mode == writeDirect {
		w = v.beginDirect()
	}
	defer w.abort()
	files, err := v.restoreFiles(w, items, mode)
	if err != nil {
		return err
	}
	sums := make([]*journal.Entry, 0, len(items))
	var entries []*journal.Entry
	if mode == writeStaged {
		entries = make([]*journal.Entry, 0, len(items))
	}

	err = pipeline.Ordered(pipeline.Workers(),
		func(emit func([]restoreRec) bool) error {
			for lo := 0; lo < len(items); lo += restoreBatch {
				batch := make([]restoreRec, 0, restoreBatch)
				for _, it := range items[lo:min(lo+restoreBatch, len(items))] {
					batch = append(batch, restoreRec{item: it})
				}
				if !emit(batch) {
					return nil
				}
			}
			return nil
		},
		func(_ int, batch []restoreRec) {
			for i := range batch {
				v.sealRestored(&batch[i], files)
			}
		},
		func(batch []restoreRec) error {
			for i := range batch {
				r := &batch[i]
				if r.err != nil {
					return r.err
				}
				for _, kv := range r.kvs {
					if err := w.set(kv.key, kv.val); err != nil {
						return recordError(r.e, err)
					}
				}
				sums = append(sums, r.sum)
				if entries != nil {
					entries = append(entries, r.e)
				}
			}
			return nil
		})
	if err != nil {
		return err
	}
	for _, kv := range extra {
		if err := w.set(kv.key, kv.val); err != nil {
			return err
		}
	}
	return w.commit(func() { v.indexAll(entries) }, func() { v.rememberLocked(sums) })
}

// restoreFiles writes the chunks of the attached files the items' versions
// list; the versions' records, written after, list them. It returns the
// chunks of each file by its entry and hash. Chunks the store already
// holds (a merge of a backup made from this journal) or that this
// operation wrote already are not written again: the same picture is never
// kept twice in one entry.
//
// Workers read the files and cut and seal their chunks, several at once
// but never more than restoreFileBudget bytes of them, so that however
// many photos a backup carries only a few are in memory; the chunks are
// written here, in order.
func (v *Vault) restoreFiles(w *stagedWriter, items []restoreItem, mode writeMode) (map[fileKey][]chunkRef, error) {
	lists := map[fileKey][]chunkRef{}
	written := map[string]bool{}
	var txn *badger.Txn
	if mode == writeStaged {
		txn = v.db.NewTransaction(false)
		defer txn.Discard()
	}
	// stored is safe on the workers: a read-only transaction's lookups
	// are.
	stored := func(key []byte) bool {
		if txn == nil {
			return false
		}
		// One the store cannot read is written again: a piece too
		// many is swept later, one too few would be lost.
		err := v.guard("a piece of an attached file", func() error {
			_, err := txn.Get(key)
			return err
		})
		return err == nil
	}
	err := pipeline.Budgeted(pipeline.Workers(), restoreFileBudget,
		func(j *fileJob) int64 {
			if j.have {
				return 0
			}
			return 2 * j.f.Size
		},
		func(emit func(*fileJob) bool) error {
			seen := map[fileKey]bool{}
			for _, it := range items {
				for _, ver := range append([]*journal.Entry{it.e}, it.hist...) {
					for _, f := range ver.Files {
						k := fileKey{ver.ID, f.SHA256}
						if seen[k] {
							continue
						}
						seen[k] = true
						j := &fileJob{key: k, f: f, entry: ver}
						if refs, ok := it.stored[f.SHA256]; ok {
							j.list.Chunks, j.have = refs, true
						} else if it.files == nil {
							continue
						} else {
							j.files = it.files
						}
						if !emit(j) {
							return nil
						}
					}
				}
			}
			return nil
		},
		func(_ int, j *fileJob) { v.sealFile(j, stored) },
		func(j *fileJob) error {
			if j.err != nil {
				return j.err
			}
			for _, rec := range j.recs {
				if written[string(rec.key)] {
					continue
				}
				if err := w.set(rec.key, rec.val); err != nil {
					return recordError(j.entry, err)
				}
				written[string(rec.key)] = true
			}
			lists[j.key] = j.list.Chunks
			j.recs = nil
			return nil
		})
	if err != nil {
		return nil, err
	}
	return lists, nil
}

// restoreFileBudget bounds the bytes of attached files a restore holds at
// once, each file counted twice (its bytes, and its chunks sealed). A
// larger file goes through alone.
const restoreFileBudget = 32 << 20

// fileJob is one attached file of one entry on its way into the store: the
// chunks the store holds for it already, or where to read its bytes; then
// its chunks sealed.
type fileJob struct {
	key   fileKey
	f     journal.File
	entry *journal.Entry // the version that lists it
	files fileSource     // nil when have is set
	have  bool           // list holds the chunks the store has already

	list chunkList
	recs []record
	err  error
}

// sealFile reads a file's bytes and cuts and seals its chunks, leaving out
// those stored says the store holds.
func (v *Vault) sealFile(j *fileJob, stored func([]byte) bool) {
	if j.have {
		return
	}
	ver := j.entry
	if !j.files.Has(j.f.SHA256) {
		j.err = fmt.Errorf("an attached file of entry %s did not come with it: %w", ver.ID, ErrCorrupt)
		return
	}
	data, err := j.files.ReadAll(j.f.SHA256)
	if err != nil {
		j.err = fmt.Errorf("an attached file of entry %s: %w", ver.ID, err)
		return
	}
	if int64(len(data)) != j.f.Size {
		j.err = fmt.Errorf("an attached file of entry %s is not the size its entry gives: %w", ver.ID, ErrCorrupt)
		return
	}
	j.recs, j.list = v.chunkRecords(ver.ID, data, stored)
}

// withFiles returns e's attached files with their chunks, and e itself or,
// when some file's bytes did not come, a copy of e without those files.
func withFiles(e *journal.Entry, lists map[fileKey][]chunkRef) (*journal.Entry, []storedFile) {
	if len(e.Files) == 0 {
		return e, nil
	}
	files := make([]storedFile, 0, len(e.Files))
	kept := make([]journal.File, 0, len(e.Files))
	for _, f := range e.Files {
		refs, ok := lists[fileKey{e.ID, f.SHA256}]
		if !ok {
			continue
		}
		files = append(files, storedFile{File: f, Chunks: refs})
		kept = append(kept, f)
	}
	if len(kept) < len(e.Files) {
		c := *e
		c.Files = kept
		e = &c
	}
	return e, files
}

// indexAll puts the entries a committed operation wrote into the search
// index (none when the journal is not in use yet: it builds its index when
// it opens).
func (v *Vault) indexAll(entries []*journal.Entry) {
	for _, e := range entries {
		v.index.Put(e)
	}
}

// rememberLocked puts the summaries a committed operation wrote into
// memory, in order. The caller holds wmu and mu.
func (v *Vault) rememberLocked(sums []*journal.Entry) {
	for _, s := range sums {
		v.sums[s.ID] = s
		v.touched[s.ID] = true
	}
	v.resortLocked()
}

// recordError names the entry whose record could not be written.
func recordError(e *journal.Entry, err error) error {
	return fmt.Errorf("entry %s of %s: %w", e.ID, e.Date, err)
}

// restoreBatch is how many entries a restore hands to a worker at a time.
const restoreBatch = 64

// restoreRec is one entry of a restore: what to write, then what was
// sealed for it.
type restoreRec struct {
	item restoreItem
	e    *journal.Entry // the entry as stored, with its body
	sum  *journal.Entry
	kvs  []record
	err  error
}

// sealRestored prepares an entry as it is stored and seals it and its
// earlier versions; lists are the chunks of their attached files, by entry
// and hash, already written.
func (v *Vault) sealRestored(r *restoreRec, lists map[fileKey][]chunkRef) {
	cur, files := withFiles(r.item.e, lists)
	e := *cur
	e.Tags = journal.NormalizeTags(e.Tags)
	e.Words = e.CountWords()
	// A backup holds no gist (see journal.Entry): it is derived again here.
	e.Headline, e.Preview = journal.Gist(&e)
	if e.Rev == 0 {
		e.Rev = 1
	}
	r.kvs = make([]record, 0, len(r.item.hist)+2)
	// Versions of one entry share the chunks they have in common; each is
	// sealed once.
	sealed := map[string]bool{}
	have := func(k []byte) bool { return sealed[string(k)] }
	add := func(recs []record) {
		for _, rec := range recs {
			sealed[string(rec.key)] = true
		}
		r.kvs = append(r.kvs, recs...)
	}
	for _, h := range r.item.hist {
		h, hfiles := withFiles(h, lists)
		recs, err := v.historyRecords(h, hfiles, have)
		if err != nil {
			r.err = fmt.Errorf("an earlier version of entry %s: %w", h.ID, err)
			return
		}
		add(recs)
	}
	sum, _ := splitEntry(&e)
	recs, err := v.contentRecords(&e, files, have)
	if err != nil {
		r.err = fmt.Errorf("entry %s: %w", e.ID, err)
		return
	}
	add(recs)
	sk := summaryKey(e.ID)
	r.kvs = append(r.kvs, record{sk, v.seal.seal(sk, summarySchema, encodeSummary(sum))})
	r.e, r.sum = &e, sum
}
