package vault

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/imagemeta"
	"tend/journal"
)

// Attached files. A picture or any other file attached to an entry is
// kept as the entry's long text is (chunks.go): its bytes in sealed
// chunks filed under a MAC of the entry and the bytes, listed with the
// file in the entry's list of chunks, all written in the one transaction
// of a save. Nothing of a file reaches the disk outside the store, and no
// file's name or type is in a key: they are inside the sealed list and the
// sealed content. The summaries unlocking reads never name a file, so
// unlocking costs the same whatever the files weigh.
//
// A file is attached, or detached, by a save of its entry: the version
// before keeps the files it had, in the entry's history, and moving the
// entry to the trash keeps them too. A file's chunks go when no version
// of its entry lists it any more, and all of them when the entry is
// purged; the store reclaims the space at its next collection.

// maxFiles bounds how many files one version of an entry lists, far
// above what a person attaches, so a damaged list is caught before
// anything is allocated for it.
const maxFiles = 4096

// Attach attaches the file that r gives to entry id, under name, and
// returns it as the entry lists it. A picture loses what it says about
// where, when and with what it was taken (see imagemeta) before anything
// is kept; a picture that does not parse is refused with
// imagemeta.ErrDamaged. A file larger than journal.MaxFileSize is refused
// with journal.ErrFileTooBig. Either way nothing is written. The same
// bytes attached again to the same entry are kept once: Attach returns
// the file the entry already has. Like Put, Attach returns only once the
// file is synced to disk, and the version of the entry before it is in
// the entry's history.
func (v *Vault) Attach(id journal.ID, name string, r io.Reader) (journal.File, error) {
	// The file is read into memory, never into a temporary file: its
	// bytes reach the disk only sealed.
	data, err := io.ReadAll(io.LimitReader(r, journal.MaxFileSize+1))
	if err != nil {
		return journal.File{}, fmt.Errorf("reading the file to attach: %w", err)
	}
	if len(data) > journal.MaxFileSize {
		return journal.File{}, journal.ErrFileTooBig
	}
	kept, format, err := imagemeta.Strip(data)
	if err != nil {
		return journal.File{}, err
	}
	sum := sha256.Sum256(kept)
	f := journal.File{
		ID:     journal.NewFileID(),
		Name:   journal.CleanFileName(name),
		Type:   mediaType(name, format, kept),
		Size:   int64(len(kept)),
		SHA256: hex.EncodeToString(sum[:]),
	}

	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return journal.File{}, err
	}
	e, err := v.Get(id)
	if err != nil {
		return journal.File{}, err
	}
	for _, have := range e.Files {
		if have.SHA256 == f.SHA256 {
			return have, nil
		}
	}
	f.Name = uniqueName(f.Name, e.Files)
	err = v.put(e, func(have []storedFile, txn *badger.Txn) ([]storedFile, []record, error) {
		recs, list := v.chunkRecords(id, kept, txnHas(txn))
		return append(slices.Clone(have), storedFile{File: f, Chunks: list.Chunks}), recs, nil
	})
	if err != nil {
		return journal.File{}, fmt.Errorf("attaching the file: %w", err)
	}
	return f, nil
}

// Detach takes the file with id fid off entry id, by a save of the entry:
// the version before, in the entry's history, still has it.
func (v *Vault) Detach(id journal.ID, fid journal.FileID) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	e, err := v.Get(id)
	if err != nil {
		return err
	}
	if !slices.ContainsFunc(e.Files, func(f journal.File) bool { return f.ID == fid }) {
		return journal.ErrNoFile
	}
	return v.put(e, func(have []storedFile, _ *badger.Txn) ([]storedFile, []record, error) {
		return slices.DeleteFunc(slices.Clone(have), func(f storedFile) bool { return f.File.ID == fid }), nil, nil
	})
}

// Attachment returns the bytes of file fid of entry id, as the entry or
// any of its earlier versions lists it.
func (v *Vault) Attachment(id journal.ID, fid journal.FileID) ([]byte, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	if v.sums[id] == nil {
		return nil, fmt.Errorf("entry %s: %w", id, journal.ErrNotFound)
	}
	var data []byte
	err := v.view("a piece of it", func(txn *badger.Txn) error {
		return v.fileListings(txn, id, fid, func(f storedFile) (bool, error) {
			var err error
			data, err = v.joinChunks(txn, chunkList{Size: int(f.File.Size), Chunks: f.Chunks})
			return true, err
		})
	})
	if err != nil {
		return nil, fmt.Errorf("reading an attached file: %w", err)
	}
	return data, nil
}

// fileListings calls use, in txn, with file fid as each version of entry
// id lists it, the current version first, until use says it is done. It
// fails with journal.ErrNoFile when no version lists the file.
func (v *Vault) fileListings(txn *badger.Txn, id journal.ID, fid journal.FileID, use func(storedFile) (done bool, err error)) error {
	keys := [][]byte{contentKey(id)}
	for slot := range historySlots {
		keys = append(keys, historyKey(v.histKey, id, slot))
	}
	found := false
	for _, k := range keys {
		l, err := v.storedList(txn, k)
		if err != nil {
			return err
		}
		for _, f := range l.Files {
			if f.File.ID != fid {
				continue
			}
			found = true
			if done, err := use(f); done || err != nil {
				return err
			}
		}
	}
	if !found {
		return journal.ErrNoFile
	}
	return nil
}

// storedList returns the list of chunks and files of the record under
// key, read in txn: empty for one that is missing or holds its content
// itself.
func (v *Vault) storedList(txn *badger.Txn, key []byte) (chunkList, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return chunkList{}, nil
	}
	if err != nil {
		return chunkList{}, err
	}
	var l chunkList
	err = item.Value(func(val []byte) error {
		if !isChunked(val) {
			return nil
		}
		pt, _, err := v.seal.open(key, val)
		if err != nil {
			return err
		}
		if key[0] == prefixHistory {
			cv, err := decodeChunkedVersion(pt)
			l = cv.chunkList
			return err
		}
		l, err = decodeChunkList(pt)
		return err
	})
	return l, err
}

// uniqueName returns name, or a numbered one when one of files has it.
func uniqueName(name string, files []journal.File) string {
	return journal.UniqueFileName(name, func(n string) bool {
		return slices.ContainsFunc(files, func(f journal.File) bool { return f.Name == n })
	})
}

// mediaType names what kind of file data is: the picture format its bytes
// show (one Strip cleans, or one it cannot, so that the person can be
// told it was kept as it is), else what its name's extension says, unless
// that claims a picture the bytes are not, else what its first bytes
// suggest.
func mediaType(name string, format imagemeta.Format, data []byte) string {
	if format != "" {
		return string(format)
	}
	if t := imagemeta.Uncleaned(data); t != "" {
		return t
	}
	if t := mime.TypeByExtension(path.Ext(name)); t != "" && !strings.HasPrefix(t, "image/") {
		return t
	}
	return http.DetectContentType(data)
}
