package vault

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/picture"
	"tend/journal"
)

// Thumbnails. The small copy of an attached picture that a strip of
// thumbnails shows is made from the picture the first time it is asked
// for, then kept as the picture's own bytes are: in a sealed chunk filed
// under the entry, listed beside the picture's chunks in the entry's list
// of chunks. So it is never on disk in the clear, a rotation carries it,
// and it goes when the picture goes: when no version of the entry lists
// the picture, or when the entry is purged. Showing a picture's thumbnail
// again opens one small chunk, never the picture.

// maxThumb bounds a thumbnail's chunk: far above what a small JPEG or PNG
// of picture.ThumbSide pixels weighs, so a damaged list is caught.
const maxThumb = 1 << 20

// ErrNotPicture means a file is not a picture, so it has no thumbnail.
var ErrNotPicture = errors.New("this file is not a picture")

// Thumbnail returns the small copy of the picture fid of entry id that a
// strip of thumbnails shows (see picture.Thumbnail). The first call makes
// it from the picture and keeps it sealed with the entry's current
// version; every later call reads it back without decoding the picture. A
// picture that cannot be shown fails as picture.Load does, a file that is
// not a picture with ErrNotPicture.
func (v *Vault) Thumbnail(id journal.ID, fid journal.FileID) ([]byte, error) {
	thumb, f, err := v.keptThumb(id, fid)
	if err != nil || thumb != nil {
		return thumb, err
	}
	if !f.IsImage() {
		return nil, ErrNotPicture
	}
	data, err := v.Attachment(id, fid)
	if err != nil {
		return nil, err
	}
	thumb, err = picture.Thumbnail(data)
	if err != nil {
		return nil, err
	}
	if len(thumb) > maxThumb {
		return nil, picture.ErrTooLarge
	}
	if err := v.keepThumb(id, fid, thumb); err != nil {
		return nil, err
	}
	return thumb, nil
}

// keptThumb returns the thumbnail kept for file fid of entry id, nil when
// none is kept yet, and the file as the entry or an earlier version of it
// lists it.
func (v *Vault) keptThumb(id journal.ID, fid journal.FileID) ([]byte, journal.File, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, journal.File{}, ErrClosed
	}
	if v.sums[id] == nil {
		return nil, journal.File{}, fmt.Errorf("entry %s: %w", id, journal.ErrNotFound)
	}
	var thumb []byte
	var file journal.File
	err := v.view("a picture's thumbnail", func(txn *badger.Txn) error {
		return v.fileListings(txn, id, fid, func(f storedFile) (bool, error) {
			file = f.File
			if len(f.Thumb) == 0 {
				return false, nil // an earlier version may keep one
			}
			var err error
			thumb, err = v.joinChunks(txn, chunkList{Size: thumbSize(f.Thumb), Chunks: f.Thumb})
			return true, err
		})
	})
	if err != nil {
		return nil, journal.File{}, fmt.Errorf("reading a thumbnail: %w", err)
	}
	return thumb, file, nil
}

// keepThumb seals thumb as the thumbnail of file fid in the current
// version of entry id, in one transaction with the list that names it. The
// entry's words, version and history stay as they are. A file the current
// version no longer lists, or one given a thumbnail meanwhile, is left.
func (v *Vault) keepThumb(id journal.ID, fid journal.FileID, thumb []byte) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	err := v.update("a picture's thumbnail", func(txn *badger.Txn) error {
		ck := contentKey(id)
		l, err := v.storedList(txn, ck)
		if err != nil {
			return err
		}
		for i, f := range l.Files {
			if f.File.ID != fid || len(f.Thumb) > 0 {
				continue
			}
			recs, tl := v.chunkRecords(id, thumb, txnHas(txn))
			l.Files[i].Thumb = tl.Chunks
			recs = append(recs, record{ck, v.seal.seal(ck, chunkedSchema, encodeJSON(l))})
			return setAll(txn, recs)
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("keeping a thumbnail: %w", err)
	}
	return nil
}

// thumbSize is the length of a thumbnail from its chunks.
func thumbSize(chunks []chunkRef) int {
	n := 0
	for _, c := range chunks {
		n += c.Size
	}
	return n
}
