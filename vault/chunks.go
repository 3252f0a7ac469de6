package vault

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"sync"
	"sync/atomic"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
)

// Big entries. The store refuses a transaction larger than about 15% of its
// memtable (about 1.2 MB here) and a value larger than one value-log file,
// while a person may paste a whole chat log into one entry. So the body and
// form of an entry (its content, as JSON) is kept in one record only while
// it is small; above inlineMax it is cut into chunks, each sealed as its own
// record, and the content record holds just the list of them. An earlier
// version of a chunked entry lists the chunks of its content too, so the
// versions of one entry share every chunk they have in common, and a save
// that changes a few words writes a chunk or two, not the whole entry.
//
// A chunk is filed under a keyed MAC of its entry's id and its bytes: the
// key tells nothing about the writing, and the same bytes in the same entry
// always land under the same key, which is what lets versions share them.
// Chunks are cut where the content itself says (a rolling hash keyed with
// the vault's history key), so an edit near the start of an entry moves no
// boundary after it. Every chunk but an entry's last holds at least
// chunkMin bytes, so its sealed value reaches the store's value threshold
// and goes to the value log: in a transaction it costs a pointer, and a
// whole save (chunks, content, summary, the earlier version) commits in
// one transaction. A crash leaves the old version or the new one.
//
// The files attached to an entry (files.go) are kept the same way: each
// file's bytes in chunks filed under the entry, listed with the file in
// the entry's list of chunks. So an entry with files always lists chunks,
// however short its text; its versions share the chunks of the files they
// have in common, and every rule here about when a chunk is freed holds
// for a file's chunks too.

const (
	// chunkedSchema is the schema of a content record or an earlier
	// version that lists chunks instead of holding the content itself.
	chunkedSchema = 2

	// inlineMax is the largest content kept in its own record. A save
	// writes the new content and the earlier version; with both inline
	// and below this, plus one chunk under the value threshold, the
	// transaction stays well inside the store's limit.
	inlineMax = 64 << 10
	// chunkMin is the smallest chunk but an entry's last. Sealed, it is
	// above the store's value threshold (1 MiB by default).
	chunkMin = 1 << 20
	// chunkMax bounds a chunk when the content gives no place to cut.
	chunkMax = 4 << 20
	// chunkMask picks about one place in 256 KiB to cut, once past
	// chunkMin: chunks of about 1.25 MiB.
	chunkMask = uint64(1<<18-1) << (64 - 18)
)

// record is a key and its sealed value, ready to write.
type record struct{ key, val []byte }

// chunkRef names one chunk of a content and its length.
type chunkRef struct {
	Key  []byte `json:"k"`
	Size int    `json:"n"`
}

// chunkList is the content record of a chunked entry.
type chunkList struct {
	Size   int        `json:"size"`
	Chunks []chunkRef `json:"chunks"`
	// Files are the entry's attached files with the chunks of each. The
	// content itself lists them too, without their chunks.
	Files []storedFile `json:"files,omitempty"`
}

// storedFile is an attached file and the chunks of its bytes.
type storedFile struct {
	File   journal.File `json:"file"`
	Chunks []chunkRef   `json:"chunks"`
	// Thumb is the chunk of a picture's thumbnail, once it is made
	// (thumbs.go); it is freed and carried as the file's chunks are.
	Thumb []chunkRef `json:"thumb,omitempty"`
}

// refs returns every chunk the list names: the content's, its files' and
// their thumbnails'.
func (l chunkList) refs() []chunkRef {
	if len(l.Files) == 0 {
		return l.Chunks
	}
	out := slices.Clone(l.Chunks)
	for _, f := range l.Files {
		out = append(out, f.Chunks...)
		out = append(out, f.Thumb...)
	}
	return out
}

// chunkedVersion is an earlier version of a chunked entry: the entry
// without its body and form, and the chunks of its content.
type chunkedVersion struct {
	Entry *journal.Entry `json:"entry"`
	chunkList
}

// checkSize returns ErrTooBig for an entry above MaxEntryText.
func checkSize(e *journal.Entry) error {
	if e.TextSize() > journal.MaxEntryText {
		return journal.ErrTooBig
	}
	return nil
}

// contentRecords seals an entry's body and form for storage under its id:
// the records to write, chunks first and the content record last, so a
// write split across commits never leaves a content without its chunks.
// have, when not nil, reports chunks already stored or already returned;
// they are listed and not sealed again. files are e's attached files with
// their chunks, already stored or among the records the caller writes.
// Every write of an entry's content goes through here.
func (v *Vault) contentRecords(e *journal.Entry, files []storedFile, have func(key []byte) bool) ([]record, error) {
	if err := checkSize(e); err != nil {
		return nil, err
	}
	if !filesMatch(e, files) {
		return nil, fmt.Errorf("entry %s lists files whose bytes it does not have: %w", e.ID, ErrCorrupt)
	}
	_, c := splitEntry(e)
	data := encodeContent(c)
	ck := contentKey(e.ID)
	if len(data) <= inlineMax && len(files) == 0 {
		return []record{{ck, v.seal.seal(ck, schemaVersion, data)}}, nil
	}
	recs, list := v.chunkRecords(e.ID, data, have)
	list.Files = files
	return append(recs, record{ck, v.seal.seal(ck, chunkedSchema, encodeJSON(list))}), nil
}

// historyRecords seals an earlier version of an entry, whole, for its
// history slot: inline when small and without files, else as chunks and a
// list of them. files are h's attached files with their chunks, as for
// contentRecords.
func (v *Vault) historyRecords(h *journal.Entry, files []storedFile, have func(key []byte) bool) ([]record, error) {
	if err := checkSize(h); err != nil {
		return nil, err
	}
	if !filesMatch(h, files) {
		return nil, fmt.Errorf("an earlier version of entry %s lists files whose bytes it does not have: %w", h.ID, ErrCorrupt)
	}
	hk := historyKey(v.histKey, h.ID, h.Rev%historySlots)
	sum, c := splitEntry(h)
	data := encodeContent(c)
	if len(data) <= inlineMax && len(files) == 0 {
		return []record{{hk, v.seal.seal(hk, schemaVersion, encodeEntry(h))}}, nil
	}
	recs, list := v.chunkRecords(h.ID, data, have)
	list.Files = files
	return append(recs, record{hk, v.seal.seal(hk, chunkedSchema, encodeJSON(chunkedVersion{sum, list}))}), nil
}

// filesMatch reports whether files are e's attached files, in order.
func filesMatch(e *journal.Entry, files []storedFile) bool {
	if len(files) != len(e.Files) {
		return false
	}
	for i := range files {
		if files[i].File != e.Files[i] {
			return false
		}
	}
	return true
}

// chunkRecords cuts data into chunks and seals those have does not know.
func (v *Vault) chunkRecords(id journal.ID, data []byte, have func([]byte) bool) ([]record, chunkList) {
	list := chunkList{Size: len(data)}
	var recs []record
	sealed := map[string]bool{}
	gear := v.gearTable()
	for len(data) > 0 {
		n := cutPoint(data, gear)
		piece := data[:n]
		data = data[n:]
		key := chunkKey(v.histKey, id, piece)
		list.Chunks = append(list.Chunks, chunkRef{Key: key, Size: n})
		if sealed[string(key)] || (have != nil && have(key)) {
			continue
		}
		sealed[string(key)] = true
		recs = append(recs, record{key, v.seal.seal(key, schemaVersion, piece)})
	}
	return recs, list
}

// chunkKey files a chunk under a MAC of its entry and its bytes.
func chunkKey(histKey []byte, id journal.ID, piece []byte) []byte {
	m := hmac.New(sha256.New, histKey)
	// The label keeps these apart from history slots' MACs, whose input
	// is an id and a slot number only.
	m.Write([]byte("tend chunk v1\x00"))
	m.Write(id[:])
	m.Write(piece)
	return append([]byte{prefixChunk}, m.Sum(nil)[:16]...)
}

// gearTable is the rolling hash's table, keyed so that where chunks are
// cut, and so their sizes, depend on a secret as well as on the text.
func (v *Vault) gearTable() *[256]uint64 {
	var t [256]uint64
	var ctr [4]byte
	for i := 0; i < len(t); i += 4 {
		m := hmac.New(sha256.New, v.histKey)
		m.Write([]byte("tend chunk gear v1\x00"))
		binary.BigEndian.PutUint32(ctr[:], uint32(i))
		m.Write(ctr[:])
		s := m.Sum(nil)
		for j := range 4 {
			t[i+j] = binary.BigEndian.Uint64(s[8*j:])
		}
	}
	return &t
}

// cutPoint returns the length of the next chunk of data: all of it when
// less than twice chunkMin is left, else the first place past chunkMin
// where the rolling hash of the last 64 bytes has its top bits clear, or
// chunkMax, always leaving at least chunkMin behind. So every chunk holds
// at least chunkMin, except the only chunk of a content shorter than that.
func cutPoint(data []byte, gear *[256]uint64) int {
	if len(data) < 2*chunkMin {
		return len(data)
	}
	end := min(len(data)-chunkMin, chunkMax)
	var h uint64
	for i := chunkMin - 64; i < end; i++ {
		h = h<<1 + gear[data[i]]
		if i >= chunkMin && h&chunkMask == 0 {
			return i + 1
		}
	}
	return end
}

// isChunked reports, without opening it, whether a sealed value lists
// chunks: the schema is outside the ciphertext (and bound to it).
func isChunked(sealed []byte) bool {
	return len(sealed) >= 3 && binary.BigEndian.Uint16(sealed[1:3]) == chunkedSchema
}

// decodeChunkList reads the list of a chunked content record.
func decodeChunkList(pt []byte) (chunkList, error) {
	var l chunkList
	if err := json.Unmarshal(pt, &l); err != nil {
		return l, fmt.Errorf("reading the list of an entry's pieces: %w: %v", ErrCorrupt, err)
	}
	return l, l.check()
}

// decodeChunkedVersion reads an earlier version that lists chunks.
func decodeChunkedVersion(pt []byte) (chunkedVersion, error) {
	var cv chunkedVersion
	if err := json.Unmarshal(pt, &cv); err != nil {
		return cv, fmt.Errorf("reading an earlier version: %w: %v", ErrCorrupt, err)
	}
	if cv.Entry == nil {
		return cv, fmt.Errorf("reading an earlier version: %w: it names no entry", ErrCorrupt)
	}
	return cv, cv.check()
}

// check bounds a list before anything is allocated for it.
func (l chunkList) check() error {
	total := 0
	for _, c := range l.Chunks {
		if len(c.Key) != 17 || c.Key[0] != prefixChunk || c.Size <= 0 || c.Size > chunkMax {
			return fmt.Errorf("the list of an entry's pieces: %w: it names a piece that cannot be", ErrCorrupt)
		}
		total += c.Size
	}
	// JSON escaping can make the content longer than its text, up to six
	// bytes for one; MaxEntryText bounds the text.
	if total != l.Size || total > 6*journal.MaxEntryText+(1<<20) {
		return fmt.Errorf("the list of an entry's pieces: %w: its sizes do not add up", ErrCorrupt)
	}
	if len(l.Files) > maxFiles {
		return fmt.Errorf("the list of an entry's files: %w: it names too many", ErrCorrupt)
	}
	for _, f := range l.Files {
		var size int64
		for _, c := range f.Chunks {
			if len(c.Key) != 17 || c.Key[0] != prefixChunk || c.Size <= 0 || c.Size > chunkMax {
				return fmt.Errorf("the list of an entry's files: %w: it names a piece that cannot be", ErrCorrupt)
			}
			size += int64(c.Size)
		}
		if size != f.File.Size || size > journal.MaxFileSize {
			return fmt.Errorf("the list of an entry's files: %w: a file's sizes do not add up", ErrCorrupt)
		}
		if len(f.Thumb) > 1 || len(f.Thumb) == 1 && (len(f.Thumb[0].Key) != 17 || f.Thumb[0].Key[0] != prefixChunk || f.Thumb[0].Size <= 0 || f.Thumb[0].Size > maxThumb) {
			return fmt.Errorf("the list of an entry's files: %w: it names a thumbnail that cannot be", ErrCorrupt)
		}
	}
	return nil
}

// joinChunks reads the chunks of a list in txn and returns the content
// they make, checked piece by piece.
func (v *Vault) joinChunks(txn *badger.Txn, l chunkList) (out []byte, err error) {
	// A piece the store cannot read is damage to the entry or file it
	// belongs to, and no more: the backup leaves that out and goes on.
	err = v.guard("a piece of an entry", func() (err error) {
		out, err = v.readChunks(txn, l)
		return err
	})
	return out, err
}

// readChunks is joinChunks, unguarded.
func (v *Vault) readChunks(txn *badger.Txn, l chunkList) ([]byte, error) {
	out := make([]byte, 0, l.Size)
	// One buffer opens every chunk: a chunk's padded plaintext is at most
	// this long.
	buf := make([]byte, 0, padmeLen(padLenSize+chunkMax))
	for _, c := range l.Chunks {
		out = slices.Grow(out, c.Size)
		if err := v.openChunk(txn, c, buf, out[len(out):len(out)+c.Size]); err != nil {
			return nil, err
		}
		out = out[:len(out)+c.Size]
	}
	return out, nil
}

// pieceReader reads the chunks of content after content in one
// transaction, on several goroutines at once, each piece straight into its
// place, so the store's decryption and ours keep every core busy: a backup
// reads every attached file with one. Its buffers, one piece's worth per
// goroutine, are kept from one content to the next.
type pieceReader struct {
	v       *Vault
	txn     *badger.Txn
	scratch [][]byte
}

func (v *Vault) newPieceReader(txn *badger.Txn, workers int) *pieceReader {
	return &pieceReader{v: v, txn: txn, scratch: make([][]byte, max(1, workers))}
}

// join is joinChunks with the pieces read and opened at once. The content
// is returned in dst's memory when it is large enough, so one buffer can
// carry file after file.
func (p *pieceReader) join(l chunkList, dst []byte) ([]byte, error) {
	offs := make([]int, len(l.Chunks)+1)
	largest := 0
	for i, c := range l.Chunks {
		offs[i+1] = offs[i] + c.Size
		largest = max(largest, c.Size)
	}
	if offs[len(l.Chunks)] != l.Size {
		return nil, fmt.Errorf("a piece of an entry: %w: the pieces are not the length their list gives", ErrCorrupt)
	}
	out := dst[:0]
	if cap(out) < l.Size {
		out = make([]byte, 0, l.Size)
	}
	out = out[:l.Size] // every byte is written below, or the content is not returned
	workers := max(1, min(len(p.scratch), len(l.Chunks)))
	errs := make([]error, len(l.Chunks))
	var next atomic.Int64
	var failed atomic.Bool
	var wg sync.WaitGroup
	for w := range workers {
		if need := padmeLen(padLenSize + largest); cap(p.scratch[w]) < need {
			p.scratch[w] = make([]byte, 0, need)
		}
		buf := p.scratch[w]
		wg.Go(func() {
			for !failed.Load() {
				i := int(next.Add(1)) - 1
				if i >= len(l.Chunks) {
					return
				}
				// Each goroutine reads the store, so each needs the guard.
				err := p.v.guard("a piece of an entry", func() error {
					return p.v.openChunk(p.txn, l.Chunks[i], buf, out[offs[i]:offs[i+1]])
				})
				if err != nil {
					errs[i] = err
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err // the first piece that failed, as joinChunks says
		}
	}
	return out, nil
}

// openChunk reads the chunk c in txn and opens it, with buf's memory,
// into to, which is exactly as long as the chunk.
func (v *Vault) openChunk(txn *badger.Txn, c chunkRef, buf, to []byte) error {
	item, err := txn.Get(c.Key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("a piece of an entry is missing: %w", ErrCorrupt)
	}
	if err != nil {
		return err
	}
	return item.Value(func(val []byte) error {
		pt, _, err := v.seal.openInto(buf, c.Key, val)
		if err != nil {
			return fmt.Errorf("a piece of an entry: %w", err)
		}
		if len(pt) != len(to) {
			return fmt.Errorf("a piece of an entry: %w: it is not the length its list gives", ErrCorrupt)
		}
		copy(to, pt)
		return nil
	})
}

// openBody opens an entry's sealed content record, read in txn, and returns
// its content as schema-1 JSON, joining its chunks when it has them.
func (v *Vault) openBody(txn *badger.Txn, ck, sealed []byte) ([]byte, uint16, error) {
	pt, schema, err := v.seal.open(ck, sealed)
	if err != nil || schema != chunkedSchema {
		return pt, schema, err
	}
	l, err := decodeChunkList(pt)
	if err != nil {
		return nil, 0, err
	}
	data, err := v.joinChunks(txn, l)
	return data, schemaVersion, err
}

// contentList opens a content record known to list chunks, and returns
// the list.
func (v *Vault) contentList(ck, sealed []byte) (chunkList, error) {
	pt, schema, err := v.seal.open(ck, sealed)
	if err != nil {
		return chunkList{}, err
	}
	if schema != chunkedSchema {
		return chunkList{}, fmt.Errorf("the list of an entry's pieces: %w: it is not one", ErrCorrupt)
	}
	return decodeChunkList(pt)
}

// openVersion opens an earlier version read in txn from under hk, whole.
func (v *Vault) openVersion(txn *badger.Txn, hk, sealed []byte) (*journal.Entry, error) {
	pt, schema, err := v.seal.open(hk, sealed)
	if err != nil {
		return nil, err
	}
	if schema != chunkedSchema {
		return decodeEntry(schema, pt)
	}
	cv, err := decodeChunkedVersion(pt)
	if err != nil {
		return nil, err
	}
	data, err := v.joinChunks(txn, cv.chunkList)
	if err != nil {
		return nil, err
	}
	return joinDecoded(cv.Entry, schemaVersion, data)
}

// refsOf returns the chunks a sealed content record or earlier version
// lists, opening it only if it lists any.
func (s *sealer) refsOf(key, sealed []byte) ([]chunkRef, error) {
	if !isChunked(sealed) {
		return nil, nil
	}
	pt, _, err := s.open(key, sealed)
	if err != nil {
		return nil, err
	}
	if key[0] == prefixHistory {
		cv, err := decodeChunkedVersion(pt)
		return cv.refs(), err
	}
	l, err := decodeChunkList(pt)
	return l.refs(), err
}

// storedRefs returns the chunks the record under key lists, read in txn;
// none for a record that is missing or holds its content itself.
func (v *Vault) storedRefs(txn *badger.Txn, key []byte) ([]chunkRef, error) {
	item, err := txn.Get(key)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var refs []chunkRef
	err = item.Value(func(val []byte) error {
		refs, err = v.seal.refsOf(key, val)
		return err
	})
	return refs, err
}

// entryRefs returns every chunk an entry's content and history list, as
// stored in txn.
func (v *Vault) entryRefs(txn *badger.Txn, id journal.ID) (map[string]bool, error) {
	used := map[string]bool{}
	keys := [][]byte{contentKey(id)}
	for slot := range historySlots {
		keys = append(keys, historyKey(v.histKey, id, slot))
	}
	for _, k := range keys {
		refs, err := v.storedRefs(txn, k)
		if err != nil {
			return nil, err
		}
		for _, r := range refs {
			used[string(r.Key)] = true
		}
	}
	return used, nil
}

// txnHas reports whether txn sees a value under key, without reading it.
func txnHas(txn *badger.Txn) func([]byte) bool {
	return func(key []byte) bool {
		_, err := txn.Get(key)
		return err == nil
	}
}

// chunkUse gathers, over one pass of a store's records, the chunks that
// verified and the records that list chunks, so that Verify and Salvage can
// tell a content or earlier version with a missing or damaged piece.
type chunkUse struct {
	good  map[string]bool
	lists map[string][]chunkRef // by the listing record's key
}

func newChunkUse() *chunkUse {
	return &chunkUse{good: map[string]bool{}, lists: map[string][]chunkRef{}}
}

// note takes in a record that verified.
func (u *chunkUse) note(s *sealer, key, val []byte) {
	switch {
	case len(key) == 0:
	case key[0] == prefixChunk:
		u.good[string(key)] = true
	case key[0] == prefixContent, key[0] == prefixHistory:
		if refs, err := s.refsOf(key, val); err == nil && len(refs) > 0 {
			u.lists[string(key)] = refs
		}
	}
}

// broken returns, in key order, the records that list a chunk that is
// missing or did not verify.
func (u *chunkUse) broken() []string {
	var out []string
	for k, refs := range u.lists {
		for _, r := range refs {
			if !u.good[string(r.Key)] {
				out = append(out, k)
				break
			}
		}
	}
	sort.Strings(out)
	return out
}

// noteRefs marks in used the chunks each record under prefix lists; a
// record that fails to open is an error.
func (v *Vault) noteRefs(txn *badger.Txn, prefix byte, used map[string]bool) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefix}
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		err := item.Value(func(val []byte) error {
			if _, _, err := v.seal.open(item.Key(), val); err != nil {
				return err
			}
			refs, err := v.seal.refsOf(item.Key(), val)
			for _, r := range refs {
				used[string(r.Key)] = true
			}
			return err
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// sweepChunks deletes chunks that no content or earlier version lists. A
// save frees the chunks it stops using itself; these are left by an import
// or a merge that replaced a long entry. If any record that could list
// chunks fails to open, nothing is deleted: a damaged record may list any
// chunk, and its pieces are what a rescue needs. Nor is anything deleted
// when a table of the store is damaged: the store's scan ends quietly at a
// part it cannot read, and the lists kept after it would go unseen.
func (v *Vault) sweepChunks() error {
	var orphans [][]byte
	err := v.view("the pieces of long entries", func(txn *badger.Txn) error {
		if countKeys(txn, prefixChunk) == 0 {
			return nil // a journal without long entries: nothing to read
		}
		used := map[string]bool{}
		for _, p := range []byte{prefixContent, prefixHistory} {
			if err := v.noteRefs(txn, p, used); err != nil {
				return err
			}
		}
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixChunk}
		opts.PrefetchValues = false
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if !used[string(it.Item().Key())] {
				orphans = append(orphans, it.Item().KeyCopy(nil))
			}
		}
		return nil
	})
	if err != nil || len(orphans) == 0 || !v.tablesWhole() {
		return nil // damage is for Verify to report; nothing is swept
	}
	wb := v.db.NewWriteBatch()
	defer wb.Cancel()
	for _, k := range orphans {
		if err := wb.Delete(k); err != nil {
			return err
		}
	}
	return wb.Flush()
}
