package search

import (
	"encoding/binary"
	"errors"
	"hash/maphash"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

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
//     key packing the day and the update time, word count, kind, flags;
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

// maxTokenBytes bounds one normalised token. Longer runs (pasted hashes,
// URLs without separators) are cut, in the index and in queries alike, so
// they still match each other and cannot bloat the dictionary.
const maxTokenBytes = 64

// Tokens returns the normalised words of s, as the index stores them and as
// queries and snippets compare them. Words are maximal runs of letters and
// digits in any script; everything else separates them, except that an
// apostrophe between two letters joins them ("don't" is "dont"). Each word is
// decomposed (NFKD), stripped of combining marks and lower-cased, so "Café",
// "CAFE" and "cafe" are the same word, and a ligature such as "ﬁ" reads as
// "fi". Runs of ideographs without spaces stay one word; they still match by
// prefix.
func Tokens(s string) []string {
	var out []string
	scanTokens(s, nil, func(tok []byte, _, _ int) {
		out = append(out, string(tok))
	})
	return out
}

// scanTokens calls emit for every word of s with its normalised form, valid
// only during the call, and the byte range [start, end) the word spans in s.
// It returns buf, possibly grown, so callers can reuse it.
func scanTokens(s string, buf []byte, emit func(tok []byte, start, end int)) []byte {
	t := tokenScanner{tok: buf[:0], start: -1, emit: emit}
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			// Most journal text is ASCII; skip the Unicode tables for it.
			switch {
			case 'a' <= c && c <= 'z', '0' <= c && c <= '9':
				t.asciiWord(c, i)
			case 'A' <= c && c <= 'Z':
				t.asciiWord(c+'a'-'A', i)
			case c == '\'':
				t.apostrophe()
			default:
				t.brk()
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if d := norm.NFKD.PropertiesString(s[i:]).Decomposition(); len(d) > 0 {
			for j := 0; j < len(d); {
				dr, n := utf8.DecodeRune(d[j:])
				t.rune(dr, i, size)
				j += n
			}
		} else {
			t.rune(r, i, size)
		}
		i += size
	}
	t.brk()
	return t.tok
}

// tokenScanner is the state of scanTokens between runes.
type tokenScanner struct {
	tok   []byte
	start int  // where the current word began in the source; -1 between words
	end   int  // just past the word's last letter, digit or mark
	apos  bool // an apostrophe followed the word's last letter
	emit  func(tok []byte, start, end int)
}

// rune classifies one rune of the decomposed text; i and size are the source
// rune it came from, so ranges always fall on source rune boundaries.
func (t *tokenScanner) rune(r rune, i, size int) {
	switch {
	case r == '\'' || r == '\u2019' || r == '\u02bc':
		t.apostrophe()
	case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mc, r):
		// Spacing marks (Mc) are kept: in Indic scripts they are vowels,
		// and dropping them would split words apart.
		t.word(unicode.ToLower(r), i, size)
	case unicode.In(r, unicode.Mn, unicode.Me, unicode.Cf):
		// Accents, enclosing marks and invisible format characters (soft
		// hyphen, zero-width joiners) neither count nor split a word.
		if t.start >= 0 && !t.apos {
			t.end = i + size
		}
	default:
		t.brk()
	}
}

func (t *tokenScanner) word(r rune, i, size int) {
	if t.start < 0 {
		t.start = i
	}
	t.apos = false
	if len(t.tok)+utf8.RuneLen(r) <= maxTokenBytes {
		t.tok = utf8.AppendRune(t.tok, r)
	}
	t.end = i + size
}

// asciiWord is word for a lower-case ASCII letter or digit.
func (t *tokenScanner) asciiWord(c byte, i int) {
	if t.start < 0 {
		t.start = i
	}
	t.apos = false
	if len(t.tok) < maxTokenBytes {
		t.tok = append(t.tok, c)
	}
	t.end = i + 1
}

func (t *tokenScanner) apostrophe() {
	switch {
	case t.start < 0:
		// A quote mark before a word is punctuation.
	case t.apos:
		t.brk()
	default:
		t.apos = true
	}
}

// brk ends the current word, if any.
func (t *tokenScanner) brk() {
	if t.start >= 0 {
		t.emit(t.tok, t.start, t.end)
		t.tok = t.tok[:0]
		t.start = -1
	}
	t.apos = false
}

// foldTag returns the form tags are compared in: trimmed, without a leading
// "#", accents removed and lower-cased, so "#Café" filters "café".
func foldTag(tag string) string {
	tag = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(tag), "#"))
	var b strings.Builder
	for i := 0; i < len(tag); {
		r, size := utf8.DecodeRuneInString(tag[i:])
		d := norm.NFKD.PropertiesString(tag[i:]).Decomposition()
		if len(d) == 0 {
			d = utf8.AppendRune(nil, r)
		}
		for j := 0; j < len(d); {
			dr, n := utf8.DecodeRune(d[j:])
			if !unicode.In(dr, unicode.Mn, unicode.Me) {
				b.WriteRune(unicode.ToLower(dr))
			}
			j += n
		}
		i += size
	}
	return b.String()
}

// searchTexts calls fn with every piece of text of e that search covers, each
// separately so a phrase never matches across the end of one and the start
// of the next.
func searchTexts(e *journal.Entry, fn func(string)) {
	fn(e.Title)
	fn(e.Body)
	for _, t := range e.Tags {
		fn(t)
	}
	for _, t := range e.Fields.Texts() {
		fn(t)
	}
	if e.Prompt != nil {
		fn(e.Prompt.Text)
	}
}

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
	docDead  uint8 = 1 << iota // replaced or removed
	docTrash                   // the entry is in the trash
)

// Sort keys pack the day above the update time, so date order (newest day
// first, then most recently saved) is one integer comparison.
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
	if !e.Updated.IsZero() {
		sec = min(max(e.Updated.Unix(), 0), 1<<keyTimeBits-1)
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
	add := func(tok []byte, _, _ int) {
		words++
		h := maphash.Bytes(pairSeed, tok) | 1
		if prev != 0 {
			ix.pairs = append(ix.pairs, pairHash(prev, h))
		}
		prev = h
		id, ok := ix.dict[string(tok)]
		if !ok {
			id = ix.newTerm(string(tok))
		}
		if ix.tf[id] == 0 {
			ix.seen = append(ix.seen, id)
		}
		ix.tf[id]++
	}
	searchTexts(e, func(s string) {
		prev = 0
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
	ix.ids = append(ix.ids, e.ID)
	ix.keys = append(ix.keys, docSortKey(e))
	ix.lens = append(ix.lens, uint32(words))
	ix.kinds = append(ix.kinds, ix.kindID(e.Kind))
	ix.flags = append(ix.flags, fl)
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

// TotalMore is the total Search reports when a query has phrases and it
// stopped confirming candidates once the page was full: there is at least
// one more hit after the page, and the exact count is unknown.
const TotalMore = -1

// Hit is one search result.
type Hit struct {
	// ID is the entry's id.
	ID journal.ID
	// Date is the entry's day as indexed (years outside 0 to 16383 are
	// clamped), so a results list can group by day without fetching.
	Date journal.Date
	// Score is the relevance when the query asked for it, otherwise 0.
	Score float64
}

// Search returns the hits of q from offset, at most limit of them, and the
// total number of hits. Every word of q must match, as the prefix of a word
// of the entry; every phrase must occur as consecutive words of one of its
// texts; the filters must all hold. Hits come newest first (by day, then by
// last save), or by relevance when q.ByRelevance is set. A limit of zero
// returns no hits, only the total (but see below for phrases).
//
// Phrases are narrowed with the index and then confirmed on the entry,
// fetched with verify, outside the index lock. Search confirms candidates in
// result order only until the page is full and one more hit is known; when
// candidates remained unconfirmed, total is TotalMore. Otherwise total is
// exact. A verify error other than ErrNotFound (an entry deleted meanwhile,
// which is skipped) ends the search and is returned. With a nil verify,
// phrases are only narrowed by the index: a few entries that hold the words
// but not the phrase may then match too.
func (ix *Index) Search(q Query, offset, limit int, verify func(journal.ID) (*journal.Entry, error)) (hits []Hit, total int, err error) {
	offset = max(offset, 0)
	limit = max(limit, 0)
	need := offset + limit
	if need < offset { // overflow
		need = math.MaxInt
	}
	pq := prepareQuery(q)
	checkPhrases := len(pq.phrases) > 0 && verify != nil

	ix.mu.RLock()
	cp := candPool.Get().(*[]uint32)
	cands, scores := ix.match(&pq, (*cp)[:0])
	defer func() {
		*cp = cands[:0]
		candPool.Put(cp)
	}()
	if !checkPhrases {
		defer ix.mu.RUnlock()
		total = len(cands)
		if offset >= total {
			return nil, total, nil
		}
		order := ix.rank(cands, scores, need)[offset:]
		hits = make([]Hit, len(order))
		for i, r := range order {
			hits[i] = r.hit(ix.ids)
		}
		return hits, total, nil
	}

	// Phrases: take candidates best first from a heap, which costs O(n)
	// to build and O(log n) per candidate actually confirmed, instead of
	// sorting every match of two common words.
	qp := queuePool.Get().(*[]rankedDoc)
	queue := (*qp)[:0]
	for j := range cands {
		queue = append(queue, ix.rankedAt(cands, scores, j))
	}
	defer func() {
		*qp = queue[:0]
		queuePool.Put(qp)
	}()
	ids := ix.ids // safe to read after unlocking: see the field's comment
	ix.mu.RUnlock()
	for i := len(queue)/2 - 1; i >= 0; i-- {
		siftDown(queue, i, rankedDoc.before)
	}

	// Verify outside the lock: verify reads the store, and the store may be
	// waiting to Put while holding its own lock.
	matchers := make([]phraseMatcher, len(pq.phrases))
	for i, p := range pq.phrases {
		matchers[i] = newPhraseMatcher(p)
	}
	found := 0
	for len(queue) > 0 {
		r := queue[0]
		last := len(queue) - 1
		queue[0] = queue[last]
		queue = queue[:last]
		siftDown(queue, 0, rankedDoc.before)

		h := r.hit(ids)
		e, err := verify(h.ID)
		switch {
		case errors.Is(err, journal.ErrNotFound):
			continue
		case err != nil:
			return nil, 0, err
		case e == nil || !phrasesIn(e, matchers):
			continue
		}
		found++
		if found > offset && found <= need {
			hits = append(hits, h)
		}
		if found > need && len(queue) > 0 {
			return hits, TotalMore, nil
		}
	}
	return hits, found, nil
}

// candPool recycles candidate buffers: a broad query can match every entry,
// and a fresh slice per keystroke would churn the heap.
var candPool = sync.Pool{New: func() any { return new([]uint32) }}

// queuePool recycles the candidate heaps of phrase searches.
var queuePool = sync.Pool{New: func() any { return new([]rankedDoc) }}

// bitmapPool recycles the one-bit-per-document sets used to union the words
// a prefix expands to.
var bitmapPool = sync.Pool{New: func() any { return new([]uint64) }}

// preparedQuery is a Query normalised for the index.
type preparedQuery struct {
	terms   []string   // prefixes, each required
	exact   []string   // whole words, each required (one-word phrases, phrase words)
	phrases [][]string // phrases of two or more words, confirmed on the text
	tags    []string   // folded
	q       Query
}

func prepareQuery(q Query) preparedQuery {
	pq := preparedQuery{q: q}
	seen := map[string]bool{}
	for _, t := range q.Terms {
		for _, w := range Tokens(t) {
			if !seen[w] {
				seen[w] = true
				pq.terms = append(pq.terms, w)
			}
		}
	}
	exact := map[string]bool{}
	for _, p := range q.Phrases {
		var words []string
		for _, w := range p {
			words = append(words, Tokens(w)...)
		}
		for _, w := range words {
			if !exact[w] {
				exact[w] = true
				pq.exact = append(pq.exact, w)
			}
		}
		if len(words) > 1 {
			pq.phrases = append(pq.phrases, words)
		}
	}
	for _, t := range q.Tags {
		if k := foldTag(t); k != "" && !slices.Contains(pq.tags, k) {
			pq.tags = append(pq.tags, k)
		}
	}
	return pq
}

// searchReq is one condition a document must meet: appear in any of
// lists. A query word's lists are the words it is a prefix of.
type searchReq struct {
	lists []*postings
	exact int  // index in lists of the word equal to the query word; -1 if none
	score bool // counts towards relevance (tags do not)
	cost  int  // bytes to decode
}

// searchFilter holds a query's non-text conditions, resolved for the index.
type searchFilter struct {
	from, to uint64 // day ordinals, inclusive
	kind     int    // kind id, -1 for any
	trash    bool
}

func (ix *Index) docOK(ord uint32, f *searchFilter) bool {
	fl := ix.flags[ord]
	if fl&docDead != 0 || (fl&docTrash != 0) != f.trash {
		return false
	}
	if f.kind >= 0 && int(ix.kinds[ord]) != f.kind {
		return false
	}
	d := ix.keys[ord] >> keyTimeBits
	return d >= f.from && d <= f.to
}

// match returns the sorted ordinals of the documents matching pq, appended
// to cands, and their relevance scores when pq asks for relevance.
func (ix *Index) match(pq *preparedQuery, cands []uint32) ([]uint32, []float64) {
	f := searchFilter{from: 0, to: math.MaxUint64, kind: -1, trash: pq.q.Trash}
	if !pq.q.From.IsZero() {
		f.from = dayOrd(pq.q.From)
	}
	if !pq.q.To.IsZero() {
		f.to = dayOrd(pq.q.To)
	}
	if pq.q.Kind != "" {
		id, ok := ix.kindIDs[pq.q.Kind]
		if !ok {
			return cands, nil
		}
		f.kind = int(id)
	}

	reqs := make([]searchReq, 0, len(pq.terms)+len(pq.exact)+len(pq.tags))
	for _, w := range pq.terms {
		r := searchReq{exact: -1, score: true}
		ix.expand(w, func(id uint32) {
			if ix.terms[id].word == w {
				r.exact = len(r.lists)
			}
			r.lists = append(r.lists, &ix.terms[id].post)
		})
		reqs = append(reqs, r)
	}
	for _, w := range pq.exact {
		r := searchReq{exact: 0, score: true}
		if id, ok := ix.dict[w]; ok {
			r.lists = []*postings{&ix.terms[id].post}
		}
		reqs = append(reqs, r)
	}
	for _, t := range pq.tags {
		r := searchReq{exact: -1}
		if id, ok := ix.tagDict[t]; ok {
			r.lists = []*postings{&ix.tags[id]}
		}
		reqs = append(reqs, r)
	}
	for i := range reqs {
		if len(reqs[i].lists) == 0 {
			return cands, nil
		}
		for _, p := range reqs[i].lists {
			reqs[i].cost += len(p.buf)
		}
	}
	// Cheapest first: the first requirement sets the candidates, the rest
	// can only shrink them.
	ordered := slices.Clone(reqs)
	slices.SortStableFunc(ordered, func(a, b searchReq) int { return a.cost - b.cost })

	if len(ordered) == 0 {
		for ord := range ix.flags {
			if ix.docOK(uint32(ord), &f) {
				cands = append(cands, uint32(ord))
			}
		}
	} else {
		cands = ix.seed(&ordered[0], &f, cands)
		for i := 1; i < len(ordered) && len(cands) > 0; i++ {
			cands = intersect(cands, &ordered[i])
		}
	}
	if pairs := phrasePairs(pq.phrases); len(pairs) > 0 {
		w := 0
		for _, ord := range cands {
			if ix.mayHavePairs(ord, pairs) {
				cands[w] = ord
				w++
			}
		}
		cands = cands[:w]
	}
	if !pq.q.ByRelevance || len(cands) == 0 {
		return cands, nil
	}
	return cands, ix.score(cands, reqs)
}

// expand calls fn with the id of every word that starts with prefix.
func (ix *Index) expand(prefix string, fn func(id uint32)) {
	i := sort.Search(len(ix.sorted), func(i int) bool { return ix.terms[ix.sorted[i]].word >= prefix })
	for ; i < len(ix.sorted) && strings.HasPrefix(ix.terms[ix.sorted[i]].word, prefix); i++ {
		fn(ix.sorted[i])
	}
	for _, id := range ix.pending {
		if strings.HasPrefix(ix.terms[id].word, prefix) {
			fn(id)
		}
	}
}

// seed returns the documents meeting r and the filters.
func (ix *Index) seed(r *searchReq, f *searchFilter, cands []uint32) []uint32 {
	if len(r.lists) == 1 {
		for it := r.lists[0].iter(); it.next(); {
			if ix.docOK(it.ord, f) {
				cands = append(cands, it.ord)
			}
		}
		return cands
	}
	bp := bitmapPool.Get().(*[]uint64)
	defer bitmapPool.Put(bp)
	words := (len(ix.flags) + 63) / 64
	if cap(*bp) < words {
		*bp = make([]uint64, words)
	}
	bm := (*bp)[:words]
	clear(bm)
	for _, p := range r.lists {
		p.setBits(bm)
	}
	for w, word := range bm {
		for word != 0 {
			ord := uint32(w*64 + bits.TrailingZeros64(word))
			word &= word - 1
			if ix.docOK(ord, f) {
				cands = append(cands, ord)
			}
		}
	}
	return cands
}

// intersect keeps the candidates that meet r, in place. Lists are walked
// only as far as the last candidate.
func intersect(cands []uint32, r *searchReq) []uint32 {
	if len(r.lists) == 1 {
		w, j := 0, 0
		for it := r.lists[0].iter(); j < len(cands) && it.next(); {
			for j < len(cands) && cands[j] < it.ord {
				j++
			}
			if j < len(cands) && cands[j] == it.ord {
				cands[w] = it.ord
				w++
				j++
			}
		}
		return cands[:w]
	}
	keep := make([]uint64, (len(cands)+63)/64)
	for _, p := range r.lists {
		j := 0
		for it := p.iter(); j < len(cands) && it.next(); {
			for j < len(cands) && cands[j] < it.ord {
				j++
			}
			if j < len(cands) && cands[j] == it.ord {
				keep[j>>6] |= 1 << (j & 63)
				j++
			}
		}
	}
	w := 0
	for j, ord := range cands {
		if keep[j>>6]&(1<<(j&63)) != 0 {
			cands[w] = ord
			w++
		}
	}
	return cands[:w]
}

// BM25 parameters, the usual defaults.
const (
	bm25K1 = 1.2
	bm25B  = 0.75
	// prefixWeight scales a word that only starts with the query word, so
	// "trust" ranks an entry about trust above one about trustworthiness.
	prefixWeight = 0.5
)

// score returns a BM25 score for each candidate. A query word that expands
// to several words scores its best one in each document.
func (ix *Index) score(cands []uint32, reqs []searchReq) []float64 {
	scores := make([]float64, len(cands))
	best := make([]float64, len(cands))
	n := float64(max(len(ix.live), 1))
	avg := float64(ix.totalLen) / n
	if avg == 0 {
		avg = 1
	}
	for _, r := range reqs {
		if !r.score {
			continue
		}
		clear(best)
		for li, p := range r.lists {
			df := min(float64(p.n), n)
			idf := math.Log(1 + (n-df+0.5)/(df+0.5))
			if li != r.exact {
				idf *= prefixWeight
			}
			j := 0
			for it := p.iter(); j < len(cands) && it.next(); {
				for j < len(cands) && cands[j] < it.ord {
					j++
				}
				if j < len(cands) && cands[j] == it.ord {
					tf := float64(it.tf)
					dl := float64(ix.lens[it.ord])
					s := idf * tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/avg))
					best[j] = max(best[j], s)
					j++
				}
			}
		}
		for j, s := range best {
			scores[j] += s
		}
	}
	return scores
}

// rankedDoc is a candidate with what orders it.
type rankedDoc struct {
	score float64
	key   uint64
	ord   uint32
}

// before reports whether a comes before b in results: higher score, then
// newer day and save, then the later-indexed document.
func (a rankedDoc) before(b rankedDoc) bool {
	if a.score != b.score {
		return a.score > b.score
	}
	if a.key != b.key {
		return a.key > b.key
	}
	return a.ord > b.ord
}

func cmpRanked(a, b rankedDoc) int {
	switch {
	case a.before(b):
		return -1
	case b.before(a):
		return 1
	}
	return 0
}

func (ix *Index) rankedAt(cands []uint32, scores []float64, j int) rankedDoc {
	r := rankedDoc{key: ix.keys[cands[j]], ord: cands[j]}
	if scores != nil {
		r.score = scores[j]
	}
	return r
}

func (r rankedDoc) hit(ids []journal.ID) Hit {
	return Hit{ID: ids[r.ord], Date: dateOfOrd(r.key >> keyTimeBits), Score: r.score}
}

// rank returns the first k candidates in result order. For a small k it
// keeps a bounded heap instead of sorting every match.
func (ix *Index) rank(cands []uint32, scores []float64, k int) []rankedDoc {
	if k <= 0 || len(cands) == 0 {
		return nil
	}
	if k >= len(cands)/2 {
		all := make([]rankedDoc, len(cands))
		for j := range cands {
			all[j] = ix.rankedAt(cands, scores, j)
		}
		slices.SortFunc(all, cmpRanked)
		return all[:min(k, len(all))]
	}
	// h keeps the best k seen so far, the worst of them at the root.
	worse := func(a, b rankedDoc) bool { return b.before(a) }
	h := make([]rankedDoc, 0, k)
	for j := range cands {
		r := ix.rankedAt(cands, scores, j)
		if len(h) < k {
			h = append(h, r)
			siftUp(h, len(h)-1, worse)
		} else if r.before(h[0]) {
			h[0] = r
			siftDown(h, 0, worse)
		}
	}
	slices.SortFunc(h, cmpRanked)
	return h
}

// siftDown moves h[i] down the heap until no child belongs above it;
// above(a, b) says a belongs nearer the root than b.
func siftDown(h []rankedDoc, i int, above func(a, b rankedDoc) bool) {
	for {
		top, l, r := i, 2*i+1, 2*i+2
		if l < len(h) && above(h[l], h[top]) {
			top = l
		}
		if r < len(h) && above(h[r], h[top]) {
			top = r
		}
		if top == i {
			return
		}
		h[i], h[top] = h[top], h[i]
		i = top
	}
}

// siftUp moves h[i] up the heap while it belongs above its parent.
func siftUp(h []rankedDoc, i int, above func(a, b rankedDoc) bool) {
	for i > 0 {
		p := (i - 1) / 2
		if !above(h[i], h[p]) {
			return
		}
		h[p], h[i] = h[i], h[p]
		i = p
	}
}

// phraseMatcher finds one phrase in a stream of tokens (Knuth-Morris-Pratt
// over words, so "so so sad" is found in "so so so sad").
type phraseMatcher struct {
	words []string
	fail  []int
	state int
}

func newPhraseMatcher(words []string) phraseMatcher {
	fail := make([]int, len(words))
	for i, k := 1, 0; i < len(words); i++ {
		for k > 0 && words[i] != words[k] {
			k = fail[k-1]
		}
		if words[i] == words[k] {
			k++
		}
		fail[i] = k
	}
	return phraseMatcher{words: words, fail: fail}
}

// feed advances the matcher by one token and reports whether the phrase
// ends at it.
func (m *phraseMatcher) feed(tok []byte) bool {
	for m.state > 0 && string(tok) != m.words[m.state] {
		m.state = m.fail[m.state-1]
	}
	if string(tok) == m.words[m.state] {
		m.state++
	}
	if m.state == len(m.words) {
		m.state = m.fail[m.state-1]
		return true
	}
	return false
}

// phrasesIn reports whether every phrase occurs in one of e's texts.
func phrasesIn(e *journal.Entry, ms []phraseMatcher) bool {
	found := make([]bool, len(ms))
	left := len(ms)
	var buf []byte
	searchTexts(e, func(s string) {
		if left == 0 || s == "" {
			return
		}
		for i := range ms {
			ms[i].state = 0
		}
		buf = scanTokens(s, buf, func(tok []byte, _, _ int) {
			for i := range ms {
				if ms[i].feed(tok) && !found[i] {
					found[i] = true
					left--
				}
			}
		})
	})
	return left == 0
}
