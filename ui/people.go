package ui

import (
	"tend/insights"
	"tend/journal"
	"tend/vault"
)

// loadPeople gathers, off the UI goroutine, the people and topics named in
// words-and-actions notes and incidents, and hands them to show. Only the
// names are kept, and only by the field that offers them.
func (u *UI) loadPeople(show func(names []string)) {
	v := u.vault()
	if v == nil {
		return
	}
	var named []*journal.Entry
	u.background(func() error {
		for _, k := range []journal.Kind{journal.KindWordsActions, journal.KindIncident} {
			list, err := v.List(vault.ListQuery{Kind: k})
			if err != nil {
				return err
			}
			for _, e := range list {
				full, err := v.Get(e.ID)
				if err != nil {
					continue // a damaged entry only loses its name here
				}
				named = append(named, insights.InsightFields(full))
			}
		}
		return nil
	}, func(err error) {
		if err == nil {
			show(insights.People(named))
		}
	})
}
