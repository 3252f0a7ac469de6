package vault

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
)

// now is the clock; tests replace it.
var now = time.Now

// Put saves e, creating it when e.ID is zero (the new id is set on e) or
// updating it otherwise. It returns only after the write is synced to disk:
// a crash after Put returns loses nothing. On update the previous version is
// kept in the entry's history. Put sets Created, Updated, Words, Rev and
// the headline and preview lists show (journal.Gist). The time the entry
// was written (Written) is the caller's to give, as the person said it,
// and is kept to the second; Put never makes one up. An
// entry holding more than MaxEntryText is refused with ErrTooBig before
// anything changes, e included.
func (v *Vault) Put(e *journal.Entry) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	return v.put(e, nil)
}

// filesChange turns the files an entry has into those its new version
// has, giving the records of any new file's chunks as well. A save that
// changes no file passes nil: the entry keeps the files it has, whatever
// the entry given to Put lists, so a copy read before a file was attached
// never detaches it.
type filesChange func(have []storedFile, txn *badger.Txn) ([]storedFile, []record, error)

// checkEntry makes an entry of no kind free writing, and refuses one of a
// kind Tend does not know or a body too long to keep before anything
// changes, so the caller still holds the text and the journal is as it
// was.
func checkEntry(e *journal.Entry) error {
	if e.Kind == "" {
		e.Kind = journal.KindFree
	}
	if !e.Kind.Valid() {
		return fmt.Errorf("saving an entry: %q is not a kind of entry", e.Kind)
	}
	if err := checkSize(e); err != nil {
		return fmt.Errorf("saving the entry: %w", err)
	}
	return nil
}

// put is Put for a caller holding wmu, changing the entry's files by
// change when it is not nil.
func (v *Vault) put(e *journal.Entry, change filesChange) error {
	if err := checkEntry(e); err != nil {
		return err
	}
	if err := v.checkWrite(); err != nil {
		return err
	}
	t := now()
	e.Tags = journal.NormalizeTags(e.Tags)
	e.Words = e.CountWords()
	e.Headline, e.Preview = journal.Gist(e)
	e.Written = journal.WrittenAt(e.Written)
	if e.Date.IsZero() {
		e.Date = journal.DateOf(t)
	}

	v.mu.RLock()
	old := v.sums[e.ID]
	v.mu.RUnlock()

	if e.ID.IsZero() || old == nil {
		if e.ID.IsZero() {
			e.ID = journal.NewID()
		}
		if e.Created.IsZero() {
			e.Created = t
		}
		e.Rev = 1
		old = nil
	} else {
		e.Created = old.Created
		e.Rev = old.Rev + 1
	}
	e.Updated = t

	if old != nil {
		if err := v.rechunk(old.ID); err != nil {
			return fmt.Errorf("reading the version before this save: %w", err)
		}
	}
	sum, _ := splitEntry(e)
	// One transaction holds the whole save: the earlier version, the new
	// content with any new chunks, the summary, and the removal of chunks
	// no version lists any more. A crash leaves one version or the other.
	err := v.guardEntry(e.ID, "", func() error {
		txn := v.db.NewTransaction(true)
		defer txn.Discard()
		if err := v.putIn(txn, e, sum, old, change); err != nil {
			return err
		}
		if err := txn.Commit(); err != nil {
			return fmt.Errorf("saving the entry: %w", err)
		}
		return nil
	})
	if err != nil {
		return err
	}
	v.remember(sum)
	v.touched[e.ID] = true
	full := *e
	v.index.Put(&full)
	return nil
}

// putIn stages a save of e in txn: old, when not nil, is the summary of the
// version it replaces, which moves to the entry's history. The new version
// lists the files old lists, changed by change when it is not nil; e.Files
// is set to them.
func (v *Vault) putIn(txn *badger.Txn, e, sum, old *journal.Entry, change filesChange) error {
	var stale []chunkRef // chunks this save may leave unlisted
	var files []storedFile
	if old != nil {
		hk := historyKey(v.histKey, e.ID, old.Rev%historySlots)
		evicted, err := v.storedRefs(txn, hk)
		if err != nil {
			return fmt.Errorf("reading the version before this save: %w", err)
		}
		stale = append(stale, evicted...)
		recs, list, err := v.versionRecords(txn, old, hk)
		if err != nil {
			return fmt.Errorf("reading the version before this save: %w", err)
		}
		stale = append(stale, list.refs()...)
		files = list.Files
		if err := setAll(txn, recs); err != nil {
			return fmt.Errorf("saving the entry: %w", err)
		}
	}
	if change != nil {
		var recs []record
		var err error
		files, recs, err = change(files, txn)
		if err != nil {
			return err
		}
		if err := setAll(txn, recs); err != nil {
			return fmt.Errorf("saving the entry: %w", err)
		}
	}
	e.Files = nil
	for _, f := range files {
		e.Files = append(e.Files, f.File)
	}
	recs, err := v.contentRecords(e, files, txnHas(txn))
	if err != nil {
		return err
	}
	sk := summaryKey(e.ID)
	recs = append(recs, record{sk, v.seal.seal(sk, summarySchema, encodeSummary(sum))})
	if err := setAll(txn, recs); err != nil {
		return fmt.Errorf("saving the entry: %w", err)
	}
	if len(stale) == 0 {
		return nil
	}
	used, err := v.entryRefs(txn, e.ID)
	if err != nil {
		return fmt.Errorf("saving the entry: %w", err)
	}
	for _, r := range stale {
		if !used[string(r.Key)] {
			if err := txn.Delete(r.Key); err != nil {
				return fmt.Errorf("saving the entry: %w", err)
			}
			used[string(r.Key)] = true // deleted once is enough
		}
	}
	return nil
}

// versionRecords turns the stored content of the version old into its
// history record under hk. A chunked content is not read: the history record
// lists the same chunks. It returns the records and the list of chunks and
// files, empty for a content kept whole.
func (v *Vault) versionRecords(txn *badger.Txn, old *journal.Entry, hk []byte) ([]record, chunkList, error) {
	ck := contentKey(old.ID)
	item, err := txn.Get(ck)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, chunkList{}, fmt.Errorf("the body of entry %s is missing: %w", old.ID, ErrCorrupt)
	}
	if err != nil {
		return nil, chunkList{}, err
	}
	var recs []record
	var list chunkList
	err = item.Value(func(val []byte) error {
		pt, schema, err := v.seal.open(ck, val)
		if err != nil {
			return err
		}
		if schema == chunkedSchema {
			l, err := decodeChunkList(pt)
			if err != nil {
				return err
			}
			list = l
			recs = []record{{hk, v.seal.seal(hk, chunkedSchema, encodeJSON(chunkedVersion{old, l}))}}
			return nil
		}
		prev, err := joinDecoded(old, schema, pt)
		if err != nil {
			return err
		}
		recs, err = v.historyRecords(prev, nil, nil)
		return err
	})
	if err != nil {
		return nil, chunkList{}, err
	}
	return recs, list, nil
}

// rechunk stores an entry's content in chunks if an earlier Tend kept it
// whole although it is longer than inlineMax. Moved to the history whole,
// beside a new content of the same size, it could pass the store's limit on
// one transaction; chunked, it moves as a short list. The content stays the
// same, and its records change in one transaction.
func (v *Vault) rechunk(id journal.ID) error {
	return v.updateEntry(id, func(txn *badger.Txn) error {
		ck := contentKey(id)
		item, err := txn.Get(ck)
		if err != nil || item.ValueSize() <= inlineMax {
			return nil // a missing body is reported by the save itself
		}
		var recs []record
		err = item.Value(func(val []byte) error {
			pt, schema, err := v.seal.open(ck, val)
			if err != nil || schema == chunkedSchema || len(pt) <= inlineMax {
				return err
			}
			c, err := decodeContent(schema, pt)
			if err != nil {
				return err
			}
			// A content kept whole lists no files.
			recs, err = v.contentRecords(&journal.Entry{ID: id, Body: c.Body, Fields: c.Fields}, nil, txnHas(txn))
			return err
		})
		if err != nil {
			return err
		}
		return setAll(txn, recs)
	})
}

// setAll stages records in txn.
func setAll(txn *badger.Txn, recs []record) error {
	for _, r := range recs {
		if err := txn.Set(r.key, r.val); err != nil {
			return err
		}
	}
	return nil
}

// remember puts a summary into the in-memory list, keeping it newest first.
func (v *Vault) remember(sum *journal.Entry) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if old := v.sums[sum.ID]; old != nil {
		v.order = removeFrom(v.order, old)
	}
	v.sums[sum.ID] = sum
	i := sort.Search(len(v.order), func(i int) bool { return !newer(v.order[i], sum) })
	v.order = append(v.order, nil)
	copy(v.order[i+1:], v.order[i:])
	v.order[i] = sum
}

func removeFrom(order []*journal.Entry, e *journal.Entry) []*journal.Entry {
	i := sort.Search(len(order), func(i int) bool { return !newer(order[i], e) })
	for ; i < len(order); i++ {
		if order[i] == e {
			return append(order[:i], order[i+1:]...)
		}
	}
	return order
}

// Get returns the whole entry with its body and form.
func (v *Vault) Get(id journal.ID) (*journal.Entry, error) {
	// The read lock is held through the store read so Close cannot close
	// the store under it.
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	sum := v.sums[id]
	if sum == nil {
		return nil, fmt.Errorf("entry %s: %w", id, journal.ErrNotFound)
	}
	return v.getFull(sum)
}

// getFull joins a summary with its content read from the store.
func (v *Vault) getFull(sum *journal.Entry) (*journal.Entry, error) {
	var e *journal.Entry
	err := v.viewEntry(sum.ID, func(txn *badger.Txn) (err error) {
		e, err = v.fullIn(txn, sum)
		return err
	})
	return e, err
}

// Delete moves an entry to the trash. RestoreFromTrash brings it back;
// Purge removes it for good.
func (v *Vault) Delete(id journal.ID) error { return v.setDeleted(id, now()) }

// RestoreFromTrash takes an entry out of the trash.
func (v *Vault) RestoreFromTrash(id journal.ID) error { return v.setDeleted(id, time.Time{}) }

func (v *Vault) setDeleted(id journal.ID, at time.Time) error {
	e, err := v.Get(id)
	if err != nil {
		return err
	}
	e.Deleted = at
	return v.Put(e)
}

// SetStarred gives an entry a star, or takes it away: a save like any
// other, so the version before is in its history and a merge knows which
// is newer.
func (v *Vault) SetStarred(id journal.ID, on bool) error {
	e, err := v.Get(id)
	if err != nil {
		return err
	}
	if e.Starred == on {
		return nil
	}
	e.Starred = on
	return v.Put(e)
}

// Purge removes an entry and all its history for ever.
func (v *Vault) Purge(id journal.ID) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	v.mu.RLock()
	sum := v.sums[id]
	v.mu.RUnlock()
	if sum == nil {
		return fmt.Errorf("entry %s: %w", id, journal.ErrNotFound)
	}
	err := v.updateEntry(id, func(txn *badger.Txn) error {
		chunks, err := v.entryRefs(txn, id)
		if err != nil {
			return err
		}
		for k := range chunks {
			if err := txn.Delete([]byte(k)); err != nil {
				return err
			}
		}
		for slot := range historySlots {
			if err := txn.Delete(historyKey(v.histKey, id, slot)); err != nil {
				return err
			}
		}
		if err := txn.Delete(contentKey(id)); err != nil {
			return err
		}
		return txn.Delete(summaryKey(id))
	})
	if err != nil {
		return fmt.Errorf("deleting the entry for good: %w", err)
	}
	v.mu.Lock()
	v.order = removeFrom(v.order, sum)
	delete(v.sums, id)
	v.mu.Unlock()
	v.touched[id] = true
	v.index.Remove(id)
	return nil
}

// History returns the earlier versions of an entry, newest first.
func (v *Vault) History(id journal.ID) ([]*journal.Entry, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	var out []*journal.Entry
	err := v.view("an earlier version", func(txn *badger.Txn) (err error) {
		out, err = v.historyIn(txn, id)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the history of entry %s: %w", id, err)
	}
	slices.Reverse(out)
	return out, nil
}

// eachVersion calls fn with each earlier version of entry id, one at a
// time, until fn returns false. A version filed under the wrong entry is
// damage.
func (v *Vault) eachVersion(txn *badger.Txn, id journal.ID, fn func(*journal.Entry) bool) error {
	for slot := range historySlots {
		hk := historyKey(v.histKey, id, slot)
		item, err := txn.Get(hk)
		if errors.Is(err, badger.ErrKeyNotFound) {
			continue
		}
		if err != nil {
			return err
		}
		more := true
		err = item.Value(func(val []byte) error {
			e, err := v.openVersion(txn, hk, val)
			if err != nil {
				return err
			}
			if e.ID != id {
				return fmt.Errorf("%w: an earlier version is filed under the wrong entry", ErrCorrupt)
			}
			more = fn(e)
			return nil
		})
		if err != nil || !more {
			return err
		}
	}
	return nil
}

// ListQuery chooses entries to list. The zero value lists every entry not in
// the trash, newest first.
type ListQuery struct {
	From, To journal.Date // inclusive; zero means open-ended
	Tag      string
	Kind     journal.Kind
	Starred  bool // only the entries with a star
	// Journals chooses entries by their journal; the zero set is every
	// journal, archived or not.
	Journals journal.JournalSet
	Trash    bool // list the trash instead of the journal
	Offset   int
	Limit    int // 0 means no limit
}

// List returns entry summaries (no body or form) newest first. It works from
// memory and costs no disk reads.
func (v *Vault) List(q ListQuery) ([]*journal.Entry, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	start := 0
	if !q.To.IsZero() {
		start = sort.Search(len(v.order), func(i int) bool { return v.order[i].Date.Compare(q.To) <= 0 })
	}
	var out []*journal.Entry
	skip := q.Offset
	for _, e := range v.order[start:] {
		if !q.From.IsZero() && e.Date.Compare(q.From) < 0 {
			break
		}
		if e.InTrash() != q.Trash || (q.Kind != "" && e.Kind != q.Kind) || (q.Tag != "" && !hasTag(e, q.Tag)) || (q.Starred && !e.Starred) ||
			!q.Journals.Has(e.Journal) {
			continue
		}
		if skip > 0 {
			skip--
			continue
		}
		c := *e
		out = append(out, &c)
		if q.Limit > 0 && len(out) == q.Limit {
			break
		}
	}
	return out, nil
}

func hasTag(e *journal.Entry, tag string) bool {
	for _, t := range e.Tags {
		if strings.EqualFold(t, tag) {
			return true
		}
	}
	return false
}

// TagCount is a tag and how many entries carry it.
type TagCount struct {
	Tag   string
	Count int
}

// Tags returns the tags in use outside the trash, most used first.
func (v *Vault) Tags() ([]TagCount, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	idx := map[string]int{}
	var out []TagCount
	for _, e := range v.order {
		if e.InTrash() {
			continue
		}
		for _, t := range e.Tags {
			k := strings.ToLower(t)
			i, ok := idx[k]
			if !ok {
				i = len(out)
				idx[k] = i
				out = append(out, TagCount{Tag: t})
			}
			out[i].Count++
		}
	}
	sort.SliceStable(out, func(i, j int) bool {
		if out[i].Count != out[j].Count {
			return out[i].Count > out[j].Count
		}
		return strings.ToLower(out[i].Tag) < strings.ToLower(out[j].Tag)
	})
	return out, nil
}

// OnThisDay returns entries of the journals in set written on the same day
// of the year as day in earlier years, newest first, leaving out entries
// that carry any of the tags the person asked never to resurface.
func (v *Vault) OnThisDay(day journal.Date, exclude []string, set journal.JournalSet) ([]*journal.Entry, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	var out []*journal.Entry
	for _, e := range v.order {
		if e.InTrash() || e.Date.Year >= day.Year || e.Date.Month != day.Month || e.Date.Day != day.Day || !set.Has(e.Journal) {
			continue
		}
		hidden := false
		for _, t := range exclude {
			if hasTag(e, t) {
				hidden = true
				break
			}
		}
		if !hidden {
			c := *e
			out = append(out, &c)
		}
	}
	return out, nil
}

// Stats summarises the journal outside the trash.
type Stats struct {
	Entries int
	Words   int
	Days    int // distinct days with writing
	// Streak is the run of consecutive days with writing that ends today,
	// or yesterday when nothing is written yet today.
	Streak int
}

// Stats returns counts for the journals in set as of today.
func (v *Vault) Stats(today journal.Date, set journal.JournalSet) (Stats, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return Stats{}, ErrClosed
	}
	var s Stats
	days := map[journal.Date]bool{}
	for _, e := range v.order {
		if e.InTrash() || !set.Has(e.Journal) {
			continue
		}
		s.Entries++
		s.Words += e.Words
		days[e.Date] = true
	}
	s.Days = len(days)
	d := today
	if !days[d] {
		d = d.AddDays(-1)
	}
	for days[d] {
		s.Streak++
		d = d.AddDays(-1)
	}
	return s, nil
}

// DaysWithEntries counts entries of the journals in set per day between
// from and to inclusive, for marks on a calendar.
func (v *Vault) DaysWithEntries(from, to journal.Date, set journal.JournalSet) (map[journal.Date]int, error) {
	list, err := v.List(ListQuery{From: from, To: to, Journals: set})
	if err != nil {
		return nil, err
	}
	out := make(map[journal.Date]int)
	for _, e := range list {
		out[e.Date]++
	}
	return out, nil
}

// Import saves many entries at once, keeping their ids, times and
// revisions as given (an entry without an id gets a new one). Tests and the
// benchmarks build journals with it; it writes as a restore does. An entry
// whose id is already in the vault is replaced, and the replaced version is
// not filed in its history. Import returns once every entry is synced to
// disk, and writes all of them or, after a failure, none.
func (v *Vault) Import(entries []*journal.Entry) error {
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	items := make([]restoreItem, len(entries))
	for i, in := range entries {
		e := *in
		if e.ID.IsZero() {
			e.ID = journal.NewID()
		}
		if !e.Kind.Valid() {
			return fmt.Errorf("importing entry %s: %q is not a kind of entry", e.ID, e.Kind)
		}
		items[i] = restoreItem{e: &e}
	}
	if err := v.writeRestored(items, writeStaged); err != nil {
		return fmt.Errorf("importing: %w", err)
	}
	return nil
}

// resortLocked rebuilds the newest-first order from scratch, after bulk
// changes. The caller holds mu.
func (v *Vault) resortLocked() {
	v.order = v.order[:0]
	for _, e := range v.sums {
		v.order = append(v.order, e)
	}
	sort.Slice(v.order, func(i, j int) bool { return newer(v.order[i], v.order[j]) })
}

// historyIn reads the earlier versions of one entry in txn, oldest first.
func (v *Vault) historyIn(txn *badger.Txn, id journal.ID) ([]*journal.Entry, error) {
	var out []*journal.Entry
	err := v.eachVersion(txn, id, func(e *journal.Entry) bool {
		out = append(out, e)
		return true
	})
	if err != nil {
		return nil, err
	}
	slices.SortFunc(out, func(a, b *journal.Entry) int { return cmp.Compare(a.Rev, b.Rev) })
	return out, nil
}

// fullIn joins a summary with its content, read in txn.
func (v *Vault) fullIn(txn *badger.Txn, sum *journal.Entry) (*journal.Entry, error) {
	item, err := txn.Get(contentKey(sum.ID))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, fmt.Errorf("the body of entry %s is missing: %w", sum.ID, ErrCorrupt)
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
