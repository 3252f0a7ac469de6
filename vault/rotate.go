package vault

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/atomicfile"
	"tend/internal/pipeline"
	"tend/journal"
)

// A rotation gives a journal keys that nothing from before opens: for the
// day someone may know the password or have seen the recovery key. A new
// password changes only the header's password wrap, so a copy of the old
// header, one in a snapshot or put back over the folder, still opens the
// journal with the old password; the master key, and every subkey, stay as
// they were. A rotation makes a new master key, so a new store key, record
// key, history key and snapshot key, and a new recovery key and password,
// and seals every record again under them.
//
// It builds the rotated journal beside the live one, in a folder inside
// it, and swaps it in at the end, the header last, so a process killed at
// any moment leaves the old journal or the rotated one, whole:
//
//  1. The new store is written into .rotating/store, every record opened
//     with the old keys and sealed again with the new ones, byte for byte
//     the same inside. Records whose keys are derived from the history key
//     (earlier versions and the pieces of long entries) are filed under
//     their new keys, and the lists naming pieces name the new keys. Its
//     writes are not synced one by one; closing it makes it durable, and
//     only then is the header written (see useBuild).
//  2. A draft kept from the editor is sealed again to the new draft key.
//  3. The new header is written into .rotating last: from here on the
//     rotated journal is whole.
//  4. The live store moves into .rotating/store.old, the new store into
//     its place, then the draft and the copy of the store's keys.
//  5. The new header replaces the live one. This rename is the commit.
//  6. .rotating, which holds the old store, is removed.
//
// Whoever opens the journal next settles what a killed rotation left (see
// settleRotation): with the new header still in .rotating it was not
// committed, and the old store goes back in place; without it, it was
// committed or never got that far, and .rotating is simply removed. The
// rotation holds the folder's lock from its first file to its last, so no
// other Tend settles or opens the store while it works.

// rotateTemp is the folder inside a vault folder where a rotation builds.
const rotateTemp = ".rotating"

// Names inside rotateTemp while the stores are swapped.
const (
	rotOldStore = "store.old" // the live store, moved aside
	rotNewStore = "store.new" // a new store taken out again by an undo
	rotOldDraft = "held.old"  // the live draft, moved aside
)

// rotateHook, when set by a test, is called at each step of a rotation
// ("copied", "ready", "old store moved", "new store moved", "draft moved",
// "committed"); an error stops the rotation right there and leaves its
// files as a killed process would, for the next opening to settle.
var rotateHook func(step string) error

// rotateStopped is the error of a rotation a test stopped with rotateHook.
type rotateStopped struct{ error }

func rotateStep(step string) error {
	if rotateHook == nil {
		return nil
	}
	if err := rotateHook(step); err != nil {
		return rotateStopped{err}
	}
	return nil
}

// Rotate gives the journal a new master key and with it new keys for
// everything, a new password (with kdf) and a new recovery key, and seals
// every record again, so that no old password, recovery key, header or
// snapshot header opens the journal from now on, nor any snapshot taken
// after it. It takes about as long as reading and writing the whole
// journal once; progress, when not nil, is called now and then with the
// records done and their total.
//
// It returns the journal to use from now on, with the new recovery key
// (show it once). v itself is closed once the records are copied. On an
// error before that, v is returned as it was, still open, and nothing
// changed; on an error while the stores are swapped, the old journal is
// put back and returned opened again (or nil when it could not be). If
// the new keys are in place but the journal could not be opened again,
// the vault is nil and the recovery key is returned with the error: the
// new password and that key are what open it now.
func (v *Vault) Rotate(password []byte, kdf KDFParams, progress func(done, total int)) (*Vault, RecoveryKey, error) {
	return v.RotateKeeping(password, kdf, progress, nil)
}

// RotateKeeping is Rotate that hands the new recovery key to keep, when
// keep is not nil, once everything is copied and before the new keys
// replace the old: a key written to a file there survives the process
// being stopped at any later moment. When keep fails, nothing is changed
// and its error is returned; v stays open as it was.
func (v *Vault) RotateKeeping(password []byte, kdf KDFParams, progress func(done, total int), keep func(RecoveryKey) error) (*Vault, RecoveryKey, error) {
	if err := kdf.Validate(); err != nil {
		return v, RecoveryKey{}, err
	}
	release, err := lockFolderSoon(v.dir)
	if err != nil {
		return v, RecoveryKey{}, err
	}
	defer func() {
		if release != nil {
			release()
		}
	}()

	v.wmu.Lock()
	if err := v.checkWrite(); err != nil {
		v.wmu.Unlock()
		return v, RecoveryKey{}, err
	}
	tmp := filepath.Join(v.dir, rotateTemp)
	r, err := v.buildRotated(tmp, password, kdf, progress)
	if err != nil {
		v.wmu.Unlock()
		if !errors.As(err, &rotateStopped{}) {
			_ = os.RemoveAll(tmp)
		}
		return v, RecoveryKey{}, fmt.Errorf("giving the journal new keys: %w", err)
	}
	if keep != nil {
		if err := keep(r.rk); err != nil {
			v.wmu.Unlock()
			wipe(r.master)
			_ = os.RemoveAll(tmp)
			return v, RecoveryKey{}, fmt.Errorf("keeping the new recovery key: %w", err)
		}
	}
	// Everything is copied: from here on nothing may change the old
	// store, or it would be lost with it.
	v.retired.Store(true)
	oldHdr, oldMaster := *v.hdr, bytes.Clone(v.master)
	v.wmu.Unlock()
	defer wipe(oldMaster)
	defer wipe(r.master)
	cerr := v.Close()
	if cerr == nil {
		err = swapRotated(v.dir, tmp)
	} else {
		err = fmt.Errorf("closing the journal before its new keys go in: %w", cerr)
	}
	if errors.As(err, &rotateStopped{}) {
		return nil, RecoveryKey{}, err
	}
	if err != nil {
		uerr := undoRotation(v.dir)
		release()
		release = nil
		old, oerr := open(v.dir, &oldHdr, bytes.Clone(oldMaster))
		if oerr != nil {
			return nil, RecoveryKey{}, errors.Join(fmt.Errorf("giving the journal new keys: %w", err), uerr, oerr)
		}
		return old, RecoveryKey{}, fmt.Errorf("giving the journal new keys: %w; it is as it was", err)
	}
	release()
	release = nil
	nv, err := openAs(v.dir, r.header, bytes.Clone(r.master), true, useBuilt)
	if err != nil {
		return nil, r.rk, fmt.Errorf("the journal has its new keys, but it did not open again: %w", err)
	}
	return nv, r.rk, nil
}

// lockFolderSoon takes the folder's lock whole, waiting a moment for
// another Tend that holds it shared while it finds the journal in use.
func lockFolderSoon(dir string) (func(), error) {
	for i := 0; ; i++ {
		release, err := lockFolder(dir, true)
		if err == nil || i == 50 {
			return release, err
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// rotated is a journal built by buildRotated: its header, master key (the
// caller wipes it) and recovery key.
type rotated struct {
	header *header
	master []byte
	rk     RecoveryKey
}

// buildRotated writes the rotated journal into tmp, whole, its header
// last. The caller holds wmu.
func (v *Vault) buildRotated(tmp string, password []byte, kdf KDFParams, progress func(done, total int)) (*rotated, error) {
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	if err := os.Mkdir(tmp, 0o700); err != nil {
		return nil, err
	}
	h, master, rk, err := keyHeader(v.hdr.vaultID, password, kdf)
	if err != nil {
		return nil, err
	}
	fail := func(err error) (*rotated, error) {
		wipe(master)
		return nil, err
	}
	if err := v.copyRotated(tmp, master, progress); err != nil {
		return fail(err)
	}
	if err := rotateStep("copied"); err != nil {
		return fail(err)
	}
	copyKeyRegistry(tmp)
	if err := v.resealDraft(tmp, master); err != nil {
		return fail(err)
	}
	if err := writeHeader(tmp, h.marshal(master)); err != nil {
		return fail(err)
	}
	if err := rotateStep("ready"); err != nil {
		return fail(err)
	}
	return &rotated{header: h, master: master, rk: rk}, nil
}

// copyRotated opens a new store in tmp under master's store key and
// copies every record of the journal into it, sealed again.
func (v *Vault) copyRotated(tmp string, master []byte, progress func(done, total int)) error {
	bkey := subkey(master, "badger")
	defer wipe(bkey) // after the store below is closed
	db, err := openBadger(tmp, bkey, useBuild)
	if err != nil {
		return err
	}
	rkey := subkey(master, "records")
	s, err := newSealer(rkey, v.hdr.vaultID)
	wipe(rkey)
	if err != nil {
		db.Close()
		return err
	}
	rc := &recopy{from: v, to: s, hist: subkey(master, "history"), db: db, progress: progress}
	defer wipe(rc.hist)
	err = v.view("the journal", rc.run)
	if err == nil && !v.tablesWhole() {
		// The store's scan ends quietly at a part of a table it cannot
		// read: what is after it would not be in the new store, and the
		// old keys that read it would be gone.
		err = fmt.Errorf("%w: the store could not read all of it, so nothing was changed", ErrCorrupt)
	}
	if cerr := db.Close(); err == nil && cerr != nil {
		err = fmt.Errorf("closing the new store: %w", cerr)
	}
	return err
}

// recopy copies the records of one store into another, sealed again.
type recopy struct {
	from *Vault
	to   *sealer
	hist []byte // the new history key
	db   *badger.DB

	// owners names the entry of every piece of a long entry, as the
	// lists naming it say; pieces holds each piece's new key once the
	// pieces are copied.
	owners map[string]journal.ID
	pieces map[string][]byte

	progress    func(done, total int)
	done, total int
}

// rotBatch is how many records a worker seals again at a time.
const rotBatch = 128

// rotRec is one record on its way: the old key and sealed value, then the
// new ones (nil when the record is left behind).
type rotRec struct {
	key, val   []byte
	nkey, nval []byte
	err        error
}

func (rc *recopy) run(txn *badger.Txn) error {
	rc.total = countAll(txn)
	hasPieces := countKeys(txn, prefixChunk) > 0
	if hasPieces {
		if err := rc.findOwners(txn); err != nil {
			return err
		}
	}
	wb := rc.db.NewWriteBatch()
	defer wb.Cancel()
	// The pieces first: the lists that name them need their new keys.
	if hasPieces {
		rc.pieces = map[string][]byte{}
		if err := rc.copy(txn, wb, []byte{prefixChunk}, nil); err != nil {
			return err
		}
	}
	if err := rc.copy(txn, wb, nil, func(key []byte) bool { return key[0] != prefixChunk }); err != nil {
		return err
	}
	if err := wb.Flush(); err != nil {
		return storeError(err)
	}
	if rc.progress != nil {
		rc.progress(rc.total, rc.total)
	}
	return nil
}

// countAll counts the journal's records, leaving out the staging ones.
func countAll(txn *badger.Txn) int {
	opts := badger.DefaultIteratorOptions
	opts.PrefetchValues = false
	it := txn.NewIterator(opts)
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if !isStagingKey(it.Item().Key()) {
			n++
		}
	}
	return n
}

// findOwners reads every list of pieces, in the entries' contents and
// earlier versions, and notes which entry each piece belongs to: a
// piece's key is a MAC of its entry's id and its bytes.
func (rc *recopy) findOwners(txn *badger.Txn) error {
	rc.owners = map[string]journal.ID{}
	for _, p := range []byte{prefixContent, prefixHistory} {
		if err := rc.findOwnersIn(txn, p); err != nil {
			return err
		}
	}
	return nil
}

// findOwnersIn is findOwners for the records under one prefix.
func (rc *recopy) findOwnersIn(txn *badger.Txn, prefix byte) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefix}
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		err := item.Value(func(val []byte) error {
			if !isChunked(val) {
				return nil
			}
			id, list, err := rc.listOf(item.Key(), val)
			if err != nil {
				return err
			}
			for _, c := range list.refs() {
				if prev, ok := rc.owners[string(c.Key)]; ok && prev != id {
					return errRecord("names a piece of another entry")
				}
				rc.owners[string(c.Key)] = id
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}

// listOf opens a chunked content record or earlier version and returns
// its entry's id and its list of pieces.
func (rc *recopy) listOf(key, val []byte) (journal.ID, chunkList, error) {
	pt, _, err := rc.from.seal.open(key, val)
	if err != nil {
		return journal.ID{}, chunkList{}, err
	}
	if key[0] == prefixHistory {
		cv, err := decodeChunkedVersion(pt)
		if err != nil {
			return journal.ID{}, chunkList{}, err
		}
		return cv.Entry.ID, cv.chunkList, nil
	}
	l, err := decodeChunkList(pt)
	var id journal.ID
	copy(id[:], key[1:])
	return id, l, err
}

// copy copies the records under prefix (all of them when nil) that keep
// accepts (all when nil), in order, sealing them again on every core.
func (rc *recopy) copy(txn *badger.Txn, wb *badger.WriteBatch, prefix []byte, keep func([]byte) bool) error {
	produce := func(emit func([]rotRec) bool) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = prefix
		it := txn.NewIterator(opts)
		defer it.Close()
		batch := make([]rotRec, 0, rotBatch)
		size := 0
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			key := item.Key()
			if isStagingKey(key) || (keep != nil && !keep(key)) {
				continue
			}
			val, err := item.ValueCopy(nil)
			if err != nil {
				return storeError(err)
			}
			batch = append(batch, rotRec{key: item.KeyCopy(nil), val: val})
			size += len(val)
			if len(batch) == rotBatch || size > 8<<20 {
				if !emit(batch) {
					return nil
				}
				batch, size = make([]rotRec, 0, rotBatch), 0
			}
		}
		if len(batch) > 0 {
			emit(batch)
		}
		return nil
	}
	work := func(_ int, batch []rotRec) {
		for i := range batch {
			r := &batch[i]
			r.nkey, r.nval, r.err = rc.reseal(r.key, r.val)
			r.val = nil
		}
	}
	consume := func(batch []rotRec) error {
		for _, r := range batch {
			if r.err != nil {
				return r.err
			}
			rc.done++
			if r.nkey == nil {
				continue // a piece no entry lists: left behind
			}
			if rc.pieces != nil && r.key[0] == prefixChunk {
				rc.pieces[string(r.key)] = r.nkey
			}
			if err := wb.Set(r.nkey, r.nval); err != nil {
				return storeError(err)
			}
		}
		if rc.progress != nil {
			rc.progress(rc.done, rc.total)
		}
		return nil
	}
	// The producer reads the store on a goroutine of its own, where a
	// panic of the store library would end the process: it is guarded.
	guarded := func(emit func([]rotRec) bool) error {
		return rc.from.guard("the journal", func() error { return produce(emit) })
	}
	return pipeline.Ordered(pipeline.Workers(), guarded, work, consume)
}

// reseal opens one record with the old keys and seals it with the new
// ones, under its new key. Its plaintext goes across as it is, whatever
// its schema, except in a list of pieces, where each piece's old key is
// replaced by its new one. A piece no list names is left behind (nil), as
// a compaction would sweep it. Any record that does not open stops the
// rotation: it would be lost with the old keys.
func (rc *recopy) reseal(key, val []byte) (nkey, nval []byte, err error) {
	pt, schema, err := rc.from.seal.open(key, val)
	if err != nil {
		return nil, nil, err
	}
	nkey = key
	switch key[0] {
	case prefixChunk:
		id, ok := rc.owners[string(key)]
		if !ok {
			return nil, nil, nil
		}
		if !bytes.Equal(key, chunkKey(rc.from.histKey, id, pt)) {
			return nil, nil, errRecord("is a piece filed under another entry's key")
		}
		nkey = chunkKey(rc.hist, id, pt)
	case prefixHistory:
		id, rev, err := versionOf(schema, pt)
		if err != nil {
			return nil, nil, err
		}
		if !bytes.Equal(key, historyKey(rc.from.histKey, id, rev%historySlots)) {
			return nil, nil, errRecord("is an earlier version filed under another key")
		}
		nkey = historyKey(rc.hist, id, rev%historySlots)
		if schema == chunkedSchema {
			if pt, err = rc.renamePieces(pt, true); err != nil {
				return nil, nil, err
			}
		}
	case prefixContent:
		if schema == chunkedSchema {
			if pt, err = rc.renamePieces(pt, false); err != nil {
				return nil, nil, err
			}
		}
	}
	return nkey, rc.to.seal(nkey, schema, pt), nil
}

// versionOf reads the entry id and revision of an earlier version, which
// say where its history slot is.
func versionOf(schema uint16, pt []byte) (journal.ID, int, error) {
	switch schema {
	case chunkedSchema:
		cv, err := decodeChunkedVersion(pt)
		if err != nil {
			return journal.ID{}, 0, err
		}
		return cv.Entry.ID, cv.Entry.Rev, nil
	case schemaVersion:
		var e struct {
			ID  journal.ID `json:"id"`
			Rev int        `json:"rev"`
		}
		if err := json.Unmarshal(pt, &e); err != nil {
			return journal.ID{}, 0, fmt.Errorf("reading an earlier version: %w: %v", ErrCorrupt, err)
		}
		return e.ID, e.Rev, nil
	default:
		return journal.ID{}, 0, fmt.Errorf("earlier version of schema %d: %w", schema, ErrUnsupported)
	}
}

// renamePieces replaces, in a list of pieces as it was sealed, each
// piece's old key by its new one, and checks the result lists exactly
// the new keys. Keys are written as fixed-length base64 strings, so the
// rest of the bytes stay exactly as they were.
func (rc *recopy) renamePieces(pt []byte, version bool) ([]byte, error) {
	list := func(b []byte) (chunkList, error) {
		if version {
			cv, err := decodeChunkedVersion(b)
			return cv.chunkList, err
		}
		return decodeChunkList(b)
	}
	l, err := list(pt)
	if err != nil {
		return nil, err
	}
	out := bytes.Clone(pt)
	refs := l.refs() // the text's pieces and its files'
	want := make([][]byte, len(refs))
	for i, c := range refs {
		nk, ok := rc.pieces[string(c.Key)]
		if !ok {
			return nil, fmt.Errorf("a piece of an entry is missing: %w", ErrCorrupt)
		}
		want[i] = nk
		out = bytes.ReplaceAll(out, quotedKey(c.Key), quotedKey(nk))
	}
	got, err := list(out)
	if err != nil || len(got.refs()) != len(want) {
		return nil, fmt.Errorf("renaming the pieces of an entry: %w", ErrCorrupt)
	}
	for i, c := range got.refs() {
		if !bytes.Equal(c.Key, want[i]) {
			return nil, fmt.Errorf("renaming the pieces of an entry: %w", ErrCorrupt)
		}
	}
	return out, nil
}

// quotedKey is a piece's key as a list holds it: "k":"<base64>".
func quotedKey(k []byte) []byte {
	return []byte(`"k":"` + base64.StdEncoding.EncodeToString(k) + `"`)
}

// resealDraft seals a draft the editor left in the vault folder again, to
// the new draft key, into tmp. A draft the old key does not open stays
// where it is: the next opening sets it aside, as it would have anyway.
func (v *Vault) resealDraft(tmp string, master []byte) error {
	f, err := os.Open(filepath.Join(v.dir, draftFile))
	if errors.Is(err, os.ErrNotExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("reading the draft: %w", err)
	}
	sealed, err := io.ReadAll(io.LimitReader(f, maxDraft))
	f.Close()
	if err != nil {
		return fmt.Errorf("reading the draft: %w", err)
	}
	e, err := v.openDraft(sealed)
	if err != nil {
		return nil
	}
	id, err := draftIdentity(master)
	if err != nil {
		return err
	}
	box := &DraftBox{dir: tmp, vaultID: v.hdr.vaultID, to: id.Recipient()}
	resealed, err := box.seal(e)
	if err != nil {
		return err
	}
	return atomicfile.WriteBytes(filepath.Join(tmp, draftFile), "draft", resealed)
}

// swapRotated puts the rotated journal built in tmp in place of the live
// one, whose store is closed: the stores, the draft and the copy of the
// store's keys, then the header, which commits it. Each rename reaches
// the disk before the next.
func swapRotated(dir, tmp string) error {
	move := func(from, to string) error {
		if err := os.Rename(from, to); err != nil {
			return err
		}
		if err := atomicfile.SyncDir(tmp); err != nil {
			return err
		}
		return atomicfile.SyncDir(dir)
	}
	if err := move(filepath.Join(dir, storeDir), filepath.Join(tmp, rotOldStore)); err != nil {
		return err
	}
	if err := rotateStep("old store moved"); err != nil {
		return err
	}
	if err := move(filepath.Join(tmp, storeDir), filepath.Join(dir, storeDir)); err != nil {
		return err
	}
	if err := rotateStep("new store moved"); err != nil {
		return err
	}
	if exists(filepath.Join(tmp, draftFile)) {
		if exists(filepath.Join(dir, draftFile)) {
			if err := move(filepath.Join(dir, draftFile), filepath.Join(tmp, rotOldDraft)); err != nil {
				return err
			}
		}
		if err := move(filepath.Join(tmp, draftFile), filepath.Join(dir, draftFile)); err != nil {
			return err
		}
		if err := rotateStep("draft moved"); err != nil {
			return err
		}
	}
	if exists(filepath.Join(tmp, keysCopy)) {
		if err := move(filepath.Join(tmp, keysCopy), filepath.Join(dir, keysCopy)); err != nil {
			return err
		}
	}
	// The commit.
	if err := move(filepath.Join(tmp, headerFile), filepath.Join(dir, headerFile)); err != nil {
		return err
	}
	if err := rotateStep("committed"); err != nil {
		return err
	}
	// The old store goes: its keys are the ones being taken back.
	_ = os.RemoveAll(tmp)
	_ = atomicfile.SyncDir(dir)
	return nil
}

// settleRotation finishes what a killed rotation left in dir, under the
// folder's lock: ErrVaultInUse when a rotation is still at work.
func settleRotation(dir string) error {
	if !exists(filepath.Join(dir, rotateTemp)) {
		return nil
	}
	release, err := lockFolder(dir, true)
	if err != nil {
		return err
	}
	defer release()
	return undoRotation(dir)
}

// undoRotation puts the old store and draft back when the rotation was not
// committed (its new header is still in rotateTemp), then removes
// rotateTemp. A committed rotation, or one stopped before its header was
// written, has nothing to put back. Every step can be run again after a
// kill in the middle of it.
func undoRotation(dir string) error {
	tmp := filepath.Join(dir, rotateTemp)
	if exists(filepath.Join(tmp, headerFile)) {
		old := filepath.Join(tmp, rotOldStore)
		if exists(old) {
			live := filepath.Join(dir, storeDir)
			if exists(live) {
				back := filepath.Join(tmp, rotNewStore)
				if err := os.RemoveAll(back); err != nil {
					return fmt.Errorf("putting the journal back as it was: %w", err)
				}
				if err := os.Rename(live, back); err != nil {
					return fmt.Errorf("putting the journal back as it was: %w", err)
				}
			}
			if err := os.Rename(old, live); err != nil {
				return fmt.Errorf("putting the journal back as it was: %w", err)
			}
		}
		if exists(filepath.Join(tmp, rotOldDraft)) {
			if err := os.Rename(filepath.Join(tmp, rotOldDraft), filepath.Join(dir, draftFile)); err != nil {
				return fmt.Errorf("putting the draft back as it was: %w", err)
			}
		}
		if err := atomicfile.SyncDir(dir); err != nil {
			return err
		}
	}
	if err := os.RemoveAll(tmp); err != nil {
		return fmt.Errorf("clearing an interrupted change of keys: %w", err)
	}
	return atomicfile.SyncDir(dir)
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}
