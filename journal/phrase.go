package journal

import (
	"strings"
	"unicode/utf8"
)

// A Phrase is words an entry's kind says of it in its headline or preview
// ("Check-in", "Letter to me at 7", "Me now", "Said"), as opposed to the
// words the person wrote. A gist keeps each phrase by its name and what it
// is made of (an age, a safety felt, the feelings chosen), not in the words
// of any one language, so that it can be said in the language the person
// reads now, and again in another after they choose it (see Compose).
//
// In a stored gist a phrase is its name and its arguments between control
// characters, which the person's own text never holds: the gist folds
// them all away (see fold).
type Phrase string

// The phrases a gist is made of, and what each is given.
const (
	// PhraseKind is the plain name of a kind of entry, given the kind:
	// "Check-in", "Free writing".
	PhraseKind Phrase = "kind"
	// PhraseLetterAt heads a letter to the person at an age, given the
	// age: "Letter to me at 7".
	PhraseLetterAt Phrase = "letter"
	// PhraseDialogueAt heads a dialogue with the person at an age, given
	// the age: "Dialogue with me at 7".
	PhraseDialogueAt Phrase = "dialogue"
	// PhraseCheckIn is what a check-in holds, given the safety felt (empty
	// when none was chosen) and then at most three feelings, as stored:
	// "safety 6, calm and tired".
	PhraseCheckIn Phrase = "checkin"
	// PhraseMeNow, PhraseMeAt (given the age) and PhraseMeAsChild name the
	// voices of a dialogue: "Me now", "Me at 7", "Me as a child".
	PhraseMeNow     Phrase = "now"
	PhraseMeAt      Phrase = "at"
	PhraseMeAsChild Phrase = "child"
	// PhraseSaid and PhraseDid lead what someone said and what they did.
	PhraseSaid Phrase = "said"
	PhraseDid  Phrase = "did"
	// PhraseHowItWent leads the debrief of a conversation plan.
	PhraseHowItWent Phrase = "went"
)

// The control characters that hold a phrase in a stored gist: it begins
// with markStart, its name and arguments are apart by markArg, and it ends
// with markEnd.
const (
	markStart = '\x01'
	markArg   = '\x1f'
	markEnd   = '\x02'
)

// feelingMaxBytes bounds each feeling a check-in's phrase holds.
const feelingMaxBytes = 64

// phrase writes p with its arguments as a gist stores it.
func phrase(p Phrase, args ...string) string {
	var b strings.Builder
	b.WriteByte(markStart)
	b.WriteString(string(p))
	for _, a := range args {
		b.WriteByte(markArg)
		b.WriteString(a)
	}
	b.WriteByte(markEnd)
	return b.String()
}

// isPhrase reports whether s begins with a phrase.
func isPhrase(s string) bool { return s != "" && s[0] == markStart }

// KindMade reports whether a stored headline is a line of the kind's own
// ("Check-in: …", "Letter to me at 7"), which already says what kind of
// entry it heads, rather than a title or a line the person wrote.
func KindMade(headline string) bool { return isPhrase(headline) }

// Say says one phrase with its arguments in a language.
type Say func(p Phrase, args []string) string

// ComposeHeadline says a stored headline (see Gist) in words: each phrase
// in it by say, what the person wrote as they wrote it, and the whole cut
// to a headline's length.
func ComposeHeadline(h string, say Say) string { return compose(h, say, HeadlineMax, HeadlineMaxBytes) }

// ComposePreview says a stored preview as ComposeHeadline says a headline.
func ComposePreview(p string, say Say) string { return compose(p, say, PreviewMax, PreviewMaxBytes) }

// compose says s, a stored headline or preview, in words, cut to runes
// characters and bytes bytes. A gist with no phrase in it is returned as it
// is, which is what most are. A gist that begins with a phrase begins with
// a capital, as a line does.
func compose(s string, say Say, runes, bytes int) string {
	if strings.IndexByte(s, markStart) < 0 {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 16)
	rest := s
	for {
		i := strings.IndexByte(rest, markStart)
		if i < 0 {
			b.WriteString(rest)
			break
		}
		b.WriteString(rest[:i])
		j := strings.IndexByte(rest[i:], markEnd)
		if j < 0 {
			break // a phrase cut short: what came before it stands
		}
		parts := strings.Split(rest[i+1:i+j], string(markArg))
		b.WriteString(fold(say(Phrase(parts[0]), parts[1:])))
		rest = rest[i+j+1:]
	}
	out := b.String()
	if isPhrase(s) {
		out = capitalise(out)
	}
	if utf8.RuneCountInString(out) <= runes && len(out) <= bytes {
		return out
	}
	out, _ = clip(out, runes, bytes)
	return out
}
