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
func (v *Vault) buildIndex() {
	defer close(v.ixDone)
	defer func() {
		// A damaged table can make the store library panic as it reads it,
		// which on this goroutine would end the process. The index then
		// holds what was read before it, and is ready, so nothing waits for
		// it for ever; the check names what is damaged.
		if recover() != nil {
			select {
			case <-v.indexReady:
			default:
				close(v.indexReady)
			}
		}
	}()
	v.mu.RLock()
	sums := make(map[journal.ID]*journal.Entry, len(v.sums))
	for id, e := range v.sums {
		sums[id] = e
	}
	v.mu.RUnlock()

	const batch = 256
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
	_ = v.db.View(func(txn *badger.Txn) error {
		opts := badger.DefaultIteratorOptions
		opts.Prefix = []byte{prefixContent}
		opts.PrefetchSize = 256
		it := txn.NewIterator(opts)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			select {
			case <-v.stop:
				return nil
			default:
			}
			item := it.Item()
			var id journal.ID
			copy(id[:], item.Key()[1:])
			sum := sums[id]
			if sum == nil {
				continue
			}
			_ = item.Value(func(val []byte) error {
				pt, schema, err := v.openBody(txn, item.KeyCopy(nil), val)
				if err != nil {
					v.unreadable.Add(1)
					return nil // Verify reports it
				}
				c, err := decodeContent(schema, pt)
				if err != nil {
					v.unreadable.Add(1)
					return nil
				}
				e := *sum
				e.Body, e.Fields, e.Files = c.Body, c.Fields, c.Files
				pending = append(pending, &e)
				return nil
			})
			if len(pending) == batch {
				flush()
			}
		}
		return nil
	})
	flush()
	select {
	case <-v.stop:
	default:
		releaseTablePages(filepath.Join(v.dir, storeDir))
	}
	close(v.indexReady)
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
