package insights

import "tend/internal/i18n"

// EmotionWord says an emotion named in a check-in in the language in use.
// Check-ins keep the English word, whatever the language they were written
// in, so that they count alike; a word Tend does not offer is said as it
// was kept.
func EmotionWord(e string) string {
	words := map[string]string{
		"anxious": i18n.L("anxious"), "insecure": i18n.L("insecure"), "jealous": i18n.L("jealous"),
		"calm": i18n.L("calm"), "safe": i18n.L("safe"), "hopeful": i18n.L("hopeful"), "hurt": i18n.L("hurt"),
		"angry": i18n.L("angry"), "lonely": i18n.L("lonely"), "numb": i18n.L("numb"),
	}
	if w, ok := words[e]; ok {
		return w
	}
	return e
}
