package vault

import (
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"tend/backup"
	"tend/journal"
)

// backupMissedHistory finds the earlier versions the scan of the history
// did not reach. The store's scan ends quietly at a part of a table it
// cannot read (or, guarded, where its library panics), and every version
// after it would be missing from the backup without a word. An entry files
// its versions under keys derived from its id and their revisions: with
// the entry at revision R, the versions R-1 back to R-historySlots (none
// before 1). Each such key the scan did not reach is read on its own: a
// version found is written, one that cannot be read is left out and named.
//
// A key that is not there is the usual case (an entry restored or merged
// without all of its versions), but a damaged table hides its records from
// a read by key too. So when any is not there, the store's tables are read
// block by block, and if one is damaged each version not found is named as
// left out: a backup never says it holds all of the history when part of it
// may be in a table the store could not read.
func (v *Vault) backupMissedHistory(txn *badger.Txn, bw *backup.Writer, files *backupFileState, live map[journal.ID]bool, scanned recordKeys, tick func()) error {
	var absent []journal.Damage
	// Only an entry at revision 2 or later has earlier versions; most
	// entries of a journal do not, and are not even sorted.
	withVersions := make(map[journal.ID]bool)
	for id := range live {
		if sum := v.sums[id]; sum != nil && sum.Rev >= 2 {
			withVersions[id] = true
		}
	}
	for _, id := range sortedIDs(withVersions) {
		sum := v.sums[id]
		for rev := sum.Rev - 1; rev >= max(1, sum.Rev-historySlots); rev-- {
			key := historyKey(v.histKey, id, rev%historySlots)
			if scanned.has(key) {
				continue
			}
			r, found := v.readHistoryRec(txn, sum, key)
			if !found {
				absent = append(absent, journal.Damage{
					Entry: id, Record: "history",
					Problem: fmt.Sprintf("version %d of %s could not be found, and part of the journal is damaged, so it may be lost", rev, entryName(sum)),
				})
				continue
			}
			if r.err == nil {
				v.prepareHistory(live, &r)
			}
			if err := v.addHistoryRec(bw, files, &r); err != nil {
				return err
			}
			tick()
		}
	}
	if len(absent) == 0 || v.tablesWhole() {
		return nil
	}
	for _, d := range absent {
		if !bw.LeaveOut(d) {
			return fmt.Errorf("backing up: %w: %s", ErrCorrupt, d.Problem)
		}
	}
	return nil
}

// recordKeys is a set of the keys of records of one prefix whose keys are
// 16 bytes after it (entries' summaries, earlier versions), kept as those
// 16 bytes: a backup holds one for each entry and each version, and a
// string of the whole key would be one more allocation for each.
type recordKeys map[[16]byte]struct{}

func (s recordKeys) add(key []byte) {
	if k, ok := versionKeyOf(key); ok {
		s[k] = struct{}{}
	}
}

func (s recordKeys) has(key []byte) bool {
	k, ok := versionKeyOf(key)
	if !ok {
		return false
	}
	_, in := s[k]
	return in
}

func versionKeyOf(key []byte) (k [16]byte, ok bool) {
	if len(key) != 1+len(k) {
		return k, false
	}
	copy(k[:], key[1:])
	return k, true
}

// readHistoryRec reads the earlier version under key, of the entry sum, by its
// key; found is false when the store holds none there.
func (v *Vault) readHistoryRec(txn *badger.Txn, sum *journal.Entry, key []byte) (r backupRec, found bool) {
	r = backupRec{key: key}
	err := v.guard("an earlier version", func() error {
		item, err := txn.Get(key)
		if err != nil {
			return err
		}
		r.val, err = item.ValueCopy(nil)
		return err
	})
	if errors.Is(err, badger.ErrKeyNotFound) {
		return r, false
	}
	if err != nil {
		r.err = fmt.Errorf("backing up: an earlier version could not be read (%w); run a check of the journal", err)
		r.left = journal.Damage{Entry: sum.ID, Record: "history", Problem: "an earlier version of " + entryName(sum) + " could not be read, so it was left out"}
	}
	return r, true
}

// entryName names an entry as a person knows it: by its title and date.
func entryName(sum *journal.Entry) string {
	if sum.Title == "" {
		return fmt.Sprintf("the entry of %s", sum.Date)
	}
	return fmt.Sprintf("%q (%s)", sum.Title, sum.Date)
}
