package cli

import (
	"bytes"
	"strings"
	"testing"

	"tend/app"
	"tend/assets"
	"tend/internal/i18n"
)

// inLanguage runs one test in the locale lang names, as a person's terminal
// would, and leaves the messages in English after it.
func inLanguage(t *testing.T, lang string) {
	t.Helper()
	inLocale(t, "", "", lang)
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
}

// help runs 'tend help ARGS' and returns what it printed.
func help(t *testing.T, args ...string) string {
	t.Helper()
	var out, errb bytes.Buffer
	inv, code := ParseArgs(append([]string{"help"}, args...), &out, &errb)
	if inv != nil || code != app.ExitOK || errb.Len() > 0 {
		t.Fatalf("help %v: %d %q", args, code, errb.String())
	}
	return out.String()
}

// wantAll fails for each of want that out does not say.
func wantAll(t *testing.T, what, out string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(out, w) {
			t.Errorf("%s does not say %q:\n%s", what, w, out)
		}
	}
}

func TestCLIHelpSpeaksTheLanguageOfTheEnvironment(t *testing.T) {
	for _, tc := range []struct {
		lang      string
		overview  []string
		aboutAdd  []string
		aboutList []string
	}{
		{
			"de_DE.UTF-8",
			[]string{"Tend ist ein privates, verschlüsseltes Tagebuch.", "Befehle:\n  init      legt ein neues Tagebuch an", "  list      listet die Einträge auf, die neuesten zuerst\n", "Optionen:\n  --vault DIR ", "Exit-Status: 0 erledigt"},
			[]string{"Aufruf: tend [--vault DIR] add [--title T] [--tag T]...", "Fügt einen Eintrag hinzu.", "Beispiel:\n  echo ", "| tend add --title \"Sonntag\" --tag spaziergang\n"},
			[]string{"--starred listet nur die gemerkten", "  tend list --starred\n"},
		},
		{
			"es_ES.UTF-8",
			[]string{"Tend es un diario privado y cifrado.", "Órdenes:\n  init      crea un diario nuevo", "  list      lista las entradas, las más nuevas primero\n", "Opciones:\n  --vault DIR ", "Estado de salida: 0 hecho"},
			[]string{"Uso: tend [--vault DIR] add [--title T] [--tag T]...", "Añade una entrada.", "Ejemplo:\n  echo ", "| tend add --title \"Domingo\" --tag paseos\n"},
			[]string{"--starred lista solo las entradas con estrella", "  tend list --starred\n"},
		},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, tc.lang)
			wantAll(t, "tend help", help(t), tc.overview...)
			wantAll(t, "tend help add", help(t, "add"), tc.aboutAdd...)
			wantAll(t, "tend help list", help(t, "list"), tc.aboutList...)
		})
	}
}

// TestCLIEnglishWhateverTheLanguageWas: each run reads the environment
// afresh, so a run in English after one in German is in English.
func TestCLIEnglishWhateverTheLanguageWas(t *testing.T) {
	inLanguage(t, "de_DE.UTF-8")
	help(t)
	inLocale(t, "", "", "en_GB.UTF-8")
	wantAll(t, "tend help", help(t), "Tend is a private, encrypted journal.", "Commands:\n")
	inLocale(t, "es_ES.UTF-8", "", "de_DE.UTF-8")
	wantAll(t, "tend help with LC_ALL", help(t), "Tend es un diario privado y cifrado.")
}
