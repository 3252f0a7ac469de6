package vault

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"tend/internal/atomicfile"
	"tend/journal"
	"tend/vault/internal/badgerfile"
)

// SalvageReport says what Salvage found and kept.
type SalvageReport struct {
	// Records is how many distinct records were found in the store's files.
	Records int
	// Kept is how many records verified and went into the new vault.
	Kept int
	// Entries is how many entries in the new vault have both their summary
	// and their body.
	Entries int
	// Older counts records whose newest version was damaged but an earlier
	// version of the same record verified and was kept instead.
	Older int
	// Damaged lists the records that were left behind.
	Damaged []journal.Damage
	// Files lists store files that could not be read, or only in part, with
	// the reason.
	Files []string
}

// Salvage rescues what it can from a damaged vault: it reads the store's
// files directly, without opening the store (a damaged store can stop the
// store library from opening, or make it crash), keeps the newest version of
// every record whose seal still verifies, and writes them into a new vault in
// out, which must not exist yet. The new vault has the same header, so the
// same password and recovery key open it. dir itself is only read.
//
// It returns ErrWrongPassword when password does not open dir's header, and
// an error wrapping ErrCorrupt when the header is too damaged to read.
func Salvage(dir, out string, password []byte) (*SalvageReport, error) {
	r, err := inspect(dir, password)
	if err != nil {
		return nil, err
	}
	defer wipe(r.storeKey)
	if err := writeSalvaged(out, r.header, r.storeKey, r.kept); err != nil {
		return r.rep, err
	}
	return r.rep, nil
}

// Inspect reads the store's files directly, as Salvage does, and reports
// what a rescue would keep, without writing anything. It is the check of
// last resort, for a store that crashes the store library when opened.
func Inspect(dir string, password []byte) (*SalvageReport, error) {
	r, err := inspect(dir, password)
	if err != nil {
		return nil, err
	}
	wipe(r.storeKey)
	return r.rep, nil
}

// rescue is what inspect found: the report, the records to keep by key,
// the header's bytes as they are on disk, and the store's key, which the
// caller wipes.
type rescue struct {
	rep      *SalvageReport
	kept     map[string][]byte
	header   []byte
	storeKey []byte
}

// inspect does the reading for Salvage and Inspect.
func inspect(dir string, password []byte) (*rescue, error) {
	raw, err := readHeaderBytes(dir)
	if err != nil {
		return nil, err
	}
	h, err := parseHeader(raw)
	if err != nil {
		return nil, err
	}
	master, err := h.unlockPassword(password)
	if err != nil {
		return nil, err
	}
	defer wipe(master)

	rep := &SalvageReport{}
	bkey := subkey(master, "badger")
	found := readStoreFiles(filepath.Join(dir, storeDir), bkey, rep)

	rkey := subkey(master, "records")
	s, err := newSealer(rkey, h.vaultID)
	wipe(rkey)
	if err != nil {
		wipe(bkey)
		return nil, err
	}
	settleStaged(found, s)
	kept := map[string][]byte{}
	summaries, bodies := map[journal.ID]bool{}, map[journal.ID]bool{}
	use := newChunkUse()
	keys := make([]string, 0, len(found))
	for k := range found {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		versions := found[k]
		sort.Slice(versions, func(i, j int) bool { return versions[i].ts > versions[j].ts })
		if versions[0].meta&badgerfile.BitDelete != 0 {
			continue // deleted for ever: nothing to bring back
		}
		rep.Records++
		var first journal.Damage
		for i, ver := range versions {
			if ver.meta&badgerfile.BitDelete != 0 {
				break // older versions were deleted before this one was written
			}
			d, ok := s.checkRecord([]byte(k), ver.value, summaries, bodies)
			if ok {
				kept[k] = ver.value
				use.note(s, []byte(k), ver.value)
				if i > 0 {
					rep.Older++
				}
				break
			}
			if i == 0 {
				first = d
			}
		}
		if _, ok := kept[k]; !ok {
			rep.Damaged = append(rep.Damaged, first)
		}
	}
	// A body or an earlier version is whole only with every piece it lists.
	for _, k := range use.broken() {
		delete(kept, k)
		rep.Damaged = append(rep.Damaged, damageFor([]byte(k), "a piece of it is missing or damaged, so it was left out"))
		if k[0] == prefixContent {
			var id journal.ID
			copy(id[:], k[1:])
			bodies[id] = false
		}
	}
	// An entry needs both halves: the app cannot show a summary without
	// its text, nor find a text without its summary.
	for _, half := range []struct {
		prefix      byte
		have, other map[journal.ID]bool
		record      string
	}{{prefixSummary, summaries, bodies, "body"}, {prefixContent, bodies, summaries, "summary"}} {
		for id, ok := range half.have {
			if ok && !half.other[id] {
				delete(kept, string(append([]byte{half.prefix}, id[:]...)))
				if _, seen := half.other[id]; !seen { // a damaged half is already listed
					rep.Damaged = append(rep.Damaged, journal.Damage{Entry: id, Record: half.record, Problem: "missing, so the entry was left out"})
				}
			}
		}
	}
	for id, ok := range summaries {
		if ok && bodies[id] {
			rep.Entries++
		}
	}
	rep.Kept = len(kept)
	return &rescue{rep: rep, kept: kept, header: raw, storeKey: bkey}, nil
}

// writeSalvaged makes the new vault: the header's bytes as they were, and a
// new store holding the kept records under their own keys.
func writeSalvaged(out string, header, bkey []byte, kept map[string][]byte) error {
	if err := os.Mkdir(out, 0o700); err != nil {
		return fmt.Errorf("making the new journal's folder: %w", err)
	}
	if err := writeHeader(out, header); err != nil {
		return err
	}
	db, err := openBadger(out, bkey, useJournal)
	if err != nil {
		return err
	}
	wb := db.NewWriteBatch()
	for k, val := range kept {
		if err := wb.Set([]byte(k), val); err != nil {
			wb.Cancel()
			db.Close()
			return fmt.Errorf("writing the new journal: %w", err)
		}
	}
	if err := wb.Flush(); err != nil {
		db.Close()
		return fmt.Errorf("writing the new journal: %w", err)
	}
	if err := db.Close(); err != nil {
		return fmt.Errorf("closing the new journal: %w", err)
	}
	return nil
}

// version is one stored version of a record.
type version struct {
	ts    uint64
	meta  byte
	value []byte
}

// readStoreFiles collects every version of every record from the store's
// table and log files, keyed by the record's key. What cannot be read is
// noted in rep.Files and skipped; nothing here panics out.
func readStoreFiles(store string, bkey []byte, rep *SalvageReport) map[string][]version {
	found := map[string][]version{}
	add := func(key []byte, meta byte, value []byte) {
		user, ts, ok := badgerfile.SplitKey(key)
		if !ok || meta&badgerfile.BitValuePointer != 0 {
			return // a pointer's value is found in its log file
		}
		k := string(user)
		found[k] = append(found[k], version{ts: ts, meta: meta, value: bytes.Clone(value)})
	}

	keys, err := dataKeys(store, bkey)
	if err != nil {
		rep.Files = append(rep.Files, fmt.Sprintf("%s: %v", badger.KeyRegistryFileName, storeFileError(err)))
		return found
	}
	names, err := os.ReadDir(store)
	if err != nil {
		rep.Files = append(rep.Files, fmt.Sprintf("the store folder: %v", err))
		return found
	}
	for _, n := range names {
		if !n.Type().IsRegular() {
			continue
		}
		path := filepath.Join(store, n.Name())
		var err error
		switch {
		case strings.HasSuffix(n.Name(), ".sst"):
			err = badgerfile.ReadTable(path, keys, add)
		case strings.HasSuffix(n.Name(), ".vlog"), strings.HasSuffix(n.Name(), ".mem"):
			err = badgerfile.ReadLog(path, keys, add)
		default:
			continue
		}
		if err != nil {
			rep.Files = append(rep.Files, fmt.Sprintf("%s: %v", n.Name(), storeFileError(err)))
		}
	}
	return found
}

// keysCopy is a copy of the store's key registry beside the header. Every
// store file is encrypted under keys kept only in the registry, so one
// damaged registry would make the whole store unreadable; with the copy,
// Salvage can still read it. The registry's keys are themselves encrypted
// under the key derived for the store, so the copy reveals nothing.
const keysCopy = "store-keys.copy"

// copyKeyRegistry refreshes the copy when the registry changed. The caller
// holds the store, open or just closed, so no other process writes it. A
// failure only leaves the previous copy.
func copyKeyRegistry(dir string) {
	src := filepath.Join(dir, storeDir, badger.KeyRegistryFileName)
	b, err := os.ReadFile(src)
	if err != nil || len(b) == 0 {
		return
	}
	dst := filepath.Join(dir, keysCopy)
	if old, err := os.ReadFile(dst); err == nil && bytes.Equal(old, b) {
		return
	}
	_ = atomicfile.WriteBytes(dst, "copy of the store's keys", b)
}

// recordsOnlyIn counts the record versions that can be read from the files
// named by some but are in none of the files named by rest (-1 when the
// store's keys cannot be read). Versions are told apart by key and
// timestamp.
func recordsOnlyIn(store string, bkey []byte, some, rest []string) int {
	keys, err := dataKeys(store, bkey)
	if err != nil {
		return -1
	}
	// read reads every file it can; ok is false when one was damaged.
	read := func(paths []string) (seen map[string]bool, ok bool) {
		seen, ok = map[string]bool{}, true
		add := func(key []byte, _ byte, _ []byte) { seen[string(key)] = true }
		for _, p := range paths {
			var err error
			if strings.HasSuffix(p, ".sst") {
				err = badgerfile.ReadTable(p, keys, add)
			} else {
				err = badgerfile.ReadLog(p, keys, add)
			}
			ok = ok && err == nil
		}
		return seen, ok
	}
	// A leftover that cannot be read was cut short as it was written, and
	// holds nothing that is not elsewhere.
	mine, _ := read(some)
	theirs, _ := read(rest)
	n := 0
	for k := range mine {
		if !theirs[k] {
			n++
		}
	}
	return n
}

// dataKeys reads the data keys from the store's key registry and from its
// copy, so that either one whole is enough. Where both hold a key of the
// same id and they differ, the copy's wins: the copy is only ever written
// from a registry the store was using, while a registry that disagrees with
// it was written afresh over a lost one (an older Tend let the store
// library do that on opening a damaged store), and its keys seal none of
// the old files. The result does not depend on what ran before.
func dataKeys(store string, bkey []byte) (map[uint64][]byte, error) {
	keys, err := badgerfile.ReadRegistry(store, bkey)
	saved, serr := copiedKeys(filepath.Dir(store), bkey)
	if serr != nil {
		return keys, err
	}
	if keys == nil {
		keys = map[uint64][]byte{}
	}
	for id, k := range saved {
		keys[id] = k
	}
	return keys, nil
}

// storeFileError says that a store file the readers found damaged is part
// of a damaged journal.
func storeFileError(err error) error {
	var d *badgerfile.DamageError
	if errors.As(err, &d) {
		return fmt.Errorf("%w: %s", ErrCorrupt, d.What)
	}
	return err
}

// readHeaderBytes reads the header file's bytes, at most maxHeaderSize+1
// whatever the file holds. A missing file wraps ErrNoVault. A rotation a
// killed process left half done is settled first, so the header read is
// the one of the store in place.
func readHeaderBytes(dir string) ([]byte, error) {
	if err := settleRotation(dir); err != nil {
		return nil, err
	}
	f, err := os.Open(filepath.Join(dir, headerFile))
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("no %s in %s: %w", headerFile, dir, ErrNoVault)
	}
	if err != nil {
		return nil, fmt.Errorf("reading the journal's header: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, maxHeaderSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading the journal's header: %w", err)
	}
	return b, nil
}
