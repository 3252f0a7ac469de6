package journal

import (
	"encoding/json"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestGistOfEveryKind(t *testing.T) {
	long := "I have been carrying this around all week and I think I finally understand why it stung so much when Sam said it, because it sounded like my father. The rest of the evening was quiet. We ate, we watched something, and I went to bed early with the window open."
	cases := []struct {
		name          string
		e             Entry
		head, preview string
	}{
		{
			"short first line",
			Entry{Kind: KindFree, Body: "# A walk by the river\n\nThe water was *high* and [loud](https://example.org).\n> It was good to be out."},
			"A walk by the river", "The water was high and loud. It was good to be out.",
		},
		{
			"long first line cut at its first sentence",
			Entry{Kind: KindFree, Body: "Rain again. " + long},
			"Rain again.", "I have been carrying this around all week and I think I finally understand why it stung so much when Sam said it, because it sounded like my father. The rest…",
		},
		{
			"a 65-word paragraph with no early stop",
			Entry{Kind: KindFree, Body: long},
			"I have been carrying this around all week and I think I finally understand why…",
			"it stung so much when Sam said it, because it sounded like my father. The rest of the evening was quiet. We ate, we watched something, and I went to bed early…",
		},
		{
			"a title always wins",
			Entry{Kind: KindFree, Title: "  Morning\npages ", Body: "- slept *well*\n- woke calm"},
			"Morning pages", "slept well woke calm",
		},
		{"empty free writing", Entry{Kind: KindFree}, "Free writing", ""},
		{
			"a prompt with no answer yet",
			Entry{Kind: KindPrompted, Prompt: &PromptRef{Text: "How are you arriving today?"}},
			"How are you arriving today?", "",
		},
		{
			"a prompt answered",
			Entry{Kind: KindPrompted, Prompt: &PromptRef{Text: "How are you arriving today?"}, Body: "Tired but here.\nMore later."},
			"Tired but here.", "More later.",
		},
		{
			"check-in",
			Entry{Kind: KindCheckIn, Body: "Long day.", Fields: Fields{CheckIn: &CheckIn{Safety: 6, Emotions: []string{"calm", "tired"}, Context: "After work", BodyNotes: "tight shoulders"}}},
			"Check-in: safety 6, calm and tired", "After work · tight shoulders · Long day.",
		},
		{
			"check-in with no safety",
			Entry{Kind: KindCheckIn, Fields: Fields{CheckIn: &CheckIn{Safety: -1, Emotions: []string{"anxious", "hurt", "angry", "numb"}}}},
			"Check-in: anxious, hurt and angry", "",
		},
		{"check-in left empty", Entry{Kind: KindCheckIn, Fields: Fields{CheckIn: &CheckIn{Safety: -1}}}, "Check-in", ""},
		{
			"letter",
			Entry{Kind: KindLetter, Body: "I know it was scary.\nYou were brave.", Fields: Fields{Letter: &Letter{Age: 7, Opening: "Dear little one,"}}},
			"Letter to me at 7", "Dear little one, I know it was scary. You were brave.",
		},
		{"letter without an age", Entry{Kind: KindLetter, Body: "Hello."}, "Letter to my younger self", "Hello."},
		{
			"dialogue",
			Entry{Kind: KindDialogue, Fields: Fields{Dialogue: &Dialogue{Age: 7, Turns: []Turn{{VoiceNow, "Are you there?"}, {VoiceChild, "I'm hiding."}}}}},
			"Dialogue with me at 7", "Me now: Are you there? · Me at 7: I'm hiding.",
		},
		{
			"conversation",
			Entry{Kind: KindConversation, Fields: Fields{Conversation: &Conversation{Observation: "You were late twice", Request: "Text me when you're running late", Debrief: &Debrief{Response: "He listened"}}}},
			"Conversation plan: Text me when you're running late", "You were late twice · How it went: He listened",
		},
		{
			"conversation with only an observation",
			Entry{Kind: KindConversation, Fields: Fields{Conversation: &Conversation{Observation: "You were late twice"}}},
			"Conversation plan: You were late twice", "",
		},
		{
			"words and actions",
			Entry{Kind: KindWordsActions, Fields: Fields{WordsActions: &WordsActions{Label: "Dan", Said: "I'll call", Did: "No call"}}},
			"Words and actions: Dan", "Said: I'll call · Did: No call",
		},
		{
			"breach of trust",
			Entry{Kind: KindIncident, Fields: Fields{Incident: &Incident{About: "Sam", What: "Read my messages", Felt: "exposed"}}},
			"Breach of trust: Sam", "Read my messages · exposed",
		},
		{
			"therapy note",
			Entry{Kind: KindTherapyNote, Fields: Fields{TherapyNote: &TherapyNote{Bring: "The dream about the house", Try: "Name it out loud"}}},
			"Therapy note: The dream about the house", "Name it out loud",
		},
		{
			"a titled form keeps its gist in the preview",
			Entry{Kind: KindCheckIn, Title: "Evening", Fields: Fields{CheckIn: &CheckIn{Safety: 4}}},
			"Evening", "Safety 4",
		},
	}
	for _, c := range cases {
		h, p := Gist(&c.e)
		h, p = ComposeHeadline(h, english), ComposePreview(p, english)
		if h != c.head || p != c.preview {
			t.Errorf("%s:\n got %q\n     %q\nwant %q\n     %q", c.name, h, p, c.head, c.preview)
		}
	}
}

func TestGistTakesMarkdownAway(t *testing.T) {
	cases := map[string]string{
		"## Heading ##":                    "Heading",
		"# C#":                             "C#",
		"#hashtag stays":                   "#hashtag stays",
		"> > quoted *twice*":               "quoted twice",
		"1. first **bold** item":           "first bold item",
		"- [x] done _well_":                "done well",
		"snake_case_name stays":            "snake_case_name stays",
		"![a photo](x.png) of us":          "of us",
		"us ![a photo][ref] at six":        "us at six",
		`an escaped \![not a picture](x)`:  "an escaped !not a picture",
		"see [the page][ref] now":          "see the page now",
		"<https://example.org> and <3":     "https://example.org and <3",
		"a <em>tag</em> goes, a < b stays": "a tag goes, a < b stays",
		"`code` and ~~struck~~":            "code and struck",
		`an escaped \*star\*`:              "an escaped *star*",
		"tabs\tand   spaces":               "tabs and spaces",
	}
	for in, want := range cases {
		if h, _ := Gist(&Entry{Kind: KindFree, Body: in}); h != want {
			t.Errorf("%q gave %q; want %q", in, h, want)
		}
	}
	// A picture alone on its line is left out of the preview: the writing
	// around it reads on.
	_, p0 := Gist(&Entry{Kind: KindFree, Body: "By the sea.\n\nThe water was still.\n\n![the sea at dusk](sea.jpg)\n\nI felt safe."})
	if p0 != "The water was still. I felt safe." {
		t.Errorf("the preview around a picture: %q", p0)
	}
	// Rules, fences and blank lines are not the first line.
	h, p := Gist(&Entry{Kind: KindFree, Body: "---\n\n```\nfmt.Println()\n```\nafter"})
	if h != "fmt.Println()" || p != "after" {
		t.Errorf("got %q, %q", h, p)
	}
}

// TestGistIsBounded: whatever is written, a gist is short, whole UTF-8,
// one line, and a long body costs no more than a short one.
func TestGistIsBounded(t *testing.T) {
	bodies := []string{
		strings.Repeat("word ", 1<<20),
		strings.Repeat("長い文章です", 1<<16),
		strings.Repeat("x", 1<<20),
		strings.Repeat("🙂", 1<<16),
		strings.Repeat("\n", 1<<16) + "late",
		"bad \xff\xfe bytes \xc3",
	}
	for i, b := range bodies {
		for _, e := range []Entry{
			{Kind: KindFree, Body: b},
			{Kind: KindFree, Title: b},
			{Kind: KindCheckIn, Fields: Fields{CheckIn: &CheckIn{Safety: 3, Emotions: []string{b, b}, Context: b}}},
			{Kind: KindDialogue, Fields: Fields{Dialogue: &Dialogue{Turns: []Turn{{VoiceNow, b}, {VoiceChild, b}}}}},
			{Kind: KindTherapyNote, Fields: Fields{TherapyNote: &TherapyNote{Bring: b}}},
		} {
			h, p := Gist(&e)
			if len(h) > HeadlineMaxBytes || len(p) > PreviewMaxBytes {
				t.Errorf("body %d, %s: a stored gist of %d and %d bytes", i, e.Kind, len(h), len(p))
			}
			h, p = ComposeHeadline(h, english), ComposePreview(p, english)
			if h == "" || utf8.RuneCountInString(h) > HeadlineMax || len(h) > HeadlineMaxBytes || !utf8.ValidString(h) || strings.ContainsAny(h, "\n\t") {
				t.Errorf("body %d, %s: headline of %d bytes: %q", i, e.Kind, len(h), h)
			}
			if utf8.RuneCountInString(p) > PreviewMax || len(p) > PreviewMaxBytes || !utf8.ValidString(p) || strings.ContainsAny(p, "\n\t") {
				t.Errorf("body %d, %s: preview of %d bytes: %q", i, e.Kind, len(p), p)
			}
		}
	}
	if h, _ := Gist(&Entry{Kind: KindFree, Body: strings.Repeat("\n", 1<<16) + "late"}); h != "late" {
		t.Errorf("after many blank lines the headline is %q", h)
	}
}

// english says the phrases of a gist as the window does in English, to
// read a gist in these tests.
func english(p Phrase, args []string) string {
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	switch p {
	case PhraseKind:
		return Kind(arg(0)).Name()
	case PhraseLetterAt:
		return "Letter to me at " + arg(0)
	case PhraseDialogueAt:
		return "Dialogue with me at " + arg(0)
	case PhraseCheckIn:
		var say []string
		if arg(0) != "" {
			say = append(say, "safety "+arg(0))
		}
		if feel := args[1:]; len(feel) > 0 {
			last := len(feel) - 1
			if last == 0 {
				say = append(say, feel[0])
			} else {
				say = append(say, strings.Join(feel[:last], ", ")+" and "+feel[last])
			}
		}
		return strings.Join(say, ", ")
	case PhraseMeNow:
		return "Me now"
	case PhraseMeAt:
		return "Me at " + arg(0)
	case PhraseMeAsChild:
		return "Me as a child"
	case PhraseSaid:
		return "Said"
	case PhraseDid:
		return "Did"
	case PhraseHowItWent:
		return "How it went"
	}
	return ""
}

// TestGistKeepsPhrasesNotWords: what a kind says is kept by its name and
// said in the language asked for, while a title, a line of the person's
// writing and the feelings they typed stay as written.
func TestGistKeepsPhrasesNotWords(t *testing.T) {
	loud := func(p Phrase, args []string) string { return strings.ToUpper(english(p, args)) }
	e := Entry{Kind: KindCheckIn, Body: "Long day.", Fields: Fields{CheckIn: &CheckIn{Safety: 6, Emotions: []string{"calm"}}}}
	h, p := Gist(&e)
	if strings.Contains(h, "safety") || strings.Contains(h, "Check-in") {
		t.Fatalf("the headline keeps English words: %q", h)
	}
	if got := ComposeHeadline(h, loud); got != "CHECK-IN: SAFETY 6, CALM" {
		t.Errorf("said in another language: %q", got)
	}
	if p != "Long day." {
		t.Errorf("the person's writing changed: %q", p)
	}
	free := Entry{Kind: KindFree, Title: "Free writing", Body: "Said: nothing"}
	h, p = Gist(&free)
	if got := ComposeHeadline(h, loud) + "|" + ComposePreview(p, loud); got != "Free writing|Said: nothing" {
		t.Errorf("a title and a line the person wrote were said anew: %q", got)
	}
	if !KindMade(mustHead(t, Entry{Kind: KindLetter, Fields: Fields{Letter: &Letter{Age: 7}}})) ||
		KindMade(mustHead(t, Entry{Kind: KindLetter, Title: "To me"})) {
		t.Error("KindMade tells a kind's own headline from a title wrongly")
	}
	// A long subject after a phrase is cut once the phrase is said.
	long := Entry{Kind: KindTherapyNote, Fields: Fields{TherapyNote: &TherapyNote{Bring: strings.Repeat("word ", 40)}}}
	if got := ComposeHeadline(mustHead(t, long), loud); utf8.RuneCountInString(got) > HeadlineMax || !strings.HasPrefix(got, "THERAPY NOTE: word") || !strings.HasSuffix(got, "…") {
		t.Errorf("a long headline said: %q", got)
	}
}

func mustHead(t *testing.T, e Entry) string {
	t.Helper()
	h, _ := Gist(&e)
	return h
}

func TestClipCutsAtAWord(t *testing.T) {
	out, more := clip("one two three four", 12, 100)
	if out != "one two…" || more != "three four" {
		t.Errorf("got %q, %q", out, more)
	}
	// With no space in the later half, it cuts mid-word, never mid-rune.
	out, _ = clip(strings.Repeat("é", 20), 10, 100)
	if out != strings.Repeat("é", 9)+"…" {
		t.Errorf("got %q", out)
	}
	out, _ = clip(strings.Repeat("é", 20), 100, 11)
	if out != strings.Repeat("é", 4)+"…" || len(out) > 11 {
		t.Errorf("got %q", out)
	}
}

// TestGistNeverExported: the gist belongs to the sealed summary only; an
// entry's JSON, as exports, backups and the history write it, leaves it out.
func TestGistNeverExported(t *testing.T) {
	e := Entry{Kind: KindFree, Body: "Hello there."}
	e.Headline, e.Preview = Gist(&e)
	b, err := json.Marshal(e)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(b), "Hello there.\",\"") || strings.Contains(strings.ToLower(string(b)), "headline") || strings.Contains(strings.ToLower(string(b)), "preview") {
		t.Fatalf("the gist is in the JSON: %s", b)
	}
}

func TestKindNames(t *testing.T) {
	seen := map[string]bool{}
	for _, k := range Kinds {
		n := k.Name()
		if n == "" || n == string(k) || seen[n] {
			t.Errorf("%s is called %q", k, n)
		}
		seen[n] = true
	}
}

// TestNameOfPrefersWhatIsStored: a stored headline wins, then a title, and
// an entry with neither is named from its text.
func TestNameOfPrefersWhatIsStored(t *testing.T) {
	e := &Entry{Kind: KindFree, Body: "The rain stopped at noon. Then I walked."}
	if got := NameOf(e); !strings.HasPrefix(got, "The rain stopped at noon.") {
		t.Fatalf("from the text: %q", got)
	}
	e.Title = "Rain"
	if got := NameOf(e); got != "Rain" {
		t.Fatalf("with a title: %q", got)
	}
	e.Headline = "Stored"
	if got := NameOf(e); got != "Stored" {
		t.Fatalf("with a stored headline: %q", got)
	}
}
