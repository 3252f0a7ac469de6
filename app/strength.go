package app

import (
	"strings"
	"unicode"
)

// Strength is a rough reading of how hard a password would be to guess.
type Strength struct {
	// Score runs from 0 (too short to use) to 4 (strong).
	Score int
	// Label is one or two words for beside the meter.
	Label string
	// Hint is a gentle suggestion, or empty when there is nothing to add.
	Hint string
	// Bits is the estimated guessing entropy.
	Bits float64
}

// MinPasswordLength is the shortest password Tend accepts.
const MinPasswordLength = 8

// Acceptable reports whether the password is good enough to protect a
// journal: long enough, and not one of the passwords people guess first.
func (s Strength) Acceptable() bool { return s.Score >= 2 }

// commonPasswords are the first guesses of anyone trying to get in. A short
// list catches the worst choices without shipping a dictionary.
var commonPasswords = map[string]bool{
	"password": true, "password1": true, "password123": true, "12345678": true,
	"123456789": true, "1234567890": true, "qwertyuiop": true, "qwerty123": true,
	"iloveyou": true, "iloveyou1": true, "sunshine": true, "princess": true,
	"football": true, "baseball": true, "welcome1": true, "letmein1": true,
	"trustno1": true, "whatever": true, "dragon123": true, "11111111": true,
	"00000000": true, "abcdefgh": true, "abc12345": true, "passw0rd": true,
	"superman": true, "starwars": true, "loveyou1": true, "mypassword": true,
	"secret123": true, "changeme": true, "monkey123": true, "jennifer": true,
	"michelle": true, "1q2w3e4r": true, "zaq12wsx": true, "asdfghjk": true,
	"asdfasdf": true, "qwertyui": true, "87654321": true, "forever1": true,
}

// EstimateStrength reads a password's strength. It is deliberately simple
// and errs on the side of caution: it counts length and variety, and marks
// down repeats, keyboard runs and well-known passwords.
func EstimateStrength(pw string) Strength {
	runes := []rune(pw)
	if len(runes) == 0 {
		return Strength{Label: "", Hint: "Choose a password only you know."}
	}
	if commonPasswords[strings.ToLower(pw)] {
		return Strength{Score: 1, Label: "Easy to guess", Hint: "This is one of the first passwords anyone would try."}
	}
	// Guessers try words before random strings, so a letter that follows a
	// letter is worth about what English text carries per character, and
	// the first letter of a word about a choice among the alphabet. Digits
	// and symbols count a little more. A repeat of the previous character
	// or the next step of a run (abc, 123, cba) is nearly free.
	classes := map[int]bool{}
	bits := 0.0
	for i, r := range runes {
		c := charClass(r)
		classes[c] = true
		var b float64
		switch {
		case c <= classUpper && i > 0 && charClass(runes[i-1]) <= classUpper:
			b = 2.5
		case c <= classUpper:
			b = 4.7
		case c == classDigit:
			b = 3.3
		default:
			b = 4
		}
		if i > 0 {
			switch d := r - runes[i-1]; {
			case d == 0:
				b *= 0.25
			case d == 1 || d == -1:
				b *= 0.4
			}
		}
		bits += b
	}
	// Mixing kinds of character helps a little, not as much as length.
	bits += 2 * float64(len(classes)-1)
	s := Strength{Bits: bits}
	switch {
	case len(runes) < MinPasswordLength:
		s.Score, s.Label = 0, "Too short"
		s.Hint = "Use at least 8 characters. A short sentence works well."
	case bits < 36:
		s.Score, s.Label = 1, "Easy to guess"
		s.Hint = "Add a few more words or characters."
	case bits < 50:
		s.Score, s.Label = 2, "Fair"
		s.Hint = "A little longer would make it much harder to guess."
	case bits < 70:
		s.Score, s.Label = 3, "Good"
	default:
		s.Score, s.Label = 4, "Strong"
	}
	return s
}

const (
	classLower = iota
	classUpper
	classDigit
	classSymbol
)

func charClass(r rune) int {
	switch {
	case unicode.IsUpper(r):
		return classUpper
	case unicode.IsLetter(r):
		return classLower
	case unicode.IsDigit(r):
		return classDigit
	default:
		return classSymbol
	}
}
