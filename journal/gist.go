package journal

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// An entry's gist is what a list shows of it without reading its body: a
// headline (the title the person gave, or a line drawn from the writing)
// and a preview of about two lines of the text that follows. Both are
// short and bounded in characters and in bytes, whatever the script, so
// that a journal's every summary stays small in memory.
const (
	// HeadlineMax is the most characters a headline holds.
	HeadlineMax = 80
	// PreviewMax is the most characters a preview holds: about two lines
	// of a list.
	PreviewMax = 160
	// HeadlineMaxBytes and PreviewMaxBytes bound the two in bytes, for
	// scripts whose characters take three or four.
	HeadlineMaxBytes = 240
	PreviewMaxBytes  = 480
)

// ellipsis ends a headline or preview that was cut short.
const ellipsis = "…"

// Name is the kind's plain name in English, as earlier versions of Tend
// stored it in the gist of an entry with no words of its own; it is kept to
// recognise those gists (they are derived again in the language in use).
// What a person reads names a kind through internal/say.
func (k Kind) Name() string {
	switch k {
	case KindFree:
		return "Free writing"
	case KindPrompted:
		return "Guided prompt"
	case KindLetter:
		return "Letter to my younger self"
	case KindDialogue:
		return "Inner-child dialogue"
	case KindCheckIn:
		return "Check-in"
	case KindConversation:
		return "Conversation plan"
	case KindWordsActions:
		return "Words and actions"
	case KindIncident:
		return "Breach of trust"
	case KindTherapyNote:
		return "Therapy note"
	}
	return string(k)
}

// NameOf names an entry as lists, sentences and the command line do,
// before it is said in words (see Compose): its stored headline, else the
// title the person gave, else a headline drawn from its text (see Gist)
// when the entry holds it, as one whose summary an earlier Tend saved has
// none stored.
func NameOf(e *Entry) string {
	switch {
	case e.Headline != "":
		return e.Headline
	case e.Title != "":
		return e.Title
	}
	h, _ := Gist(e)
	return h
}

// Gist derives an entry's headline and preview from its title, body and
// form; the entry must hold its body and form. The headline is never
// empty: it is the title the person gave, or the first line or sentence
// of free writing with its Markdown marks taken away, or a line of the
// kind's own ("Check-in: safety 6, calm and tired", "Letter to me at 7"),
// or at the least the kind's name. The preview is the text after it,
// whitespace folded, cut at a word with an ellipsis; it may be empty.
//
// What the kind says is kept as phrases, not in any language's words (see
// Phrase): Compose says them in the language the person reads, while what
// the person wrote stays as they wrote it.
//
// Gist reads only as much of a long body as it needs.
func Gist(e *Entry) (headline, preview string) {
	label, subject, parts := kindGist(e)
	rest := joinParts(parts)
	if label == "" {
		rest = joinWith(parts, " ") // the lines of free writing read on
	}
	if title := fold(clipBytes(e.Title, 4*HeadlineMaxBytes)); title != "" {
		headline, _ = clip(title, HeadlineMax, HeadlineMaxBytes)
		if subject != "" {
			rest = joinParts([]string{capitalise(subject), rest})
		}
		preview, _ = clip(rest, PreviewMax, PreviewMaxBytes)
		return headline, preview
	}
	switch {
	case label != "" && subject != "":
		// The label is a phrase whose length depends on the language it
		// is said in: Compose cuts the whole to size once it is said.
		if !isPhrase(subject) {
			subject, _ = clip(subject, HeadlineMax, HeadlineMaxBytes-len(label)-2)
		}
		headline = label + ": " + subject
	case label != "":
		headline = label
	default:
		// Free writing: the first line, or its first sentence when the line
		// is long, or as much of it as fits.
		headline, rest = firstLine(parts)
		if headline == "" {
			headline = phrase(PhraseKind, string(e.Kind))
			if e.Kind == KindPrompted && e.Prompt != nil {
				if q := fold(clipBytes(e.Prompt.Text, 4*HeadlineMaxBytes)); q != "" {
					headline, _ = clip(q, HeadlineMax, HeadlineMaxBytes)
				}
			}
		}
	}
	preview, _ = clip(rest, PreviewMax, PreviewMaxBytes)
	return headline, preview
}

// need is how many characters of text are enough to make a gist from.
const need = HeadlineMax + PreviewMax + 16

// kindGist returns what a kind says of an entry: a label for its headline
// (empty for free writing, whose headline is its first line), a subject to
// follow the label, and the texts its preview is made of, in order, each
// already plain and folded.
func kindGist(e *Entry) (label, subject string, parts []string) {
	f := e.Fields
	body := func() []string { return plainLines(e.Body, need) }
	switch e.Kind {
	case KindLetter:
		label = phrase(PhraseKind, string(e.Kind))
		if l := f.Letter; l != nil {
			if l.Age > 0 {
				label = phrase(PhraseLetterAt, strconv.Itoa(l.Age))
			}
			parts = append(parts, plain(l.Opening))
		}
		// The opening and the letter read on as one.
		return label, "", []string{joinWith(append(parts, body()...), " ")}
	case KindDialogue:
		label = phrase(PhraseKind, string(e.Kind))
		if d := f.Dialogue; d != nil {
			child := phrase(PhraseMeAsChild)
			if d.Age > 0 {
				label = phrase(PhraseDialogueAt, strconv.Itoa(d.Age))
				child = phrase(PhraseMeAt, strconv.Itoa(d.Age))
			}
			for i, t := range d.Turns {
				if i == 4 {
					break
				}
				who := phrase(PhraseMeNow)
				if t.Voice == VoiceChild {
					who = child
				}
				if s := plain(t.Text); s != "" {
					parts = append(parts, who+": "+s)
				}
			}
		}
	case KindCheckIn:
		label = phrase(PhraseKind, string(e.Kind))
		if c := f.CheckIn; c != nil {
			// The safety felt, or none, then at most three feelings.
			say := []string{""}
			if c.Safety >= 0 && c.Safety <= 10 {
				say[0] = strconv.Itoa(c.Safety)
			}
			for _, em := range c.Emotions {
				if len(say) == 4 {
					break
				}
				if em, _ = clip(fold(clipBytes(em, 4*feelingMaxBytes)), HeadlineMax/2, feelingMaxBytes); em != "" {
					say = append(say, em)
				}
			}
			if say[0] != "" || len(say) > 1 {
				subject = phrase(PhraseCheckIn, say...)
			}
			parts = append(parts, plain(c.Context), plain(c.BodyNotes))
		}
	case KindConversation:
		label = phrase(PhraseKind, string(e.Kind))
		if c := f.Conversation; c != nil {
			texts := []string{plain(c.Request), plain(c.Observation), plain(c.Need), plain(c.Feeling), plain(c.Opening)}
			for i, s := range texts {
				if s != "" && subject == "" {
					subject = s
					texts[i] = ""
				}
			}
			// In the order the plan is written.
			parts = append(parts, texts[1], texts[3], texts[2], texts[0], texts[4])
			if d := c.Debrief; d != nil {
				if s := joinParts([]string{plain(d.Response), plain(d.FeelingAfter)}); s != "" {
					parts = append(parts, phrase(PhraseHowItWent)+": "+s)
				}
			}
		}
	case KindWordsActions:
		label = phrase(PhraseKind, string(e.Kind))
		if w := f.WordsActions; w != nil {
			subject = plain(w.Label)
			if s := plain(w.Said); s != "" {
				parts = append(parts, phrase(PhraseSaid)+": "+s)
			}
			if s := plain(w.Did); s != "" {
				parts = append(parts, phrase(PhraseDid)+": "+s)
			}
		}
	case KindIncident:
		label = phrase(PhraseKind, string(e.Kind))
		if i := f.Incident; i != nil {
			subject = plain(i.About)
			parts = append(parts, plain(i.What), plain(i.Felt), plain(i.Repair))
		}
	case KindTherapyNote:
		label = phrase(PhraseKind, string(e.Kind))
		if t := f.TherapyNote; t != nil {
			subject = plain(t.Bring)
			parts = append(parts, plain(t.CameUp), plain(t.Try))
		}
	default:
		// Free and prompted writing: the lines of the body, and the
		// headline is drawn from them.
		return "", "", body()
	}
	return label, subject, append(parts, joinWith(body(), " "))
}

// firstLine takes a headline from the first of lines, and returns it with
// the text that follows it.
func firstLine(lines []string) (headline, rest string) {
	for len(lines) > 0 && lines[0] == "" {
		lines = lines[1:]
	}
	if len(lines) == 0 {
		return "", ""
	}
	line, after := lines[0], joinWith(lines[1:], " ")
	if utf8.RuneCountInString(line) <= HeadlineMax && len(line) <= HeadlineMaxBytes {
		return line, after
	}
	if end := sentenceEnd(line); end > 0 {
		s := strings.TrimSpace(line[:end])
		if utf8.RuneCountInString(s) <= HeadlineMax && len(s) <= HeadlineMaxBytes {
			return s, joinWith([]string{strings.TrimSpace(line[end:]), after}, " ")
		}
	}
	h, more := clip(line, HeadlineMax, HeadlineMaxBytes)
	return h, joinWith([]string{more, after}, " ")
}

// sentenceEnd returns the end of the first sentence of s (after its stop
// and any closing quote or bracket), or 0 when s is one sentence.
func sentenceEnd(s string) int {
	for i, r := range s {
		if r != '.' && r != '!' && r != '?' && r != '…' {
			continue
		}
		j := i + utf8.RuneLen(r)
		for j < len(s) {
			c, n := utf8.DecodeRuneInString(s[j:])
			if !strings.ContainsRune(`.!?…"'”’)]»`, c) {
				break
			}
			j += n
		}
		if j < len(s) && s[j] == ' ' {
			return j
		}
	}
	return 0
}

// clip cuts s to at most runes characters and bytes bytes, at a word when
// there is one in the later half, and ends it with an ellipsis when cut.
// more is the rest of s after the cut, for text that reads on. A phrase in
// s (see Phrase) is kept whole or left out, never cut inside.
func clip(s string, runes, bytes int) (out, more string) {
	if utf8.RuneCountInString(s) <= runes && len(s) <= bytes {
		return s, ""
	}
	// Room for the ellipsis.
	runes--
	bytes -= len(ellipsis)
	cut, space := 0, -1
	for n := 0; n < runes && cut < len(s); n++ {
		r, size := utf8.DecodeRuneInString(s[cut:])
		if r == markStart {
			if end := strings.IndexByte(s[cut:], markEnd); end > 0 {
				size = end + 1
				n += utf8.RuneCountInString(s[cut:cut+size]) - 1
				if n >= runes {
					break
				}
			}
		}
		if cut+size > bytes {
			break
		}
		if r == ' ' {
			space = cut
		}
		cut += size
	}
	if space > 0 && space >= cut/2 {
		cut = space
	}
	head := strings.TrimRightFunc(s[:cut], func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune(",;:-–—", r)
	})
	return head + ellipsis, strings.TrimSpace(s[cut:])
}

// clipBytes returns at most the first n bytes of s, never splitting a
// character: a bound on how much of one field the gist ever looks at.
func clipBytes(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}

// plain is a form field as plain folded text: its Markdown marks taken
// away and its lines run together.
func plain(s string) string { return joinWith(plainLines(s, need), " ") }

// joinParts joins the non-empty parts of a preview with a quiet dot.
func joinParts(parts []string) string { return joinWith(parts, " · ") }

func joinWith(parts []string, sep string) string {
	var b strings.Builder
	for _, p := range parts {
		if p == "" {
			continue
		}
		if b.Len() > 0 {
			b.WriteString(sep)
		}
		b.WriteString(p)
		if b.Len() > 4*PreviewMaxBytes {
			break // more than any gist shows
		}
	}
	return b.String()
}

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsLower(r) {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}
