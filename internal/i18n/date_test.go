package i18n

import (
	"testing"
	"time"

	"tend/assets"
)

func TestDateSaysNamesInTheLanguage(t *testing.T) {
	t.Cleanup(func() { Use(assets.DefaultLanguage) })
	d := time.Date(2026, time.May, 4, 9, 5, 0, 0, time.UTC)
	cases := []struct{ lang, layout, want string }{
		{"en", "Monday, 2 January 2006", "Monday, 4 May 2026"},
		{"en", "Mon 2 Jan 2006, 15:04", "Mon 4 May 2026, 09:05"},
		{"es", "Monday, 2 January 2006", "Lunes, 4 de mayo de 2026"},
		{"es", "2 January", "4 de mayo"},
		{"es", "Mon 2 Jan", "Lun 4 may"},
		{"de", "Monday, 2 January 2006", "Montag, 4. Mai 2026"},
		{"de", "Mon 2 Jan 2006, 15:04", "Mo., 4. Mai 2026, 09:05"},
		{"de", "January 2006", "Mai 2026"},
	}
	for _, c := range cases {
		Use(c.lang)
		if got := Capital(Date(d, c.layout)); got != c.want {
			t.Errorf("%s %q: got %q, want %q", c.lang, c.layout, got, c.want)
		}
	}
}

func TestUseFallsBackToEnglish(t *testing.T) {
	t.Cleanup(func() { Use(assets.DefaultLanguage) })
	if got := Use("fr"); got != "en" {
		t.Errorf("Use(fr) = %q, want en", got)
	}
	t.Setenv("LC_ALL", "de_AT.UTF-8")
	if got := Use(System); got != "de" {
		t.Errorf("with LC_ALL=de_AT the system language is %q, want de", got)
	}
	if got := L("a message nobody wrote"); got != "a message nobody wrote" {
		t.Errorf("a key with no message says %q, want its English text", got)
	}
}

// TestWeekStartsWhereThePersonLives checks the first day of the week for a
// system locale's region, and Monday when it names none.
func TestWeekStartsWhereThePersonLives(t *testing.T) {
	for locale, want := range map[string]time.Weekday{
		"en-US": time.Sunday,
		"en-GB": time.Monday,
		"en-CA": time.Sunday,
		"de-DE": time.Monday,
		"de-AT": time.Monday,
		"es-ES": time.Monday,
		"es-MX": time.Sunday,
		"es-AR": time.Monday,
		"pt-BR": time.Sunday,
		"ar-EG": time.Saturday,
		"en":    time.Monday,
		"de":    time.Monday,
		"und":   time.Monday,
	} {
		if got := weekStartOf(locale); got != want {
			t.Errorf("in %s the week starts on %s, want %s", locale, got, want)
		}
	}
	// The messages' languages (LANGUAGE) do not move the calendar; the
	// locale dates are written in does, in the C library's order.
	t.Setenv("LANGUAGE", "en_GB:en")
	t.Setenv("LC_ALL", "")
	t.Setenv("LANG", "de_DE.UTF-8")
	t.Setenv("LC_TIME", "en_US.UTF-8")
	if got := FirstWeekday(); got != time.Sunday {
		t.Errorf("with LC_TIME=en_US.UTF-8 the week starts on %s", got)
	}
	t.Setenv("LC_ALL", "de_DE.UTF-8@euro")
	if got := FirstWeekday(); got != time.Monday {
		t.Errorf("with LC_ALL=de_DE.UTF-8@euro the week starts on %s", got)
	}
	t.Setenv("LC_ALL", "C")
	if got := FirstWeekday(); got != time.Monday {
		t.Errorf("in the C locale the week starts on %s", got)
	}
}
