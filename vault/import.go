package vault

import (
	"errors"
	"fmt"

	"tend/journal"
	"tend/plain"
)

// ImportReport says what ApplyImport did.
type ImportReport struct {
	// Added entries are new in the journal.
	Added int
	// AlreadyHere entries had an id the journal holds already (imported
	// before) and were left as they are.
	AlreadyHere int
}

// PresentCount counts the plan's entries whose id the journal already has:
// the preview shows them as already imported.
func (v *Vault) PresentCount(p *plain.Plan) (int, error) {
	here, err := v.Present(p)
	return len(here), err
}

// Present returns the ids of the plan's entries that the journal already
// holds, so a preview can mark each of them: ApplyImport leaves them as
// they are.
func (v *Vault) Present(p *plain.Plan) (map[journal.ID]bool, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	here := make(map[journal.ID]bool)
	for _, e := range p.Entries {
		if v.sums[e.ID] != nil {
			here[e.ID] = true
		}
	}
	return here, nil
}

// ApplyImport writes the plan's entries that the journal does not hold yet,
// with their ids, dates and times as the plan has them, all at once: the
// journal holds every one of them or, after a failure or a crash, none. An
// entry whose id is already here is left untouched, which is what makes
// importing the same source twice harmless. Earlier versions in the plan
// are filed with their entries.
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
	var items []restoreItem
	v.mu.RLock()
	for _, e := range p.Entries {
		if v.sums[e.ID] != nil {
			rep.AlreadyHere++
			continue
		}
		items = append(items, restoreItem{e: e, hist: hist[e.ID]})
	}
	v.mu.RUnlock()
	if len(items) == 0 {
		return rep, nil
	}
	if err := v.writeRestored(items, writeStaged); err != nil {
		if errors.Is(err, ErrUnfinished) {
			rep.Added = len(items)
			return rep, fmt.Errorf("importing: %w", err)
		}
		return ImportReport{}, fmt.Errorf("importing: %w", err)
	}
	rep.Added = len(items)
	return rep, nil
}
