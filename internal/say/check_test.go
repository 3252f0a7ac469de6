package say_test

import (
	"testing"
	"time"

	"tend/app"
	"tend/assets"
	"tend/internal/i18n"
	"tend/internal/say"
)

// TestARescueEndIsSaidOfTheRescue says how a rescue in a child process
// ended, in Spanish and German: of the rescue, where it was said of the
// check.
func TestARescueEndIsSaidOfTheRescue(t *testing.T) {
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	for lang, want := range map[string][]string{
		"es": {"el rescate no llegó a terminar. El rescate terminó con el código 2.", "El rescate no había terminado al cabo de 30 minutos.", "El rescate se cortó de forma inesperada: killed"},
		"de": {"die Rettung kam nicht zu Ende. Die Rettung endete mit dem Code 2.", "Die Rettung war nach 30 Minuten noch nicht fertig.", "Die Rettung ist unerwartet abgebrochen: killed"},
	} {
		i18n.Use(lang)
		got, _ := say.Problem(&app.RescueError{Ended: &app.ChildEnd{Status: 2, Rescue: true}})
		if got != want[0] {
			t.Errorf("%s: a rescue that ended with an error is said %q, want %q", lang, got, want[0])
		}
		for i, end := range []app.ChildEnd{{Timeout: 30 * time.Minute, Rescue: true}, {Abnormal: "killed", Rescue: true}} {
			if got := say.ChildEnd(end); got != want[i+1] {
				t.Errorf("%s: %+v is said %q, want %q", lang, end, got, want[i+1])
			}
		}
	}
}
