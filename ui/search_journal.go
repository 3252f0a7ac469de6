package ui

import (
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// allJournals is the journal filter's first choice: every journal in
// view, as "All journals" in the sidebar.
func allJournals() string { return i18n.L("All journals") }

// journalFilter is the search screen's choice of journal. It starts as
// the sidebar's choice, and can look in another journal, or in an archived
// one, without changing what the other screens show. It stays away while
// there is only one journal.
type journalFilter struct {
	sel *widget.Select
	// ids are the journals of the choices after the first, in order.
	ids []journal.JournalID
	// books is the list it was made from, and synced the sidebar's choice
	// it last followed.
	books  journal.Journals
	synced string
}

func newJournalFilter(onChanged func()) *journalFilter {
	f := &journalFilter{sel: widget.NewSelect([]string{allJournals()}, nil)}
	f.sel.SetSelectedIndex(0)
	f.sel.OnChanged = func(string) { onChanged() }
	f.sel.Hide()
	return f
}

// sync offers the journals of jv, archived ones last, and when the
// sidebar's choice changed since it last looked, chooses that. It changes
// the selection without calling its handler.
func (f *journalFilter) sync(jv *journalsView) {
	f.books = jv.books
	opts := []string{allJournals()}
	f.ids = f.ids[:0]
	for _, archived := range []bool{false, true} {
		for _, b := range jv.books {
			if b.Archived != archived {
				continue
			}
			name := b.Name
			if archived {
				name = i18n.L("{{.Name}} (archived)", i18n.Data{"Name": name})
			}
			opts = append(opts, name)
			f.ids = append(f.ids, b.ID)
		}
	}
	keep := f.sel.SelectedIndex()
	if sidebar := jv.choiceKey(); sidebar != f.synced {
		f.synced = sidebar
		keep = 0
		if !jv.all {
			keep = f.index(jv.chosen)
		}
	}
	handler := f.sel.OnChanged
	f.sel.OnChanged = nil
	f.sel.SetOptions(opts)
	f.sel.SetSelectedIndex(min(max(keep, 0), len(opts)-1))
	f.sel.OnChanged = handler
	if len(jv.books) > 1 {
		f.sel.Show()
	} else {
		f.sel.Hide()
	}
}

// index is the choice of the journal with id, or 0 (all) when there is none.
func (f *journalFilter) index(id journal.JournalID) int {
	for i, b := range f.ids {
		if b == id {
			return i + 1
		}
	}
	return 0
}

// set is the journals the search looks in.
func (f *journalFilter) set() journal.JournalSet {
	i := f.sel.SelectedIndex()
	if i <= 0 || i > len(f.ids) {
		return f.books.Shown()
	}
	return f.books.Only(f.ids[i-1])
}
