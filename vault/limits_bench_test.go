package vault_test

import (
	"bytes"
	"crypto/cipher"
	"crypto/rand"
	"fmt"
	"io"
	"os"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"filippo.io/age"
	"github.com/dgraph-io/badger/v4"
	"golang.org/x/crypto/chacha20poly1305"

	"tend/backup"
	"tend/internal/sample"
	"tend/internal/vaulttest"
	"tend/journal"
	"tend/vault"
)

// limitRounds is how many times each limit is measured; the median is
// reported, so one slow round on a shared machine does not set the bar.
const limitRounds = 3

// rawOpens is how many times each round opens and reads the raw store.
// Opening is quick but noisy (it creates and syncs files), and the first
// open after writing finds the caches colder than the others.
const rawOpens = 5

// rawSaves is how many durable saves the raw save latency is taken over, as
// many as BenchmarkSave makes at -benchtime 30x.
const rawSaves = 300

// rawRecord is one record of the journal as the vault stores it: its key,
// the padded plaintext the AEAD seals, and the sealed value.
type rawRecord struct {
	key, padded, sealed []byte
}

// rawSealHeader is the vault's sealed-value header: format, schema, nonce.
const rawSealHeader = 1 + 2 + chacha20poly1305.NonceSizeX

// BenchmarkLimits measures the machine's own limits in the same run as the
// figures, on the same bytes as the generated journal of each size: every
// entry's summary and content record, padded exactly as the vault pads them.
// It uses the primitives alone, without Tend's code around them:
//
//   - aead-seal, aead-open: XChaCha20-Poly1305 on one core, MB of padded
//     plaintext per second, nonces drawn as the vault draws them.
//   - badger-write: one write batch of the sealed records into a new store
//     with the vault's Badger options (encrypted, synced), until Flush
//     returns, as restore and import write; MB of sealed values per second.
//   - badger-read: an iteration over every value of that store, as a backup
//     reads; MB of sealed values per second.
//   - raw-unlock: opening that store and reading every summary record's
//     bytes, one id range per core as Vault.Open reads them, with no seal
//     opened and nothing decoded: the floor under unlocking.
//   - raw-save-p50, raw-save-p99: one synced transaction of a new entry's two
//     sealed records, sealing included, as a durable save writes, on a new
//     store of its own.
//   - raw-disk-ratio: that store's bytes on disk after compaction, per byte
//     of writing (the yardstick of BenchmarkFootprint).
//   - age-x25519-enc/dec, age-scrypt-enc/dec: an age stream of the padded
//     plaintexts to an X25519 recipient, and to a passphrase at the scrypt
//     cost backups use in this run; MB per second, header included.
//   - raw-MB: the sealed records' size, the same as the vault's store holds,
//     so rates per byte of store can be set against rates per byte of
//     backup archive.
func BenchmarkLimits(b *testing.B) {
	vaulttest.LowBackupCost(b) // the cost BenchmarkBackup's backups use
	for _, n := range benchSizes() {
		b.Run(fmt.Sprintf("entries=%d", n), func(b *testing.B) {
			l := newLimits(b, n)
			for range limitRounds {
				l.aeadRound()
				l.saveRound()
				l.storeRound()
				l.ageRound()
			}
			// The rounds above are the work; the loop is empty.
			for b.Loop() {
			}
			b.ReportMetric(float64(l.sealedBytes)/1e6, "raw-MB")
			for k := range limitCount {
				b.ReportMetric(median(l.samples[k]), limitUnits[k])
			}
		})
	}
}

// limits is one journal's limits being measured. Every round measures
// every limit; each metric reported is the median of its samples.
type limits struct {
	b                        *testing.B
	recs                     []rawRecord
	plain                    int   // bytes of writing
	paddedBytes, sealedBytes int64 // the records, before and after sealing
	aead                     cipher.AEAD
	extra                    []*journal.Entry // new entries for the saves
	samples                  [limitCount][]float64
}

func newLimits(b *testing.B, n int) *limits {
	l := &limits{b: b, aead: newRawAEAD(b)}
	l.recs, l.plain = rawRecordsOf(n)
	for _, r := range l.recs {
		l.paddedBytes += int64(len(r.padded))
	}
	l.extra = sample.Journal(99, 200, journal.Date{Year: 2027, Month: 1, Day: 1})
	return l
}

func (l *limits) add(k limitKind, v float64) { l.samples[k] = append(l.samples[k], v) }

// aeadRound seals every record, as the vault would store it, then opens it.
func (l *limits) aeadRound() {
	start := time.Now()
	for i := range l.recs {
		l.recs[i].sealed = rawSeal(l.aead, l.recs[i].key, l.recs[i].padded)
	}
	l.add(aeadSeal, mbps(l.paddedBytes, time.Since(start)))
	l.sealedBytes = 0
	for _, r := range l.recs {
		l.sealedBytes += int64(len(r.sealed))
	}
	start = time.Now()
	var buf []byte
	for _, r := range l.recs {
		var err error
		if buf, err = l.aead.Open(buf[:0], r.sealed[3:rawSealHeader], r.sealed[rawSealHeader:], r.key); err != nil {
			l.b.Fatal(err)
		}
	}
	l.add(aeadOpen, mbps(l.paddedBytes, time.Since(start)))
}

func (l *limits) saveRound() {
	saves := rawDurableSaves(l.b, l.aead, l.extra)
	l.add(rawSaveP50, percentile(saves, 0.5))
	l.add(rawSaveP99, percentile(saves, 0.99))
}

// storeRound writes the sealed records into a new store, then opens and
// reads it rawOpens times.
func (l *limits) storeRound() {
	dir, opts, write, disk := rawStore(l.b, l.recs)
	defer os.RemoveAll(dir)
	l.add(badgerWrite, mbps(l.sealedBytes, write))
	l.add(rawDisk, float64(disk)/float64(l.plain))
	for range rawOpens {
		unlock, read := rawReads(l.b, opts)
		l.add(rawUnlock, float64(unlock)/float64(time.Millisecond))
		l.add(badgerRead, mbps(l.sealedBytes, read))
	}
}

// ageRound streams the padded plaintexts through age, to an X25519
// recipient and to a passphrase at the backups' scrypt cost.
func (l *limits) ageRound() {
	id, err := age.GenerateX25519Identity()
	if err != nil {
		l.b.Fatal(err)
	}
	enc, dec := rawAge(l.b, l.recs, l.paddedBytes, id.Recipient(), id)
	l.add(ageX25519Enc, enc)
	l.add(ageX25519Dec, dec)

	const pass = "a passphrase for the limits"
	rcp, err := age.NewScryptRecipient(pass)
	if err != nil {
		l.b.Fatal(err)
	}
	rcp.SetWorkFactor(backup.WorkFactor)
	sid, err := age.NewScryptIdentity(pass)
	if err != nil {
		l.b.Fatal(err)
	}
	enc, dec = rawAge(l.b, l.recs, l.paddedBytes, rcp, sid)
	l.add(ageScryptEnc, enc)
	l.add(ageScryptDec, dec)
}

// limitKind names one limit BenchmarkLimits reports.
type limitKind int

const (
	aeadSeal limitKind = iota
	aeadOpen
	badgerWrite
	badgerRead
	rawUnlock
	rawSaveP50
	rawSaveP99
	rawDisk
	ageX25519Enc
	ageX25519Dec
	ageScryptEnc
	ageScryptDec
	limitCount
)

// limitUnits are the metric names scripts/benchtable reads.
var limitUnits = [limitCount]string{
	aeadSeal:     "aead-seal-MBps",
	aeadOpen:     "aead-open-MBps",
	badgerWrite:  "badger-write-MBps",
	badgerRead:   "badger-read-MBps",
	rawUnlock:    "raw-unlock-ms",
	rawSaveP50:   "raw-save-p50-ms",
	rawSaveP99:   "raw-save-p99-ms",
	rawDisk:      "raw-disk-ratio",
	ageX25519Enc: "age-x25519-enc-MBps",
	ageX25519Dec: "age-x25519-dec-MBps",
	ageScryptEnc: "age-scrypt-enc-MBps",
	ageScryptDec: "age-scrypt-dec-MBps",
}

func median(xs []float64) float64 {
	s := slices.Clone(xs)
	slices.Sort(s)
	return s[len(s)/2]
}

func mbps(n int64, d time.Duration) float64 { return float64(n) / 1e6 / d.Seconds() }

// rawRecordsOf returns the records of the generated journal of n entries,
// the same journal journalOf stores, and its bytes of writing.
func rawRecordsOf(n int) (recs []rawRecord, plain int) {
	entries := sample.Journal(uint64(n), n, benchEnd)
	writeSomeInJapanese(entries)
	recs = make([]rawRecord, 0, 2*n)
	for _, e := range entries {
		keys, padded := vault.RecordsForBench(e)
		for i := range keys {
			recs = append(recs, rawRecord{key: keys[i], padded: padded[i]})
		}
	}
	return recs, sample.PlainBytes(entries)
}

// sealedBytesOf is the size of the records of the generated journal of n
// entries once sealed: the raw-MB the limits are measured on.
func sealedBytesOf(n int) int64 {
	recs, _ := rawRecordsOf(n)
	var size int64
	for _, r := range recs {
		size += int64(rawSealHeader + len(r.padded) + chacha20poly1305.Overhead)
	}
	return size
}

func newRawAEAD(b *testing.B) cipher.AEAD {
	key := make([]byte, chacha20poly1305.KeySize)
	rand.Read(key)
	aead, err := chacha20poly1305.NewX(key)
	if err != nil {
		b.Fatal(err)
	}
	return aead
}

// rawSeal lays a value out as the vault does (format, schema, random nonce,
// ciphertext), with the record key as the associated data.
func rawSeal(aead cipher.AEAD, key, padded []byte) []byte {
	out := make([]byte, rawSealHeader, rawSealHeader+len(padded)+aead.Overhead())
	out[0] = 1
	rand.Read(out[3:rawSealHeader])
	return aead.Seal(out, out[3:rawSealHeader], padded, key)
}

// newRawStore opens a new Badger store in a temporary folder with the
// vault's options and a random key.
func newRawStore(b *testing.B) (string, badger.Options, *badger.DB) {
	b.Helper()
	dir, err := os.MkdirTemp("", "tend-limits-")
	if err != nil {
		b.Fatal(err)
	}
	// Removed as soon as the round is done with it, and here too if the
	// round fails first.
	b.Cleanup(func() { os.RemoveAll(dir) })
	key := make([]byte, 32)
	rand.Read(key)
	opts := vault.BadgerOptionsForBench(dir, key)
	db, err := badger.Open(opts)
	if err != nil {
		b.Fatal(err)
	}
	return dir, opts, db
}

// rawStore writes the sealed records into a new store in one write batch,
// timed until Flush returns, then compacts it as Vault.Compact does, closes
// it and measures its size on disk.
func rawStore(b *testing.B, recs []rawRecord) (dir string, opts badger.Options, write time.Duration, disk int64) {
	b.Helper()
	dir, opts, db := newRawStore(b)
	start := time.Now()
	wb := db.NewWriteBatch()
	for _, r := range recs {
		if err := wb.Set(r.key, r.sealed); err != nil {
			b.Fatal(err)
		}
	}
	if err := wb.Flush(); err != nil {
		b.Fatal(err)
	}
	write = time.Since(start)
	if err := db.Flatten(2); err != nil {
		b.Fatal(err)
	}
	for db.RunValueLogGC(0.5) == nil {
	}
	if err := db.Close(); err != nil {
		b.Fatal(err)
	}
	return dir, opts, write, diskUsage(b, opts.Dir)
}

// rawReads opens the store and reads every summary record's bytes, split
// into one id range per core as Vault.Open splits them, and then times one
// iteration over every value, as a backup reads them.
func rawReads(b *testing.B, opts badger.Options) (unlock, read time.Duration) {
	b.Helper()
	start := time.Now()
	db, err := badger.Open(opts)
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	parts := max(1, min(runtime.GOMAXPROCS(0), 8))
	var wg sync.WaitGroup
	var summaryBytes atomic.Int64
	for p := range parts {
		lo, hi := byte(p*256/parts), (p+1)*256/parts
		wg.Go(func() {
			err := db.View(func(txn *badger.Txn) error {
				o := badger.DefaultIteratorOptions
				o.Prefix = []byte{'m'} // the vault's summary records
				o.PrefetchSize = 256
				it := txn.NewIterator(o)
				defer it.Close()
				for it.Seek([]byte{'m', lo}); it.Valid() && int(it.Item().Key()[1]) < hi; it.Next() {
					err := it.Item().Value(func(v []byte) error {
						summaryBytes.Add(int64(len(v)))
						return nil
					})
					if err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				b.Error(err)
			}
		})
	}
	wg.Wait()
	unlock = time.Since(start)
	if summaryBytes.Load() == 0 {
		b.Fatal("the raw store holds no summaries")
	}

	start = time.Now()
	err = db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if err := it.Item().Value(func([]byte) error { return nil }); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	return unlock, time.Since(start)
}

// rawDurableSaves times rawSaves synced transactions on a new store, each
// sealing and writing a new entry's summary and content records. The store
// is new so that nothing else it does, such as compacting a large journal
// just written, adds to the floor.
func rawDurableSaves(b *testing.B, aead cipher.AEAD, entries []*journal.Entry) []time.Duration {
	b.Helper()
	dir, _, db := newRawStore(b)
	defer os.RemoveAll(dir)
	defer db.Close()
	times := make([]time.Duration, 0, rawSaves)
	for i := range rawSaves {
		e := *entries[i%len(entries)]
		e.ID = journal.NewID()
		keys, padded := vault.RecordsForBench(&e)
		start := time.Now()
		err := db.Update(func(txn *badger.Txn) error {
			for j := range keys {
				if err := txn.Set(keys[j], rawSeal(aead, keys[j], padded[j])); err != nil {
					return err
				}
			}
			return nil
		})
		times = append(times, time.Since(start))
		if err != nil {
			b.Fatal(err)
		}
	}
	return times
}

// rawAge streams the padded plaintexts through age to rcp and back with id,
// and returns both rates in MB of plaintext per second.
func rawAge(b *testing.B, recs []rawRecord, size int64, rcp age.Recipient, id age.Identity) (enc, dec float64) {
	b.Helper()
	var ct bytes.Buffer
	ct.Grow(int(size + size/64 + 1024))
	start := time.Now()
	w, err := age.Encrypt(&ct, rcp)
	if err != nil {
		b.Fatal(err)
	}
	for _, r := range recs {
		if _, err := w.Write(r.padded); err != nil {
			b.Fatal(err)
		}
	}
	if err := w.Close(); err != nil {
		b.Fatal(err)
	}
	enc = mbps(size, time.Since(start))

	start = time.Now()
	r, err := age.Decrypt(&ct, id)
	if err != nil {
		b.Fatal(err)
	}
	got, err := io.Copy(io.Discard, r)
	if err != nil || got != size {
		b.Fatalf("age stream: %d of %d bytes: %v", got, size, err)
	}
	dec = mbps(size, time.Since(start))
	return enc, dec
}
