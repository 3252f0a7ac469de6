package ui

import (
	"fmt"
	"strings"
	"testing"

	"tend/journal"
)

// TestSaveProblemTooBig checks the sentence the editor shows when an entry
// is longer than one entry may be: it says so, and that the words are kept.
func TestSaveProblemTooBig(t *testing.T) {
	got := saveProblem(fmt.Errorf("saving entry x: %w", journal.ErrTooBig))
	for _, want := range []string{"longer than Tend can keep", "Your words are still here", "new entry"} {
		if !strings.Contains(got, want) {
			t.Fatalf("the editor says %q for an entry that is too long; it should say %q", got, want)
		}
	}
}
