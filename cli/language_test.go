package cli

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
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

// TestCLICommandsSpeakTheLanguageOfTheEnvironment makes a journal, adds to
// it, lists and refuses in German and Spanish, and checks the words a
// person reads, counts in their plural forms included, while what a
// script reads (ids, --json keys) stays the same.
func TestCLICommandsSpeakTheLanguageOfTheEnvironment(t *testing.T) {
	for _, tc := range []struct {
		lang                                      string
		ready, future, noWords, one, two, starred string
		wrongPassword, unknownOption              string
	}{
		{
			lang: "de_DE.UTF-8", ready: "Dein Tagebuch ist bereit in ",
			future:  "tend add: Der 2099-01-01 liegt in der Zukunft, darum wurde nichts gespeichert. Wenn du diesen Tag meinst, füg --yes hinzu.",
			noWords: "tend add: Der Eintrag ist leer, darum wurde nichts gespeichert.",
			one:     "Journal  1 Eintrag\n", two: "Journal  2 Einträge\n",
			starred:       "„Ein kleiner Schritt“ ist gemerkt. „tend list --starred“ findet den Eintrag.",
			wrongPassword: "tend: Dieses Passwort öffnet dieses Tagebuch nicht. Nichts wurde geändert.",
			unknownOption: "tend list: --colour ist keine Option von list.\nAufruf: tend list [--json]",
		},
		{
			lang: "es_ES.UTF-8", ready: "Tu diario está listo en ",
			future:  "tend add: El 2099-01-01 está en el futuro, así que no se ha guardado nada. Si es el día que quieres, añade --yes.",
			noWords: "tend add: La entrada no tiene palabras, así que no se ha guardado nada.",
			one:     "Journal  1 entrada\n", two: "Journal  2 entradas\n",
			starred:       "«Ein kleiner Schritt» tiene estrella. 'tend list --starred' la encuentra.",
			wrongPassword: "tend: Esa contraseña no abre este diario. No se ha cambiado nada.",
			unknownOption: "tend list: --colour no es una opción de list.\nUso: tend list [--json]",
		},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, tc.lang)
			e := newCLIEnv(t)
			must := func(stdin string, args ...string) string {
				t.Helper()
				code, out, errs := e.run(stdin, args...)
				if code != app.ExitOK {
					t.Fatalf("%v: %d %s %s", args, code, out, errs)
				}
				return out
			}
			refused := func(want int, stdin string, args ...string) string {
				t.Helper()
				code, out, errs := e.run(stdin, args...)
				if code != want || out != "" {
					t.Fatalf("%v: %d %q %s, want status %d and nothing on standard output", args, code, out, errs, want)
				}
				return errs
			}
			wantAll(t, "init", must("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")), tc.ready)
			wantAll(t, "a day in the future", refused(app.ExitUsage, "x", "add", "--date", "2099-01-01"), tc.future)
			wantAll(t, "an entry with no words", refused(app.ExitUsage, "\n", "add"), tc.noWords, `echo "..." | tend add`)
			id := strings.TrimSpace(must("Heute habe ich mich sicher gefühlt.", "add", "--title", "Ein kleiner Schritt", "--tag", "vertrauen"))
			if len(id) != 32 {
				t.Fatalf("add printed %q, not the new entry's id", id)
			}
			if out := must("", "journals"); out != tc.one {
				t.Errorf("journals with one entry: %q, want %q", out, tc.one)
			}
			must("Noch ein Tag.", "add")
			if out := must("", "journals"); out != tc.two {
				t.Errorf("journals with two entries: %q, want %q", out, tc.two)
			}
			wantAll(t, "star", must("", "star", id[:6]), tc.starred)
			wantAll(t, "list", must("", "list", "--starred"), id+"  ", "  Ein kleiner Schritt  #vertrauen\n")
			wantAll(t, "an option list does not have", refused(app.ExitUsage, "", "list", "--colour"), tc.unknownOption)

			var list []map[string]any
			if err := json.Unmarshal([]byte(must("", "list", "--json")), &list); err != nil || len(list) != 2 {
				t.Fatalf("list --json: %v %v", list, err)
			}
			for _, key := range []string{"id", "date", "written", "title", "tags", "kind", "mood", "starred"} {
				if _, ok := list[1][key]; !ok {
					t.Errorf("list --json has no %q in %s: %v", key, tc.lang, list[1])
				}
			}

			if err := os.WriteFile(e.pwFile, []byte("not the password\n"), 0o600); err != nil {
				t.Fatal(err)
			}
			wantAll(t, "a wrong password", refused(app.ExitWrongPassword, "", "list"), tc.wrongPassword)
		})
	}
}

// askTTY answers a visible question and keeps what was asked.
type askTTY struct {
	fakeTTY
	answer string
	asked  []string
}

func (a *askTTY) ReadLine(prompt string) (string, error) {
	a.asked = append(a.asked, prompt)
	return a.answer, nil
}

// TestCLIImportAsksInTheLanguageOfTheEnvironment: the preview, the
// question and its answer are the person's language's, and that
// language's yes is a yes.
func TestCLIImportAsksInTheLanguageOfTheEnvironment(t *testing.T) {
	for _, tc := range []struct {
		lang, yes, found, question, done string
	}{
		{"de_DE.UTF-8", "j", "2 Einträge gefunden, vom 2023-11-02 bis zum 2023-11-04.\n", "2 Einträge in dein Tagebuch importieren? [j/N] ", "2 neue Einträge importiert.\n"},
		{"es_ES.UTF-8", "sí", "Se han encontrado 2 entradas, del 2023-11-02 al 2023-11-04.\n", "¿Importar 2 entradas a tu diario? [s/N] ", "Se han importado 2 entradas nuevas.\n"},
	} {
		t.Run(tc.lang, func(t *testing.T) {
			inLanguage(t, tc.lang)
			e := newCLIEnv(t)
			newJournal(t, e)
			tty := &askTTY{answer: tc.yes}
			code, out, errs := e.runWith(tty, "", "import", "--from", "jrnl", filepath.Join("..", "plain", "testdata", "import", "jrnl.json"))
			if code != app.ExitOK {
				t.Fatalf("import: %d %s %s", code, out, errs)
			}
			wantAll(t, "import", out, tc.found, tc.done)
			if len(tty.asked) != 1 || tty.asked[0] != tc.question {
				t.Errorf("import asked %q, want %q", tty.asked, tc.question)
			}
		})
	}
}
