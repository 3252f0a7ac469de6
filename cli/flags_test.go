package cli

import (
	"bytes"
	"flag"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"tend/app"
)

func searchFlags() (*flag.FlagSet, *bool, *int) {
	fs := flag.NewFlagSet("search", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs, fs.Bool("json", false, ""), fs.Int("limit", 50, "")
}

func TestParseFlagsAnywhere(t *testing.T) {
	tests := []struct {
		args  []string
		json  bool
		limit int
		rest  []string
		err   bool
	}{
		{[]string{"#trust", "--limit", "1"}, false, 1, []string{"#trust"}, false},
		{[]string{"-json", "a", "--limit=3", "b"}, true, 3, []string{"a", "b"}, false},
		{[]string{"a", "--", "--limit", "-x"}, false, 50, []string{"a", "--limit", "-x"}, false},
		{[]string{"-", "a"}, false, 50, []string{"-", "a"}, false},
		{[]string{"--json=false", "x"}, false, 50, []string{"x"}, false},
		{[]string{"-fear"}, false, 50, nil, true},
		{[]string{"---json"}, false, 50, nil, true},
		{[]string{"a", "--limit"}, false, 50, nil, true},
		{[]string{"--limit", "many"}, false, 50, nil, true},
	}
	for _, tt := range tests {
		fs, asJSON, limit := searchFlags()
		err := parseFlags(fs, tt.args)
		if (err != nil) != tt.err {
			t.Errorf("%q: error %v, want error %v", tt.args, err, tt.err)
			continue
		}
		if err == nil && (*asJSON != tt.json || *limit != tt.limit || !slices.Equal(fs.Args(), tt.rest) && len(tt.rest)+fs.NArg() > 0) {
			t.Errorf("%q: json %v limit %d rest %q", tt.args, *asJSON, *limit, fs.Args())
		}
	}
}

func TestGlobalOptionsAfterTheCommand(t *testing.T) {
	var out, errb bytes.Buffer
	inv, code := ParseArgs([]string{"search", "trust", "--vault", "/tmp/j", "--limit", "2", "--password-file=/tmp/pw", "--", "--vault"}, &out, &errb)
	if inv == nil || code != 0 || inv.VaultDir != "/tmp/j" || inv.PasswordFile != "/tmp/pw" || inv.Command != "search" ||
		!slices.Equal(inv.Args, []string{"trust", "--limit", "2", "--", "--vault"}) {
		t.Fatalf("ParseArgs: %+v %d %q", inv, code, errb.String())
	}
	out.Reset()
	if inv, code := ParseArgs([]string{"show", "-h"}, &out, &errb); inv != nil || code != 0 || !strings.Contains(out.String(), "tend show 3f9a") {
		t.Fatalf("show -h: %d %q", code, out.String())
	}
	if inv, code := ParseArgs([]string{"list", "--vault"}, &out, &errb); inv != nil || code != 2 {
		t.Fatalf("--vault with no folder: %d", code)
	}
}

// FuzzParseFlags checks that whatever is typed, options are taken from
// anywhere before "--" and every other argument stays, in its order.
func FuzzParseFlags(f *testing.F) {
	for _, s := range []string{"#trust\x00--limit\x001", "-fear", "a\x00--\x00-b", "--json=true\x00-\x00x", "--limit", "---x", "--=", "-limit=-3\x00--json\x00--\x00--"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		args := strings.Split(s, "\x00")
		fs, _, _ := searchFlags()
		if err := parseFlags(fs, args); err != nil {
			return
		}
		// The arguments left are the words, in order: every argument after
		// "--", and before it each one that is not an option or an
		// option's value.
		var words []string
		for i := 0; i < len(args); i++ {
			a := args[i]
			if a == "--" {
				words = append(words, args[i+1:]...)
				break
			}
			if !isOption(a) {
				words = append(words, a)
				continue
			}
			if name, hasValue := optionName(a); name == "limit" && !hasValue {
				i++
			}
		}
		if !slices.Equal(words, fs.Args()) && len(words)+fs.NArg() > 0 {
			t.Errorf("%q left %q, want %q", args, fs.Args(), words)
		}
		var out, errb bytes.Buffer
		ParseArgs(args, &out, &errb) // never panics
	})
}

// TestFlagErrorsSpeakTheLanguage gives a count and a switch values they
// cannot take, in German: the command line says so in German, naming the
// option as it was typed, where the flag package would say it in English.
func TestFlagErrorsSpeakTheLanguage(t *testing.T) {
	inLocale(t, "", "", "de_DE.UTF-8")
	e := newCLIEnv(t)
	for args, want := range map[string]string{
		"list --limit zehn":      "tend list: --limit erwartet eine ganze Zahl, nicht „zehn“.",
		"search --limit=viele x": "tend search: --limit erwartet eine ganze Zahl, nicht „viele“.",
		"list --json=vielleicht": "tend list: --json ist an oder aus: gib es allein an oder als --json=true oder --json=false, nicht „vielleicht“.",
		"--help=vielleicht list": "tend: --help ist an oder aus",
		"search x --json=nein":   "tend search: --json ist an oder aus",
	} {
		code, _, errs := e.run("", strings.Fields(args)...)
		if code != app.ExitUsage || !strings.Contains(errs, want) || strings.Contains(errs, "invalid") {
			t.Errorf("%s: %d %q, want %q", args, code, errs, want)
		}
	}
}

// TestTypedMistakesSpeakTheLanguage gives the command line a kind, a day, a
// time, a journal's name and a recovery key it cannot take, in German:
// each is refused in German.
func TestTypedMistakesSpeakTheLanguage(t *testing.T) {
	inLocale(t, "", "", "de_DE.UTF-8")
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatalf("init: %s", errs)
	}
	for args, want := range map[string]string{
		"add --kind fisch":      "tend add: „fisch“ ist keine Art von Eintrag; möglich sind free, ",
		"add --date 2026-13-01": "tend add: „2026-13-01“ ist kein Datum wie 2024-03-31.",
		"list --kind fisch":     "tend list: „fisch“ ist keine Art von Eintrag",
	} {
		code, _, errs := e.run("words", strings.Fields(args)...)
		if code == app.ExitOK || !strings.Contains(errs, want) {
			t.Errorf("%s: %d %q, want %q", args, code, errs, want)
		}
	}
	if code, _, errs := e.run("", "journals", "add", "Persönlich"); code != app.ExitOK {
		t.Fatalf("journals add: %d %q", code, errs)
	}
	if code, _, errs := e.run("", "journals", "add", "Persönlich"); code == app.ExitOK || !strings.Contains(errs, "Ein anderes Tagebuch hat schon diesen Namen.") {
		t.Errorf("a journal's name taken twice: %d %q", code, errs)
	}
	rk := filepath.Join(t.TempDir(), "mistyped")
	if err := os.WriteFile(rk, []byte("ABCD-EFGH\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if code, _, errs := e.run("", "recover", "--recovery-key-file", rk); code == app.ExitOK || !strings.Contains(errs, "Ein Wiederherstellungsschlüssel hat 36 Buchstaben und Ziffern; dieser hat 8.") {
		t.Errorf("a recovery key too short: %d %q", code, errs)
	}
}
