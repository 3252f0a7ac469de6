package vault

import (
	"context"
	"errors"
	"path/filepath"
	"strings"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
	"tend/search"
)

// ErrIndexing means the search index is still being built after unlock.
var ErrIndexing = errors.New("search is getting ready")

// errUnsearched is Search on a vault opened by OpenUnsearched.
var errUnsearched = errors.New("searching: this journal was opened without its search")

// buildIndex reads every body once after unlock and feeds the search index,
// in the background so the journal is usable at once. Entries saved while it
// runs are indexed by Put and skipped here, so an older body never replaces
// a newer one.
//
// The scan of the bodies ends where the store library cannot read a
// damaged table, quietly or with a panic the guard turns into an error:
// every entry it did not reach is then read on its own, so that search
// finds all of the journal but the damaged entries, which Unreadable counts.
func (v *Vault) buildIndex() {
	defer close(v.ixDone)
	v.mu.RLock()
	sums := make(map[journal.ID]*journal.Entry, len(v.sums))
	for id, e := range v.sums {
		sums[id] = e
	}
	v.mu.RUnlock()

	var pending []*journal.Entry
	flush := func() {
		v.wmu.Lock()
		for _, e := range pending {
			if !v.touched[e.ID] {
				v.index.Put(e)
			}
		}
		v.wmu.Unlock()
		v.indexDone.Add(int64(len(pending)))
		pending = pending[:0]
	}
	reached := make(map[journal.ID]bool, len(sums))
	err := v.view("the entries to search", func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixContent}
		opts.PrefetchSize = 256
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if v.stopping() {
				return nil
			}
			item := it.Item()
			var id journal.ID
			copy(id[:], item.Key()[1:])
			sum := sums[id]
			if sum == nil {
				continue
			}
			_ = item.Value(func(val []byte) error {
				if e, ok := v.indexable(txn, sum, item.KeyCopy(nil), val); ok {
					pending = append(pending, e)
				}
				return nil // Verify reports it
			})
			reached[id] = true
			if len(pending) == indexBatch {
				flush()
			}
		}
		return nil
	})
	if len(reached) < len(sums) && !v.stopping() {
		failed := v.indexMissed(sums, reached, &pending, flush)
		if failed == 0 && isReadPanic(err) {
			v.unreadable.Add(1) // a part of the store that held no entry's body
		}
	}
	flush()
	select {
	case <-v.stop:
	default:
		releaseTablePages(filepath.Join(v.dir, storeDir))
	}
	close(v.indexReady)
}

// indexBatch is how many entries the index builder hands over at a time.
const indexBatch = 256

// indexable opens an entry's body read from under ck for the index, or
// counts it as unreadable.
func (v *Vault) indexable(txn *badger.Txn, sum *journal.Entry, ck, val []byte) (*journal.Entry, bool) {
	pt, schema, err := v.openBody(txn, ck, val)
	if err != nil {
		v.unreadable.Add(1)
		return nil, false
	}
	c, err := decodeContent(schema, pt)
	if err != nil {
		v.unreadable.Add(1)
		return nil, false
	}
	e := *sum
	e.Body, e.Fields, e.Files = c.Body, c.Fields, c.Files
	return &e, true
}

// indexMissed reads on its own each entry of sums the scan of the bodies
// did not reach, for the index; one the store cannot read is counted as
// unreadable, and so is one whose body is not there. It returns how many
// were.
func (v *Vault) indexMissed(sums map[journal.ID]*journal.Entry, reached map[journal.ID]bool, pending *[]*journal.Entry, flush func()) (failed int) {
	for id, sum := range sums {
		if reached[id] {
			continue
		}
		if v.stopping() {
			return failed
		}
		var e *journal.Entry
		err := v.viewEntry(id, func(txn *badger.Txn) (err error) {
			e, err = v.fullIn(txn, sum)
			return err
		})
		if err != nil {
			v.unreadable.Add(1)
			failed++
			continue
		}
		*pending = append(*pending, e)
		if len(*pending) == indexBatch {
			flush()
		}
	}
	return failed
}

// Unreadable reports how many of the journal's summaries and bodies failed
// their seal when it was opened and indexed (read it once WaitIndex has
// returned). It costs nothing extra, since both are read anyway; when it
// is not zero, the journal deserves a full check, which names them.
func (v *Vault) Unreadable() int { return int(v.unreadable.Load()) }

// IndexProgress reports how many entries the search index holds so far, out
// of how many, and whether it is complete.
func (v *Vault) IndexProgress() (done, total int, ready bool) {
	v.mu.RLock()
	total = len(v.sums)
	v.mu.RUnlock()
	select {
	case <-v.indexReady:
		ready = true
	default:
	}
	return int(v.indexDone.Load()), total, ready
}

// WaitIndex blocks until the search index is complete or ctx ends.
func (v *Vault) WaitIndex(ctx context.Context) error {
	select {
	case <-v.indexReady:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Result is one search hit: the entry's summary and a snippet of the text
// around the match, with byte ranges of the matched words for highlighting.
type Result struct {
	Entry   *journal.Entry
	Snippet string
	Marks   [][2]int
}

// snippetWidth is about how many characters a result's snippet shows.
const snippetWidth = 160

// Search runs a query (see ParseQuery for its syntax) and returns one page of
// results and the number of matches (-1 when only a lower bound is known).
// Journals named in the query (journal:therapy) are looked in whatever
// q.Journals holds: naming a journal is choosing it, archived or not.
// Until the index is complete it returns ErrIndexing.
func (v *Vault) Search(q search.Query, offset, limit int) ([]Result, int, error) {
	if err := v.check(); err != nil {
		return nil, 0, err
	}
	if v.unsearched {
		return nil, 0, errUnsearched
	}
	if len(q.JournalNames) > 0 {
		v.mu.RLock()
		books := v.books
		v.mu.RUnlock()
		q.Journals = JournalsNamed(books, q.JournalNames)
	}
	select {
	case <-v.indexReady:
	default:
		return nil, 0, ErrIndexing
	}
	hits, total, err := v.index.Search(q, offset, limit, v.Get)
	if err != nil {
		return nil, 0, err
	}
	out := make([]Result, 0, len(hits))
	for _, h := range hits {
		e, err := v.Get(h.ID)
		if err != nil {
			continue // purged meanwhile, or damaged: Verify reports it
		}
		// The person's own words: the feelings a check-in names are kept
		// in English, and its headline says them in the person's language.
		text := e.Body
		if extra := e.Fields.Writing(); len(extra) > 0 {
			text += "\n" + joinLines(extra)
		}
		snip, marks := search.Snippet(text, q, snippetWidth)
		if len(marks) == 0 {
			if s, m := search.Snippet(e.Title, q, snippetWidth); len(m) > 0 && text == "" {
				snip, marks = s, m
			}
		}
		if len(marks) == 0 && len(e.Files) > 0 {
			// Found by the name of an attached file: the snippet shows it.
			names := make([]string, len(e.Files))
			for i, f := range e.Files {
				names[i] = f.Name
			}
			if s, m := search.Snippet(strings.Join(names, ", "), q, snippetWidth); len(m) > 0 {
				snip, marks = s, m
			}
		}
		if e.Headline == "" {
			// Not yet brought up to date (upgrade.go): the body is here.
			e.Headline, e.Preview = journal.Gist(e)
		}
		e.Body, e.Fields = "", journal.Fields{}
		out = append(out, Result{Entry: e, Snippet: snip, Marks: marks})
	}
	return out, total, nil
}

func joinLines(s []string) string {
	n := 0
	for _, x := range s {
		n += len(x) + 1
	}
	b := make([]byte, 0, n)
	for i, x := range s {
		if i > 0 {
			b = append(b, '\n')
		}
		b = append(b, x...)
	}
	return string(b)
}
