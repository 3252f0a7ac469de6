package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"

	"tend/internal/imagemeta"
	"tend/journal"
)

// A new entry that comes with files (one added with files from the command
// line, one an import brings with its photos) is written with them in one
// staged operation (stage.go): the journal holds the entry and all of its
// files, or, after a failure or a crash, none of it. Attach, one file to
// an entry already there, is one transaction each; a series of them would
// leave an entry with some of its files and a body that links the others.

// NewFile is a file to attach to a new entry: the name it is attached
// under and how to read its bytes.
type NewFile struct {
	Name string
	Open func() (io.ReadCloser, error)
}

// FileError is a file that could not be attached, and why. Nothing of its
// entry was written.
type FileError struct {
	Name string
	Err  error
}

func (e *FileError) Error() string { return e.Name + ": " + e.Err.Error() }

func (e *FileError) Unwrap() error { return e.Err }

// PutWithFiles saves e, a new entry, with files attached to it, in the
// order given, as Put and then Attach for each would, but all at once: if
// any file cannot be read or kept (larger than journal.MaxFileSize, a
// picture that does not parse), nothing is written and the error, a
// *FileError, names the file. A picture's metadata is taken out as Attach
// takes it; files with the same bytes are kept once; names are made
// unique (sea (2).jpg). On success e lists its files as kept.
func (v *Vault) PutWithFiles(e *journal.Entry, files []NewFile) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	if !e.ID.IsZero() {
		v.mu.RLock()
		here := v.sums[e.ID] != nil
		v.mu.RUnlock()
		if here {
			return fmt.Errorf("saving the entry: entry %s is already in the journal", e.ID)
		}
	}
	if err := checkEntry(e); err != nil {
		return err
	}
	t := now()
	if e.ID.IsZero() {
		e.ID = journal.NewID()
	}
	if e.Date.IsZero() {
		e.Date = journal.DateOf(t)
	}
	if e.Created.IsZero() {
		e.Created = t
	}
	e.Written = journal.WrittenAt(e.Written)
	e.Updated, e.Rev = t, 1
	w := v.beginStaged()
	defer w.abort()
	sum, err := v.stageWithFiles(w, e, files)
	if err != nil {
		return err
	}
	full := *e
	return w.commit(func() { v.index.Put(&full) }, func() { v.rememberLocked([]*journal.Entry{sum}) })
}

// stageWithFiles stages, in w, new entry e (its times and revision set)
// with files, and returns its summary. e.Files is set to the files kept.
// One file is in memory at a time.
func (v *Vault) stageWithFiles(w *stagedWriter, e *journal.Entry, files []NewFile) (*journal.Entry, error) {
	e.Tags = journal.NormalizeTags(e.Tags)
	e.Words = e.CountWords()
	e.Headline, e.Preview = journal.Gist(e)
	if len(files) > maxFiles {
		return nil, fmt.Errorf("entry %s: %d files are more than one entry keeps", e.ID, len(files))
	}
	staged := map[string]bool{}
	have := func(k []byte) bool { return staged[string(k)] }
	set := func(recs []record) error {
		for _, r := range recs {
			if err := w.set(r.key, r.val); err != nil {
				return recordError(e, err)
			}
			staged[string(r.key)] = true
		}
		return nil
	}
	e.Files = nil
	var stored []storedFile
	for _, nf := range files {
		f, kept, err := readNewFile(nf)
		if err != nil {
			return nil, &FileError{Name: nf.Name, Err: err}
		}
		// The same bytes under the same name (one file given twice) are
		// kept once. Under another name they are kept under both, as a
		// body may link each: their chunks are the same, stored once.
		dup := false
		for _, have := range e.Files {
			dup = dup || have.SHA256 == f.SHA256 && have.Name == f.Name
		}
		if dup {
			continue
		}
		f.Name = uniqueName(f.Name, e.Files)
		recs, list := v.chunkRecords(e.ID, kept, have)
		if err := set(recs); err != nil {
			return nil, err
		}
		stored = append(stored, storedFile{File: f, Chunks: list.Chunks})
		e.Files = append(e.Files, f)
	}
	sum, _ := splitEntry(e)
	recs, err := v.contentRecords(e, stored, have)
	if err != nil {
		return nil, fmt.Errorf("entry %s: %w", e.ID, err)
	}
	sk := summaryKey(e.ID)
	recs = append(recs, record{sk, v.seal.seal(sk, summarySchema, encodeSummary(sum))})
	return sum, set(recs)
}

// readNewFile reads nf whole, takes a picture's metadata out, and
// describes what is kept, as Attach does.
func readNewFile(nf NewFile) (journal.File, []byte, error) {
	if nf.Open == nil {
		return journal.File{}, nil, errors.New("there is nothing to read")
	}
	rc, err := nf.Open()
	if err != nil {
		return journal.File{}, nil, err
	}
	// Into memory, never a temporary file: its bytes reach the disk only
	// sealed.
	data, err := io.ReadAll(io.LimitReader(rc, journal.MaxFileSize+1))
	rc.Close()
	if err != nil {
		return journal.File{}, nil, err
	}
	if len(data) > journal.MaxFileSize {
		return journal.File{}, nil, journal.ErrFileTooBig
	}
	kept, format, err := imagemeta.Strip(data)
	if err != nil {
		return journal.File{}, nil, err
	}
	sum := sha256.Sum256(kept)
	return journal.File{
		ID:     journal.NewFileID(),
		Name:   journal.CleanFileName(nf.Name),
		Type:   mediaType(nf.Name, format, kept),
		Size:   int64(len(kept)),
		SHA256: hex.EncodeToString(sum[:]),
	}, kept, nil
}

// importedWithFiles is a new entry of an import and the files it brings.
type importedWithFiles struct {
	e     *journal.Entry
	files []NewFile
}

// writeImportWithFiles writes, in one staged operation, items as
// writeRestored does and the new entries of fresh with their files, and
// extra records: the journal holds every one of them or, after a failure
// or a crash, none. It counts the files kept.
func (v *Vault) writeImportWithFiles(items []restoreItem, fresh []importedWithFiles, extra ...record) (int, error) {
	for _, it := range items {
		if !it.e.Kind.Valid() || it.e.Date.IsZero() || it.e.ID.IsZero() {
			return 0, fmt.Errorf("entry %s is incomplete", it.e.ID)
		}
	}
	for _, n := range fresh {
		if !n.e.Kind.Valid() || n.e.Date.IsZero() || n.e.ID.IsZero() {
			return 0, fmt.Errorf("entry %s is incomplete", n.e.ID)
		}
		if err := checkSize(n.e); err != nil {
			return 0, fmt.Errorf("entry %s: %w", n.e.ID, err)
		}
	}
	w := v.beginStaged()
	defer w.abort()
	// The entries it changes keep the files the journal holds for them
	// (restoreItem.stored), as a merge's do.
	lists, err := v.restoreFiles(w, items, writeStaged)
	if err != nil {
		return 0, err
	}
	sums := make([]*journal.Entry, 0, len(items)+len(fresh))
	entries := make([]*journal.Entry, 0, len(items)+len(fresh))
	for _, it := range items {
		r := restoreRec{item: it}
		v.sealRestored(&r, lists)
		if r.err != nil {
			return 0, r.err
		}
		for _, kv := range r.kvs {
			if err := w.set(kv.key, kv.val); err != nil {
				return 0, recordError(r.e, err)
			}
		}
		sums, entries = append(sums, r.sum), append(entries, r.e)
	}
	kept := 0
	for _, n := range fresh {
		e := *n.e
		if e.Rev == 0 {
			e.Rev = 1
		}
		sum, err := v.stageWithFiles(w, &e, n.files)
		if err != nil {
			return 0, err
		}
		kept += len(e.Files)
		sums, entries = append(sums, sum), append(entries, &e)
	}
	for _, kv := range extra {
		if err := w.set(kv.key, kv.val); err != nil {
			return 0, err
		}
	}
	return kept, w.commit(func() { v.indexAll(entries) }, func() { v.rememberLocked(sums) })
}
