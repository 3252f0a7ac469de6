package assets

import (
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"tend/journal"
)

// wantPaths is the fixed list of paths and titles, one per practice in
// DESIGN.md, in the order they are offered.
var wantPaths = []struct{ id, title string }{
	{"acceptance", "Acceptance and self-compassion"},
	{"origins", "Where it began"},
	{"inner-child", "Your inner child"},
	{"therapy", "Preparing for therapy"},
	{"saying", "Saying what you feel and need"},
	{"words-actions", "Words and actions"},
	{"after-betrayal", "After a betrayal"},
}

// Words we never want to say to someone who is hurting: blaming,
// dismissing, or clinical.
var neverSay = []string{
	"should have", "shouldn't have", "your fault", "overreact", "crazy", "paranoid",
	"just get over", "get over it", "too sensitive", "needy", "dramatic", "hysterical",
	"obsess", "disorder", "symptom", "patholog", "dysfunction", "diagnos", "calm down",
}

const maxPromptChars = 280

func mustPaths(t *testing.T) []Path {
	t.Helper()
	ps, err := Paths()
	if err != nil {
		t.Fatal(err)
	}
	return ps
}

func TestPathsAreTheSevenPracticesInOrder(t *testing.T) {
	ps := mustPaths(t)
	if len(ps) != len(wantPaths) {
		t.Fatalf("%d paths, want %d", len(ps), len(wantPaths))
	}
	for i, w := range wantPaths {
		if ps[i].ID != w.id || ps[i].Title != w.title {
			t.Errorf("path %d is %q %q, want %q %q", i, ps[i].ID, ps[i].Title, w.id, w.title)
		}
		p, ok := PathByID(w.id)
		if !ok || p.ID != w.id || len(p.Steps) != len(ps[i].Steps) {
			t.Errorf("PathByID(%q) = %v, %v", w.id, p.ID, ok)
		}
	}
	if _, ok := PathByID("no-such-path"); ok {
		t.Error("PathByID found a path that does not exist")
	}
}

func TestPathsContent(t *testing.T) {
	ps := mustPaths(t)
	kinds := map[string]bool{}
	for _, k := range journal.Kinds {
		kinds[string(k)] = true
	}
	ids := map[string]bool{}
	prompts := map[string]string{}
	total := 0
	for _, p := range ps {
		if n := sentences(p.Intro); n < 2 || n > 4 {
			t.Errorf("%s: the intro should be two to four sentences: %q", p.ID, p.Intro)
		}
		if len(p.Steps) < MinSteps {
			t.Errorf("%s has %d steps, want at least %d", p.ID, len(p.Steps), MinSteps)
		}
		stepID := regexp.MustCompile(`^` + regexp.QuoteMeta(p.ID) + `-[0-9]{2,}$`)
		for i, s := range p.Steps {
			total++
			if !stepID.MatchString(s.ID) || ids[s.ID] {
				t.Errorf("%s step %d: id %q is malformed or repeated", p.ID, i+1, s.ID)
			}
			ids[s.ID] = true
			if strings.TrimSpace(s.Prompt) == "" || strings.TrimSpace(s.Why) == "" {
				t.Errorf("%s: prompt or why is empty", s.ID)
			}
			if other, ok := prompts[s.Prompt]; ok {
				t.Errorf("%s repeats the prompt of %s", s.ID, other)
			}
			prompts[s.Prompt] = s.ID
			if n := utf8.RuneCountInString(s.Prompt); n > maxPromptChars {
				t.Errorf("%s: the prompt is %d characters, keep it under %d", s.ID, n, maxPromptChars)
			}
			if strings.Contains(s.Why, "\n") || utf8.RuneCountInString(s.Why) > 140 {
				t.Errorf("%s: the why line should be one short line: %q", s.ID, s.Why)
			}
			if !kinds[s.Kind] || s.Kind == string(journal.KindFree) {
				t.Errorf("%s: kind %q is not a structured or prompted vault kind", s.ID, s.Kind)
			}
			if s.Age != 0 && s.Kind != string(journal.KindLetter) && s.Kind != string(journal.KindDialogue) {
				t.Errorf("%s: an age hint only fits a letter or dialogue, not %s", s.ID, s.Kind)
			}
			for _, w := range neverSay {
				if strings.Contains(strings.ToLower(s.Prompt+" "+s.Why), w) {
					t.Errorf("%s says %q", s.ID, w)
				}
			}
		}
		// Pacing: the first two steps of every path are gentle openers.
		if p.Steps[0].Heavy || p.Steps[1].Heavy {
			t.Errorf("%s starts with a heavy step", p.ID)
		}
	}
	if total < 70 {
		t.Errorf("%d prompts in all, want at least 70", total)
	}
	for _, w := range neverSay {
		for _, p := range ps {
			if strings.Contains(strings.ToLower(p.Intro), w) {
				t.Errorf("the intro of %s says %q", p.ID, w)
			}
		}
	}
}

// sentences counts the sentences of a plain paragraph.
func sentences(s string) int {
	return len(regexp.MustCompile(`[.!?](\s|$)`).FindAllString(strings.TrimSpace(s), -1))
}

func TestPathsInnerChildUsesLettersAndDialogues(t *testing.T) {
	p, _ := PathByID("inner-child")
	var letters, dialogues int
	for _, s := range p.Steps {
		switch s.Kind {
		case string(journal.KindLetter):
			letters++
		case string(journal.KindDialogue):
			dialogues++
		}
		if (s.Kind == string(journal.KindLetter) || s.Kind == string(journal.KindDialogue)) && s.Age == 0 {
			t.Errorf("%s has no age hint", s.ID)
		}
	}
	if letters == 0 || dialogues == 0 {
		t.Errorf("inner-child has %d letters and %d dialogues, want some of each", letters, dialogues)
	}
}

func TestPathsReturnsCopies(t *testing.T) {
	ps := mustPaths(t)
	ps[0].Steps[0].Prompt = "changed"
	if again := mustPaths(t); again[0].Steps[0].Prompt == "changed" {
		t.Fatal("a caller changed the shared paths")
	}
}

func TestGroundingAndSupport(t *testing.T) {
	g, err := GroundingExercises()
	if err != nil {
		t.Fatal(err)
	}
	b := g.Breathing
	if b.In != 4 || b.Out != 6 || b.Rounds < 3 || len(b.Steps) < 3 || b.Title == "" || b.Closing == "" {
		t.Errorf("breathing: %+v", b)
	}
	// The words must say the same counts as the numbers that pace the app.
	if steps := strings.Join(b.Steps, " "); !strings.Contains(steps, "four") || !strings.Contains(steps, "six") {
		t.Errorf("the breathing steps do not say four in, six out: %q", steps)
	}
	if len(g.Senses.Steps) != 5 || !strings.Contains(g.Senses.Steps[0], "five") || !strings.Contains(g.Senses.Steps[4], "one") {
		t.Errorf("5-4-3-2-1: %q", g.Senses.Steps)
	}
	s := Support()
	for _, want := range []string{"not therapy", "therapist or counsellor", "emergency services"} {
		if !strings.Contains(s, want) {
			t.Errorf("the support text does not say %q", want)
		}
	}
	if strings.Contains(s, "http") || strings.Contains(s, "www.") {
		t.Error("the support text holds a link; it must work offline and open nothing")
	}
	if g.Support.Title != "If it gets heavy" {
		t.Errorf("support title %q", g.Support.Title)
	}
	if !strings.Contains(fallbackSupport, "emergency services") {
		t.Error("the fallback support text does not name emergency services")
	}
}

// Every data file is loaded: a path file dropped into the folder but not
// listed in pathOrder would silently never show.
func TestEveryPathFileIsLoaded(t *testing.T) {
	files, err := fs.Glob(pathFiles, "paths/*.toml")
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		id := strings.TrimSuffix(filepath.Base(f), ".toml")
		if id != "grounding" && !slices.Contains(pathOrder, id) {
			t.Errorf("%s is embedded but never loaded", f)
		}
	}
}

func TestDecodeRejectsMistakes(t *testing.T) {
	const steps = "[[steps]]\nid = \"x-01\"\nkind = \"prompted\"\nprompt = \"p\"\nwhy = \"w\"\n"
	var p Path
	err := decodeTOML("x.toml", []byte("id = \"x\"\ntitle = \"T\"\nintro = \"I\"\n"+steps+"promt = \"typo\"\n"), &p)
	if err == nil || !strings.Contains(err.Error(), "promt") {
		t.Errorf("a misspelt key: %v", err)
	}
	if err := decodeTOML("x.toml", []byte("id = \"x\nunterminated"), &p); err == nil || !strings.Contains(err.Error(), "x.toml") {
		t.Errorf("broken TOML: %v", err)
	}

	good := func() Path {
		p := Path{ID: "x", Title: "T", Intro: "I"}
		for i := range MinSteps {
			n := strconv.Itoa(10 + i)
			p.Steps = append(p.Steps, Step{ID: "x-" + n, Prompt: "p" + n, Why: "w", Kind: "prompted"})
		}
		return p
	}
	if p := good(); p.validate("x") != nil {
		t.Fatalf("a good path was refused: %v", p.validate("x"))
	}
	for name, tc := range map[string]struct {
		change func(*Path)
		want   string
	}{
		"wrong id":     {func(p *Path) { p.ID = "y" }, "named for"},
		"no title":     {func(p *Path) { p.Title = "" }, "no title"},
		"no intro":     {func(p *Path) { p.Intro = "" }, "no intro"},
		"few steps":    {func(p *Path) { p.Steps = p.Steps[:MinSteps-1] }, "at least"},
		"bad step id":  {func(p *Path) { p.Steps[2].ID = "y-01" }, "step 3"},
		"no prompt":    {func(p *Path) { p.Steps[0].Prompt = "" }, "no prompt"},
		"no why":       {func(p *Path) { p.Steps[0].Why = "" }, "no why"},
		"two-line why": {func(p *Path) { p.Steps[0].Why = "a\nb" }, "single line"},
		"no kind":      {func(p *Path) { p.Steps[0].Kind = "" }, "kind"},
		"odd age":      {func(p *Path) { p.Steps[0].Age = 140 }, "age"},
	} {
		p := good()
		tc.change(&p)
		if err := p.validate("x"); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v", name, err)
		}
	}
}

// assets hands out resources and must not pull widgets or the store into
// whatever imports it; only the resource type from Fyne's core is allowed.
func TestAssetsImportsStaySmall(t *testing.T) {
	allowed := map[string]bool{
		"bytes": true, "embed": true, "fmt": true, "regexp": true, "slices": true, "strings": true, "sync": true,
		"fyne.io/fyne/v2": true, "github.com/BurntSushi/toml": true,
	}
	files, _ := filepath.Glob("*.go")
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		af, err := parser.ParseFile(token.NewFileSet(), f, nil, parser.ImportsOnly)
		if err != nil {
			t.Fatal(err)
		}
		for _, imp := range af.Imports {
			if p, _ := strconv.Unquote(imp.Path.Value); !allowed[p] {
				t.Errorf("%s imports %s", f, p)
			}
		}
	}
}
