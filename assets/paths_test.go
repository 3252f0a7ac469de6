package assets

import (
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"
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

// neverSay holds, for each language, what we never want to say to someone
// who is hurting: blaming, dismissing, or clinical. See refuses for how an
// entry matches.
var neverSay = map[string][]string{
	"en": {
		"should have", "shouldn't have", "your fault", "overreact*", "crazy*", "paranoi*",
		"just get over", "get over it", "too sensitive", "needy", "dramatic*", "hysteric*",
		"obsess*", "disorder*", "symptom*", "patholog*", "dysfunction*", "diagnos*", "calm down",
	},
	"es": {
		"deberías haber", "no deberías", "tendrías que haber", "debiste", "tu culpa", "culpa tuya",
		"exager*", "loco", "loca", "locos", "locas", "locura", "paranoi*", "supéralo", "olvídalo",
		"pasa página", "no es para tanto", "demasiado sensible", "dramátic*", "histéric*",
		"obsesi*", "trastorno*", "síntoma*", "patológ*", "patología*", "disfunci*", "diagnó*",
		"diagnost*", "cálmate", "tranquilízate", "te lo imaginas", "son imaginaciones",
	},
	"de": {
		"hättest", "hätte man", "deine schuld", "selbst schuld", "übertreib*", "verrückt*",
		"paranoi*", "stell dich nicht so an", "reiß dich zusammen", "komm drüber weg",
		"komm darüber hinweg", "zu empfindlich", "überempfindlich*", "dramatisch*", "hysterisch*",
		"bedürftig*", "obsess*", "besessen", "störung*", "symptom*", "patholog*", "dysfunktion*",
		"diagnos*", "beruhig dich", "bildest dir*", "bildest du dir*", "einbildung*",
	},
}

// refuses reports whether text says phrase: as whole words, or as the
// start of a word when phrase ends in "*", ignoring case. Whole words keep
// "loca" (mad) from refusing "local".
func refuses(text, phrase string) bool {
	stem := strings.HasSuffix(phrase, "*")
	phrase = strings.TrimSuffix(phrase, "*")
	text = strings.ToLower(strings.ReplaceAll(text, "’", "'"))
	letter := func(r rune) bool { return unicode.IsLetter(r) || r == '\'' }
	for i := 0; ; {
		j := strings.Index(text[i:], phrase)
		if j < 0 {
			return false
		}
		start, end := i+j, i+j+len(phrase)
		before, _ := utf8.DecodeLastRuneInString(text[:start])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (start == 0 || !letter(before)) && (stem || end == len(text) || !letter(after)) {
			return true
		}
		i = start + 1
	}
}

// maxPromptChars and maxWhyChars bound a prompt and its why line in every
// language, counted in characters, not bytes.
const (
	maxPromptChars = 280
	maxWhyChars    = 140
)

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

// TestPathsContent checks the words of every language by the same rules:
// the length of each text, the kinds and ages, the pacing, and the phrases
// that language never says.
func TestPathsContent(t *testing.T) {
	for _, lang := range Languages() {
		t.Run(lang, func(t *testing.T) { checkPathsContent(t, lang) })
	}
}

func checkPathsContent(t *testing.T, lang string) {
	ps, err := PathsFor(lang)
	if err != nil {
		t.Fatal(err)
	}
	refused := neverSay[lang]
	if len(refused) == 0 {
		t.Fatalf("no refused phrases for %s", lang)
	}
	says := func(where, text string) {
		for _, w := range refused {
			if refuses(text, w) {
				t.Errorf("%s says %q", where, w)
			}
		}
	}
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
		if p.Title == "" || utf8.RuneCountInString(p.Title) > 40 {
			t.Errorf("%s: the title should be short and not empty: %q", p.ID, p.Title)
		}
		says("the intro of "+p.ID, p.Intro)
		says("the title of "+p.ID, p.Title)
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
			if strings.Contains(s.Why, "\n") || utf8.RuneCountInString(s.Why) > maxWhyChars {
				t.Errorf("%s: the why line should be one short line: %q", s.ID, s.Why)
			}
			if !kinds[s.Kind] || s.Kind == string(journal.KindFree) {
				t.Errorf("%s: kind %q is not a structured or prompted vault kind", s.ID, s.Kind)
			}
			if s.Age != 0 && s.Kind != string(journal.KindLetter) && s.Kind != string(journal.KindDialogue) {
				t.Errorf("%s: an age hint only fits a letter or dialogue, not %s", s.ID, s.Kind)
			}
			says(s.ID, s.Prompt)
			says(s.ID+"'s why line", s.Why)
		}
		// Pacing: the first two steps of every path are gentle openers.
		if p.Steps[0].Heavy || p.Steps[1].Heavy {
			t.Errorf("%s starts with a heavy step", p.ID)
		}
	}
	if total < 70 {
		t.Errorf("%d prompts in all, want at least 70", total)
	}
	g, err := GroundingFor(lang)
	if err != nil {
		t.Fatal(err)
	}
	for _, ex := range []Exercise{g.Breathing.Exercise, g.Senses} {
		for _, text := range append([]string{ex.Title, ex.Intro, ex.Closing}, ex.Steps...) {
			says("the grounding exercise "+ex.Title, text)
		}
	}
	says("the support page", g.Support.Title+"\n"+g.Support.Text)
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

// groundingWords holds, for each language, the words the grounding must
// say: the breathing counts (four in, six out), the first and last of the
// senses (five, one), what the support page must name, and its title.
var groundingWords = map[string]struct {
	four, six, five, one string
	support              []string
	title                string
}{
	"en": {"four", "six", "five", "one", []string{"not therapy", "therapist or counsellor", "crisis", "emergency services"}, "If it gets heavy"},
	"es": {"cuatro", "seis", "cinco", "una", []string{"No es terapia", "terapeuta", "línea de crisis", "número de emergencias"}, "Cuando pesa demasiado"},
	"de": {"vier", "sechs", "fünf", "eine", []string{"keine Therapie", "Psychotherapeut", "Krisen", "Notruf"}, "Wenn es schwer wird"},
}

func TestGroundingAndSupport(t *testing.T) {
	for _, lang := range Languages() {
		t.Run(lang, func(t *testing.T) {
			w, ok := groundingWords[lang]
			if !ok {
				t.Fatalf("no grounding words for %s", lang)
			}
			g, err := GroundingFor(lang)
			if err != nil {
				t.Fatal(err)
			}
			b := g.Breathing
			if b.In != 4 || b.Out != 6 || b.Rounds < 3 || len(b.Steps) < 3 || b.Title == "" || b.Closing == "" {
				t.Errorf("breathing: %+v", b)
			}
			// The words must say the same counts as the numbers that pace the app.
			if steps := strings.Join(b.Steps, " "); !strings.Contains(steps, w.four) || !strings.Contains(steps, w.six) {
				t.Errorf("the breathing steps do not say %s in, %s out: %q", w.four, w.six, steps)
			}
			if len(g.Senses.Steps) != 5 || !strings.Contains(g.Senses.Steps[0], w.five) || !strings.Contains(g.Senses.Steps[4], w.one) {
				t.Errorf("5-4-3-2-1: %q", g.Senses.Steps)
			}
			s := SupportFor(lang)
			if s != g.Support.Text {
				t.Errorf("SupportFor(%s) is not the page's text", lang)
			}
			for _, want := range w.support {
				if !strings.Contains(s, want) {
					t.Errorf("the support text does not say %q", want)
				}
			}
			if strings.Contains(s, "http") || strings.Contains(s, "www.") || regexp.MustCompile(`[0-9]{3}`).MatchString(s) {
				t.Error("the support text holds a link or a number; it must work offline, open nothing and fit every country")
			}
			if g.Support.Title != w.title {
				t.Errorf("support title %q, want %q", g.Support.Title, w.title)
			}
		})
	}
	if Support() != SupportFor(DefaultLanguage) {
		t.Error("Support is not the default language's page")
	}
	if !strings.Contains(fallbackSupport, "emergency services") {
		t.Error("the fallback support text does not name emergency services")
	}
}

// TestTranslationsMatchTheDefault checks that every translation offers the
// same paths and steps as the default language, in the same order, with
// the same ids, kinds, weight, ages and placeholders, and exercises of the
// same length and pace: an entry written to a step in one language belongs
// to the same step in every other.
func TestTranslationsMatchTheDefault(t *testing.T) {
	def := mustPaths(t)
	defG, err := GroundingExercises()
	if err != nil {
		t.Fatal(err)
	}
	for _, lang := range Languages()[1:] {
		t.Run(lang, func(t *testing.T) {
			ps, err := PathsFor(lang)
			if err != nil {
				t.Fatal(err)
			}
			if len(ps) != len(def) {
				t.Fatalf("%d paths, want %d", len(ps), len(def))
			}
			for i, p := range ps {
				d := def[i]
				if p.ID != d.ID || len(p.Steps) != len(d.Steps) {
					t.Errorf("path %d is %s with %d steps, want %s with %d", i+1, p.ID, len(p.Steps), d.ID, len(d.Steps))
					continue
				}
				if p.Title == d.Title || p.Intro == d.Intro {
					t.Errorf("%s: the title or intro is not translated", p.ID)
				}
				checkSamePlaceholders(t, p.ID+" intro", p.Intro, d.Intro)
				for j, s := range p.Steps {
					e := d.Steps[j]
					if s.ID != e.ID || s.Kind != e.Kind || s.Heavy != e.Heavy || s.Age != e.Age {
						t.Errorf("%s step %d is %s %s heavy=%v age=%d, want %s %s heavy=%v age=%d",
							p.ID, j+1, s.ID, s.Kind, s.Heavy, s.Age, e.ID, e.Kind, e.Heavy, e.Age)
					}
					if s.Prompt == e.Prompt || s.Why == e.Why {
						t.Errorf("%s: the prompt or why line is not translated", s.ID)
					}
					checkSamePlaceholders(t, s.ID+" prompt", s.Prompt, e.Prompt)
					checkSamePlaceholders(t, s.ID+" why", s.Why, e.Why)
				}
			}
			g, err := GroundingFor(lang)
			if err != nil {
				t.Fatal(err)
			}
			if g.Breathing.In != defG.Breathing.In || g.Breathing.Out != defG.Breathing.Out || g.Breathing.Rounds != defG.Breathing.Rounds {
				t.Errorf("breathing counts %+v, want those of %+v", g.Breathing, defG.Breathing)
			}
			if len(g.Breathing.Steps) != len(defG.Breathing.Steps) || len(g.Senses.Steps) != len(defG.Senses.Steps) {
				t.Errorf("%d breathing and %d senses steps, want %d and %d",
					len(g.Breathing.Steps), len(g.Senses.Steps), len(defG.Breathing.Steps), len(defG.Senses.Steps))
			}
			if strings.Count(g.Support.Text, "\n\n") != strings.Count(defG.Support.Text, "\n\n") {
				t.Errorf("the support page has a different number of paragraphs than the original")
			}
			checkSamePlaceholders(t, "support", g.Support.Text, defG.Support.Text)
		})
	}
}

// checkSamePlaceholders fails when a translation's text and its original
// hold different slots (%s, %d, {name}), counted with their repeats.
func checkSamePlaceholders(t *testing.T, where, text, orig string) {
	t.Helper()
	slots := regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]|\{[A-Za-z_][A-Za-z0-9_]*\}`)
	got, want := slots.FindAllString(text, -1), slots.FindAllString(orig, -1)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("%s: placeholders %q, want %q", where, got, want)
	}
}

// TestTranslationCheckRefusesMismatches shows that the loader itself turns
// a translation away when it lost a step, renamed or reordered one, changed
// what is not words, or changed a placeholder, so such a file can never
// reach the app.
func TestTranslationCheckRefusesMismatches(t *testing.T) {
	def := mustPaths(t)[2] // inner-child: letters and dialogues with ages
	for name, tc := range map[string]struct {
		change func(*Path)
		want   string
	}{
		"a step missing": {func(p *Path) { p.Steps = p.Steps[:len(p.Steps)-1] }, "steps"},
		"an id differs":  {func(p *Path) { p.Steps[3].ID = "inner-child-99" }, "inner-child-04"},
		"steps swapped":  {func(p *Path) { p.Steps[3], p.Steps[4] = p.Steps[4], p.Steps[3] }, "order"},
		"a kind differs": {func(p *Path) { p.Steps[2].Kind = "prompted" }, "kind"},
		"heavy dropped":  {func(p *Path) { p.Steps[6].Heavy = false }, "heavy"},
		"an age differs": {func(p *Path) { p.Steps[2].Age = 9 }, "age"},
		"a placeholder":  {func(p *Path) { p.Steps[0].Prompt += " %s" }, "placeholders"},
		"intro slot":     {func(p *Path) { p.Intro += " {name}" }, "placeholders"},
	} {
		tr, _ := PathByIDFor("de", def.ID)
		if err := tr.matches(def); err != nil {
			t.Fatalf("the German path was refused before any change: %v", err)
		}
		tc.change(&tr)
		if err := tr.matches(def); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want an error saying %q", name, err, tc.want)
		}
	}

	defG, _ := GroundingExercises()
	for name, change := range map[string]func(*Grounding){
		"a breathing count": func(g *Grounding) { g.Breathing.Out = 8 },
		"a senses step":     func(g *Grounding) { g.Senses.Steps = g.Senses.Steps[:4] },
		"a support slot":    func(g *Grounding) { g.Support.Text += " %d" },
	} {
		g, _ := GroundingFor("es")
		if err := g.matches(defG); err != nil {
			t.Fatalf("the Spanish grounding was refused before any change: %v", err)
		}
		change(&g)
		if err := g.matches(defG); err == nil {
			t.Errorf("%s: the changed grounding was accepted", name)
		}
	}
}

func TestBaseLanguage(t *testing.T) {
	for tag, want := range map[string]string{
		"": "en", "C": "en", "POSIX": "en", "C.UTF-8": "en", "en": "en", "en_GB.UTF-8": "en",
		"de": "de", "de-AT": "de", "de_CH.UTF-8": "de", "DE_de": "de", "de_DE@euro": "de",
		"es": "es", "es-419": "es", "es_MX.UTF-8": "es", "es-ES": "es",
		"fr_FR.UTF-8": "en", "pt-BR": "en", "eso": "en", "d": "en",
	} {
		if got := BaseLanguage(tag); got != want {
			t.Errorf("BaseLanguage(%q) = %q, want %q", tag, got, want)
		}
	}
}

func TestLanguageFromEnv(t *testing.T) {
	for name, tc := range map[string]struct {
		env  map[string]string
		want string
	}{
		"nothing set":             {map[string]string{}, "en"},
		"LANG":                    {map[string]string{"LANG": "de_DE.UTF-8"}, "de"},
		"LC_MESSAGES before LANG": {map[string]string{"LANG": "de_DE.UTF-8", "LC_MESSAGES": "es_ES.UTF-8"}, "es"},
		"LC_ALL before the rest":  {map[string]string{"LANG": "de_DE.UTF-8", "LC_MESSAGES": "de_AT", "LC_ALL": "es_AR.UTF-8"}, "es"},
		"LC_ALL=C is English":     {map[string]string{"LANG": "de_DE.UTF-8", "LC_ALL": "C"}, "en"},
		"empty LC_ALL is unset":   {map[string]string{"LANG": "es_CL.UTF-8", "LC_ALL": ""}, "es"},
		"a language Tend lacks":   {map[string]string{"LANG": "fr_FR.UTF-8"}, "en"},
	} {
		if got := LanguageFromEnv(func(k string) string { return tc.env[k] }); got != tc.want {
			t.Errorf("%s: %q, want %q", name, got, tc.want)
		}
	}
}

// A language Tend does not have shows the default one, in full.
func TestPathsForFallsBackToTheDefault(t *testing.T) {
	def := mustPaths(t)
	for _, tag := range []string{"fr-FR", "", "C", "x"} {
		ps, err := PathsFor(tag)
		if err != nil || len(ps) != len(def) || ps[0].Title != def[0].Title || ps[6].Steps[0].Prompt != def[6].Steps[0].Prompt {
			t.Errorf("PathsFor(%q) is not the default language: %v", tag, err)
		}
		if SupportFor(tag) != Support() {
			t.Errorf("SupportFor(%q) is not the default page", tag)
		}
	}
	de, err := PathsFor("de-AT")
	if err != nil || de[0].Title != "Annehmen und Selbstmitgefühl" {
		t.Errorf("PathsFor(de-AT): %v %q", err, de[0].Title)
	}
	if p, ok := PathByIDFor("es_MX.UTF-8", "after-betrayal"); !ok || p.Title != "Después de una traición" {
		t.Errorf("PathByIDFor(es_MX, after-betrayal) = %q, %v", p.Title, ok)
	}
}

func TestRefusesMatchesWords(t *testing.T) {
	for _, tc := range []struct {
		text, phrase string
		want         bool
	}{
		{"Es tu culpa.", "tu culpa", true},
		{"el servicio local", "loca", false},
		{"¡Loca!", "loca", true},
		{"No exageres", "exager*", true},
		{"Das ist Übertreibung", "übertreib*", true},
		{"You shouldn’t have", "shouldn't have", true},
		{"a crazy day", "crazy*", true},
		{"trastornado", "trastorno*", false},
	} {
		if got := refuses(tc.text, tc.phrase); got != tc.want {
			t.Errorf("refuses(%q, %q) = %v, want %v", tc.text, tc.phrase, got, tc.want)
		}
	}
}

// Every data file is loaded: a path file dropped into the folder but not
// listed in pathOrder would silently never show, and so would a folder for
// a language that is not in the list.
func TestEveryPathFileIsLoaded(t *testing.T) {
	for _, pattern := range []string{"paths/*.toml", "paths/*/*.toml"} {
		files, err := fs.Glob(pathFiles, pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			id := strings.TrimSuffix(filepath.Base(f), ".toml")
			if id != "grounding" && !slices.Contains(pathOrder, id) {
				t.Errorf("%s is embedded but never loaded", f)
			}
			if dir := filepath.Base(filepath.Dir(f)); dir != "paths" && !slices.Contains(Languages()[1:], dir) {
				t.Errorf("%s is in a folder for a language Tend does not offer", f)
			}
		}
	}
	// A folder on disk that the build does not embed would never show.
	dirs, err := os.ReadDir("paths")
	if err != nil {
		t.Fatal(err)
	}
	for _, d := range dirs {
		if d.IsDir() && !slices.Contains(Languages()[1:], d.Name()) {
			t.Errorf("paths/%s is not a language Tend offers", d.Name())
		}
	}
	for _, lang := range Languages()[1:] {
		files, _ := fs.Glob(pathFiles, "paths/"+lang+"/*.toml")
		if len(files) != len(pathOrder)+1 {
			t.Errorf("%s has %d files, want %d", lang, len(files), len(pathOrder)+1)
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
		"bytes": true, "embed": true, "encoding/json": true, "fmt": true, "regexp": true, "slices": true, "strings": true, "sync": true,
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
