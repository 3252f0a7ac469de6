package vault

import (
	"bytes"
	"errors"
	"fmt"
	"time"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/journal"
)

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
// Call Merge only with contents backup.Read returned: that is what guarantees
// the backup was whole before anything here changed.
func (v *Vault) Merge(c *backup.Contents) (MergeReport, error) {
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
			items = append(items, restoreItem{e: b, hist: hist[b.ID], files: c.Files})
			rep.Added++
			continue
		}
		item, incomingWon, err := v.mergeItem(cur, b, false)
		if item != nil {
			item.files = c.Files
		}
		switch {
		case err != nil:
			return rep, fmt.Errorf("merging: %w", err)
		case item == nil:
			rep.Skipped++
		case incomingWon:
			items = append(items, *item)
			rep.Updated++
		default:
			items = append(items, *item)
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
	// The lists of journals are joined by id, the newer name winning, in
	// the same operation too.
	v.mu.RLock()
	books := v.books
	v.mu.RUnlock()
	mergedBooks := books
	if c.Journals != nil {
		mergedBooks = books.Merge(c.Journals)
	}
	if !bytes.Equal(encodeJSON(mergedBooks), encodeJSON(books)) {
		extra = append(extra, v.journalsRecord(mergedBooks))
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
	v.mu.Lock()
	v.books = mergedBooks
	v.mu.Unlock()
	return rep, nil
}

// mergeItem is what bringing in b, another version of the entry whose
// summary is cur, takes: nothing when the journal holds b's words already,
// as the entry or in its history; otherwise one write in which the more
// recently updated version becomes the entry and the other is filed in its
// history. incomingWon says b became the entry. When both carry the same
// last-saved time but different words, b wins if incomingOnTie is set: a
// file exported from Tend keeps its time when edited elsewhere, so the
// same time with other words means it was changed after that save; b then
// takes the time it came in.
func (v *Vault) mergeItem(cur, b *journal.Entry, incomingOnTie bool) (item *restoreItem, incomingWon bool, err error) {
	full, err := v.getFull(cur)
	if err != nil {
		return nil, false, err
	}
	if sameContent(full, b) {
		return nil, false, nil
	}
	tie := b.Updated.Equal(full.Updated)
	incomingWon = b.Updated.After(full.Updated) || (tie && incomingOnTie)
	winner, loser := full, b
	if incomingWon {
		winner, loser = b, full
	} else {
		kept, err := v.historyHas(b)
		if err != nil || kept {
			return nil, false, err
		}
	}
	// As Put does: the version that steps back is filed under the current
	// revision, and the one in front takes the next.
	l, w := *loser, *winner
	l.Rev, w.Rev = full.Rev, full.Rev+1
	if incomingWon && tie {
		w.Updated = now()
	}
	// The journal's version keeps its attached files, whichever version
	// wins: their chunks are in the store already.
	stored, err := v.storedFiles(cur.ID)
	if err != nil {
		return nil, false, err
	}
	return &restoreItem{e: &w, hist: []*journal.Entry{&l}, stored: stored}, incomingWon, nil
}

// storedFiles returns the chunks of the attached files of entry id's
// current version, by hash.
func (v *Vault) storedFiles(id journal.ID) (map[string][]chunkRef, error) {
	var out map[string][]chunkRef
	err := v.view("its list of files", func(txn *badger.Txn) error {
		l, err := v.storedList(txn, contentKey(id))
		for _, f := range l.Files {
			if out == nil {
				out = map[string][]chunkRef{}
			}
			out[f.File.SHA256] = f.Chunks
		}
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("reading the attached files of entry %s: %w", id, err)
	}
	return out, nil
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
	err := v.view("an earlier version", func(txn *badger.Txn) error {
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
