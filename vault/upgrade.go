package vault

import (
	"errors"
	"sort"

	"github.com/dgraph-io/badger/v4"

	"tend/journal"
)

// Summaries saved before schema 3 have no headline or preview, so lists
// can only name their kind; nor do those of schemas 3 to 5 whose gist holds
// words their kind made in English, which are read as none (see oldGist)
// so that they come back as phrases said in the person's language. After
// unlock, once the search index is ready
// (so it never competes with the first screen or with search getting
// ready), upgradeSummaries brings them up to date in the background, a
// batch at a time: it reads each one's summary and content, derives the
// gist and writes the summary again, in one transaction per batch.
//
// A save always wins. The batch's transaction reads every summary it
// rewrites, so a save of one of them committed after the batch began makes
// its commit fail with a conflict, and the batch is read again, where that
// entry now has a gist and is left alone. The commit is made holding wmu,
// as every write is, and the summaries kept in memory change with it; a
// summary whose revision moved meanwhile is left as the save made it.
//
// Locking stops the upgrade between two batches, or throws away the batch
// in hand. A crash leaves summaries of both schemas, which read as well as
// each other; the next unlock finishes the rest.
//
// Otherwise summaries of schema 3 have their gist and are left as they
// are: what schema 4 added, the time an entry was written and its star, they never
// had, and an upgrade could only make those up. Nor do summaries of schema
// 4 need anything: an entry without a journal belongs to the journal every
// vault begins with, whose id is zero. Both are written in the newer layout
// at the entry's next save.

// upgradeBatch is how many summaries one transaction brings up to date.
const upgradeBatch = 64

// upgradeTries is how many times a batch is read again after a save
// conflicted with it, before it is left for the next unlock.
const upgradeTries = 4

// upgradeHook, when set by a test, is called with each batch that has
// summaries to write, before it is committed.
var upgradeHook func(ids []journal.ID)

// UpgradeDone returns a channel closed once the summaries that an earlier
// Tend saved have their headlines and previews (see journal.Gist), or the
// upgrade stopped: the vault was locked, or the disk is full, and the rest
// is done at the next unlock. Until then List gives them with an empty
// Headline; a screen can show their kind and list again when this closes.
func (v *Vault) UpgradeDone() <-chan struct{} { return v.upDone }

// upgradeSummaries gives every summary without a gist its gist.
func (v *Vault) upgradeSummaries() {
	defer close(v.upDone)
	select {
	case <-v.indexReady:
	case <-v.stop:
		return
	}
	// Newest first: the entries a person sees first are done first.
	v.mu.RLock()
	var todo []journal.ID
	for _, e := range v.order {
		if e.Headline == "" {
			todo = append(todo, e.ID)
		}
	}
	v.mu.RUnlock()
	for len(todo) > 0 {
		if v.stopping() {
			return
		}
		n := min(upgradeBatch, len(todo))
		// A damaged table can make the store library panic as it reads
		// it, which on this goroutine would end the process: the guard
		// makes it an error. What was not upgraded stays as it is; the
		// check names what is damaged.
		err := v.guard("the entries being brought up to date", func() error { return v.upgradeBatch(todo[:n]) })
		if err != nil {
			return // locked, damaged, or the disk is full: the rest waits for next time
		}
		todo = todo[n:]
	}
}

func (v *Vault) stopping() bool {
	select {
	case <-v.stop:
		return true
	default:
		return false
	}
}

// upgradeBatch upgrades the summaries of ids, reading the batch again when
// a save conflicts with it.
func (v *Vault) upgradeBatch(ids []journal.ID) error {
	for range upgradeTries {
		err := v.tryUpgrade(ids)
		if !errors.Is(err, badger.ErrConflict) {
			return err
		}
	}
	return nil // saves keep landing on this batch; next unlock will do
}

// upgraded is one summary brought up to date: the revision it was read
// at, and its gist.
type upgraded struct {
	id                journal.ID
	rev               int
	headline, preview string
}

// tryUpgrade upgrades the summaries of ids in one transaction. Summaries
// that have their gist, and those that cannot be read (the check reports
// them), are left as they are.
func (v *Vault) tryUpgrade(ids []journal.ID) error {
	txn := v.db.NewTransaction(true)
	defer txn.Discard()
	var done []upgraded
	for _, id := range ids {
		if v.stopping() {
			return ErrClosed
		}
		u, rec, err := v.upgradeOne(txn, id)
		if err != nil {
			return err
		}
		if rec == nil {
			continue
		}
		if err := txn.Set(rec.key, rec.val); err != nil {
			return err
		}
		done = append(done, u)
	}
	if len(done) == 0 {
		return nil
	}
	if upgradeHook != nil {
		upgradeHook(ids)
	}
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return err
	}
	if err := txn.Commit(); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	for _, u := range done {
		cur := v.sums[u.id]
		if cur == nil || cur.Rev != u.rev || cur.Headline != "" {
			continue // saved or purged meanwhile: that is what stands
		}
		// A new summary rather than a change to the one in memory, which
		// readers may hold.
		n := *cur
		n.Headline, n.Preview = u.headline, u.preview
		if n.Headline == n.Title {
			n.Headline = n.Title // one string, not two
		}
		v.sums[u.id] = &n
		v.order = replaceIn(v.order, cur, &n)
	}
	return nil
}

// upgradeOne reads entry id's summary in txn and, when it has no gist (see
// oldGist), its content, and returns the summary sealed again with its
// gist; rec is nil when there is nothing to do.
func (v *Vault) upgradeOne(txn *badger.Txn, id journal.ID) (u upgraded, rec *record, err error) {
	sk := summaryKey(id)
	item, err := txn.Get(sk)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return u, nil, nil // purged meanwhile
	}
	if err != nil {
		return u, nil, err
	}
	var sum *journal.Entry
	err = item.Value(func(val []byte) error {
		pt, schema, err := v.seal.open(sk, val)
		if err != nil || schema >= summarySchema {
			return nil
		}
		if e, err := decodeSummary(schema, pt); err == nil && e.ID == id && e.Headline == "" {
			sum = e // no gist, or one in English words (see oldGist)
		}
		return nil
	})
	if err != nil || sum == nil {
		return u, nil, err
	}
	full, err := v.fullIn(txn, sum)
	if err != nil {
		return u, nil, nil // a damaged body: the check reports it
	}
	sum.Headline, sum.Preview = journal.Gist(full)
	return upgraded{id: id, rev: sum.Rev, headline: sum.Headline, preview: sum.Preview},
		&record{sk, v.seal.seal(sk, summarySchema, encodeSummary(sum))}, nil
}

// replaceIn puts n in old's place in a newest-first order; the two sort
// the same.
func replaceIn(order []*journal.Entry, old, n *journal.Entry) []*journal.Entry {
	i := sort.Search(len(order), func(i int) bool { return !newer(order[i], old) })
	for ; i < len(order); i++ {
		if order[i] == old {
			order[i] = n
			break
		}
	}
	return order
}
