package cli

import (
	"encoding/json"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"tend/app"
	"tend/assets"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// inLocale sets the locale variables for one test, unsetting the others so
// that the machine's own locale does not decide. The tests after it speak
// English again.
func inLocale(t *testing.T, lcAll, lcMessages, lang string) {
	t.Helper()
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	t.Setenv("LC_ALL", lcAll)
	t.Setenv("LC_MESSAGES", lcMessages)
	t.Setenv("LANG", lang)
}

func TestCLIPathsNeedsNoVaultOrPassword(t *testing.T) {
	inLocale(t, "", "", "C.UTF-8")
	e := newCLIEnv(t)
	e.pwFile = filepath.Join(t.TempDir(), "no-such-file")
	code, out, errs := e.run("", "paths")
	if code != app.ExitOK || errs != "" {
		t.Fatalf("paths: %d %q", code, errs)
	}
	ps, err := assets.Paths()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range ps {
		if !strings.Contains(out, p.Title+"  ("+p.ID+")\n") {
			t.Errorf("paths does not list %q", p.Title)
		}
		for _, s := range p.Steps {
			if !strings.Contains(out, ". "+s.Prompt+"\n") {
				t.Errorf("paths does not list %s", s.ID)
			}
		}
	}
	if !strings.Contains(out, "  1. "+ps[0].Steps[0].Prompt) || !strings.Contains(out, " 10. ") {
		t.Errorf("the prompts are not numbered:\n%s", out)
	}
	if ok, _ := vault.Exists(e.dir); ok {
		t.Error("paths created a vault")
	}
}

func TestCLIPathsJSON(t *testing.T) {
	inLocale(t, "", "", "")
	e := newCLIEnv(t)
	code, out, errs := e.run("", "paths", "--json")
	if code != app.ExitOK {
		t.Fatalf("paths --json: %d %q", code, errs)
	}
	var raw []map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &raw); err != nil || len(raw) != 7 {
		t.Fatalf("paths --json: %v %d\n%s", err, len(raw), out)
	}
	for _, p := range raw {
		if len(p) != 3 || p["id"] == nil || p["title"] == nil || p["steps"] == nil {
			t.Errorf("a path has the fields %v, want id, title, steps", keys(p))
		}
	}
	var got []struct {
		ID, Title string
		Steps     []map[string]string
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	if got[0].ID != "acceptance" || got[0].Title != "Acceptance and self-compassion" || got[6].ID != "after-betrayal" {
		t.Errorf("paths: %s %q ... %s", got[0].ID, got[0].Title, got[6].ID)
	}
	want, _ := assets.PathByID("inner-child")
	if got[2].ID != want.ID || len(got[2].Steps) != len(want.Steps) {
		t.Fatalf("inner-child: %d steps, want %d", len(got[2].Steps), len(want.Steps))
	}
	for i, s := range got[2].Steps {
		w := want.Steps[i]
		if len(s) != 3 || s["id"] != w.ID || s["prompt"] != w.Prompt || s["why"] != w.Why {
			t.Errorf("step %d: %v", i, s)
		}
	}
	if code, _, _ := e.run("", "paths", "extra"); code != app.ExitUsage {
		t.Error("paths accepted an argument")
	}
}

// tend paths speaks the language of the locale, read as POSIX does, with
// the same ids in every language so that entries stay with their steps.
func TestCLIPathsSpeaksTheLocalesLanguage(t *testing.T) {
	e := newCLIEnv(t)
	for _, tc := range []struct {
		name                    string
		lcAll, lcMessages, lang string
		want                    string
	}{
		{"LANG", "", "", "de_DE.UTF-8", "de"},
		{"LANG as a tag", "", "", "de-AT", "de"},
		{"LC_MESSAGES before LANG", "", "es_MX.UTF-8", "de_DE.UTF-8", "es"},
		{"LC_ALL before the rest", "es_ES.UTF-8", "de_DE.UTF-8", "de_DE.UTF-8", "es"},
		{"LC_ALL=C", "C", "", "de_DE.UTF-8", "en"},
		{"POSIX", "", "POSIX", "es_ES.UTF-8", "en"},
		{"a language Tend lacks", "", "", "fr_FR.UTF-8", "en"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			inLocale(t, tc.lcAll, tc.lcMessages, tc.lang)
			want, err := assets.PathsFor(tc.want)
			if err != nil {
				t.Fatal(err)
			}
			code, out, errs := e.run("", "paths")
			if code != app.ExitOK || errs != "" {
				t.Fatalf("paths: %d %q", code, errs)
			}
			for _, p := range want {
				if !strings.Contains(out, p.Title+"  ("+p.ID+")\n") {
					t.Errorf("paths does not list %q", p.Title)
				}
				for _, s := range p.Steps {
					if !strings.Contains(out, ". "+s.Prompt+"\n") {
						t.Errorf("paths does not list %s in %s", s.ID, tc.want)
					}
				}
			}

			code, out, errs = e.run("", "paths", "--json")
			if code != app.ExitOK {
				t.Fatalf("paths --json: %d %q", code, errs)
			}
			var got []struct {
				ID, Title string
				Steps     []map[string]string
			}
			if err := json.Unmarshal([]byte(out), &got); err != nil || len(got) != len(want) {
				t.Fatalf("paths --json: %v, %d paths", err, len(got))
			}
			for i, p := range got {
				if p.ID != want[i].ID || p.Title != want[i].Title || len(p.Steps) != len(want[i].Steps) {
					t.Errorf("path %d: %s %q, want %s %q", i, p.ID, p.Title, want[i].ID, want[i].Title)
					continue
				}
				for j, s := range p.Steps {
					w := want[i].Steps[j]
					if s["id"] != w.ID || s["prompt"] != w.Prompt || s["why"] != w.Why {
						t.Errorf("%s: %v", w.ID, s)
					}
				}
			}
		})
	}
	// The titles differ by language; the ids do not.
	inLocale(t, "", "", "de_DE.UTF-8")
	_, de, _ := e.run("", "paths", "--json")
	inLocale(t, "", "", "es_ES.UTF-8")
	_, es, _ := e.run("", "paths", "--json")
	if !strings.Contains(de, `"Worte und Taten"`) || !strings.Contains(es, `"Palabras y hechos"`) {
		t.Error("the German or Spanish titles are missing")
	}
	ids := regexp.MustCompile(`"id": *"[a-z0-9-]+"`)
	if a, b := ids.FindAllString(de, -1), ids.FindAllString(es, -1); len(a) < 70 || !slices.Equal(a, b) {
		t.Errorf("the ids differ between German and Spanish: %d and %d", len(a), len(b))
	}
}

func keys(m map[string]json.RawMessage) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// answer saves an entry answering a step, started at the given time.
func answer(t *testing.T, v *vault.Vault, path, step string, created time.Time) *journal.Entry {
	t.Helper()
	e := &journal.Entry{
		Kind: journal.KindPrompted, Created: created, Date: journal.DateOf(created), Body: "an answer",
		Prompt: &journal.PromptRef{Path: path, Step: step},
	}
	if err := v.Put(e); err != nil {
		t.Fatal(err)
	}
	return e
}

func TestCLIPrompt(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "prompt"); code != app.ExitError || !strings.Contains(errs, "no journal") {
		t.Fatalf("prompt without a journal: %d %q", code, errs)
	}
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatal(errs)
	}
	acc, _ := assets.PathByID("acceptance")
	origins, _ := assets.PathByID("origins")
	therapy, _ := assets.PathByID("therapy")
	prompt := func(args ...string) string {
		t.Helper()
		code, out, errs := e.run("", append([]string{"prompt"}, args...)...)
		if code != app.ExitOK {
			t.Fatalf("prompt %v: %d %q", args, code, errs)
		}
		return out
	}
	expect := func(out string, p assets.Path, i int) {
		t.Helper()
		s := p.Steps[i]
		want := p.Title + " · step " + strconv.Itoa(i+1) + " of " + strconv.Itoa(len(p.Steps)) + "\n\n" + s.Prompt + "\n\nWhy this helps: " + s.Why + "\n"
		if !strings.HasPrefix(out, want) {
			t.Fatalf("got\n%s\nwant it to start with\n%s", out, want)
		}
	}

	// Nothing chosen: no step, and the way to choose one.
	if out := prompt(); !strings.Contains(out, "not chosen a path") || strings.Contains(out, "step 1") {
		t.Fatalf("with no path chosen, prompt says %q", out)
	}
	expect(prompt("--path", "origins"), origins, 0)

	v, err := vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now()
	answer(t, v, "acceptance", "acceptance-01", now.AddDate(0, 0, -3))
	trashed := answer(t, v, "acceptance", "acceptance-02", now.AddDate(0, 0, -2))
	if err := v.Delete(trashed.ID); err != nil {
		t.Fatal(err)
	}
	if err := v.SetPrefs(journal.Prefs{Paths: []string{"acceptance"}}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	// A step answered days ago is done; one whose answer is in the trash is not.
	expect(prompt(), acc, 1)

	v, err = vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	answer(t, v, "acceptance", "acceptance-02", now)
	if err := v.SetPrefs(journal.Prefs{Paths: []string{"therapy", "acceptance"}}); err != nil {
		t.Fatal(err)
	}
	v.Close()
	// A step was started today: it is shown again, marked done, even though
	// the person now follows another path first. No second new step today.
	out := prompt()
	expect(out, acc, 1)
	if !strings.Contains(out, "already written to today's step") {
		t.Fatalf("today's answered step is not marked done: %q", out)
	}
	if prompt() != out {
		t.Fatal("asking twice in a day gave a different answer")
	}
	// Asking for a path by name is not held back by another path's step.
	expect(prompt("--path", "therapy"), therapy, 0)

	if code, _, errs := e.run("", "prompt", "--path", "nowhere"); code != app.ExitUsage || !strings.Contains(errs, "after-betrayal") {
		t.Fatalf("unknown path: %d %q", code, errs)
	}
	if code, _, _ := e.run("", "prompt", "extra"); code != app.ExitUsage {
		t.Fatal("prompt accepted an argument")
	}
}

func TestCLIPromptHeavyStepAndTheEnd(t *testing.T) {
	e := newCLIEnv(t)
	if code, _, errs := e.run("", "init", "--recovery-key-file", filepath.Join(t.TempDir(), "rk")); code != app.ExitOK {
		t.Fatal(errs)
	}
	origins, _ := assets.PathByID("origins")
	heavy := -1
	for i, s := range origins.Steps {
		if s.Heavy {
			heavy = i
			break
		}
	}
	if heavy < 1 {
		t.Fatalf("origins has no heavy step after the first (%d)", heavy)
	}
	v, err := vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	long := time.Now().AddDate(0, -1, 0)
	for _, s := range origins.Steps[:heavy] {
		answer(t, v, "origins", s.ID, long)
	}
	v.Close()
	code, out, errs := e.run("", "prompt", "--path", "origins")
	if code != app.ExitOK || !strings.Contains(out, origins.Steps[heavy].Prompt) || !strings.Contains(out, "breathe in for four") {
		t.Fatalf("heavy step: %d %q %q", code, out, errs)
	}

	v, err = vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range origins.Steps[heavy:] {
		answer(t, v, "origins", s.ID, long)
	}
	v.Close()
	code, out, _ = e.run("", "prompt", "--path", "origins")
	if code != app.ExitOK || !strings.Contains(out, "every step") {
		t.Fatalf("a finished path: %d %q", code, out)
	}
}
