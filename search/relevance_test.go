package search

import (
	"strings"
	"testing"
)

// The relevance set is a small journal and the questions a person would put
// to it, each with the entry that should come first (and, for some, the one
// that should come second). Ranking changes are judged against it rather
// than guessed: a change that puts a worse entry first fails here.

// relevanceFiller returns n words of an ordinary day that mention none of the
// set's query words, so a long entry is long without being about more.
func relevanceFiller(n int) string {
	sentences := []string{
		"The morning was grey and I made coffee before anyone else was up.",
		"I walked to the bakery on the corner and the bread was still warm.",
		"Work was slow, a few emails and a meeting that could have been shorter.",
		"At lunch I sat by the window and watched the rain on the street.",
		"My sister sent a photo of her garden, the tomatoes are finally red.",
		"I cleaned the kitchen and put the washing out although clouds were coming.",
		"In the afternoon I read a few chapters of the novel I started last month.",
		"The bus home was crowded and someone was playing music without headphones.",
		"We had soup for dinner and talked about the holiday in the summer.",
		"I watered the plants on the balcony and noticed the basil needs a bigger pot.",
	}
	var b strings.Builder
	words := 0
	for i := 0; words < n; i++ {
		s := sentences[i%len(sentences)]
		b.WriteString(s)
		b.WriteByte(' ')
		words += len(strings.Fields(s))
	}
	return b.String()
}

type relevanceEntry struct {
	date, title, body string
	tags              []string
}

// relevanceJournal holds 36 entries in the voice of the people Tend is for.
func relevanceJournal() []relevanceEntry {
	long := func(parts ...string) string {
		var b strings.Builder
		for i, p := range parts {
			if i > 0 {
				b.WriteString(relevanceFiller(110))
			}
			b.WriteString(p)
			b.WriteByte(' ')
		}
		return b.String()
	}
	return []relevanceEntry{
		// "trust": the long entry says the word four times; the short one
		// only says "trusting".
		{"2025-03-02", "A long Sunday", long(
			"I keep coming back to trust.",
			"Maybe trust is something I practise, not something I wait for.",
			"He said I can trust him with the hard parts.",
			"I wrote down three small moments of trust this week."), nil},
		{"2025-03-09", "Quick note", "Trusting the process, I guess. Tired tonight.", nil},
		{"2025-03-12", "Trustworthy people", "Who in my life has been trustworthy? My aunt, my oldest friend.", nil},
		// In a journal about trust the word is common: these say it once.
		{"2025-02-14", "Dinner out", "A nice dinner. I noticed I did not check the time once. Maybe that is trust growing, maybe I was just hungry. We laughed about the waiter and walked home the long way, by the river, talking about nothing.", nil},
		{"2025-02-20", "After the call", "He called when he said he would. I wrote it down because I forget the good days. Trust is built like this, I read somewhere, one kept promise at a time, and I want to believe it.", nil},
		{"2025-03-20", "Sleep", "Slept badly, dreams about the old flat. Woke up anxious and then it passed. I made tea and read in bed until the light came. Trust the morning, my grandmother used to say.", nil},

		// "abandonment": a title match against one mention deep in a long entry.
		{"2025-01-14", "Fear of abandonment", "When he goes quiet I feel the old panic. I know where it comes from now.", []string{"attachment"}},
		{"2025-01-20", "Busy week", long("Nothing much.", "Someone at work talked about abandonment in her childhood and it stayed with me.", "Early night."), nil},

		// "therapy": the tagged session note against a passing mention.
		{"2025-02-03", "Tuesday session", "We talked about the pattern of checking his messages, where it started and what it protects me from. Homework: notice the urge, name it, wait ten minutes before doing anything.", []string{"therapy"}},
		{"2025-02-05", "Rainy walk", "Is therapy helping? Slowly.", nil},

		// "jealous": the exact word against "jealousy", repeated.
		{"2025-04-01", "At the party", "I felt jealous when she laughed at his joke. I said nothing and went outside.", nil},
		{"2025-04-03", "Reading", "A chapter on jealousy, jealousy as fear, jealousy as a signal. Interesting but dry.", nil},

		// "betray": no entry has the bare word; the one about betrayal
		// beats a passing "betrayed".
		{"2024-11-10", "What happened", "The betrayal still sits in my chest. Betrayal by someone who promised. I am naming it: betrayal.", []string{"incident"}},
		{"2024-11-25", "Long day", long("Work again.", "Someone on the radio said they felt betrayed by their city.", "Bed."), nil},

		// "safe": the felt-safe title against a mention.
		{"2025-05-06", "Felt safe today", "We cooked together and nothing bad happened. My shoulders came down for the first time in weeks, and I noticed my breathing was slow and easy through the whole evening.", []string{"check-in"}},
		{"2025-05-07", "Errands", "Roads not safe after the storm.", nil},

		// "phone": the entry about checking his phone against "phones".
		{"2025-06-10", "The urge to check", "I wanted to look at his phone again. The phone was on the table. I left the phone where it was.", nil},
		{"2025-06-11", "Shopping", "Looked at new phones, they are all the same. Bought nothing.", nil},

		// "breath": the grounding note against "breathing".
		{"2025-07-01", "Grounding", "One breath in for four, hold, out for six. Every breath a little slower.", []string{"grounding"}},
		{"2025-07-02", "Swimming", "Breathing was hard in the cold water at first, then fine.", nil},

		// "mother": a letter to the younger self about her mother, and a
		// shopping list that names her.
		{"2024-12-01", "Letter to little me", "Your mother could not hold your fear, and that was not your fault. I can hold it now. Your mother did what she could.", []string{"inner-child"}},
		{"2024-12-02", "Groceries", "Milk, eggs, flowers for mother on Sunday.", nil},

		// "promised": words and actions.
		{"2025-08-15", "He promised to call", "He said he would call at eight. He called at half past nine. Words and actions, again.", []string{"words-vs-actions"}},
		{"2025-08-16", "Plans", long("Weekend plans.", "My friend promised to visit in the autumn.", "Tired."), nil},

		// "anxious attachment": both words, the entry about them first.
		{"2025-09-01", "Anxious attachment", "Reading about anxious attachment. The part about needing reassurance hit hard. My attachment style makes sense now.", []string{"attachment"}},
		{"2025-09-02", "Nervous", "Anxious before the interview. Attachment to the outcome, as my friend says.", nil},

		// "calm": a check-in tagged calm, a title, and a passing mention.
		{"2025-10-05", "Evening check-in", "Safety seven out of ten. Emotions: calm, a bit tired.", []string{"calm"}},
		{"2025-10-06", "Calm", "A calm day at last. Calm morning, calm evening.", nil},
		{"2025-10-07", "Meeting", long("Meeting day.", "My manager stayed calm when the project slipped.", "Home."), nil},

		// "boundary": the exact word, against "boundaries" in a long entry.
		{"2025-11-01", "A boundary", "I set a boundary: no phone at dinner. He agreed.", nil},
		{"2025-11-02", "Podcast", long("Listened to a podcast.", "They talked about boundaries at work and at home.", "Good episode."), nil},

		// "信頼": the entry about trust, in Japanese, against a passing
		// mention in the middle of a long sentence.
		{"2025-12-01", "信頼について", "私は信頼を学んでいます。少しずつ、自分の気持ちを信じることから始めたい。", []string{"内省"}},
		{"2025-12-02", "雨の日", "雨だった。コーヒーを飲んで、本を読んで、信頼という言葉が出てくる章で眠くなった。夕方に散歩した。", nil},

		// "信任": the same in Chinese.
		{"2025-12-03", "学习信任", "我在学习信任自己。每天写一点，慢慢来。", nil},
		{"2025-12-04", "忙碌的一天", "今天工作很忙，开了三个会。老板说他信任我们的判断。晚上吃了面条。", nil},

		// "strasse" and "naive": written with the letters, asked without.
		{"2025-12-05", "Café an der Straße", "Wir saßen im Café an der Straße und sprachen über die Kindheit, endlich ehrlich.", nil},
		{"2025-12-06", "Naïve again", "Maybe I was naïve to believe the message. Maybe not.", nil},

		// Entries that match nothing asked, so every word has rivals.
		{"2025-11-20", "Small step", "I told him one thing that scared me and he listened. A small step.", nil},
		{"2025-12-24", "Winter", "Snow at last. The street was quiet.", nil},
	}
}

// relevanceCases are the questions and the titles that should come first,
// in order (the first one or two results).
var relevanceCases = []struct {
	query string
	want  []string
}{
	{"trust", []string{"A long Sunday"}},
	{"abandonment", []string{"Fear of abandonment", "Busy week"}},
	{"therapy", []string{"Tuesday session", "Rainy walk"}},
	{"jealous", []string{"At the party"}},
	{"betray", []string{"What happened", "Long day"}},
	{"safe", []string{"Felt safe today", "Errands"}},
	{"phone", []string{"The urge to check"}},
	{"breath", []string{"Grounding", "Swimming"}},
	{"mother", []string{"Letter to little me"}},
	{"promised", []string{"He promised to call"}},
	{"anxious attachment", []string{"Anxious attachment"}},
	{"calm", []string{"Calm"}},
	{"boundary", []string{"A boundary"}},
	{`"small step"`, []string{"Small step"}},
	{"信頼", []string{"信頼について", "雨の日"}},
	{"信任", []string{"学习信任", "忙碌的一天"}},
	{"信じる", []string{"信頼について"}},
	{"strasse", []string{"Café an der Straße"}},
	{"cafe kindheit", []string{"Café an der Straße"}},
	{"naive", []string{"Naïve again"}},
}

// TestRelevanceSet runs every question of the relevance set with the
// default order and checks what comes first.
func TestRelevanceSet(t *testing.T) {
	l := newSearchLib()
	for _, re := range relevanceJournal() {
		l.put(searchEntry(t, re.date, re.title, re.body, re.tags...))
	}
	passed := 0
	for _, c := range relevanceCases {
		got, _ := l.titles(t, c.query)
		ok := len(got) >= len(c.want)
		for i := 0; ok && i < len(c.want); i++ {
			ok = got[i] == c.want[i]
		}
		mark := "ok  "
		if ok {
			passed++
		} else {
			mark = "MISS"
			t.Errorf("%q put %q first, want %q", c.query, first(got, len(c.want)), c.want)
		}
		t.Logf("%s %-22q %q", mark, c.query, first(got, 3))
	}
	t.Logf("relevance set: %d of %d questions put the right entries first", passed, len(relevanceCases))
}

func first(s []string, n int) []string { return s[:min(n, len(s))] }
