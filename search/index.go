package search

import (
	"encoding/binary"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"strings"
	"sync"
	"time"

	"tend/journal"
)

// The search index lives only in memory. It is built after unlock from the
// decrypted entries and dropped on lock, so nothing about what was written
// (not even which words occur) ever reaches the disk through it.
//
// Layout, chosen to keep 100,000 entries well under 100 MB and a warm search
// within a few milliseconds:
//
//   - every version of an entry gets a document ordinal; ordinals only grow,
//     so posting lists are append-only and sorted for free. Replacing or
//     removing an entry marks its ordinal dead; compaction renumbers once
//     the dead outnumber half the living;
//   - per-document facts are parallel slices (struct of arrays): id, a sort
//     key packing the day and the time written, word count, kind, flags;
//   - each word has a posting list of delta-encoded uvarints whose low bit
//     says whether a term frequency follows, so a typical posting costs one
//     or two bytes;
//   - the dictionary is a map for exact lookups plus a sorted slice of term
//     ids for prefix ranges; terms added since the last sort sit in a short
//     pending list that is scanned linearly and merged in when it grows.
//
// Phrases are not stored as positions, which would multiply the memory:
// candidates are narrowed by their words' postings and by a small Bloom
// filter per entry of its adjacent word pairs, then confirmed on the entry's
// own text, fetched through the caller's verify function. The filters cost
// six bits a word and spare the store from decrypting thousands of
// entries that hold common words but not the phrase.

// postings is one term's list of documents, in increasing ordinal order.
// Each posting is a uvarint of (delta << 1 | more); when more is set a
// uvarint term frequency follows, otherwise the frequency is 1. Most words
// occur once in an entry and most deltas are small, so a posting usually
// costs one byte.
type postings struct {
	buf  []byte
	last uint32 // ordinal of the last posting
	n    uint32 // postings held, dead documents included
}

func (p *postings) add(ord, tf uint32) {
	v := uint64(ord-p.last) << 1
	if tf > 1 {
		v |= 1
	}
	p.buf = binary.AppendUvarint(p.buf, v)
	if tf > 1 {
		p.buf = binary.AppendUvarint(p.buf, uint64(tf))
	}
	p.last = ord
	p.n++
}

func (p *postings) iter() postIter { return postIter{buf: p.buf} }

// setBits sets the bit of every ordinal of p in bm. A short prefix unions
// millions of postings, so this is postIter.next unrolled by hand, skipping
// the frequencies.
func (p *postings) setBits(bm []uint64) {
	buf := p.buf
	ord := uint32(0)
	for i := 0; i < len(buf); {
		v := uint64(buf[i])
		i++
		if v >= 0x80 {
			var n int
			v, n = binary.Uvarint(buf[i-1:])
			if n <= 0 {
				return
			}
			i += n - 1
		}
		ord += uint32(v >> 1)
		if int(ord>>6) < len(bm) {
			bm[ord>>6] |= 1 << (ord & 63)
		}
		if v&1 != 0 {
			// Skip the frequency: a uvarint ends at its first byte below 0x80.
			for i < len(buf) && buf[i] >= 0x80 {
				i++
			}
			i++
		}
	}
}

// addFreqs adds the frequency of every posting of p up to ordinal last to
// acc[ord]. Scoring a short prefix walks millions of postings, so this is
// postIter.next unrolled by hand, as setBits is.
func (p *postings) addFreqs(acc []uint32, last uint32) {
	buf := p.buf
	ord := uint32(0)
	for i := 0; i < len(buf); {
		v := uint64(buf[i])
		i++
		if v >= 0x80 {
			var n int
			v, n = binary.Uvarint(buf[i-1:])
			if n <= 0 {
				return
			}
			i += n - 1
		}
		ord += uint32(v >> 1)
		if ord > last || int(ord) >= len(acc) {
			return
		}
		tf := uint32(1)
		if v&1 != 0 {
			f := uint64(buf[i])
			i++
			if f >= 0x80 {
				var n int
				f, n = binary.Uvarint(buf[i-1:])
				if n <= 0 {
					return
				}
				i += n - 1
			}
			tf = uint32(f)
		}
		acc[ord] += tf
	}
}

// postIter walks a posting list.
type postIter struct {
	buf []byte
	i   int
	ord uint32
	tf  uint32
}

func (it *postIter) next() bool {
	if it.i >= len(it.buf) {
		return false
	}
	v := uint64(it.buf[it.i])
	if v < 0x80 {
		it.i++
	} else {
		var n int
		v, n = binary.Uvarint(it.buf[it.i:])
		if n <= 0 {
			it.i = len(it.buf)
			return false
		}
		it.i += n
	}
	it.ord += uint32(v >> 1)
	it.tf = 1
	if v&1 != 0 {
		f, n := binary.Uvarint(it.buf[it.i:])
		if n <= 0 {
			it.i = len(it.buf)
			return false
		}
		it.i += n
		it.tf = uint32(f)
	}
	return true
}

// dictTerm is one word of the dictionary.
type dictTerm struct {
	word string
	post postings
}

// Document flags.
const (
	docDead    uint8 = 1 << iota // replaced or removed
	docTrash                     // the entry is in the trash
	docStarred                   // the entry has a star
)

// Sort keys pack the day above the time the entry was written (for one
// without a time, when it was first saved: journal.Entry.SortTime), so
// date order, newest day first and then the order the day was written
// in, is one integer comparison.
const (
	keyTimeBits = 40 // seconds since 1970: until the year 36812
	keyMaxYear  = 1<<14 - 1
)

func dayOrd(d journal.Date) uint64 {
	y := min(max(d.Year, 0), keyMaxYear)
	m := min(max(int(d.Month), 0), 15)
	day := min(max(d.Day, 0), 31)
	return uint64(y)<<9 | uint64(m)<<5 | uint64(day)
}

func dateOfOrd(o uint64) journal.Date {
	return journal.Date{Year: int(o >> 9), Month: time.Month(o >> 5 & 15), Day: int(o & 31)}
}

func docSortKey(e *journal.Entry) uint64 {
	var sec int64
	if t := e.SortTime(); !t.IsZero() {
		sec = min(max(t.Unix(), 0), 1<<keyTimeBits-1)
	}
	return dayOrd(e.Date)<<keyTimeBits | uint64(sec)
}

// pairBits is the size of the word-pair filters, in bits per pair, and
// pairProbes the bits set for each pair. A document without a given pair
// then passes about 6% of the time; one without two of a phrase's pairs,
// about 0.4%. Each pair it lets by costs the store a fetch and a decryption.
const (
	pairBits   = 6
	pairProbes = 3
)

// pairSeed keys word hashes for the pair filters. Random per process: the
// filters never leave memory, and nothing outside can aim collisions at them.
var pairSeed = maphash.MakeSeed()

// pairHash mixes the hashes of two adjacent words into one, order mattering.
func pairHash(a, b uint64) uint64 {
	x := a ^ bits.RotateLeft64(b, 29)*0x9e3779b97f4a7c15
	x ^= x >> 33
	x *= 0xff51afd7ed558ccd
	x ^= x >> 33
	x *= 0xc4ceb9fe1a85ec53
	x ^= x >> 33
	return x
}

// pairProbe returns the i-th bit position of pair hash x in a filter of m
// bits: double hashing over the two 32-bit halves, scaled into range
// without a division.
func pairProbe(x uint64, i, m uint64) uint64 {
	return uint64(uint32(x)+uint32(i)*uint32(x>>32)) * m >> 32
}

// addPairFilter appends the filter of ix.pairs for the document being put.
func (ix *Index) addPairFilter() {
	words := (len(ix.pairs)*pairBits + 63) / 64
	start := len(ix.pairArena)
	ix.pairArena = slices.Grow(ix.pairArena, words)[:start+words]
	f := ix.pairArena[start:]
	clear(f)
	m := uint64(words) * 64
	for _, x := range ix.pairs {
		for i := range uint64(pairProbes) {
			p := pairProbe(x, i, m)
			f[p>>6] |= 1 << (p & 63)
		}
	}
	ix.pairEnd = append(ix.pairEnd, uint32(len(ix.pairArena)))
	ix.pairs = ix.pairs[:0]
}

func (ix *Index) pairFilter(ord uint32) []uint64 {
	start := uint32(0)
	if ord > 0 {
		start = ix.pairEnd[ord-1]
	}
	return ix.pairArena[start:ix.pairEnd[ord]]
}

// mayHavePairs reports whether document ord may hold every pair of pairs;
// false means it certainly does not.
func (ix *Index) mayHavePairs(ord uint32, pairs []uint64) bool {
	f := ix.pairFilter(ord)
	if len(f) == 0 {
		return len(pairs) == 0
	}
	m := uint64(len(f)) * 64
	for _, x := range pairs {
		for i := range uint64(pairProbes) {
			if p := pairProbe(x, i, m); f[p>>6]&(1<<(p&63)) == 0 {
				return false
			}
		}
	}
	return true
}

// phrasePairs returns the pair hashes of every phrase's adjacent words.
func phrasePairs(phrases [][]string) []uint64 {
	var out []uint64
	for _, p := range phrases {
		prev := maphash.String(pairSeed, p[0]) | 1
		for _, w := range p[1:] {
			h := maphash.String(pairSeed, w) | 1
			out = append(out, pairHash(prev, h))
			prev = h
		}
	}
	return out
}

// headWeight is how many times a word of the title or of a tag counts
// towards its frequency in the entry: an entry titled "Felt safe today" is
// about feeling safe more than one that says "safe" once in passing. Such
// words cost a byte more in their postings.
const headWeight = 3

// compactMinDead keeps small indexes from compacting on every save.
const compactMinDead = 64

// compactMinPairs is how many words of word-pair filters (1 MiB) dead
// documents may hold before their share of the index alone asks for a
// compaction.
const compactMinPairs = 1 << 17

// pendingMin is how many new terms may wait unsorted before being merged.
const pendingMin = 1024

// Index is the in-memory full-text index of a vault's entries. It holds
// normalised words, tags, kinds and dates, never whole texts: phrases and
// snippets are checked against the entry itself. All methods are safe for
// concurrent use; searches run in parallel, updates exclusively. The zero
// Index is empty and ready to use.
type Index struct {
	mu sync.RWMutex

	dict    map[string]uint32 // word -> term id
	terms   []dictTerm        // by term id
	sorted  []uint32          // term ids in word order, for prefix ranges
	pending []uint32          // term ids added since sorted was last merged

	tagDict map[string]uint32 // folded tag -> tag id
	tags    []postings        // by tag id

	kindIDs map[journal.Kind]uint16
	kindOf  []journal.Kind // by kind id

	// Per-document facts, by ordinal. These slices are only appended to,
	// and compaction builds new ones, so an element below the length seen
	// under the lock never changes: a search may keep reading a copy of
	// the slice header after unlocking.
	ids   []journal.ID
	keys  []uint64
	lens  []uint32 // words indexed, for length normalisation
	kinds []uint16
	flags []uint8
	books []journal.JournalID // the journal of each document

	// Word-pair filters: per document, a Bloom filter of the pairs of
	// adjacent words, pairBits bits a pair, so a phrase search can skip
	// most entries that have the words but not side by side before asking
	// the store for them. Document ord's filter is
	// pairArena[pairEnd[ord-1]:pairEnd[ord]].
	pairArena []uint64
	pairEnd   []uint32

	live     map[journal.ID]uint32 // the current ordinal of each entry
	dead     int
	totalLen uint64 // words of the live documents

	// deadPairs is how much of pairArena dead documents hold.
	deadPairs int

	// Scratch for Put, reused because the write lock serialises it.
	tf    []uint32 // by term id; zero between calls
	seen  []uint32 // term ids of the document being put
	pairs []uint64 // its word-pair hashes
	tok   []byte
}

// NewIndex returns an empty index.
func NewIndex() *Index { return &Index{} }

// Len returns the number of entries indexed.
func (ix *Index) Len() int {
	ix.mu.RLock()
	defer ix.mu.RUnlock()
	return len(ix.live)
}

// Put indexes e: its title, body, tags, the free text of its fields and the
// prompt it answers, with its date, kind, tags and trash state for
// filtering. A previous version of the same entry is replaced.
func (ix *Index) Put(e *journal.Entry) {
	if e == nil {
		return
	}
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ix.live == nil {
		ix.dict = make(map[string]uint32)
		ix.tagDict = make(map[string]uint32)
		ix.kindIDs = make(map[journal.Kind]uint16)
		ix.live = make(map[journal.ID]uint32)
	}
	if old, ok := ix.live[e.ID]; ok {
		ix.kill(old)
	}
	ord := uint32(len(ix.ids))

	words := 0
	var prev uint64 // hash of the previous word in this text; 0 at its start
	weight := uint32(1)
	add := func(t token) {
		if !t.alone {
			words++
			h := maphash.Bytes(pairSeed, t.text) | 1
			if prev != 0 {
				ix.pairs = append(ix.pairs, pairHash(prev, h))
			}
			prev = h
		}
		id, ok := ix.dict[string(t.text)]
		if !ok {
			id = ix.newTerm(string(t.text))
		}
		if ix.tf[id] == 0 {
			ix.seen = append(ix.seen, id)
		}
		ix.tf[id] += weight
	}
	searchTexts(e, func(s string, head bool) {
		prev = 0
		weight = 1
		if head {
			weight = headWeight
		}
		ix.tok = scanTokens(s, ix.tok, add)
	})
	for _, id := range ix.seen {
		ix.terms[id].post.add(ord, ix.tf[id])
		ix.tf[id] = 0
	}
	ix.seen = ix.seen[:0]
	ix.addPairFilter()

	for _, t := range journal.NormalizeTags(e.Tags) {
		k := foldTag(t)
		id, ok := ix.tagDict[k]
		if !ok {
			id = uint32(len(ix.tags))
			ix.tagDict[k] = id
			ix.tags = append(ix.tags, postings{})
		}
		// NormalizeTags folds case only; "café" and "cafe" fold together
		// here, so guard against a second posting for this document.
		if p := &ix.tags[id]; p.n == 0 || p.last != ord {
			p.add(ord, 1)
		}
	}

	var fl uint8
	if e.InTrash() {
		fl |= docTrash
	}
	if e.Starred {
		fl |= docStarred
	}
	ix.ids = append(ix.ids, e.ID)
	ix.keys = append(ix.keys, docSortKey(e))
	ix.lens = append(ix.lens, uint32(words))
	ix.kinds = append(ix.kinds, ix.kindID(e.Kind))
	ix.flags = append(ix.flags, fl)
	ix.books = append(ix.books, e.Journal)
	ix.live[e.ID] = ord
	ix.totalLen += uint64(words)
	ix.maybeCompact()
}

// Remove drops the entry with the given id, if it is indexed.
func (ix *Index) Remove(id journal.ID) {
	ix.mu.Lock()
	defer ix.mu.Unlock()
	if ord, ok := ix.live[id]; ok {
		ix.kill(ord)
		delete(ix.live, id)
		ix.maybeCompact()
	}
}

func (ix *Index) kill(ord uint32) {
	ix.flags[ord] |= docDead
	ix.dead++
	ix.deadPairs += len(ix.pairFilter(ord))
	ix.totalLen -= uint64(ix.lens[ord])
}

func (ix *Index) newTerm(w string) uint32 {
	id := uint32(len(ix.terms))
	ix.terms = append(ix.terms, dictTerm{word: w})
	ix.dict[w] = id
	ix.tf = append(ix.tf, 0)
	ix.pending = append(ix.pending, id)
	if len(ix.pending) >= pendingMin && len(ix.pending) >= len(ix.sorted)/8 {
		ix.mergePending()
	}
	return id
}

// mergePending folds the pending terms into the sorted list. Merging only
// when pending has grown by a fraction of sorted keeps the cost amortised
// constant per new word, while searches scan at most that fraction.
func (ix *Index) mergePending() {
	if len(ix.pending) == 0 {
		return
	}
	less := func(a, b uint32) int { return strings.Compare(ix.terms[a].word, ix.terms[b].word) }
	slices.SortFunc(ix.pending, less)
	merged := make([]uint32, 0, len(ix.sorted)+len(ix.pending))
	i, j := 0, 0
	for i < len(ix.sorted) && j < len(ix.pending) {
		if less(ix.sorted[i], ix.pending[j]) <= 0 {
			merged = append(merged, ix.sorted[i])
			i++
		} else {
			merged = append(merged, ix.pending[j])
			j++
		}
	}
	merged = append(merged, ix.sorted[i:]...)
	merged = append(merged, ix.pending[j:]...)
	ix.sorted = merged
	ix.pending = ix.pending[:0]
}

func (ix *Index) kindID(k journal.Kind) uint16 {
	if id, ok := ix.kindIDs[k]; ok {
		return id
	}
	if len(ix.kindOf) > math.MaxUint16 {
		// Kinds come from a short fixed list; this only guards against a
		// damaged store inventing thousands.
		return math.MaxUint16
	}
	id := uint16(len(ix.kindOf))
	ix.kindIDs[k] = id
	ix.kindOf = append(ix.kindOf, k)
	return id
}

func (ix *Index) maybeCompact() {
	// Each save of a long entry leaves its large filter behind, and in a
	// big journal counting documents alone let hundreds of them pile up.
	if (ix.dead >= compactMinDead && ix.dead > len(ix.live)/2) ||
		(ix.deadPairs >= compactMinPairs && ix.deadPairs > len(ix.pairArena)/2) {
		ix.compact()
	}
}

// compact drops dead documents and the terms only they used, renumbering
// ordinals densely. The relative order of ordinals is kept, so posting lists
// stay sorted and need no re-sorting.
func (ix *Index) compact() {
	remap := make([]uint32, len(ix.ids)) // new ordinal + 1; 0 when dead
	n := uint32(0)
	for ord, fl := range ix.flags {
		if fl&docDead == 0 {
			n++
			remap[ord] = n
		}
	}
	keepDocs := func(ord int) bool { return remap[ord] != 0 }
	ix.ids = keepIndexed(ix.ids, keepDocs)
	ix.keys = keepIndexed(ix.keys, keepDocs)
	ix.lens = keepIndexed(ix.lens, keepDocs)
	ix.kinds = keepIndexed(ix.kinds, keepDocs)
	ix.flags = keepIndexed(ix.flags, keepDocs)
	ix.books = keepIndexed(ix.books, keepDocs)
	var arena []uint64
	var ends []uint32
	for ord := range remap {
		if remap[ord] != 0 {
			arena = append(arena, ix.pairFilter(uint32(ord))...)
			ends = append(ends, uint32(len(arena)))
		}
	}
	ix.pairArena, ix.pairEnd = arena, ends
	ix.deadPairs = 0
	for id, ord := range ix.live {
		ix.live[id] = remap[ord] - 1
	}
	ix.dead = 0

	ix.mergePending()
	termRemap := make([]uint32, len(ix.terms)) // new id + 1; 0 when dropped
	terms := make([]dictTerm, 0, len(ix.terms))
	dict := make(map[string]uint32, len(ix.dict))
	for id := range ix.terms {
		t := &ix.terms[id]
		p := remapPostings(&t.post, remap)
		if p.n == 0 {
			continue
		}
		termRemap[id] = uint32(len(terms)) + 1
		dict[t.word] = uint32(len(terms))
		terms = append(terms, dictTerm{word: t.word, post: p})
	}
	sorted := ix.sorted[:0]
	for _, id := range ix.sorted {
		if nid := termRemap[id]; nid != 0 {
			sorted = append(sorted, nid-1)
		}
	}
	ix.terms, ix.dict, ix.sorted = terms, dict, sorted
	ix.tf = make([]uint32, len(terms))

	tagDict := make(map[string]uint32, len(ix.tagDict))
	var tags []postings
	for k, id := range ix.tagDict {
		if p := remapPostings(&ix.tags[id], remap); p.n > 0 {
			tagDict[k] = uint32(len(tags))
			tags = append(tags, p)
		}
	}
	ix.tagDict, ix.tags = tagDict, tags
}

func keepIndexed[T any](s []T, keep func(i int) bool) []T {
	out := make([]T, 0, len(s)/2+1)
	for i, v := range s {
		if keep(i) {
			out = append(out, v)
		}
	}
	return slices.Clip(out)
}

// remapPostings copies the live postings of p under their new ordinals.
func remapPostings(p *postings, remap []uint32) postings {
	out := postings{buf: make([]byte, 0, len(p.buf))}
	for it := p.iter(); it.next(); {
		if nord := remap[it.ord]; nord != 0 {
			out.add(nord-1, it.tf)
		}
	}
	out.buf = slices.Clip(out.buf)
	return out
}
