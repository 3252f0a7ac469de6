package app

import (
	"math"
	"strings"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"
	"github.com/trustelem/zxcvbn/match"

	"tend/internal/i18n"
)

// Strength is a reading of how hard a password would be to guess.
type Strength struct {
	// Score runs from 0 (too short to use) to 4 (strong). A password is
	// accepted from 2 up.
	Score int
	// Label is one or two words for beside the meter.
	Label string
	// Hint is a gentle suggestion, or empty when there is nothing to add.
	Hint string
	// Bits is the estimated number of guesses, as a power of two.
	Bits float64
}

// MinPasswordLength is the shortest password Tend accepts.
const MinPasswordLength = 8

// Acceptable reports whether the password is good enough to protect a
// journal: long enough, and not guessed in the first hundred million tries
// of a program that knows what people choose.
func (s Strength) Acceptable() bool { return s.Score >= 2 }

// The thresholds are zxcvbn's own, in guesses: below 1e8 a password falls to
// a patient attacker holding a copy of the journal folder even through a
// slow key derivation; from 1e8 on it is what zxcvbn calls safely
// unguessable with a slow hash, and Tend's Argon2id is one.
const (
	acceptableGuesses = 1e8
	goodGuesses       = 1e10
	strongGuesses     = 1e12
)

// tendWords are guessed first by someone who knows the person uses Tend.
var tendWords = []string{"tend", "journal", "diary", "trust", "password", "recovery"}

// EstimateStrength reads a password's strength the way someone trying to
// get in would guess: common passwords, names, words, years and dates,
// keyboard rows and runs first, with the usual capital letters and
// look-alike digits (zxcvbn's estimate). Several plain words that do not
// belong together pass easily; a name and a year do not.
func EstimateStrength(pw string) Strength {
	if pw == "" {
		return Strength{Hint: i18n.L("Choose a password only you know.")}
	}
	r := zxcvbn.PasswordStrength(pw, tendWords)
	guesses := max(r.Guesses, 1)
	s := Strength{Bits: math.Log2(guesses)}
	switch {
	case utf8.RuneCountInString(pw) < MinPasswordLength:
		s.Score, s.Label = 0, i18n.L("Too short")
		s.Hint = i18n.L("Use at least 8 characters. A few plain words in a row work well.")
		return s
	case guesses < acceptableGuesses:
		s.Score, s.Label = 1, i18n.L("Easy to guess")
		s.Hint = hintFor(r.Sequence)
	case guesses < goodGuesses:
		s.Score, s.Label = 2, i18n.L("Fair")
		s.Hint = i18n.L("One more word would make it much harder to guess.")
	case guesses < strongGuesses:
		s.Score, s.Label = 3, i18n.L("Good")
	default:
		s.Score, s.Label = 4, i18n.L("Strong")
	}
	return s
}

// hintFor says, kindly, what made a password easy to guess and what would
// help: the first weakness it finds, then a way forward.
func hintFor(seq []*match.Match) string {
	way := i18n.L("Three or four ordinary words that don't belong together are easier to remember and much harder to guess.")
	for _, m := range seq {
		switch {
		case m.Pattern == "dictionary" && m.DictionaryName == "passwords":
			return i18n.L("It is close to a password many people use: one of the first passwords anyone would try.") + " " + way
		case m.Pattern == "dictionary" && strings.HasSuffix(m.DictionaryName, "names"):
			return i18n.L("Names are among the first things someone who knows you would try.") + " " + way
		case m.Pattern == "date", m.Pattern == "regex" && m.RegexName == "recent_year":
			return i18n.L("Years and dates, like a birthday, are easy for someone who knows you to guess.") + " " + way
		case m.Pattern == "dictionary" && m.DictionaryName == "user_inputs":
			return i18n.L("Words about Tend or journals are among the first anyone would try.") + " " + way
		case m.Pattern == "spatial":
			return i18n.L("Keys next to each other on the keyboard are among the first guesses.") + " " + way
		case m.Pattern == "repeat", m.Pattern == "sequence":
			return i18n.L("Repeats and runs like 111 or abc add very little.") + " " + way
		}
	}
	return i18n.L("It could be guessed in a short time.") + " " + way
}
