package insights

import (
	"testing"

	"tend/assets"
	"tend/internal/i18n"
)

// TestReadingsSpeakTheLanguage reads a line, the emotions and the year's
// writing in German, the emotions kept in English in check-ins said in
// German words.
func TestReadingsSpeakTheLanguage(t *testing.T) {
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	i18n.Use("de")
	if got, want := RangeWeek.String(), "Letzte Woche"; got != want {
		t.Errorf("the week's range is %q, want %q", got, want)
	}
	if got, want := FeltSafety(nil, insightsToday, RangeMonth).Reading, "Du hast noch nicht nachgespürt. Ab dem dritten Mal zeichnet sich ein Muster ab."; got != want {
		t.Errorf("felt safety reads %q, want %q", got, want)
	}
	if got, want := EmotionWord("anxious"), "ängstlich"; got != want {
		t.Errorf("anxious is %q, want %q", got, want)
	}
	if got, want := WritingActivity(nil, insightsToday).Reading, "Im letzten Jahr noch nichts geschrieben. Jeder Tag, an dem du schreibst, zeigt sich hier."; got != want {
		t.Errorf("the year's writing reads %q, want %q", got, want)
	}
}
