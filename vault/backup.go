package vault

import (
	"archive/tar"
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"time"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"

	"tend/internal/atomicfile"
	"tend/internal/pipeline"
	"tend/journal"
)

// A backup is an age file (https://age-encryption.org/v1) encrypted to a
// passphrase, whose plaintext is a tar archive of JSON documents; the layout
// is documented in docs/backup-format.md and in the README.txt member. The
// choice of formats is the point: in twenty years, the standard age tool and
// any tar reader will still open it, with or without Tend.

// Sentinel errors of reading a backup. Each is a plain sentence, wrapped with
// what exactly was found.
var (
	// ErrBackupPassphrase means the passphrase does not open the backup.
	ErrBackupPassphrase = errors.New("that passphrase does not open this backup")

	// ErrBackupDamaged means the backup is truncated, was changed after it
	// was written, or does not match its own manifest.
	ErrBackupDamaged = errors.New("this backup is damaged or incomplete")

	// ErrNotABackup means the file is not a Tend backup at all.
	ErrNotABackup = errors.New("this file is not a Tend backup")

	// ErrBackupNewer means the backup was written in a format a newer Tend
	// made.
	ErrBackupNewer = errors.New("this backup was made by a newer version of Tend")
)

// The format's name and version, as written in the manifest.
const (
	BackupFormat        = "tend-backup"
	BackupFormatVersion = 1
)

// BackupWorkFactor is the scrypt cost (log2 of N) of the passphrase that
// protects new backups. It is age's own default, 18: about a second and
// 256 MiB, which is what makes a short passphrase costly to guess. Tests
// lower it, as they use TestKDF for vaults; nothing else should change it.
var BackupWorkFactor = 18

// Bounds on what a backup may hold. Reading holds the whole journal in
// memory before restoring it, so every size is checked before it is
// allocated.
const (
	// maxBackupWorkFactor bounds the scrypt cost a backup may ask for
	// (1 GiB of memory), so a hostile file cannot exhaust the machine.
	maxBackupWorkFactor = 20
	// maxBackupMember bounds one record's document. An entry holds at
	// most MaxEntryText of text, and JSON writes a character in at most
	// six bytes; the rest of a document is small.
	maxBackupMember = 6*journal.MaxEntryText + 1<<20
	// maxBackupManifest bounds the manifest, which lists every member.
	maxBackupManifest = 1 << 30
	// maxBackupMembers bounds the number of members: a million entries,
	// each with a full history, fit.
	maxBackupMembers = 4 << 20
	// maxBackupTrailer bounds the zero padding some tar writers add after
	// the end of the archive.
	maxBackupTrailer = 1 << 20
)

// Member names inside the archive.
const (
	readmeMember   = "README.txt"
	manifestMember = "manifest.json"
	prefsMember    = "prefs.json"
)

var (
	entryMemberRE   = regexp.MustCompile(`^entries/([0-9a-f]{32})\.json$`)
	historyMemberRE = regexp.MustCompile(`^history/([0-9a-f]{32})-([1-9][0-9]{0,9})\.json$`)
)

// Manifest describes a backup: what made it, when, and a checksum of every
// other member. It is the last member of the archive, because the writer
// streams the journal and learns each checksum as it goes.
type Manifest struct {
	Format        string           `json:"format"`
	FormatVersion int              `json:"format_version"`
	VaultID       string           `json:"vault_id"`
	Created       time.Time        `json:"created"`
	AppVersion    string           `json:"app_version"`
	Counts        BackupCounts     `json:"counts"`
	Members       []ManifestMember `json:"members"`
	// LeftOut names the records Backup could not read and left out, so
	// that one damaged record does not cost the copy of every other. It
	// is told to the person who asked for the backup, not written in it.
	LeftOut []journal.Damage `json:"-"`
}

// BackupCounts counts the records in a backup.
type BackupCounts struct {
	Entries int `json:"entries"`
	History int `json:"history"`
	Prefs   int `json:"prefs"`
}

// ManifestMember is one member of the archive, in archive order.
type ManifestMember struct {
	Name   string `json:"name"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256"`
}

// BackupContents is a backup read in full and checked against its manifest.
type BackupContents struct {
	Manifest Manifest
	// Entries are the entries as they were, trash included.
	Entries []*journal.Entry
	// History holds the earlier versions of those entries.
	History []*journal.Entry
	Prefs   journal.Prefs
}

const backupReadme = `This is an encrypted backup of a Tend journal.

HOW TO OPEN IT WITHOUT TEND
The file is encrypted with age (https://age-encryption.org), using the
passphrase chosen when the backup was made. Any age implementation opens it,
for example the standard age tool:

    age -d backup.tend-backup > backup.tar
    tar -xf backup.tar

Keep the decrypted files private: they are the journal in plain text.

WHAT IS INSIDE
The archive is a tar file of plain UTF-8 text:

  README.txt                 this file
  entries/<id>.json          one entry per file: its date, title, Markdown
                             body, tags, mood, kind, and the form of a
                             structured entry (check-in, letter, ...)
  history/<id>-<rev>.json    an earlier version of entry <id>, saved as
                             revision <rev>, in the same shape as an entry
  prefs.json                 the journal's own preferences
  manifest.json              the format name and version, when and by what
                             the backup was made, how many records it holds,
                             and the size and SHA-256 of every other file

Dates are written YYYY-MM-DD; times are RFC 3339. The full description of
every field is in docs/backup-format.md in Tend's source code.
`

// Backup writes an encrypted backup of the whole journal (entries, their
// trash state, their history and the journal's preferences) to w, and
// returns its manifest. It reads one consistent snapshot of the store and
// streams it: only one record is in memory at a time. progress, when not
// nil, is called now and then with the records written so far.
//
// Backup does not sync or verify what it wrote; BackupToFile does both.
func (v *Vault) Backup(w io.Writer, passphrase []byte, appVersion string, progress func(done, total int)) (Manifest, error) {
	if len(passphrase) == 0 {
		return Manifest{}, errors.New("a backup needs a passphrase")
	}
	rcp, err := age.NewScryptRecipient(string(passphrase))
	if err != nil {
		return Manifest{}, fmt.Errorf("making the backup: %w", err)
	}
	rcp.SetWorkFactor(BackupWorkFactor)

	// The read lock keeps Close from closing the store under the scan;
	// writers are not held up, since the scan reads a snapshot.
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return Manifest{}, ErrClosed
	}
	aw, err := age.Encrypt(w, rcp)
	if err != nil {
		return Manifest{}, fmt.Errorf("making the backup: %w", err)
	}
	bw := &backupWriter{
		tw: tar.NewWriter(aw),
		m: Manifest{
			Format:        BackupFormat,
			FormatVersion: BackupFormatVersion,
			VaultID:       hex.EncodeToString(v.hdr.vaultID[:]),
			Created:       now().UTC().Truncate(time.Second),
			AppVersion:    appVersion,
		},
		skipDamaged: true,
	}
	if err := bw.add(readmeMember, []byte(backupReadme)); err != nil {
		return Manifest{}, err
	}
	err = v.db.View(func(txn *badger.Txn) error {
		return v.backupRecords(txn, bw, progress)
	})
	if err != nil {
		return Manifest{}, err
	}
	m := bw.m
	doc, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return Manifest{}, fmt.Errorf("making the backup: %w", err)
	}
	if err := bw.write(manifestMember, doc); err != nil {
		return Manifest{}, err
	}
	if err := bw.tw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("writing the backup: %w", err)
	}
	if err := aw.Close(); err != nil {
		return Manifest{}, fmt.Errorf("writing the backup: %w", err)
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
func (v *Vault) backupRecords(txn *badger.Txn, bw *backupWriter, progress func(done, total int)) error {
	total := len(v.sums) + countKeys(txn, prefixHistory)
	done := 0
	tick := func() {
		done++
		if progress != nil && (done%256 == 0 || done == total) {
			progress(done, total)
		}
	}
	workers := pipeline.Workers()

	// Entries.
	live := make(map[journal.ID]bool, len(v.sums))
	readers := make([]*summaryReader, workers)
	for i := range readers {
		readers[i] = &summaryReader{intern: map[string]string{}, zones: map[int]*time.Location{}}
	}
	err := pipeline.Ordered(workers,
		func(emit func([]backupRec) bool) error { return v.scanEntries(txn, emit) },
		func(w int, batch []backupRec) {
			for i := range batch {
				v.prepareEntry(readers[w], &batch[i])
			}
		},
		func(batch []backupRec) error {
			for i := range batch {
				r := &batch[i]
				v.finishBig(txn, r)
				if r.err != nil {
					if !bw.leaveOut(r) {
						return r.err
					}
					tick()
					continue
				}
				if err := bw.addSum(r.name, r.doc, r.sum); err != nil {
					return err
				}
				bw.m.Counts.Entries++
				live[r.id] = true
				tick()
			}
			return nil
		})
	if err != nil {
		return err
	}

	// Earlier versions. live is complete and only read from here on.
	err = pipeline.Ordered(workers,
		func(emit func([]backupRec) bool) error { return scanPrefix(txn, prefixHistory, emit) },
		func(_ int, batch []backupRec) {
			for i := range batch {
				v.prepareHistory(live, &batch[i])
			}
		},
		func(batch []backupRec) error {
			for i := range batch {
				r := &batch[i]
				v.finishBig(txn, r)
				if r.err != nil && !bw.leaveOut(r) {
					return r.err
				}
				tick()
				if r.err != nil || r.doc == nil {
					continue // left behind by an entry that is gone; nothing can reach it
				}
				if err := bw.addSum(r.name, r.doc, r.sum); err != nil {
					return err
				}
				bw.m.Counts.History++
			}
			return nil
		})
	if err != nil {
		return err
	}

	p, err := v.prefsIn(txn)
	if err != nil {
		return fmt.Errorf("backing up: %w", err)
	}
	if err := bw.add(prefsMember, encodeJSON(p)); err != nil {
		return err
	}
	bw.m.Counts.Prefs++
	return nil
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

// scanEntries reads every summary with its body, walking both prefixes in
// lockstep, and emits them in batches. A summary without a body is emitted
// with its error, so it is reported in its place.
func (v *Vault) scanEntries(txn *badger.Txn, emit func([]backupRec) bool) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefixSummary}
	it := txn.NewIterator(opts)
	defer it.Close()
	copts := badger.DefaultIteratorOptions
	copts.Prefix = []byte{prefixContent}
	cit := txn.NewIterator(copts)
	defer cit.Close()

	cit.Rewind()
	batch := make([]backupRec, 0, backupBatchRecords)
	size := 0
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		r := backupRec{key: item.KeyCopy(nil)}
		val, err := item.ValueCopy(nil)
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
			if r.cval, err = cit.Item().ValueCopy(nil); err != nil && r.err == nil {
				r.err = fmt.Errorf("backing up: entry %x: %w; run a check of the journal", id, err)
				r.left = damageFor(cit.Item().KeyCopy(nil), "its text could not be read, so the entry was left out")
			}
			cit.Next()
		}
		size += len(r.val) + len(r.cval)
		if isChunked(r.cval) {
			size += backupBatchBytes // a big entry ends its batch
		}
		batch = append(batch, r)
		if len(batch) == backupBatchRecords || size >= backupBatchBytes {
			if !emit(batch) {
				return nil
			}
			batch, size = make([]backupRec, 0, backupBatchRecords), 0
		}
	}
	if len(batch) > 0 {
		emit(batch)
	}
	return nil
}

// scanPrefix reads every record under a prefix and emits them in batches.
func scanPrefix(txn *badger.Txn, prefix byte, emit func([]backupRec) bool) error {
	opts := badger.DefaultIteratorOptions
	opts.Prefix = []byte{prefix}
	it := txn.NewIterator(opts)
	defer it.Close()
	batch := make([]backupRec, 0, backupBatchRecords)
	size := 0
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		r := backupRec{key: item.KeyCopy(nil)}
		val, err := item.ValueCopy(nil)
		if err != nil {
			r.err = fmt.Errorf("backing up: an earlier version could not be read (%w); run a check of the journal", err)
			r.left = damageFor(r.key, "an earlier version could not be read, so it was left out")
		}
		r.val = val
		size += len(val)
		if isChunked(val) {
			size += backupBatchBytes // a big version ends its batch
		}
		batch = append(batch, r)
		if len(batch) == backupBatchRecords || size >= backupBatchBytes {
			if !emit(batch) {
				return nil
			}
			batch, size = make([]backupRec, 0, backupBatchRecords), 0
		}
	}
	if len(batch) > 0 {
		emit(batch)
	}
	return nil
}

// prepareEntry opens an entry's summary and body and makes its member.
func (v *Vault) prepareEntry(sr *summaryReader, r *backupRec) {
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
		r.id, r.name, r.big = sum.ID, "entries/"+sum.ID.String()+".json", sum
		r.key, r.val = nil, nil
		return
	}
	doc, err := v.entryDoc(sum, r.cval)
	if err != nil {
		r.err = fmt.Errorf("backing up: %w; run a check of the journal", err)
		r.left = journal.Damage{Entry: sum.ID, Record: "body", Problem: leftOutText(sum)}
		return
	}
	r.id = sum.ID
	r.name = "entries/" + sum.ID.String() + ".json"
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
	r.name = "history/" + e.ID.String() + "-" + strconv.Itoa(e.Rev) + ".json"
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
// are joined one at a time, so only one is whole in memory.
func (v *Vault) finishBig(txn *badger.Txn, r *backupRec) {
	if r.big == nil || r.err != nil {
		return
	}
	var data []byte
	var err error
	if r.cval != nil {
		data, _, err = v.openBody(txn, contentKey(r.big.ID), r.cval)
	} else {
		data, err = v.joinChunks(txn, r.list)
	}
	if err == nil {
		r.doc, err = docOf(r.big, schemaVersion, data)
	}
	if err != nil {
		r.err = fmt.Errorf("backing up: entry %s: %w; run a check of the journal", r.big.ID, err)
		// A long text with a damaged piece is left out like any other
		// damaged record, so it does not stop the backup of the rest.
		r.left = damageFor(r.key, "its text could not be read in full, so it was left out")
		return
	}
	r.sum = sha256.Sum256(r.doc)
	r.big, r.cval, r.list = nil, nil, chunkList{}
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

// fullIn joins a summary with its content, read in txn.
func (v *Vault) fullIn(txn *badger.Txn, sum *journal.Entry) (*journal.Entry, error) {
	item, err := txn.Get(contentKey(sum.ID))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return v.joinContent(sum, nil)
	}
	if err != nil {
		return nil, fmt.Errorf("entry %s: %w", sum.ID, err)
	}
	var e *journal.Entry
	err = item.Value(func(val []byte) error {
		pt, schema, err := v.openBody(txn, contentKey(sum.ID), val)
		if err != nil {
			return fmt.Errorf("entry %s: %w", sum.ID, err)
		}
		e, err = joinDecoded(sum, schema, pt)
		return err
	})
	return e, err
}

// entryDoc makes an entry's document in a backup: the JSON of the whole
// entry, as encodeJSON of the summary joined with its body would give, with
// the body's and fields' members last. The body's sealed record is already
// a JSON object holding just those two members, written by encodeJSON and
// authenticated by its seal, so it is spliced in as it is rather than
// decoded and encoded again, which was most of the work of a backup. A
// record of another schema or shape is decoded the long way.
func (v *Vault) entryDoc(sum *journal.Entry, sealed []byte) ([]byte, error) {
	pt, schema, err := v.openContent(sum, sealed)
	if err != nil {
		return nil, err
	}
	return docOf(sum, schema, pt)
}

// docOf makes an entry's document from its summary and its opened content.
func docOf(sum *journal.Entry, schema uint16, pt []byte) ([]byte, error) {
	if schema == schemaVersion && sum.Body == "" && sum.Fields.IsZero() && contentObject(pt) {
		doc := encodeJSON(sum)
		if len(pt) == 2 { // {}: no body, no fields
			return doc, nil
		}
		out := make([]byte, 0, len(doc)+len(pt))
		out = append(out, doc[:len(doc)-1]...)
		out = append(out, ',')
		return append(out, pt[1:]...), nil
	}
	e, err := joinDecoded(sum, schema, pt)
	if err != nil {
		return nil, err
	}
	return encodeJSON(e), nil
}

// contentObject reports whether b looks as encodeJSON writes a content:
// {} or an object starting with its body or fields member.
func contentObject(b []byte) bool {
	if string(b) == "{}" {
		return true
	}
	return len(b) > 2 && b[len(b)-1] == '}' &&
		(bytes.HasPrefix(b, []byte(`{"body":`)) || bytes.HasPrefix(b, []byte(`{"fields":`)))
}

// joinContent opens an entry's sealed body and joins it with its summary.
// A nil sealed value is a missing body.
func (v *Vault) joinContent(sum *journal.Entry, sealed []byte) (*journal.Entry, error) {
	pt, schema, err := v.openContent(sum, sealed)
	if err != nil {
		return nil, err
	}
	return joinDecoded(sum, schema, pt)
}

// openContent opens an entry's sealed body; a nil sealed value is a
// missing body.
func (v *Vault) openContent(sum *journal.Entry, sealed []byte) ([]byte, uint16, error) {
	if sealed == nil {
		return nil, 0, fmt.Errorf("the body of entry %s is missing: %w", sum.ID, ErrCorrupt)
	}
	pt, schema, err := v.seal.open(contentKey(sum.ID), sealed)
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
	e.Body, e.Fields = c.Body, c.Fields
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

// backupWriter writes tar members and lists them in the manifest.
type backupWriter struct {
	tw *tar.Writer
	m  Manifest
	// skipDamaged leaves a damaged record out, named in m.LeftOut, rather
	// than failing the whole backup. An automatic backup does not: its
	// retention removes older backups, which must not make way for copies
	// with holes in them.
	skipDamaged bool
}

// leaveOut notes a record that could not be read as left out, and reports
// whether the backup goes on without it.
func (bw *backupWriter) leaveOut(r *backupRec) bool {
	if !bw.skipDamaged || r.left.Problem == "" {
		return false
	}
	bw.m.LeftOut = append(bw.m.LeftOut, r.left)
	return true
}

// leftOutText says which entry was left out because its text could not be
// read, by its date and title, which the person knows it by.
func leftOutText(sum *journal.Entry) string {
	if sum.Title == "" {
		return fmt.Sprintf("the text of the entry of %s could not be read, so it was left out", sum.Date)
	}
	return fmt.Sprintf("the text of %q (%s) could not be read, so it was left out", sum.Title, sum.Date)
}

// add writes a member and records its checksum in the manifest.
func (bw *backupWriter) add(name string, data []byte) error {
	return bw.addSum(name, data, sha256.Sum256(data))
}

// addSum is add with the checksum of data already worked out.
func (bw *backupWriter) addSum(name string, data []byte, sum [32]byte) error {
	bw.m.Members = append(bw.m.Members, ManifestMember{Name: name, Size: int64(len(data)), SHA256: hex.EncodeToString(sum[:])})
	return bw.write(name, data)
}

func (bw *backupWriter) write(name string, data []byte) error {
	// USTAR with no owner names is the plainest tar there is: every tar
	// reader ever written understands it.
	hdr := &tar.Header{
		Typeflag: tar.TypeReg,
		Name:     name,
		Mode:     0o600,
		Size:     int64(len(data)),
		ModTime:  bw.m.Created,
		Format:   tar.FormatUSTAR,
	}
	if err := bw.tw.WriteHeader(hdr); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	if _, err := bw.tw.Write(data); err != nil {
		return fmt.Errorf("writing the backup: %w", err)
	}
	return nil
}

// BackupToFile writes a backup to path the careful way: into a private
// temporary file beside it, synced, then read back in full and checked
// against the manifest, and only then renamed over path (and the folder
// synced). On any failure the temporary file is removed and whatever was at
// path before is left as it was.
func (v *Vault) BackupToFile(path string, passphrase []byte, appVersion string, progress func(done, total int)) (Manifest, error) {
	var m Manifest
	err := WriteBackupFile(path, passphrase, func(w io.Writer) (Manifest, error) {
		var err error
		m, err = v.Backup(w, passphrase, appVersion, progress)
		return m, err
	})
	return m, err
}

// WriteBackupFile runs write into a temporary file beside path and, once the
// file is synced and read back whole with passphrase and found to match the
// manifest write returned, renames it to path. See BackupToFile.
func WriteBackupFile(path string, passphrase []byte, write func(io.Writer) (Manifest, error)) error {
	var want Manifest
	return atomicfile.Write(path, "backup", func(w io.Writer) (err error) {
		want, err = write(w)
		return err
	}, func(f *os.File) error {
		// Read back what reached the disk, not what is in memory.
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			return fmt.Errorf("checking the backup: %w", err)
		}
		got, err := VerifyBackup(bufio.NewReaderSize(f, 1<<20), passphrase)
		if err != nil {
			return fmt.Errorf("the backup did not read back correctly, so it was not kept: %w", err)
		}
		if !bytes.Equal(encodeJSON(got), encodeJSON(want)) {
			return fmt.Errorf("the backup did not read back as it was written, so it was not kept: %w", ErrBackupDamaged)
		}
		return nil
	})
}

// ReadBackup decrypts a backup and reads it whole, checking every member
// against the manifest. It changes nothing anywhere: restoring is a separate
// step (RestoreNew, Merge) taken only after ReadBackup succeeded. Errors wrap
// ErrBackupPassphrase, ErrBackupDamaged, ErrNotABackup or ErrBackupNewer.
func ReadBackup(r io.Reader, passphrase []byte) (*BackupContents, error) {
	return readBackup(r, passphrase, true)
}

// VerifyBackup reads a backup as ReadBackup does, without keeping the
// records, and returns its manifest.
func VerifyBackup(r io.Reader, passphrase []byte) (Manifest, error) {
	c, err := readBackup(r, passphrase, false)
	if err != nil {
		return Manifest{}, err
	}
	return c.Manifest, nil
}

const ageMagic = "age-encryption.org/v1\n"

// streamErr remembers the first error of the decrypted stream other than
// EOF, to tell damage to the encryption from a payload that is not ours.
type streamErr struct {
	r   io.Reader
	err error
}

func (s *streamErr) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	if err != nil && err != io.EOF && s.err == nil {
		s.err = err
	}
	return n, err
}

type memberSum struct {
	size int64
	sum  [32]byte
}

func damaged(format string, a ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{ErrBackupDamaged}, a...)...)
}

func readBackup(r io.Reader, passphrase []byte, keep bool) (*BackupContents, error) {
	if len(passphrase) == 0 {
		return nil, fmt.Errorf("%w: the passphrase is empty", ErrBackupPassphrase)
	}
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(1024)
	switch {
	case len(head) < len(ageMagic) && bytes.HasPrefix([]byte(ageMagic), head) && len(head) > 0:
		return nil, damaged("it ends before its encryption header")
	case !bytes.HasPrefix(head, []byte(ageMagic)):
		return nil, fmt.Errorf("%w: it is not an age-encrypted file", ErrNotABackup)
	}
	stanza := head[len(ageMagic):]
	if !bytes.HasPrefix(stanza, []byte("-> scrypt ")) {
		if len(stanza) < len("-> scrypt ") && bytes.HasPrefix([]byte("-> scrypt "), stanza) {
			return nil, damaged("it ends inside its encryption header")
		}
		return nil, fmt.Errorf("%w: it is encrypted to a key, not with a passphrase", ErrNotABackup)
	}
	id, err := age.NewScryptIdentity(string(passphrase))
	if err != nil {
		return nil, fmt.Errorf("%w: %v", ErrBackupPassphrase, err)
	}
	id.SetMaxWorkFactor(maxBackupWorkFactor)
	plain, err := age.Decrypt(br, id)
	if err != nil {
		var nm *age.NoIdentityMatchError
		if errors.As(err, &nm) && errors.Is(err, age.ErrIncorrectIdentity) {
			return nil, ErrBackupPassphrase
		}
		return nil, damaged("its encryption header could not be read (%v)", err)
	}
	sr := &streamErr{r: plain}
	br2 := &backupParse{keep: keep, sums: map[string]memberSum{}, ids: map[journal.ID]bool{}, c: &BackupContents{}}
	if err := br2.read(tar.NewReader(sr), sr); err != nil {
		return nil, err
	}
	return br2.c, nil
}

// backupParse is the state of reading one archive.
type backupParse struct {
	keep     bool
	c        *BackupContents
	sums     map[string]memberSum
	order    []string
	ids      map[journal.ID]bool // entries seen
	histOf   []journal.ID        // entry of each earlier version, checked at the end
	manifest []byte
	prefs    int
	problem  error // a damage reported only if the manifest is of a known version
}

func (p *backupParse) read(tr *tar.Reader, sr *streamErr) error {
	// One goroutine reads the archive in order; workers checksum and
	// decode its members; they are taken in here in archive order.
	err := pipeline.Ordered(pipeline.Workers(),
		func(emit func([]parsedMember) bool) error { return p.scan(tr, sr, emit) },
		func(_ int, batch []parsedMember) {
			for i := range batch {
				batch[i].prepare()
			}
		},
		func(batch []parsedMember) error {
			for i := range batch {
				m := &batch[i]
				p.sums[m.name] = memberSum{size: m.size, sum: m.sum}
				p.take(m)
			}
			return nil
		})
	if err != nil {
		return err
	}
	return p.finish()
}

// parsedMember is one member of an archive being read: its name and
// document, then its checksum and, for an entry or an earlier version, the
// entry decoded and checked.
type parsedMember struct {
	name string
	data []byte
	size int64
	sum  [32]byte
	e    *journal.Entry
	err  error
}

func (m *parsedMember) prepare() {
	m.size, m.sum = int64(len(m.data)), sha256.Sum256(m.data)
	switch {
	case m.name == readmeMember, m.name == manifestMember, m.name == prefsMember:
	case entryMemberRE.MatchString(m.name):
		e, err := decodeBackupEntry(m.name, m.data)
		if err == nil && hex.EncodeToString(e.ID[:]) != entryMemberRE.FindStringSubmatch(m.name)[1] {
			err = damaged("%s holds another entry", m.name)
		}
		m.e, m.err = e, err
		m.data = nil
	case historyMemberRE.MatchString(m.name):
		e, err := decodeBackupEntry(m.name, m.data)
		if err == nil {
			sm := historyMemberRE.FindStringSubmatch(m.name)
			if hex.EncodeToString(e.ID[:]) != sm[1] || strconv.Itoa(e.Rev) != sm[2] {
				err = damaged("%s holds another version", m.name)
			}
		}
		m.e, m.err = e, err
		m.data = nil
	}
}

// Batches of members handed between the goroutines reading a backup.
const (
	readBatchMembers = 128
	readBatchBytes   = 1 << 20
)

// scan reads the archive's members in order and emits them in batches,
// checking its structure as it goes.
func (p *backupParse) scan(tr *tar.Reader, sr *streamErr, emit func([]parsedMember) bool) error {
	streamFail := func(what error) error {
		if sr.err != nil {
			return damaged("it is incomplete or was changed after it was written (%v)", sr.err)
		}
		if len(p.order) == 0 {
			return fmt.Errorf("%w: what is inside is not a Tend archive", ErrNotABackup)
		}
		return damaged("its archive could not be read (%v)", what)
	}
	seen := make(map[string]bool)
	manifest := false
	batch := make([]parsedMember, 0, readBatchMembers)
	size := 0
	flush := func() bool {
		if len(batch) == 0 {
			return true
		}
		ok := emit(batch)
		batch, size = make([]parsedMember, 0, readBatchMembers), 0
		return ok
	}
	for {
		hdr, err := tr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return streamFail(err)
		}
		if len(p.order) == 0 && hdr.Name != readmeMember {
			return fmt.Errorf("%w: what is inside is not a Tend archive", ErrNotABackup)
		}
		if manifest {
			return damaged("something follows its manifest (%q)", hdr.Name)
		}
		if len(p.order) >= maxBackupMembers {
			return damaged("it holds more files than any journal could")
		}
		if hdr.Typeflag != tar.TypeReg {
			return damaged("%q is not a plain file", hdr.Name)
		}
		limit := int64(maxBackupMember)
		if hdr.Name == manifestMember {
			limit = maxBackupManifest
		}
		if hdr.Size < 0 || hdr.Size > limit {
			return damaged("%q is larger than any record could be", hdr.Name)
		}
		if seen[hdr.Name] {
			return damaged("%q appears twice", hdr.Name)
		}
		data := make([]byte, hdr.Size)
		if _, err := io.ReadFull(tr, data); err != nil {
			return streamFail(err)
		}
		seen[hdr.Name] = true
		p.order = append(p.order, hdr.Name)
		manifest = hdr.Name == manifestMember
		batch = append(batch, parsedMember{name: hdr.Name, data: data})
		size += len(data)
		if len(batch) == readBatchMembers || size >= readBatchBytes {
			if !flush() {
				return nil
			}
		}
	}
	if !flush() {
		return nil
	}
	// Reading to the very end is what makes age check the final chunk: a
	// file cut short at a chunk boundary is caught only here.
	n, err := io.Copy(io.Discard, io.LimitReader(&zeroCheck{r: sr}, maxBackupTrailer+1))
	if err != nil {
		if sr.err != nil {
			return damaged("it is incomplete or was changed after it was written (%v)", sr.err)
		}
		return damaged("something follows the end of its archive")
	}
	if n > maxBackupTrailer {
		return damaged("something follows the end of its archive")
	}
	return nil
}

// zeroCheck passes through a stream that must hold only zero bytes.
type zeroCheck struct{ r io.Reader }

func (z *zeroCheck) Read(b []byte) (int, error) {
	n, err := z.r.Read(b)
	for _, c := range b[:n] {
		if c != 0 {
			return n, errors.New("data after the end of the archive")
		}
	}
	return n, err
}

// take takes in one member, checksummed and decoded by prepare. Problems
// are kept for finish, so that a backup from a newer Tend is reported as
// that rather than as damage.
func (p *backupParse) take(m *parsedMember) {
	fail := func(err error) {
		if p.problem == nil {
			p.problem = err
		}
	}
	name, data := m.name, m.data
	switch {
	case name == readmeMember:
	case name == manifestMember:
		p.manifest = data
		if p.manifest == nil {
			p.manifest = []byte{}
		}
	case name == prefsMember:
		p.prefs++
		if err := json.Unmarshal(data, &p.c.Prefs); err != nil {
			fail(damaged("its preferences cannot be read (%v)", err))
		}
	case m.e != nil || m.err != nil:
		if m.err != nil {
			fail(m.err)
			return
		}
		if entryMemberRE.MatchString(name) {
			p.ids[m.e.ID] = true
			p.c.Manifest.Counts.Entries++
			if p.keep {
				p.c.Entries = append(p.c.Entries, m.e)
			}
			return
		}
		p.histOf = append(p.histOf, m.e.ID)
		p.c.Manifest.Counts.History++
		if p.keep {
			p.c.History = append(p.c.History, m.e)
		}
	default:
		fail(damaged("it holds a file Tend does not know (%q)", name))
	}
}

// decodeBackupEntry reads an entry document and checks what restoring needs,
// so nothing fails halfway through a restore.
func decodeBackupEntry(name string, data []byte) (*journal.Entry, error) {
	var e journal.Entry
	if err := json.Unmarshal(data, &e); err != nil {
		return nil, damaged("%s cannot be read (%v)", name, err)
	}
	switch {
	case e.ID.IsZero():
		return nil, damaged("%s has no id", name)
	case !e.Kind.Valid():
		return nil, damaged("%s is of an unknown kind (%q)", name, e.Kind)
	case e.Date.IsZero():
		return nil, damaged("%s has no date", name)
	case e.Rev < 0:
		return nil, damaged("%s has a negative revision", name)
	case e.TextSize() > journal.MaxEntryText:
		return nil, fmt.Errorf("%s: %w", name, journal.ErrTooBig)
	}
	return &e, nil
}

// finish checks the manifest against what was read.
func (p *backupParse) finish() error {
	if p.manifest == nil {
		return damaged("its manifest is missing")
	}
	var m Manifest
	if err := json.Unmarshal(p.manifest, &m); err != nil {
		return damaged("its manifest cannot be read (%v)", err)
	}
	switch {
	case m.Format != BackupFormat:
		return fmt.Errorf("%w: its manifest names the format %q", ErrNotABackup, m.Format)
	case m.FormatVersion > BackupFormatVersion:
		return fmt.Errorf("%w (format version %d); update Tend to open it", ErrBackupNewer, m.FormatVersion)
	case m.FormatVersion < 1:
		return damaged("its manifest gives no format version")
	case p.problem != nil:
		return p.problem
	}
	if b, err := hex.DecodeString(m.VaultID); err != nil || len(b) != 16 {
		return damaged("its manifest does not name the journal it came from")
	}
	got := p.c.Manifest.Counts
	got.Prefs = p.prefs
	if m.Counts != got {
		return damaged("its manifest counts %d entries, %d earlier versions and %d preferences, but it holds %d, %d and %d",
			m.Counts.Entries, m.Counts.History, m.Counts.Prefs, got.Entries, got.History, got.Prefs)
	}
	if len(m.Members) != len(p.order)-1 {
		return damaged("its manifest lists %d files, but it holds %d", len(m.Members), len(p.order)-1)
	}
	listed := make(map[string]bool, len(m.Members))
	for _, mm := range m.Members {
		if listed[mm.Name] || mm.Name == manifestMember {
			return damaged("its manifest lists %q twice", mm.Name)
		}
		listed[mm.Name] = true
		s, ok := p.sums[mm.Name]
		if !ok {
			return damaged("%s is missing", mm.Name)
		}
		if mm.Size != s.size || mm.SHA256 != hex.EncodeToString(s.sum[:]) {
			return damaged("%s does not match the checksum in its manifest", mm.Name)
		}
	}
	for _, id := range p.histOf {
		if !p.ids[id] {
			return damaged("it holds earlier versions of an entry it does not hold (%s)", id)
		}
	}
	p.c.Manifest = m
	return nil
}

// RestoreNew creates a new vault in dir protected by password, fills it with
// the contents of a backup (entries with their ids, times and history, and
// the preferences), and returns it unlocked with its new recovery key. It
// refuses a folder that already holds a vault.
//
// The journal is built whole in a temporary folder inside dir and moved into
// place at the end, its header last: until then dir holds no journal, so a
// failure or a killed process never leaves a half restored journal that
// opens as if it were whole. The next restore clears what an interrupted
// one left.
func RestoreNew(dir string, c *BackupContents, password []byte, kdf KDFParams) (*Vault, RecoveryKey, error) {
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
	v, rk, err := Create(tmp, password, kdf)
	if err != nil {
		return fail(err)
	}
	hist := historyByEntry(c.History)
	items := make([]restoreItem, 0, len(c.Entries))
	for _, e := range c.Entries {
		items = append(items, restoreItem{e: e, hist: hist[e.ID]})
	}
	v.wmu.Lock()
	err = v.checkWrite()
	if err == nil {
		p := c.Prefs
		p.HiddenTags = journal.NormalizeTags(p.HiddenTags)
		err = v.writeRestored(items, writeDirect, record{prefsKey, v.seal.seal(prefsKey, schemaVersion, encodeJSON(p))})
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
	v, err = open(dir, &h, master)
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
	sums := make([]*journal.Entry, 0, len(items))
	var entries []*journal.Entry
	if mode == writeStaged {
		entries = make([]*journal.Entry, 0, len(items))
	}

	err := pipeline.Ordered(pipeline.Workers(),
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
				v.sealRestored(&batch[i])
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
// earlier versions.
func (v *Vault) sealRestored(r *restoreRec) {
	e := *r.item.e
	e.Tags = journal.NormalizeTags(e.Tags)
	e.Words = e.CountWords()
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
		recs, err := v.historyRecords(h, have)
		if err != nil {
			r.err = fmt.Errorf("an earlier version of entry %s: %w", h.ID, err)
			return
		}
		add(recs)
	}
	sum, _ := splitEntry(&e)
	recs, err := v.contentRecords(&e, have)
	if err != nil {
		r.err = fmt.Errorf("entry %s: %w", e.ID, err)
		return
	}
	add(recs)
	sk := summaryKey(e.ID)
	r.kvs = append(r.kvs, record{sk, v.seal.seal(sk, summarySchema, encodeSummary(sum))})
	r.e, r.sum = &e, sum
}

// MergeReport counts what Merge did with each entry of a backup.
type MergeReport struct {
	// Added entries were not in the journal.
	Added int
	// Updated entries had a newer version in the backup; it is now the
	// current one, and the journal's version is kept in the entry's history.
	Updated int
	// Kept entries had an older, different version in the backup; the
	// journal's version stays, and the backup's is kept in the history.
	Kept int
	// Skipped entries were already in the journal as they are in the backup
	// (or their older version was already kept).
	Skipped int
}

// Merge brings a backup's entries into this journal without losing a word:
// an entry the journal lacks is added with its history; one that is the same
// is skipped; when the two differ, the more recently updated version becomes
// the current one and the other is kept in the entry's history. Merging the
// same backup twice changes nothing the second time. Hidden tags and chosen
// paths are added to the journal's preferences. The merge lands whole or
// not at all: after a failure, or a crash at any moment, the journal shows
// what it showed before or everything the merge brought.
//
// Call Merge only with contents ReadBackup returned: that is what guarantees
// the backup was whole before anything here changed.
func (v *Vault) Merge(c *BackupContents) (MergeReport, error) {
	var rep MergeReport
	if c == nil {
		return rep, errors.New("merging: there is no backup to merge")
	}
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return rep, err
	}
	hist := historyByEntry(c.History)
	var items []restoreItem
	for _, b := range c.Entries {
		v.mu.RLock()
		cur := v.sums[b.ID]
		v.mu.RUnlock()
		if cur == nil {
			items = append(items, restoreItem{e: b, hist: hist[b.ID]})
			rep.Added++
			continue
		}
		full, err := v.getFull(cur)
		if err != nil {
			return rep, fmt.Errorf("merging: %w", err)
		}
		if sameContent(full, b) {
			rep.Skipped++
			continue
		}
		winner, loser := full, b
		if b.Updated.After(full.Updated) {
			winner, loser = b, full
		} else {
			kept, err := v.historyHas(b)
			if err != nil {
				return rep, fmt.Errorf("merging: %w", err)
			}
			if kept {
				rep.Skipped++
				continue
			}
		}
		// As Put does: the version that steps back is filed under the
		// current revision, and the one in front takes the next.
		l, w := *loser, *winner
		l.Rev, w.Rev = full.Rev, full.Rev+1
		items = append(items, restoreItem{e: &w, hist: []*journal.Entry{&l}})
		if winner == b {
			rep.Updated++
		} else {
			rep.Kept++
		}
	}
	// The preferences go in the same operation as the entries, so the
	// merge lands whole or not at all.
	p, err := v.Prefs()
	if err != nil {
		return rep, fmt.Errorf("merging: %w", err)
	}
	merged := p // what the merge does not touch stays as it is
	merged.HiddenTags = journal.NormalizeTags(append(append([]string(nil), p.HiddenTags...), c.Prefs.HiddenTags...))
	merged.Paths = unionStrings(p.Paths, c.Prefs.Paths)
	var extra []record
	if !bytes.Equal(encodeJSON(merged), encodeJSON(p)) {
		extra = append(extra, record{prefsKey, v.seal.seal(prefsKey, schemaVersion, encodeJSON(merged))})
	}
	if len(items) == 0 && len(extra) == 0 {
		return rep, nil
	}
	if err := v.writeRestored(items, writeStaged, extra...); err != nil {
		if errors.Is(err, ErrUnfinished) {
			return rep, fmt.Errorf("merging: %w", err)
		}
		return MergeReport{}, fmt.Errorf("merging: %w", err)
	}
	return rep, nil
}

func unionStrings(a, b []string) []string {
	out := append([]string(nil), a...)
	seen := make(map[string]bool, len(a)+len(b))
	for _, s := range a {
		seen[s] = true
	}
	for _, s := range b {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

// contentOf is an entry as a person sees it: without its revision, word
// count and last-saved time, which differ between copies of the same words.
func contentOf(e *journal.Entry) []byte {
	c := *e
	c.Rev, c.Words, c.Updated = 0, 0, time.Time{}
	c.Tags = journal.NormalizeTags(c.Tags)
	c.Created = c.Created.UTC()
	if !c.Deleted.IsZero() {
		c.Deleted = c.Deleted.UTC()
	}
	return encodeJSON(&c)
}

func sameContent(a, b *journal.Entry) bool { return bytes.Equal(contentOf(a), contentOf(b)) }

// historyHas reports whether an earlier version of e's entry has e's
// content. It reads the versions one at a time, so the history of a long
// entry is never whole in memory.
func (v *Vault) historyHas(e *journal.Entry) (bool, error) {
	want := contentOf(e)
	found := false
	err := v.db.View(func(txn *badger.Txn) error {
		return v.eachVersion(txn, e.ID, func(h *journal.Entry) bool {
			found = bytes.Equal(contentOf(h), want)
			return !found
		})
	})
	if err != nil {
		return false, fmt.Errorf("reading the history of entry %s: %w", e.ID, err)
	}
	return found, nil
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
	err = v.db.View(func(txn *badger.Txn) error {
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
