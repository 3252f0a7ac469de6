package vault

import (
	"slices"
	"strings"

	"tend/journal"
)

// IDsWithPrefix returns the ids of the entries, in the journal or in its
// trash, whose written form begins with prefix (compared without regard to
// case), sorted, and at most limit of them; a limit of zero or less means
// all. The command line accepts the start of an id as git accepts the
// start of a commit's.
func (v *Vault) IDsWithPrefix(prefix string, limit int) ([]journal.ID, error) {
	v.mu.RLock()
	defer v.mu.RUnlock()
	if v.closed {
		return nil, ErrClosed
	}
	prefix = strings.ToLower(prefix)
	var out []journal.ID
	for id := range v.sums {
		if strings.HasPrefix(id.String(), prefix) {
			out = append(out, id)
		}
	}
	slices.SortFunc(out, func(a, b journal.ID) int { return strings.Compare(a.String(), b.String()) })
	if limit > 0 && len(out) > limit {
		out = out[:limit]
	}
	return out, nil
}
