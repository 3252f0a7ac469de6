package journal

import (
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// JournalID identifies one of the journals of a vault. It is random and
// never changes, so renaming a journal touches no entry. The zero id is the
// journal every vault begins with: every entry saved before there were
// several journals has it, and none of them is ever rewritten for it.
type JournalID [8]byte

// NewJournalID returns a fresh random JournalID, never the zero one.
func NewJournalID() JournalID {
	for {
		var id JournalID
		if _, err := rand.Read(id[:]); err != nil {
			panic("journal: no randomness: " + err.Error())
		}
		if !id.IsZero() {
			return id
		}
	}
}

// ParseJournalID reads the 16-character hex form printed by String; the
// empty string is the first journal's zero id.
func ParseJournalID(s string) (JournalID, error) {
	var id JournalID
	s = strings.TrimSpace(s)
	if s == "" {
		return id, nil
	}
	b, err := hex.DecodeString(s)
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("%q is not a journal id", s)
	}
	copy(id[:], b)
	return id, nil
}

// IsZero reports whether id is the id of the journal every vault begins
// with.
func (id JournalID) IsZero() bool { return id == JournalID{} }

// String returns the id as 16 lower-case hex characters, or "" for the
// zero id.
func (id JournalID) String() string {
	if id.IsZero() {
		return ""
	}
	return hex.EncodeToString(id[:])
}

// MarshalText implements encoding.TextMarshaler.
func (id JournalID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *JournalID) UnmarshalText(b []byte) error {
	v, err := ParseJournalID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Colour is the colour of a journal's dot, by name; the theme decides the
// shade for light and dark. The empty colour is a quiet grey.
type Colour string

// Colours are the colours a journal can have, in the order a chooser shows
// them. The string values are stored; never change them.
var Colours = []Colour{"", "sage", "sky", "lavender", "rose", "sand", "clay"}

// Valid reports whether c is one of Colours.
func (c Colour) Valid() bool {
	for _, v := range Colours {
		if c == v {
			return true
		}
	}
	return false
}

// Journal is one of the journals of a vault: a name the person gave, a
// colour, and whether it is archived. Its name is writing, sealed like a
// title.
type Journal struct {
	ID     JournalID `json:"id,omitzero"`
	Name   string    `json:"name"`
	Colour Colour    `json:"colour,omitempty"`
	// Archived hides the journal from the sidebar and from what shows
	// every journal; its entries stay, and it can still be chosen.
	Archived bool `json:"archived,omitempty"`
	// Changed is when it was last renamed, coloured or archived: when two
	// copies of a journal meet in a merge, the newer name wins.
	Changed time.Time `json:"changed,omitzero"`
}

// DefaultJournalName is the name of the journal a new vault begins with.
const DefaultJournalName = "Journal"

// MaxJournalName bounds a journal's name, in characters.
const MaxJournalName = 60

// Errors of the journal list. Their texts are plain sentences, shown as
// they are.
var (
	ErrJournalName    = errors.New("a journal needs a name")
	ErrJournalTaken   = errors.New("another journal already has that name")
	ErrLastJournal    = errors.New("the last journal cannot be deleted")
	ErrLastInView     = errors.New("one journal needs to stay in view")
	ErrNoSuchJournal  = errors.New("there is no journal of that name")
	ErrJournalTooLong = fmt.Errorf("a journal's name can have up to %d characters", MaxJournalName)
)

// Journals is the list of a vault's journals in the order the person gave
// them. It is never empty: a vault that never had its list saved has the
// one of DefaultJournals.
type Journals []Journal

// DefaultJournals is the list of a new vault: one journal, with the zero id.
func DefaultJournals() Journals { return Journals{{Name: DefaultJournalName}} }

// Clone returns a copy that can be changed without changing l.
func (l Journals) Clone() Journals { return append(Journals(nil), l...) }

// Index returns the position of the journal with the given id, or -1.
func (l Journals) Index(id JournalID) int {
	for i := range l {
		if l[i].ID == id {
			return i
		}
	}
	return -1
}

// Find returns the journal with the given id.
func (l Journals) Find(id JournalID) (Journal, bool) {
	if i := l.Index(id); i >= 0 {
		return l[i], true
	}
	return Journal{}, false
}

// Home returns the journal an entry with id belongs to: the journal of that
// id, or, for an id the list no longer has (an entry in the trash whose
// journal was deleted, one merged from elsewhere), the first journal.
func (l Journals) Home(id JournalID) Journal {
	if j, ok := l.Find(id); ok {
		return j
	}
	if len(l) == 0 {
		return DefaultJournals()[0]
	}
	return l[0]
}

// Named returns the journal whose name is name, ignoring case and the
// spaces around it.
func (l Journals) Named(name string) (Journal, bool) {
	name = strings.TrimSpace(name)
	for _, j := range l {
		if strings.EqualFold(j.Name, name) {
			return j, true
		}
	}
	return Journal{}, false
}

// Active returns the journals that are not archived, in order.
func (l Journals) Active() Journals {
	var out Journals
	for _, j := range l {
		if !j.Archived {
			out = append(out, j)
		}
	}
	return out
}

// CleanJournalName trims a name and checks it is one a journal can have.
func CleanJournalName(name string) (string, error) {
	name = strings.Join(strings.FieldsFunc(name, unicode.IsSpace), " ")
	switch {
	case name == "":
		return "", ErrJournalName
	case utf8.RuneCountInString(name) > MaxJournalName:
		return "", ErrJournalTooLong
	}
	for _, r := range name {
		if unicode.IsControl(r) {
			return "", ErrJournalName
		}
	}
	return name, nil
}

// checkName cleans name and makes sure no journal but the one at position
// self (-1 for none) has it.
func (l Journals) checkName(name string, self int) (string, error) {
	name, err := CleanJournalName(name)
	if err != nil {
		return "", err
	}
	for i, j := range l {
		if i != self && strings.EqualFold(j.Name, name) {
			return "", ErrJournalTaken
		}
	}
	return name, nil
}

// Add returns the list with a new journal of that name at its end, and
// the new journal.
func (l Journals) Add(name string, at time.Time) (Journals, Journal, error) {
	name, err := l.checkName(name, -1)
	if err != nil {
		return l, Journal{}, err
	}
	j := Journal{ID: NewJournalID(), Name: name, Changed: at}
	return append(l.Clone(), j), j, nil
}

// change applies fn to the journal with the given id in a copy of l.
func (l Journals) change(id JournalID, at time.Time, fn func(*Journal) error) (Journals, error) {
	i := l.Index(id)
	if i < 0 {
		return l, ErrNoSuchJournal
	}
	out := l.Clone()
	if err := fn(&out[i]); err != nil {
		return l, err
	}
	out[i].Changed = at
	return out, nil
}

// Rename returns the list with the journal of that id renamed.
func (l Journals) Rename(id JournalID, name string, at time.Time) (Journals, error) {
	i := l.Index(id)
	if i < 0 {
		return l, ErrNoSuchJournal
	}
	name, err := l.checkName(name, i)
	if err != nil {
		return l, err
	}
	return l.change(id, at, func(j *Journal) error { j.Name = name; return nil })
}

// Paint returns the list with the journal of that id in colour c.
func (l Journals) Paint(id JournalID, c Colour, at time.Time) (Journals, error) {
	if !c.Valid() {
		return l, fmt.Errorf("%q is not a colour a journal can have", c)
	}
	return l.change(id, at, func(j *Journal) error { j.Colour = c; return nil })
}

// Archive returns the list with the journal of that id archived, or back
// in view when on is false. The last journal in view cannot be archived:
// something must show.
func (l Journals) Archive(id JournalID, on bool, at time.Time) (Journals, error) {
	if on && len(l.Active()) <= 1 {
		if j, ok := l.Find(id); ok && !j.Archived {
			return l, ErrLastInView
		}
	}
	return l.change(id, at, func(j *Journal) error { j.Archived = on; return nil })
}

// Move returns the list with the journal of that id moved by delta places
// (up when negative), stopping at either end.
func (l Journals) Move(id JournalID, delta int) Journals {
	i := l.Index(id)
	if i < 0 {
		return l
	}
	to := min(max(i+delta, 0), len(l)-1)
	out := l.Clone()
	j := out[i]
	out = append(out[:i], out[i+1:]...)
	out = append(out[:to], append(Journals{j}, out[to:]...)...)
	return out
}

// Remove returns the list without the journal of that id, and where it
// stood, so that Insert can put it back. The last journal stays.
func (l Journals) Remove(id JournalID) (Journals, int, error) {
	i := l.Index(id)
	if i < 0 {
		return l, -1, ErrNoSuchJournal
	}
	if len(l) == 1 {
		return l, -1, ErrLastJournal
	}
	out := l.Clone()
	return append(out[:i], out[i+1:]...), i, nil
}

// Insert returns the list with j at position at (clamped to the list), or
// in place of the journal with its id if there is one.
func (l Journals) Insert(j Journal, at int) Journals {
	out := l.Clone()
	if i := out.Index(j.ID); i >= 0 {
		out[i] = j
		return out
	}
	at = min(max(at, 0), len(out))
	return append(out[:at], append(Journals{j}, out[at:]...)...)
}

// Check reports what is wrong with a list read from a file: none at all,
// an id twice, or a name that is not one.
func (l Journals) Check() error {
	if len(l) == 0 {
		return errors.New("the list of journals is empty")
	}
	seen := make(map[JournalID]bool, len(l))
	for _, j := range l {
		if seen[j.ID] {
			return errors.New("a journal is listed twice")
		}
		seen[j.ID] = true
		if _, err := CleanJournalName(j.Name); err != nil {
			return err
		}
		if !j.Colour.Valid() {
			return fmt.Errorf("%q is not a colour a journal can have", j.Colour)
		}
	}
	return nil
}

// Merge returns the union of two lists by id: l's order, then the
// journals only other has, in other's order. When both have a journal,
// the copy changed more recently wins. A name taken twice is told apart
// with a number, so no two journals share a name.
func (l Journals) Merge(other Journals) Journals {
	out := l.Clone()
	for _, o := range other {
		if i := out.Index(o.ID); i >= 0 {
			if o.Changed.After(out[i].Changed) {
				out[i] = o
			}
			continue
		}
		out = append(out, o)
	}
	for i := range out {
		base, n := out[i].Name, 2
		for {
			j, ok := out.Named(out[i].Name)
			if !ok || j.ID == out[i].ID {
				break
			}
			out[i].Name = fmt.Sprintf("%s (%d)", base, n)
			n++
		}
	}
	return out
}

// JournalSet chooses entries by the journal they belong to. The zero set
// holds every journal.
type JournalSet struct {
	in    map[JournalID]bool // every journal of the list: whether it is chosen
	first bool               // whether an entry of an id the list lacks is chosen
}

// All reports whether the set holds every journal.
func (s JournalSet) All() bool { return s.in == nil }

// Has reports whether an entry of journal id is in the set.
func (s JournalSet) Has(id JournalID) bool {
	if s.in == nil {
		return true
	}
	if in, ok := s.in[id]; ok {
		return in
	}
	return s.first
}

// Only returns the set of the journals of the given ids. An id the list
// does not have chooses nothing.
func (l Journals) Only(ids ...JournalID) JournalSet {
	return l.setOf(func(j Journal) bool {
		for _, id := range ids {
			if j.ID == id {
				return true
			}
		}
		return false
	})
}

// Shown returns the set of every journal not archived: what "All journals"
// shows. It holds every journal when none is archived.
func (l Journals) Shown() JournalSet {
	if len(l.Active()) == len(l) {
		return JournalSet{}
	}
	return l.setOf(func(j Journal) bool { return !j.Archived })
}

// setOf returns the set of the journals for which in is true. An entry
// whose journal the list lacks belongs to the first journal (see Home).
func (l Journals) setOf(in func(Journal) bool) JournalSet {
	s := JournalSet{in: make(map[JournalID]bool, len(l))}
	for i, j := range l {
		s.in[j.ID] = in(j)
		if i == 0 {
			s.first = s.in[j.ID]
		}
	}
	return s
}
