// Package sample generates realistic journals for tests and benchmarks:
// entries of about 1.5 KB on average with a long tail to 20 KB, English-like
// text with a Zipf-like word distribution and a few accents, tags, moods and
// check-ins. The same seed always gives the same journal.
package sample

import (
	"math"
	"math/rand/v2"
	"strings"
	"time"

	"tend/journal"
)

// words is the vocabulary, most common first; frequencies fall off with
// rank, as in real writing.
var words = strings.Fields(`
i the and to a of my it that was in me he she felt feel not but with for
is what so like about when just this had they be have at all do on we
today really know think him her again trust because would can how could
time said did were want why never always one still more even there from
them day night out then if or something now up talk told back much
afraid safe tired angry hurt calm hope anxious jealous lonely numb scared
sad grateful better worse okay heavy light chest breath stomach throat
hands shoulders cried laughed walked slept woke called texted waited
mother father sister brother friend partner child younger self home school
work kitchen garden morning evening weekend promise promised lie lied truth
honest quiet space pattern again old new small step slowly kind gentle
therapist session breathe breathing letter write wrote remember remembered
forgot forgive forgiven betrayal betrayed abandoned left stayed leave stay
phone message silence door window rain sun cold warm tea coffee walk park
café naïve résumé façade jalapeño piñata déjà vu
listen listened heard wanted needed need ask asked answer boundaries
repair apology sorry understand understood noticed noticing body tension
softer harder easier worry worried reassure reassured anchor ground
grounding five things see hear touch smell taste count slow
`)

var tagPool = []string{
	"trust", "inner child", "therapy", "partner", "family", "anxiety",
	"gratitude", "boundaries", "work", "sleep", "body", "dreams", "mother",
	"father", "friendship", "progress", "hard day", "small win", "letters",
	"patterns", "repair", "jealousy", "self-compassion", "walks", "breathing",
}

var emotions = []string{"anxious", "insecure", "jealous", "calm", "safe", "hopeful", "hurt", "angry", "lonely", "numb"}

// Journal returns n entries. Dates run back from end, about one and a half
// entries a day.
func Journal(seed uint64, n int, end journal.Date) []*journal.Entry {
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	// Cumulative Zipf weights over the vocabulary.
	cum := make([]float64, len(words))
	total := 0.0
	for i := range words {
		total += 1 / math.Pow(float64(i+1), 1.05)
		cum[i] = total
	}
	word := func() string {
		x := r.Float64() * total
		lo, hi := 0, len(cum)-1
		for lo < hi {
			mid := (lo + hi) / 2
			if cum[mid] < x {
				lo = mid + 1
			} else {
				hi = mid
			}
		}
		return words[lo]
	}
	text := func(size int) string {
		var b strings.Builder
		for b.Len() < size {
			n := 6 + r.IntN(14)
			for i := range n {
				w := word()
				if i == 0 {
					w = strings.ToUpper(w[:1]) + w[1:]
				}
				b.WriteString(w)
				if i < n-1 {
					b.WriteByte(' ')
				}
			}
			b.WriteString(". ")
			if r.IntN(6) == 0 {
				b.WriteString("\n\n")
			}
		}
		return strings.TrimSpace(b.String())
	}

	out := make([]*journal.Entry, n)
	day := end
	base := time.Date(end.Year, end.Month, end.Day, 21, 0, 0, 0, time.UTC)
	for i := range out {
		if r.IntN(3) != 0 {
			day = day.AddDays(-1)
		}
		// Log-normal sizes: median ~1 KB, mean ~1.5 KB, capped at 20 KB.
		size := int(math.Exp(6.95 + 0.85*r.NormFloat64()))
		size = max(40, min(size, 20000))
		e := &journal.Entry{
			ID:   journal.NewIDFrom(r),
			Kind: journal.KindFree,
			Date: day,
			Body: text(size),
			Mood: journal.Mood(r.IntN(6)),
		}
		e.Title = strings.TrimSuffix(text(20+r.IntN(30)), ".")
		if len(e.Title) > 60 {
			e.Title = e.Title[:strings.LastIndexByte(e.Title[:60], ' ')]
		}
		for range r.IntN(4) {
			e.Tags = append(e.Tags, tagPool[r.IntN(len(tagPool))])
		}
		e.Tags = journal.NormalizeTags(e.Tags)
		if r.IntN(7) == 0 {
			e.Kind = journal.KindCheckIn
			ci := &journal.CheckIn{Safety: r.IntN(11), Context: text(40)}
			for range 1 + r.IntN(3) {
				ci.Emotions = append(ci.Emotions, emotions[r.IntN(len(emotions))])
			}
			ci.Attachment = []journal.Attachment{journal.AttachAnxious, journal.AttachAvoidant, journal.AttachSteady}[r.IntN(3)]
			e.Fields.CheckIn = ci
			e.Body = text(100 + r.IntN(300))
		}
		t := base.Add(-time.Duration(i) * 16 * time.Hour)
		e.Created, e.Updated = t, t
		e.Words = e.CountWords()
		out[i] = e
	}
	return out
}

// PlainBytes is the size of the journal's writing as JSON, the yardstick for
// bytes on disk per byte written.
func PlainBytes(entries []*journal.Entry) int {
	n := 0
	for _, e := range entries {
		n += len(e.Title) + len(e.Body) + len(e.Date.String())
		for _, t := range e.Tags {
			n += len(t)
		}
		for _, t := range e.Fields.Texts() {
			n += len(t)
		}
	}
	return n
}
