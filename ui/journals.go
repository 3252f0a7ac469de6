package ui

import (
	"fmt"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/layout"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// journalsView is the sidebar's group of journals and which journal every
// screen shows. With one journal (or one in view) the group stays away and
// nothing changes: the journal is the whole vault. With two or more, a
// quiet list under the sections offers "All journals" and each journal
// with its colour, and the choice filters Today, the journal, On this day,
// Search, Insights and the trash.
type journalsView struct {
	u *UI
	// books is the list of journals, as last read from the vault.
	books journal.Journals
	// all is set while "All journals" is chosen; otherwise chosen is the
	// journal shown.
	all    bool
	chosen journal.JournalID

	box *fyne.Container // the sidebar's group, rebuilt when the list changes
	// sidebar is the sidebar the group goes into, below its sections: in
	// a scroller, so that it never makes the window taller, in place of
	// the empty space there with one journal.
	sidebar *fyne.Container
	scroll  fyne.CanvasObject
	space   fyne.CanvasObject
	// manager is the dialog of journals last opened.
	manager *journalsDialog
}

func newJournalsView(u *UI) *journalsView {
	j := &journalsView{u: u, all: true, books: journal.DefaultJournals(), box: container.NewVBox(), space: layout.NewSpacer()}
	j.scroll = container.NewVScroll(j.box)
	return j
}

// load reads the list of journals again and redraws the group. A journal
// chosen that is gone (deleted, or archived) gives way to all of them.
func (j *journalsView) load() {
	v := j.u.vault()
	if v == nil {
		return
	}
	l, err := v.Journals()
	if err != nil {
		return
	}
	j.books = l
	if !j.all {
		if cur, ok := l.Find(j.chosen); !ok || cur.Archived {
			j.all = true
		}
	}
	j.rebuild()
}

// several reports whether the person has more than one journal in view:
// only then do journals show anywhere.
func (j *journalsView) several() bool { return len(j.books.Active()) > 1 }

// set is the journals every screen shows now.
func (j *journalsView) set() journal.JournalSet {
	if j.all {
		return j.books.Shown()
	}
	return j.books.Only(j.chosen)
}

// name is the name of the journal chosen, or "" when all are shown.
func (j *journalsView) name() string {
	if j.all || !j.several() {
		return ""
	}
	if b, ok := j.books.Find(j.chosen); ok {
		return b.Name
	}
	return ""
}

// home is the journal a new entry goes into: the one chosen, or with all
// of them shown, the first in view.
func (j *journalsView) home() journal.JournalID {
	if !j.all {
		return j.chosen
	}
	if a := j.books.Active(); len(a) > 0 {
		return a[0].ID
	}
	return j.books.Home(journal.JournalID{}).ID
}

// choose shows one journal everywhere, or all of them when all is set,
// and shows the screen in view again through it.
func (j *journalsView) choose(all bool, id journal.JournalID) {
	j.u.touch()
	j.all, j.chosen = all, id
	j.rebuild()
	if s := j.u.shell; s != nil && s.current != secEditor {
		s.show(s.current)
	}
}

// rebuild redraws the sidebar's group.
func (j *journalsView) rebuild() {
	j.box.RemoveAll()
	j.place()
	if !j.several() {
		j.box.Refresh()
		return
	}
	j.box.Add(caption(i18n.L("Journals")))
	j.box.Add(j.navButton(i18n.X("sidebar.all", "All journals"), nil, j.all, func() { j.choose(true, journal.JournalID{}) }))
	for _, b := range j.books.Active() {
		id := b.ID
		j.box.Add(j.navButton(b.Name, journalDot(b.Colour), !j.all && j.chosen == id, func() { j.choose(false, id) }))
	}
	manage := &widget.Button{Text: i18n.L("Manage journals…"), Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance, OnTapped: j.u.manageJournals}
	j.box.Add(manage)
	j.box.Refresh()
}

// sidebarName is how many characters of a journal's name the sidebar
// shows: no more than the longest section's name, so a long name never
// widens the sidebar, and with it the window.
const sidebarName = 14

// place puts the group below the sidebar's sections, or, with one journal
// in view, the empty space that was always there.
func (j *journalsView) place() {
	if j.sidebar == nil {
		return
	}
	fill := j.space
	if j.several() {
		fill = j.scroll
	}
	for i, o := range j.sidebar.Objects {
		if (o == j.space || o == j.scroll) && o != fill {
			j.sidebar.Objects[i] = fill
			j.sidebar.Refresh()
		}
	}
}

// navButton is one line of the group, quiet like the sections above it.
// A long name is cut short with an ellipsis.
func (j *journalsView) navButton(text string, icon fyne.Resource, on bool, tapped func()) *widget.Button {
	b := &widget.Button{Text: shorten(text, sidebarName), Icon: icon, Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance, OnTapped: tapped}
	if on {
		b.Importance = widget.MediumImportance
	}
	return b
}

// choiceKey names what is chosen, so a screen can tell when it changed.
func (j *journalsView) choiceKey() string {
	if j.all {
		return "all"
	}
	return "one:" + j.chosen.String()
}

// journalColours are the journals' colours, mid-tones that read on the
// light theme and the dark one alike. The empty colour is a quiet grey.
var journalColours = map[journal.Colour]string{
	"":         "#9a9a9a",
	"sage":     "#8fae8b",
	"sky":      "#7fa7c9",
	"lavender": "#a496c8",
	"rose":     "#c98f9b",
	"sand":     "#c9b07f",
	"clay":     "#b9836a",
}

// colourName is a colour as a chooser names it.
func colourName(c journal.Colour) string {
	switch c {
	case "sage":
		return i18n.L("Sage")
	case "sky":
		return i18n.L("Sky")
	case "lavender":
		return i18n.L("Lavender")
	case "rose":
		return i18n.L("Rose")
	case "sand":
		return i18n.L("Sand")
	case "clay":
		return i18n.L("Clay")
	default:
		return i18n.L("Grey")
	}
}

// journalDot is a journal's colour as a small round icon.
func journalDot(c journal.Colour) fyne.Resource {
	fill := journalColours[c]
	if fill == "" {
		fill = journalColours[""]
	}
	return svgIcon("journal-"+string(c), fmt.Sprintf(`<circle cx="12" cy="12" r="6" fill="%s"/>`, fill))
}

// inView is the journals every screen shows: all of them while the
// journal is locked or has one.
func (u *UI) inView() journal.JournalSet {
	if u.shell == nil {
		return journal.JournalSet{}
	}
	return u.shell.journals.set()
}

// journalOf is the journal e belongs to, to name beside it, or nil when
// the person keeps only one (then journals show nowhere).
func (u *UI) journalOf(e *journal.Entry) *journal.Journal {
	if u.shell == nil || !u.shell.journals.several() {
		return nil
	}
	b := u.shell.journals.books.Home(e.Journal)
	return &b
}

// withJournal adds to an entry's quiet facts the name of its journal,
// last, while every journal is shown and there are several: a list of all
// of them says which each entry is in, and a narrow row lets the name go
// first. Showing one journal, or keeping one, it adds nothing.
func (u *UI) withJournal(e *journal.Entry, meta string) string {
	if u.shell == nil || !u.shell.journals.all || !u.shell.journals.several() {
		return meta
	}
	name := shorten(u.shell.journals.books.Home(e.Journal).Name, 30)
	if meta == "" {
		return name
	}
	return meta + " · " + name
}

// journalHeading is a screen's heading that may hold a journal's name: it
// wraps, so a long name at the largest text never widens the window.
func journalHeading(text string) *widget.Label {
	h := sectionHeading(text)
	h.Wrapping = fyne.TextWrapWord
	return h
}

// headed is a screen's heading: its name, and with one journal chosen,
// that journal's too ("Insights · Therapy notes"), so what the screen
// counts is never mistaken for the whole vault.
func (u *UI) headed(section string) string {
	if u.shell == nil {
		return section
	}
	if n := u.shell.journals.name(); n != "" {
		return section + " · " + shorten(n, 40)
	}
	return section
}

// shorten cuts s to n characters, the last an ellipsis, when it is longer.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimSpace(string(r[:n-1])) + "…"
}
