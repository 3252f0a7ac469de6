package journal

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// ErrNotFound means no entry has the given id. Its text is a plain
// sentence, because the command line shows it to a person as it is.
var ErrNotFound = errors.New("no entry with that id")

// ID identifies an entry. It is random, so record keys reveal nothing about
// when or what was written.
type ID [16]byte

// NewID returns a fresh random ID.
func NewID() ID {
	var id ID
	if _, err := rand.Read(id[:]); err != nil {
		// crypto/rand never fails on supported platforms; carrying on with a
		// zero id would be worse than stopping.
		panic("journal: no randomness: " + err.Error())
	}
	return id
}

// ParseID reads the 32-character hex form printed by String.
func ParseID(s string) (ID, error) {
	var id ID
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != len(id) {
		return id, fmt.Errorf("%q is not an entry id: %w", s, ErrNotFound)
	}
	copy(id[:], b)
	return id, nil
}

// String returns the id as 32 lower-case hex characters.
func (id ID) String() string { return hex.EncodeToString(id[:]) }

// IsZero reports whether the id is unset.
func (id ID) IsZero() bool { return id == ID{} }

// MarshalText implements encoding.TextMarshaler.
func (id ID) MarshalText() ([]byte, error) { return []byte(id.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (id *ID) UnmarshalText(b []byte) error {
	v, err := ParseID(string(b))
	if err != nil {
		return err
	}
	*id = v
	return nil
}

// Date is a calendar day as the writer meant it, with no time zone: an entry
// written at 23:30 in Lisbon belongs to that day wherever it is read later.
type Date struct {
	Year  int
	Month time.Month
	Day   int
}

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date {
	y, m, d := t.Date()
	return Date{y, m, d}
}

// Today returns the local calendar day.
func Today() Date { return DateOf(time.Now()) }

// A ParseError is text that does not read as what it was given for: a
// date, a time of day or a kind of entry. It says so in English; the
// window and the command line say it in the person's language from Text
// and Want.
type ParseError struct {
	// Text is what was given.
	Text string
	// Want is what it was given for.
	Want Wanted
}

// Wanted is what a ParseError's text was given for.
type Wanted int

// What a text can be given for.
const (
	// WantDate is a day written as 2024-03-31.
	WantDate Wanted = iota
	// WantClock is a time of day written as 21:40.
	WantClock
	// WantKind is a kind of entry by its stored name (see Kinds).
	WantKind
)

func (e *ParseError) Error() string {
	switch e.Want {
	case WantClock:
		return fmt.Sprintf("%q is not a time like 21:40", e.Text)
	case WantKind:
		return fmt.Sprintf("%q is not a kind of entry (one of %s)", e.Text, KindNames())
	}
	return fmt.Sprintf("%q is not a date like 2024-03-31", e.Text)
}

// ParseDate reads a day written as YYYY-MM-DD.
func ParseDate(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, strings.TrimSpace(s))
	if err != nil {
		return Date{}, &ParseError{Text: s, Want: WantDate}
	}
	return DateOf(t), nil
}

// IsZero reports whether the date is unset.
func (d Date) IsZero() bool { return d == Date{} }

// String returns the day as YYYY-MM-DD.
func (d Date) String() string { return string(d.Append(make([]byte, 0, len("2006-01-02")))) }

// Append appends the day as String writes it to b. A backup writes the
// date of every entry, and formatting it through the fmt package cost more
// than the rest of the entry's JSON: the digits are written here directly.
// A year outside 0 to 9999, or a month or day outside 0 to 99, which no
// real day has, goes the long way, so every date reads as it always did.
func (d Date) Append(b []byte) []byte {
	y, m, day := d.Year, int(d.Month), d.Day
	if y < 0 || y > 9999 || m < 0 || m > 99 || day < 0 || day > 99 {
		return fmt.Appendf(b, "%04d-%02d-%02d", y, m, day)
	}
	return append(b,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+day/10), byte('0'+day%10))
}

// Time returns midnight UTC at the start of the day, for arithmetic.
func (d Date) Time() time.Time { return time.Date(d.Year, d.Month, d.Day, 0, 0, 0, 0, time.UTC) }

// AddDays returns the day n days later (earlier when n < 0).
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// Compare returns -1, 0 or +1 as d is before, equal to or after o.
func (d Date) Compare(o Date) int {
	switch {
	case d.Year != o.Year:
		return cmpInt(d.Year, o.Year)
	case d.Month != o.Month:
		return cmpInt(int(d.Month), int(o.Month))
	default:
		return cmpInt(d.Day, o.Day)
	}
}

func cmpInt(a, b int) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// MarshalText implements encoding.TextMarshaler.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := ParseDate(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// Kind says which shape an entry has. Free writing has only a body; the
// structured kinds carry a form in Fields as well.
type Kind string

// The kinds of entry. The string values are stored; never change them.
const (
	KindFree         Kind = "free"
	KindPrompted     Kind = "prompted"
	KindLetter       Kind = "letter"
	KindDialogue     Kind = "dialogue"
	KindCheckIn      Kind = "checkin"
	KindConversation Kind = "conversation"
	KindWordsActions Kind = "words_actions"
	KindIncident     Kind = "incident"
	KindTherapyNote  Kind = "therapy_note"
)

// Kinds lists every kind, in the order a menu shows them.
var Kinds = []Kind{
	KindFree, KindPrompted, KindLetter, KindDialogue, KindCheckIn,
	KindConversation, KindWordsActions, KindIncident, KindTherapyNote,
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, v := range Kinds {
		if k == v {
			return true
		}
	}
	return false
}

// ParseKind reads a kind by its stored name.
func ParseKind(s string) (Kind, error) {
	k := Kind(strings.TrimSpace(s))
	if !k.Valid() {
		return "", &ParseError{Text: s, Want: WantKind}
	}
	return k, nil
}

// KindNames lists the stored names of the kinds of entry, as a person types
// them on the command line: "free, prompted, …".
func KindNames() string {
	names := make([]string, len(Kinds))
	for i, k := range Kinds {
		names[i] = string(k)
	}
	return strings.Join(names, ", ")
}

// Mood is how the writer felt, from 1 (very low) to 5 (very good); 0 means
// they did not say.
type Mood int

// MaxMood is the highest mood.
const MaxMood Mood = 5

// PromptRef links an entry to the guided-path step it answers.
type PromptRef struct {
	Path string `json:"path"`
	Step string `json:"step"`
	// Text is the prompt as it was shown, kept so the entry still reads well
	// if the path is rewritten later.
	Text string `json:"text,omitempty"`
}

// Entry is one piece of writing. Everything in it, including its date, title
// and tags, is sealed before it reaches the disk.
type Entry struct {
	ID   ID   `json:"id"`
	Kind Kind `json:"kind"`
	Date Date `json:"date"`
	// Written is the moment the entry was written, in the zone it was
	// written in, kept as that zone's offset from UTC (its name is not
	// kept). Its clock time is what lists show, and the entries of one
	// day are ordered by it. It is zero for an entry saved before Tend
	// kept the time, or brought in from a file that gave none: such an
	// entry has no time, and none is made up for it.
	Written time.Time  `json:"written,omitzero"`
	Created time.Time  `json:"created"`
	Updated time.Time  `json:"updated"`
	Title   string     `json:"title,omitempty"`
	Body    string     `json:"body,omitempty"`
	Tags    []string   `json:"tags,omitempty"`
	Mood    Mood       `json:"mood,omitempty"`
	Prompt  *PromptRef `json:"prompt,omitempty"`
	Fields  Fields     `json:"fields,omitzero"`
	// Files are the pictures and other files attached to the entry, in
	// the order they were attached; their bytes are kept apart from the
	// entry (see File).
	Files []File `json:"files,omitempty"`
	// Starred marks a favourite: an entry the writer wants to find again.
	Starred bool `json:"starred,omitempty"`
	// Journal is the journal the entry belongs to; the zero id is the
	// journal every vault begins with (see Journals.Home).
	Journal JournalID `json:"journal,omitzero"`
	// Deleted is when the entry went to the trash; zero while it is not there.
	Deleted time.Time `json:"deleted,omitzero"`
	// Words is the word count of the body and fields, kept with the summary so
	// statistics need no bodies.
	Words int `json:"words,omitempty"`
	// Rev counts saves of this entry; it numbers the history.
	Rev int `json:"rev,omitempty"`

	// Headline and Preview are what a list shows of the entry (see Gist):
	// the vault derives them at every save and keeps them only in the
	// entry's sealed summary, so a list never reads a body. They are never
	// written to an export, a backup or the history, since they can always
	// be derived again. Both are empty on an entry whose summary was saved
	// before Tend kept them, until the vault brings it up to date.
	Headline string `json:"-"`
	Preview  string `json:"-"`
}

// InTrash reports whether the entry has been deleted to the trash.
func (e *Entry) InTrash() bool { return !e.Deleted.IsZero() }

// Fields holds the form of a structured entry. At most one member is set, the
// one matching the entry's kind.
type Fields struct {
	Letter       *Letter       `json:"letter,omitempty"`
	Dialogue     *Dialogue     `json:"dialogue,omitempty"`
	CheckIn      *CheckIn      `json:"checkin,omitempty"`
	Conversation *Conversation `json:"conversation,omitempty"`
	WordsActions *WordsActions `json:"words_actions,omitempty"`
	Incident     *Incident     `json:"incident,omitempty"`
	TherapyNote  *TherapyNote  `json:"therapy_note,omitempty"`
}

// IsZero reports whether no form is set.
func (f Fields) IsZero() bool { return f == Fields{} }

// Letter is a letter to the writer's younger self.
type Letter struct {
	Age     int    `json:"age,omitempty"`
	Opening string `json:"opening,omitempty"`
}

// Voice says who speaks a turn of an inner-child dialogue.
type Voice string

// The two voices of a dialogue.
const (
	VoiceNow   Voice = "now"
	VoiceChild Voice = "child"
)

// Turn is one line of an inner-child dialogue.
type Turn struct {
	Voice Voice  `json:"voice"`
	Text  string `json:"text"`
}

// Dialogue is a conversation between the writer now and the writer as a child.
type Dialogue struct {
	Age   int    `json:"age,omitempty"`
	Turns []Turn `json:"turns,omitempty"`
}

// Attachment is the pull the writer noticed in a check-in.
type Attachment string

// Attachment pulls.
const (
	AttachAnxious  Attachment = "anxious"
	AttachAvoidant Attachment = "avoidant"
	AttachSteady   Attachment = "steady"
)

// Feelings are the feelings a check-in offers to choose, by the English
// names a check-in keeps them by in any language (see CheckIn.Emotions),
// in the order they are offered.
var Feelings = []string{"anxious", "insecure", "jealous", "calm", "safe", "hopeful", "hurt", "angry", "lonely", "numb"}

// CheckIn is a quick reading of how safe and how activated the writer feels.
type CheckIn struct {
	// Safety is felt safety from 0 to 10; -1 means not answered.
	Safety     int        `json:"safety"`
	Emotions   []string   `json:"emotions,omitempty"`
	Attachment Attachment `json:"attachment,omitempty"`
	BodyNotes  string     `json:"body_notes,omitempty"`
	Context    string     `json:"context,omitempty"`
}

// Conversation is a plan for a vulnerable conversation and, later, its debrief.
type Conversation struct {
	Observation string `json:"observation,omitempty"`
	Feeling     string `json:"feeling,omitempty"`
	Need        string `json:"need,omitempty"`
	Request     string `json:"request,omitempty"`
	Opening     string `json:"opening,omitempty"`
	// Debrief is filled in after the conversation happened.
	Debrief *Debrief `json:"debrief,omitempty"`
}

// Debrief records how a planned conversation went.
type Debrief struct {
	Date         Date   `json:"date"`
	Response     string `json:"response,omitempty"`
	FeelingAfter string `json:"feeling_after,omitempty"`
}

// Match says whether what was done matched what was said.
type Match string

// Match values.
const (
	Matched    Match = "matched"
	Partly     Match = "partly"
	NotMatched Match = "not"
)

// WordsActions is one item in a words-versus-actions ledger.
type WordsActions struct {
	// Label is the person or topic the ledger is about, chosen by the writer.
	Label string `json:"label,omitempty"`
	Said  string `json:"said,omitempty"`
	Did   string `json:"did,omitempty"`
	Match Match  `json:"match,omitempty"`
}

// Choice is what the writer chose, for now, after a betrayal.
type Choice string

// Choices after an incident.
const (
	ChoiceStepBack  Choice = "step_back"
	ChoiceLeanIn    Choice = "lean_in"
	ChoiceUndecided Choice = "undecided"
)

// Incident records a betrayal or breach of trust.
type Incident struct {
	// About is the person or topic it concerns, in the writer's words, so
	// that incidents about different people are never counted as one.
	About    string `json:"about,omitempty"`
	What     string `json:"what,omitempty"`
	Repair   string `json:"repair,omitempty"`
	Felt     string `json:"felt,omitempty"`
	Choice   Choice `json:"choice,omitempty"`
	Recurred bool   `json:"recurred,omitempty"`
}

// TherapyNote helps prepare for a session and keep what came up.
type TherapyNote struct {
	Bring  string `json:"bring,omitempty"`
	CameUp string `json:"came_up,omitempty"`
	Try    string `json:"try,omitempty"`
}

// Texts returns every piece of free text in the fields, for search and word
// counts.
func (f Fields) Texts() []string {
	var out []string
	add := func(s ...string) {
		for _, v := range s {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	if c := f.CheckIn; c != nil {
		add(c.Emotions...)
	}
	return append(out, f.Writing()...)
}

// Writing returns the free text of a form as Texts does, but for the
// feelings a check-in names: those are kept by their English names,
// whatever the language they were chosen in (see CheckIn), so a screen
// says them in its own words rather than showing them as kept.
func (f Fields) Writing() []string {
	var out []string
	add := func(s ...string) {
		for _, v := range s {
			if v != "" {
				out = append(out, v)
			}
		}
	}
	if l := f.Letter; l != nil {
		add(l.Opening)
	}
	if d := f.Dialogue; d != nil {
		for _, t := range d.Turns {
			add(t.Text)
		}
	}
	if c := f.CheckIn; c != nil {
		add(c.BodyNotes, c.Context)
	}
	if c := f.Conversation; c != nil {
		add(c.Observation, c.Feeling, c.Need, c.Request, c.Opening)
		if d := c.Debrief; d != nil {
			add(d.Response, d.FeelingAfter)
		}
	}
	if w := f.WordsActions; w != nil {
		add(w.Label, w.Said, w.Did)
	}
	if i := f.Incident; i != nil {
		add(i.About, i.What, i.Repair, i.Felt)
	}
	if t := f.TherapyNote; t != nil {
		add(t.Bring, t.CameUp, t.Try)
	}
	return out
}

// CountWords counts the words a person would count in the body and fields.
func (e *Entry) CountWords() int {
	n := countWords(e.Body)
	for _, s := range e.Fields.Texts() {
		n += countWords(s)
	}
	return n
}

func countWords(s string) int {
	n, in := 0, false
	for i := 0; i < len(s); {
		var w bool
		if c := s[i]; c < utf8.RuneSelf {
			w = asciiWord[c]
			i++
		} else {
			r, size := utf8.DecodeRuneInString(s[i:])
			w = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '’'
			i += size
		}
		if w && !in {
			n++
		}
		in = w
	}
	return n
}

// asciiWord marks the ASCII characters countWords counts as part of a
// word: letters, digits and the apostrophe. A restore counts the words of
// every entry, and most of them are ASCII.
var asciiWord = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		r := rune(c)
		t[c] = unicode.IsLetter(r) || unicode.IsDigit(r) || r == '\''
	}
	return t
}()

// NormalizeTags trims, de-duplicates (ignoring case) and drops empty tags,
// keeping the first spelling and the order given.
func NormalizeTags(tags []string) []string {
	seen := make(map[string]bool, len(tags))
	var out []string
	for _, t := range tags {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "#"))
		k := strings.ToLower(t)
		if t == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, t)
	}
	return out
}

// NewIDFrom returns an id drawn from r instead of the system's randomness,
// for deterministic test journals. Never use it for real entries.
func NewIDFrom(r interface{ Uint64() uint64 }) ID {
	var id ID
	a, b := r.Uint64(), r.Uint64()
	for i := range 8 {
		id[i] = byte(a >> (8 * i))
		id[8+i] = byte(b >> (8 * i))
	}
	return id
}

// TextSize is how much text the entry holds, as MaxEntryText counts it:
// the body and the form's fields as stored.
func (e *Entry) TextSize() int {
	n := len(e.Body)
	if !e.Fields.IsZero() {
		b, _ := json.Marshal(e.Fields)
		n += len(b)
	}
	return n
}
