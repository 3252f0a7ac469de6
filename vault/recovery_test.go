package vault

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"strings"
	"testing"
)

// recoveryTestKey is fixed so typo detection is tested deterministically: the
// 20-bit check misses a random typo once in a million, but never this one.
var recoveryTestKey = RecoveryKey{
	0x00, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09,
	0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f, 0x10, 0x11, 0x12, 0x13,
}

var recoveryKeyShape = regexp.MustCompile(`^[0-9A-HJKMNP-TV-Z]{4}(-[0-9A-HJKMNP-TV-Z]{4}){8}$`)

func TestRecoveryKeyString(t *testing.T) {
	for range 100 {
		k := newRecoveryKey()
		s := k.String()
		if !recoveryKeyShape.MatchString(s) {
			t.Fatalf("%q is not nine groups of four Crockford characters", s)
		}
		got, err := ParseRecoveryKey(s)
		if err != nil {
			t.Fatalf("ParseRecoveryKey(%q): %v", s, err)
		}
		if got != k {
			t.Fatalf("round trip of %q gave a different key", s)
		}
	}
	if a, b := newRecoveryKey(), newRecoveryKey(); a == b {
		t.Error("two recovery keys are equal")
	}
}

func TestParseRecoveryKeyForgiving(t *testing.T) {
	s := recoveryTestKey.String()
	plain := strings.ReplaceAll(s, "-", "")
	for name, in := range map[string]string{
		"lower case":   strings.ToLower(s),
		"spaces":       strings.ReplaceAll(s, "-", " "),
		"no separator": plain,
		"lines":        plain[:12] + "\n" + plain[12:24] + "\r\n" + plain[24:] + "\n",
		"padding":      "  " + s + "\t",
		"O for 0":      strings.ReplaceAll(s, "0", "O"),
		"o for 0":      strings.ReplaceAll(s, "0", "o"),
		"I for 1":      strings.ReplaceAll(s, "1", "I"),
		"l for 1":      strings.ReplaceAll(s, "1", "l"),
	} {
		got, err := ParseRecoveryKey(in)
		if err != nil || got != recoveryTestKey {
			t.Errorf("%s: ParseRecoveryKey(%q) = %v, %v", name, in, got, err)
		}
	}
}

func TestParseRecoveryKeyErrors(t *testing.T) {
	s := strings.ReplaceAll(recoveryTestKey.String(), "-", "")
	for _, tc := range []struct{ in, msg string }{
		{"", "a recovery key has 36 letters and digits; this one has 0"},
		{s[:30], "a recovery key has 36 letters and digits; this one has 30"},
		{s + "0", "a recovery key has 36 letters and digits; this one has 37"},
		{s[:35] + "U", `a recovery key is made of digits and letters, and 'U' is not one of them`},
		{s[:35] + "é", `a recovery key is made of digits and letters, and 'É' is not one of them`},
		{s[:35] + "!", `a recovery key is made of digits and letters, and '!' is not one of them`},
	} {
		_, err := ParseRecoveryKey(tc.in)
		if !errors.Is(err, ErrRecoveryKeyFormat) || err.Error() != tc.msg {
			t.Errorf("ParseRecoveryKey(%q) = %v, want %q", tc.in, err, tc.msg)
		}
	}

	// Every single-character substitution is caught, in the key or the check.
	for i := range len(s) {
		for _, c := range recoveryAlphabet {
			if byte(c) == s[i] {
				continue
			}
			typo := s[:i] + string(c) + s[i+1:]
			_, err := ParseRecoveryKey(typo)
			if !errors.Is(err, ErrRecoveryKeyFormat) || !strings.Contains(err.Error(), "typo") {
				t.Fatalf("ParseRecoveryKey(%q) = %v, want a typo error", typo, err)
			}
		}
	}
	// Swapping two neighbouring groups is caught too.
	swapped := s[4:8] + s[:4] + s[8:]
	if _, err := ParseRecoveryKey(swapped); !errors.Is(err, ErrRecoveryKeyFormat) {
		t.Errorf("swapped groups: got %v", err)
	}
}

func TestRecoveryWrapKey(t *testing.T) {
	salt := bytes.Repeat([]byte{7}, 32)
	a := recoveryTestKey.wrapKey(salt)
	if len(a) != keySize {
		t.Fatalf("wrap key is %d bytes", len(a))
	}
	if !bytes.Equal(a, recoveryTestKey.wrapKey(salt)) {
		t.Error("wrapKey is not deterministic")
	}
	if bytes.Equal(a, recoveryTestKey.wrapKey(bytes.Repeat([]byte{8}, 32))) {
		t.Error("different salts gave the same wrap key")
	}
	other := recoveryTestKey
	other[0] ^= 1
	if bytes.Equal(a, other.wrapKey(salt)) {
		t.Error("different recovery keys gave the same wrap key")
	}
}

func ExampleParseRecoveryKey() {
	// As copied from paper: lower case, spaces, an O for a zero.
	k, err := ParseRecoveryKey("ooog 4or4 om3o e2o9 185g r38e 1w81 24gk wyqb")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(k)

	_, err = ParseRecoveryKey("000G-40R4-0M30-E209-185G-R38E-1W81-24GK-WYQ8")
	fmt.Println(err)
	// Output:
	// 000G-40R4-0M30-E209-185G-R38E-1W81-24GK-WYQB
	// that recovery key has a typo somewhere; check each group
}
