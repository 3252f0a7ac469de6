package search

import (
	"errors"
	"math"
	"math/bits"
	"slices"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"tend/journal"
)

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
// of the entry (or, in a script written without spaces, anywhere inside a
// run of it: see Query.Terms); every phrase must occur as consecutive words
// of one of its texts; the filters must all hold. Hits come best first, or
// newest first (by day, then by the time written) when q.Order is
// OrderNewest. A limit of zero
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
	prefixes, seqs := queryParts(q)
	pq.terms = prefixes
	exact := map[string]bool{}
	for _, seq := range seqs {
		for _, w := range seq {
			if !exact[w] {
				exact[w] = true
				pq.exact = append(pq.exact, w)
			}
		}
		if len(seq) > 1 {
			pq.phrases = append(pq.phrases, seq)
		}
	}
	for _, t := range q.Tags {
		if k := foldTag(t); k != "" && !slices.Contains(pq.tags, k) {
			pq.tags = append(pq.tags, k)
		}
	}
	return pq
}

// maxSeqTokens bounds the tokens of one sequence queryParts returns: a
// phrase of runs of unspaced script is a pair per character.
const maxSeqTokens = 2 * maxQueryPhraseWords

// queryParts splits the words of q into what the index matches: prefixes,
// each of which must start some word, and sequences of whole tokens, each
// of which must occur in order in one text. A phrase is a sequence of its
// words; a run of unspaced script of two or more characters, alone or in a
// phrase, stands for its pairs in order, so it is found anywhere inside a
// longer run. A word of one character of such a script is a prefix: it
// starts a pair, or is the last character of a run (see Tokens).
func queryParts(q Query) (prefixes []string, seqs [][]string) {
	for _, t := range q.Terms {
		for _, w := range queryWords(t) {
			if pairs := runPairs(w, maxSeqTokens); pairs != nil {
				seqs = append(seqs, pairs)
			} else if !slices.Contains(prefixes, w) {
				prefixes = append(prefixes, w)
			}
		}
	}
	for _, p := range q.Phrases {
		var seq []string
		for _, s := range p {
			for _, w := range queryWords(s) {
				if pairs := runPairs(w, maxSeqTokens-len(seq)); pairs != nil {
					seq = append(seq, pairs...)
				} else {
					seq = append(seq, w)
				}
			}
		}
		if len(seq) > 0 {
			// A phrase cut short is still a sequence its entries hold.
			seqs = append(seqs, seq[:min(len(seq), maxSeqTokens)])
		}
	}
	return prefixes, seqs
}

// runPairs returns the first pairs of characters, at most limit of them, of
// a query word that is a run of unspaced script of two or more characters,
// or nil for any other word.
func runPairs(w string, limit int) []string {
	r, size := utf8.DecodeRuneInString(w)
	if !isPairRune(r) || size == len(w) {
		return nil
	}
	var pairs []string
	for i := 0; len(pairs) < max(limit, 1); {
		_, n := utf8.DecodeRuneInString(w[i:])
		_, m := utf8.DecodeRuneInString(w[i+n:])
		if m == 0 {
			return pairs
		}
		pairs = append(pairs, w[i:i+n+m])
		i += n
	}
	return pairs
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
	starred  bool // only documents with a star
	// books keeps only documents of the journals it holds.
	books journal.JournalSet
}

func (ix *Index) docOK(ord uint32, f *searchFilter) bool {
	fl := ix.flags[ord]
	if fl&docDead != 0 || (fl&docTrash != 0) != f.trash || (f.starred && fl&docStarred == 0) {
		return false
	}
	if f.kind >= 0 && int(ix.kinds[ord]) != f.kind {
		return false
	}
	if !f.books.All() && !f.books.Has(ix.books[ord]) {
		return false
	}
	d := ix.keys[ord] >> keyTimeBits
	return d >= f.from && d <= f.to
}

// match returns the sorted ordinals of the documents matching pq, appended
// to cands, and their relevance scores when pq asks for relevance.
func (ix *Index) match(pq *preparedQuery, cands []uint32) ([]uint32, []float64) {
	f := searchFilter{from: 0, to: math.MaxUint64, kind: -1, trash: pq.q.Trash, starred: pq.q.Starred, books: pq.q.Journals}
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
	if pq.q.Order == OrderNewest || len(cands) == 0 {
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
	bm25B  = 0.3
	// prefixWeight scales the words that only begin with a query word, so
	// "trust" ranks an entry about trust above one about trustworthiness,
	// even one short enough that a single "trustworthy" weighs a lot.
	prefixWeight = 0.3
)

// freqPool recycles the per-document frequency sums of score.
var freqPool = sync.Pool{New: func() any { return new([]uint32) }}

// score returns a BM25 score for each candidate, with nil when no
// requirement weighs anything (only filters and tags). Each query word is
// weighed once, by how rare the word and the words it begins are together,
// and it scores an entry by how often it holds the word itself plus, at
// prefixWeight, the words it only begins; a title or tag word counts
// headWeight times (see Put).
func (ix *Index) score(cands []uint32, reqs []searchReq) []float64 {
	weighs := false
	for _, r := range reqs {
		weighs = weighs || r.score
	}
	if !weighs {
		return nil
	}
	// The sums are kept by ordinal, not by candidate, so each word's
	// postings are walked once straight through, however many words a
	// short prefix expands to and however many entries match.
	fp := freqPool.Get().(*[]uint32)
	defer freqPool.Put(fp)
	docs := len(ix.flags)
	if cap(*fp) < 2*docs {
		*fp = make([]uint32, 2*docs)
	}
	exact, other := (*fp)[:docs], (*fp)[docs:2*docs]
	last := cands[len(cands)-1]

	scores := make([]float64, len(cands))
	n := float64(max(len(ix.live), 1))
	avg := float64(ix.totalLen) / n
	if avg == 0 {
		avg = 1
	}
	sat := func(tf, dl float64) float64 {
		return tf * (bm25K1 + 1) / (tf + bm25K1*(1-bm25B+bm25B*dl/avg))
	}
	for _, r := range reqs {
		if !r.score {
			continue
		}
		clear(exact[:last+1])
		clear(other[:last+1])
		df := 0.0
		for li, p := range r.lists {
			df += float64(p.n)
			if li == r.exact {
				p.addFreqs(exact, last)
			} else {
				p.addFreqs(other, last)
			}
		}
		df = min(df, n)
		idf := math.Log(1 + (n-df+0.5)/(df+0.5))
		for j, ord := range cands {
			e, o := exact[ord], other[ord]
			if e == 0 && o == 0 {
				continue
			}
			dl := float64(ix.lens[ord])
			s := 0.0
			if e > 0 {
				s = sat(float64(e), dl)
			}
			if o > 0 {
				s += prefixWeight * sat(float64(o), dl)
			}
			scores[j] += idf * s
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
// newer day and time written, then the later-indexed document.
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
	searchTexts(e, func(s string, _ bool) {
		if left == 0 || s == "" {
			return
		}
		for i := range ms {
			ms[i].state = 0
		}
		buf = scanTokens(s, buf, func(t token) {
			if t.alone {
				return
			}
			for i := range ms {
				if ms[i].feed(t.text) && !found[i] {
					found[i] = true
					left--
				}
			}
		})
	})
	return left == 0
}
