package app

import "testing"

func TestEstimateStrength(t *testing.T) {
	tests := []struct {
		pw         string
		score      int
		acceptable bool
	}{
		{"", 0, false},
		{"abc", 0, false},
		{"password", 1, false},
		{"Password", 1, false},
		{"aaaaaaaaaaaa", 1, false},
		{"abcdefghijkl", 1, false},
		{"blue-tulips-2019", 3, true},
		{"tulips 2019", 1, false},
		{"tulips in the rain", 3, true},
		{"sunshine22", 1, false},
		{"quiet river morning", 3, true},
		{"the kettle sings at dawn, softly", 4, true},
		{"Ünïcødé ståys", 2, true},
	}
	for _, tt := range tests {
		s := EstimateStrength(tt.pw)
		if s.Score != tt.score || s.Acceptable() != tt.acceptable {
			t.Errorf("%q: score %d (%s, %.0f bits), acceptable %v; want %d, %v",
				tt.pw, s.Score, s.Label, s.Bits, s.Acceptable(), tt.score, tt.acceptable)
		}
		if tt.pw != "" && s.Label == "" {
			t.Errorf("%q: no label", tt.pw)
		}
	}
}
