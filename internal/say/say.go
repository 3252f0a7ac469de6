// Package say names entries in the language in use: the plain name of a
// kind of entry, and an entry's headline and preview, whose phrases the
// journal keeps apart from any language (see journal.Phrase) so that the
// window and the command line say them in the language the person reads
// now. What the person wrote is never translated: a title, a line of their
// writing, a feeling they typed themselves.
//
// It says the same way the troubles the journal's packages report by what
// they are rather than in words (see Problem): a source that cannot be
// imported, a damaged backup, how a check in a child process ended. Their
// Error stays in English, for logs and scripts.
package say

import (
	"strconv"
	"strings"
	"time"

	"tend/insights"
	"tend/internal/i18n"
	"tend/journal"
)

// Kind names a kind of entry in plain words.
func Kind(k journal.Kind) string {
	switch k {
	case journal.KindFree:
		return i18n.L("Free writing")
	case journal.KindPrompted:
		return i18n.L("Guided prompt")
	case journal.KindLetter:
		return i18n.L("Letter to my younger self")
	case journal.KindDialogue:
		return i18n.L("Inner-child dialogue")
	case journal.KindCheckIn:
		return i18n.L("Check-in")
	case journal.KindConversation:
		return i18n.L("Conversation plan")
	case journal.KindWordsActions:
		return i18n.L("Words and actions")
	case journal.KindIncident:
		return i18n.L("Breach of trust")
	case journal.KindTherapyNote:
		return i18n.L("Therapy note")
	}
	return k.Name()
}

// Headline names an entry in a list from its summary: its headline, or its
// title, or, until the vault brings its summary up to date, the plain name
// of its kind; never "Untitled".
func Headline(e *journal.Entry) string {
	switch {
	case e.Headline != "":
		return journal.ComposeHeadline(e.Headline, Phrase)
	case e.Title != "":
		return e.Title
	}
	return Kind(e.Kind)
}

// Preview is the lines of an entry a list shows under its headline.
func Preview(e *journal.Entry) string { return journal.ComposePreview(e.Preview, Phrase) }

// Name names an entry in a sentence or on the command line: as Headline
// does, but from its text when it holds its body and its summary has no
// headline yet (see journal.NameOf).
func Name(e *journal.Entry) string {
	return journal.ComposeHeadline(journal.NameOf(e), Phrase)
}

// Phrase says one of the phrases an entry's kind makes of it, with what it
// is made of; it is the journal.Say of the language in use. A phrase this
// Tend does not know says nothing rather than its name.
func Phrase(p journal.Phrase, args []string) string {
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	age := func() int { n, _ := strconv.Atoi(arg(0)); return n }
	switch p {
	case journal.PhraseKind:
		return Kind(journal.Kind(arg(0)))
	case journal.PhraseLetterAt:
		return i18n.N("Letter to me at {{.Count}}", age())
	case journal.PhraseDialogueAt:
		return i18n.N("Dialogue with me at {{.Count}}", age())
	case journal.PhraseCheckIn:
		return checkIn(arg(0), args[min(1, len(args)):])
	case journal.PhraseMeNow:
		return i18n.L("Me now")
	case journal.PhraseMeAt:
		return i18n.N("Me at {{.Count}}", age())
	case journal.PhraseMeAsChild:
		return i18n.L("Me as a child")
	case journal.PhraseSaid:
		return i18n.L("Said")
	case journal.PhraseDid:
		return i18n.L("Did")
	case journal.PhraseHowItWent:
		return i18n.L("How it went")
	}
	return ""
}

// Clock says the time an entry was written on the clock of where it was
// written, with that zone's name when it is not local's at that moment
// (see journal.Entry.Clock); empty for an entry without a time.
func Clock(e *journal.Entry, local *time.Location) string {
	clock, zone := e.ClockAndZone(local)
	if zone == "" {
		return clock
	}
	return i18n.L("{{.Time}} in {{.Zone}}", i18n.Data{"Time": clock, "Zone": zone})
}

// Feelings names the feelings of a check-in in the language, as a list:
// "ruhig, unsicher".
func Feelings(c *journal.CheckIn) string {
	if c == nil {
		return ""
	}
	words := make([]string, len(c.Emotions))
	for i, f := range c.Emotions {
		words[i] = insights.EmotionWord(f)
	}
	return strings.Join(words, ", ")
}

// checkIn says what a check-in holds: "safety 6, calm and tired". The
// feelings Tend offers are said in the language; one the person typed is
// said as they typed it.
func checkIn(safety string, feelings []string) string {
	var out []string
	if safety != "" {
		out = append(out, i18n.L("safety {{.Safety}}", i18n.Data{"Safety": safety}))
	}
	words := make([]string, len(feelings))
	for i, f := range feelings {
		words[i] = insights.EmotionWord(f)
	}
	if len(words) > 0 {
		out = append(out, AndList(words))
	}
	return strings.Join(out, ", ")
}

// AndList joins words as a sentence of the language does: "calm", "calm
// and tired", "calm, tired and hopeful".
func AndList(words []string) string {
	switch len(words) {
	case 0:
		return ""
	case 1:
		return words[0]
	}
	some, last := strings.Join(words[:len(words)-1], ", "), words[len(words)-1]
	if soundsLikeI(last) {
		// Spanish says "e", not "y", before the sound i: "calma e inseguridad".
		return i18n.X("list.and.i", "{{.Some}} and {{.Last}}", i18n.Data{"Some": some, "Last": last})
	}
	return i18n.L("{{.Some}} and {{.Last}}", i18n.Data{"Some": some, "Last": last})
}

// soundsLikeI reports whether a word begins with the sound i, as "i" and
// "hi" do ("inseguridad", "hija"), but not "hi" before a vowel ("hielo").
func soundsLikeI(w string) bool {
	w = strings.ToLower(w)
	for _, p := range []string{"i", "í", "hi", "hí"} {
		rest, ok := strings.CutPrefix(w, p)
		if !ok {
			continue
		}
		if r := []rune(rest); p[0] == 'h' && len(r) > 0 && strings.ContainsRune("aeiouáéíóú", r[0]) {
			return false
		}
		return true
	}
	return false
}
