package app

import (
	"strings"
	"testing"
)

func TestEstimateStrength(t *testing.T) {
	tests := []struct {
		pw         string
		acceptable bool
	}{
		{"", false},
		{"abc", false},
		{"password", false},
		{"Password", false},
		{"aaaaaaaaaaaa", false},
		{"abcdefghijkl", false},
		// What people really choose: a word or a name with a year and a
		// symbol looks varied and is guessed early.
		{"Password2024", false},
		{"Summer2024!", false},
		{"Michael1987!", false},
		{"Jennifer2010!", false},
		{"iloveyoumark", false},
		{"qwerty123456", false},
		{"sunshine22", false},
		// Several plain words pass easily.
		{"tulips in the rain", true},
		{"quiet river morning", true},
		{"kettle harbor tulip", true},
		{"granite lantern", true},
		{"blue-tulips-2019", true},
		{"the kettle sings at dawn, softly", true},
		{"Ünïcødé ståys", true},
	}
	for _, tt := range tests {
		s := EstimateStrength(tt.pw)
		if s.Acceptable() != tt.acceptable {
			t.Errorf("%q: score %d (%s, %.0f bits), acceptable %v; want %v",
				tt.pw, s.Score, s.Label, s.Bits, s.Acceptable(), tt.acceptable)
		}
		if tt.pw != "" && s.Label == "" {
			t.Errorf("%q: no label", tt.pw)
		}
		if !s.Acceptable() && s.Hint == "" {
			t.Errorf("%q: refused without a word of help", tt.pw)
		}
	}
}

// TestStrengthHintsSayWhy checks that a refusal names what made the
// password easy to guess, in words a person can act on.
func TestStrengthHintsSayWhy(t *testing.T) {
	for pw, want := range map[string]string{
		"Michael1987!": "Names",
		"Summer2024!":  "many people use",
		"Password2024": "many people use",
	} {
		if h := EstimateStrength(pw).Hint; !strings.Contains(h, want) {
			t.Errorf("%q: hint %q does not mention %q", pw, h, want)
		}
	}
}
