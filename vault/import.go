package vault

import (
	"errors"
	"fmt"

	"tend/journal"
	"tend/plain"
)

// ImportReport says what ApplyImport did, or, from ImportPreview, what it
// would do.
type ImportReport struct {
	// Added entries are new in the journal.
	Added int
	// AlreadyHere entries are in the journal with the same words (imported
	// before) and were left as they are.
	AlreadyHere int
	// Updated entries were in the journal, but the file's version is newer
	// (edited outside Tend, say): it is now the entry, and the journal's
	// version is kept in its history.
	Updated int
	// Kept entries were in the journal in a newer version, which stays;
	// the file's older version is kept in the entry's history.
	Kept int
	// Files counts the photos and other files attached to new entries.
	Files int
}

// ImportState is what ApplyImport will do with one entry of a plan.
type ImportState int

const (
	// ImportNew is an entry the journal does not hold: it is added.
	ImportNew ImportState = iota
	// ImportSame is in the journal with the same words: left as it is.
	ImportSame
	// ImportNewer is in the journal, but the file's version is newer: it
	// becomes the entry, and the journal's goes to its history.
	ImportNewer
	// ImportOlder is in the journal in a newer version, which stays; the
	// file's goes to the entry's history.
	ImportOlder
)

// ImportStates says, entry by entry, what ApplyImport would do with p,
// reading the journal and writing nothing.
func (v *Vault) ImportStates(p *plain.Plan) (map[journal.ID]ImportState, error) {
	v.mu.RLock()
	closed := v.closed
	v.mu.RUnlock()
	if closed {
		return nil, ErrClosed
	}
	states := make(map[journal.ID]ImportState, len(p.Entries))
	for _, e := range p.Entries {
		v.mu.RLock()
		cur := v.sums[e.ID]
		v.mu.RUnlock()
		if cur == nil {
			states[e.ID] = ImportNew
			continue
		}
		in, err := v.asHere(p, e, cur)
		if err != nil {
			return nil, err
		}
		item, incomingWon, err := v.mergeItem(cur, in, true)
		switch {
		case err != nil:
			return nil, err
		case item == nil:
			states[e.ID] = ImportSame
		case incomingWon:
			states[e.ID] = ImportNewer
		default:
			states[e.ID] = ImportOlder
		}
	}
	return states, nil
}

// ImportPreview counts what ApplyImport would do with p (see ImportStates).
func (v *Vault) ImportPreview(p *plain.Plan) (ImportReport, error) {
	states, err := v.ImportStates(p)
	var rep ImportReport
	for _, st := range states {
		switch st {
		case ImportNew:
			rep.Added++
		case ImportSame:
			rep.AlreadyHere++
		case ImportNewer:
			rep.Updated++
		case ImportOlder:
			rep.Kept++
		}
	}
	return rep, err
}

// ApplyImport writes the plan's entries that the journal does not hold yet,
// with their ids, dates and times as the plan has them, all at once: the
// journal holds every one of them or, after a failure or a crash, none. An
// entry already here with the same words is left untouched, which is what
// makes importing the same source twice harmless. One already here whose
// words differ is merged as Merge merges a backup's: the more recently
// updated version becomes the entry and the other is kept in its history,
// the file's winning when both carry the same time (it was edited after
// that save, outside Tend). Earlier versions in the plan are filed with
// their new entries.
func (v *Vault) ApplyImport(p *plain.Plan) (ImportReport, error) {
	var rep ImportReport
	if p == nil {
		return rep, errors.New("importing: there is nothing to import")
	}
	v.wmu.Lock()
	defer v.wmu.Unlock()
	if err := v.checkWrite(); err != nil {
		return rep, err
	}
	hist := historyByEntry(p.History)
	v.mu.RLock()
	books := v.books
	v.mu.RUnlock()
	books, named, err := importJournals(books, p)
	if err != nil {
		return rep, fmt.Errorf("importing: %w", err)
	}
	var items []restoreItem
	var fresh []importedWithFiles
	for _, e := range p.Entries {
		v.mu.RLock()
		cur := v.sums[e.ID]
		v.mu.RUnlock()
		if cur == nil {
			into := p.Into
			if name, ok := p.Journals[e.ID]; ok {
				into = named[name]
			}
			rep.Added++
			if files := p.Files[e.ID]; len(files) > 0 {
				fresh = append(fresh, importedWithFiles{e: inJournal(e, into), files: newFiles(files)})
				continue
			}
			items = append(items, restoreItem{e: inJournal(e, into), hist: hist[e.ID]})
			continue
		}
		in, err := v.asHere(p, e, cur)
		if err != nil {
			return ImportReport{}, fmt.Errorf("importing: %w", err)
		}
		item, incomingWon, err := v.mergeItem(cur, in, true)
		switch {
		case err != nil:
			return ImportReport{}, fmt.Errorf("importing: %w", err)
		case item == nil:
			rep.AlreadyHere++
			continue
		case incomingWon:
			rep.Updated++
		default:
			rep.Kept++
		}
		items = append(items, *item)
	}
	if len(items) == 0 && len(fresh) == 0 {
		return rep, nil
	}
	var extra []record
	if len(named) > 0 {
		extra = append(extra, v.journalsRecord(books))
	}
	write := func() error { return v.writeRestored(items, writeStaged, extra...) }
	if len(fresh) > 0 {
		write = func() (err error) {
			rep.Files, err = v.writeImportWithFiles(items, fresh, extra...)
			return err
		}
	}
	if err := write(); err != nil {
		if errors.Is(err, ErrUnfinished) {
			return rep, fmt.Errorf("importing: %w", err)
		}
		return ImportReport{}, fmt.Errorf("importing: %w", err)
	}
	if len(named) > 0 {
		v.mu.Lock()
		v.books = books
		v.mu.Unlock()
	}
	return rep, nil
}

// asHere returns e, of plan p, as it compares with the journal's entry
// cur, which is e imported before: when p brings files with e, cur lists
// them already, as they were kept (a picture's metadata out), so e is taken
// to list the same ones and its words alone decide.
func (v *Vault) asHere(p *plain.Plan, e, cur *journal.Entry) (*journal.Entry, error) {
	in := inJournal(e, cur.Journal)
	if len(p.Files[e.ID]) == 0 {
		return in, nil
	}
	full, err := v.getFull(cur)
	if err != nil {
		return nil, err
	}
	c := *in
	c.Files = full.Files
	return &c, nil
}

// newFiles are the files an import brings, as the journal reads them.
func newFiles(files []plain.Attachment) []NewFile {
	out := make([]NewFile, len(files))
	for i, f := range files {
		out[i] = NewFile{Name: f.Name, Open: f.Open}
	}
	return out
}

// inJournal returns e in journal id: e itself when it is there already,
// or a copy, so the plan is left as it was.
func inJournal(e *journal.Entry, id journal.JournalID) *journal.Entry {
	if e.Journal == id {
		return e
	}
	c := *e
	c.Journal = id
	return &c
}

// importJournals finds the journal of each name the plan gives, adding a
// journal for a name the list lacks, and returns the list and the id of
// each name.
func importJournals(books journal.Journals, p *plain.Plan) (journal.Journals, map[string]journal.JournalID, error) {
	named := map[string]journal.JournalID{}
	for _, e := range p.Entries {
		name, ok := p.Journals[e.ID]
		if !ok {
			continue
		}
		if _, done := named[name]; done {
			continue
		}
		if j, ok := books.Named(name); ok {
			named[name] = j.ID
			continue
		}
		next, j, err := books.Add(name, now())
		if err != nil {
			return nil, nil, fmt.Errorf("the journal %q: %w", name, err)
		}
		books, named[name] = next, j.ID
	}
	return books, named, nil
}
