package ui

import (
	"testing"
	"time"

	"tend/assets"
	"tend/internal/i18n"
	"tend/journal"
)

// speakEnglishAfter puts the window's language back for the tests after.
func speakEnglishAfter(t *testing.T) {
	t.Helper()
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
}

// TestChoosingALanguageSpeaksItAtOnce chooses Spanish, then German, then
// the system's (English here) in Settings, and finds the sidebar, the
// guided paths and the support page in each at once, without a restart,
// and the choice kept in the preferences.
func TestChoosingALanguageSpeaksItAtOnce(t *testing.T) {
	speakEnglishAfter(t)
	u, _ := newUnlockedUI(t)
	u.showSection(secSettings)
	cases := []struct{ choice, lang, today, heading string }{
		{"Español", "es", "Hoy", "Ajustes"},
		{"Deutsch", "de", "Heute", "Einstellungen"},
	}
	for _, c := range cases {
		u.shell.settings.language.SetSelected(c.choice)
		if got := u.settings.Language(); got != c.lang {
			t.Fatalf("after choosing %s the preferences keep %q", c.choice, got)
		}
		if got := u.shell.nav[secToday].Text; got != c.today {
			t.Errorf("in %s the sidebar says %q for Today, want %q", c.choice, got, c.today)
		}
		if u.shell.current != secSettings {
			t.Errorf("after choosing %s the window shows %s, not Settings", c.choice, u.shell.current)
		}
		want, _ := assets.PathsFor(c.lang)
		if got := u.shell.paths.paths[0].Title; got != want[0].Title {
			t.Errorf("in %s the first guided path is %q, want %q", c.choice, got, want[0].Title)
		}
		if got := u.shell.settings.language.Selected; got != c.choice {
			t.Errorf("Settings shows %q as the language chosen, want %s", got, c.choice)
		}
	}
	u.shell.settings.language.SetSelected(languageChoices()[0].label)
	if got := u.settings.Language(); got != i18n.System {
		t.Fatalf("the system's language is kept as %q", got)
	}
	if got := u.shell.nav[secToday].Text; got != "Today" {
		t.Errorf("back on the system's language (English) the sidebar says %q", got)
	}
}

// TestTheSystemLanguageIsTheDefault opens Tend on a German system with no
// language chosen, and finds it speaking German.
func TestTheSystemLanguageIsTheDefault(t *testing.T) {
	speakEnglishAfter(t)
	t.Setenv("LC_ALL", "de_DE.UTF-8")
	u, _ := newUnlockedUI(t)
	if got := u.shell.nav[secSettings].Text; got != "Einstellungen" {
		t.Errorf("on a German system the sidebar says %q for Settings", got)
	}
}

// TestTodayInSpanishAndGerman finds Today's date with the language's own
// names and order, and the check-in's feelings in its words.
func TestTodayInSpanishAndGerman(t *testing.T) {
	speakEnglishAfter(t)
	u, _ := newUnlockedUI(t)
	u.now = func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) }
	cases := []struct{ lang, date, greeting, chip string }{
		{"es", "Lunes, 23 de noviembre de 2026", "Buenos días.", "ansiedad"},
		{"de", "Montag, 23. November 2026", "Guten Morgen.", "ängstlich"},
	}
	for _, c := range cases {
		u.settings.SetLanguage(c.lang)
		u.speak(c.lang)
		u.showSection(secToday)
		s := u.shell.today
		if s.date.Text != c.date || s.greeting.Text != c.greeting {
			t.Errorf("%s: Today says %q, %q; want %q, %q", c.lang, s.greeting.Text, s.date.Text, c.greeting, c.date)
		}
		if got := s.chips["anxious"].Text; got != c.chip {
			t.Errorf("%s: the check-in offers %q for anxious, want %q", c.lang, got, c.chip)
		}
	}
}

// TestJournalInGerman finds the calendar's month and an entry's line of
// facts in German, the count of words a real plural.
func TestJournalInGerman(t *testing.T) {
	speakEnglishAfter(t)
	u, _ := newUnlockedUI(t)
	u.now = func() time.Time { return time.Date(2026, 3, 23, 9, 0, 0, 0, time.UTC) }
	u.settings.SetLanguage("de")
	u.speak("de")
	u.showSection(secJournal)
	if got := u.shell.timeline.cal.title.Text; got != "März 2026" {
		t.Errorf("the calendar's month is %q, want März 2026", got)
	}
	for words, want := range map[int]string{0: "noch keine Wörter", 1: "1 Wort", 2: "2 Wörter"} {
		if got := entryMeta(&journal.Entry{Kind: journal.KindFree, Words: words}, time.UTC); got != want {
			t.Errorf("an entry of %d words says %q, want %q", words, got, want)
		}
	}
}

// TestADateTypedInTheLanguageIsRead goes to dates typed as Spanish and
// German write them, as the dialog's example shows them.
func TestADateTypedInTheLanguageIsRead(t *testing.T) {
	speakEnglishAfter(t)
	want := journal.Date{Year: 2026, Month: 3, Day: 23}
	for lang, typed := range map[string]string{"es": "23 de marzo de 2026", "de": "23. März 2026", "en": "23 March 2026"} {
		i18n.Use(lang)
		if got, ok := parseTypedDate(typed); !ok || got != want {
			t.Errorf("%s: %q reads as %v, %v", lang, typed, got, ok)
		}
		if typed != i18n.Date(want.Time(), "2 January 2006") {
			t.Errorf("%s: the example would show %q", lang, i18n.Date(want.Time(), "2 January 2006"))
		}
	}
}
