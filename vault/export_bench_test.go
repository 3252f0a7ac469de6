package vault

import (
	"encoding/binary"

	"tend/journal"
)

// Test-only doors for BenchmarkLimits in package vault_test, which measures
// the machine's limits with raw Badger, raw XChaCha20-Poly1305 and raw age
// on the very bytes the vault stores.

// BadgerOptionsForBench is the vault's own Badger configuration (encryption,
// table and cache sizes, synced writes, no compression), so raw Badger is
// measured as the vault runs it.
var BadgerOptionsForBench = badgerOptions

// RecordsForBench returns the records Import stores for a new entry, each as
// its key and the padded plaintext the AEAD seals, byte for byte: a summary
// and a content record.
func RecordsForBench(in *journal.Entry) (keys, padded [][]byte) {
	e := *in
	e.Tags = journal.NormalizeTags(e.Tags)
	e.Words = e.CountWords()
	if e.Rev == 0 {
		e.Rev = 1
	}
	sum, c := splitEntry(&e)
	for _, r := range []struct {
		key, plain []byte
	}{
		{summaryKey(e.ID), encodeSummary(sum)},
		{contentKey(e.ID), encodeJSON(c)},
	} {
		p := make([]byte, padmeLen(padLenSize+len(r.plain)))
		binary.BigEndian.PutUint32(p, uint32(len(r.plain)))
		copy(p[padLenSize:], r.plain)
		keys = append(keys, r.key)
		padded = append(padded, p)
	}
	return keys, padded
}
