package assets

import (
	"bytes"
	"embed"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/BurntSushi/toml"
)

// The guided paths are TOML files under paths/, one per path, so that a
// writer or translator can change the words without touching Go; each
// translation is a folder of paths/ named for its language, holding the
// same files. See paths/README.md.
//
//go:embed paths/*.toml paths/es/*.toml paths/de/*.toml
var pathFiles embed.FS

// pathOrder is the order the paths are offered in, one per practice in
// DESIGN.md. It lives here rather than in the files so a translator cannot
// reorder or drop a path by accident.
var pathOrder = []string{
	"acceptance", "origins", "inner-child", "therapy", "saying", "words-actions", "after-betrayal",
}

// MinSteps is the fewest steps a path may have.
const MinSteps = 8

// MaxAge bounds an age hint; anything above is a typo.
const MaxAge = 99

// Path is one guided path: an introduction and its steps, lighter first.
type Path struct {
	ID    string `toml:"id"`
	Title string `toml:"title"`
	Intro string `toml:"intro"`
	Steps []Step `toml:"steps"`
}

// Step is one prompt of a path.
type Step struct {
	// ID is stable for ever: entries answering the step point at it.
	ID     string `toml:"id"`
	Prompt string `toml:"prompt"`
	// Why is one line on why the step helps, shown under the prompt.
	Why string `toml:"why"`
	// Kind is the vault kind of entry the step opens, such as "prompted" or
	// "letter".
	Kind string `toml:"kind"`
	// Heavy marks a step that may stir up a lot, so the app offers to pause
	// and ground before it.
	Heavy bool `toml:"heavy"`
	// Age, when not zero, suggests the age of the younger self for a letter
	// or dialogue; the person can change it.
	Age int `toml:"age"`
}

// Grounding holds the exercises behind "Pause and ground" and the text of
// the "If it gets heavy" page.
type Grounding struct {
	Breathing Breathing `toml:"breathing"`
	Senses    Exercise  `toml:"senses"`
	Support   Page      `toml:"support"`
}

// Exercise is a short grounding exercise: an introduction, steps taken one
// at a time, and a closing line that leads back without any penalty.
type Exercise struct {
	Title   string   `toml:"title"`
	Intro   string   `toml:"intro"`
	Steps   []string `toml:"steps"`
	Closing string   `toml:"closing"`
}

// Breathing is a paced breathing exercise. The counts let the app pace an
// animation; the steps say the same in plain words.
type Breathing struct {
	Exercise
	// In and Out are the seconds of each breath in and out.
	In  int `toml:"in"`
	Out int `toml:"out"`
	// Rounds is how many breaths the exercise lasts.
	Rounds int `toml:"rounds"`
}

// Page is a titled text of paragraphs separated by blank lines.
type Page struct {
	Title string `toml:"title"`
	Text  string `toml:"text"`
}

// guidance is the paths and grounding of one language, each parsed and
// checked the first time it is asked for.
type guidance struct {
	pathsOnce sync.Once
	paths     []Path
	pathsErr  error

	groundingOnce sync.Once
	grounding     Grounding
	groundingErr  error
}

// loaded holds the guidance of each language. The map is filled once, here,
// and never changes; only the guidance inside it loads, once.
var loaded = func() map[string]*guidance {
	m := make(map[string]*guidance, len(languages))
	for _, l := range languages {
		m[l] = &guidance{}
	}
	return m
}()

// folder is where a language's files live: the default language's directly
// in paths/, each translation in a folder of its own.
func folder(lang string) string {
	if lang == DefaultLanguage {
		return "paths"
	}
	return "paths/" + lang
}

// Paths returns the guided paths in the default language, in the order
// they are offered. The files are parsed and checked once; an error names
// the file and step at fault.
func Paths() ([]Path, error) { return PathsFor(DefaultLanguage) }

// PathsFor returns the guided paths in the language of tag (see
// BaseLanguage), in the order they are offered. A translation has the
// same paths and steps, with the same ids, as the default language, so an
// entry written to a step in one language belongs to the same step in
// every other.
func PathsFor(tag string) ([]Path, error) {
	lang := BaseLanguage(tag)
	g := loaded[lang]
	g.pathsOnce.Do(func() { g.paths, g.pathsErr = loadPaths(lang) })
	if g.pathsErr != nil {
		return nil, g.pathsErr
	}
	out := make([]Path, len(g.paths))
	for i, p := range g.paths {
		out[i] = p.clone()
	}
	return out, nil
}

// PathByID returns the path with the given id in the default language, if
// there is one and the paths load.
func PathByID(id string) (Path, bool) { return PathByIDFor(DefaultLanguage, id) }

// PathByIDFor returns the path with the given id in the language of tag,
// if there is one and the paths load.
func PathByIDFor(tag, id string) (Path, bool) {
	ps, err := PathsFor(tag)
	if err != nil {
		return Path{}, false
	}
	for _, p := range ps {
		if p.ID == id {
			return p, true
		}
	}
	return Path{}, false
}

// GroundingExercises returns the grounding exercises and support page in
// the default language.
func GroundingExercises() (Grounding, error) { return GroundingFor(DefaultLanguage) }

// GroundingFor returns the grounding exercises and support page in the
// language of tag (see BaseLanguage).
func GroundingFor(tag string) (Grounding, error) {
	lang := BaseLanguage(tag)
	gd := loaded[lang]
	gd.groundingOnce.Do(func() { gd.grounding, gd.groundingErr = loadGrounding(lang) })
	if gd.groundingErr != nil {
		return Grounding{}, gd.groundingErr
	}
	g := gd.grounding
	g.Breathing.Steps = slices.Clone(g.Breathing.Steps)
	g.Senses.Steps = slices.Clone(g.Senses.Steps)
	return g, nil
}

// fallbackSupport is shown if grounding.toml ever fails to load: this page
// is for someone who may be in trouble, so it must never be empty.
const fallbackSupport = `Tend is a private place to write. It is not therapy.

If writing stirs up more than you can hold, stop and rest: breathe in slowly
for four, out for six, a few times. Think about reaching out to a licensed
therapist or counsellor, or a crisis line where you live.

If you are in immediate danger, contact your local emergency services now.`

// Support returns the text of the "If it gets heavy" page in the default
// language: paragraphs separated by blank lines. It always returns
// something to show.
func Support() string { return SupportFor(DefaultLanguage) }

// SupportFor returns the text of the "If it gets heavy" page in the
// language of tag, or in the default language if that one cannot be read.
// It always returns something to show.
func SupportFor(tag string) string {
	for _, lang := range []string{BaseLanguage(tag), DefaultLanguage} {
		if g, err := GroundingFor(lang); err == nil && g.Support.Text != "" {
			return g.Support.Text
		}
	}
	return fallbackSupport
}

func (p Path) clone() Path {
	p.Steps = slices.Clone(p.Steps)
	return p
}

// idPattern is what path and step ids look like: lower-case words joined by
// dashes, safe in file names, URLs and stored entries.
var idPattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)

// stepPattern is the shape of a step id: the path id, a dash, a number of
// two or more digits.
const stepPattern = `^%s-[0-9]{2,}$`

func loadPaths(lang string) ([]Path, error) {
	out := make([]Path, 0, len(pathOrder))
	stepIDs := map[string]string{}
	prompts := map[string]string{}
	for _, id := range pathOrder {
		name := folder(lang) + "/" + id + ".toml"
		var p Path
		if err := decodeStrict(name, &p); err != nil {
			return nil, err
		}
		p.normalize()
		if err := p.validate(id); err != nil {
			return nil, fmt.Errorf("guided path %s: %w", name, err)
		}
		for _, s := range p.Steps {
			if other, ok := stepIDs[s.ID]; ok {
				return nil, fmt.Errorf("guided path %s: step id %q is already used in %s", name, s.ID, other)
			}
			stepIDs[s.ID] = name
			if other, ok := prompts[s.Prompt]; ok {
				return nil, fmt.Errorf("guided path %s: step %s repeats the prompt of %s", name, s.ID, other)
			}
			prompts[s.Prompt] = s.ID
		}
		out = append(out, p)
	}
	if lang == DefaultLanguage {
		return out, nil
	}
	def, err := PathsFor(DefaultLanguage)
	if err != nil {
		return nil, err
	}
	for i := range out {
		name := folder(lang) + "/" + out[i].ID + ".toml"
		if err := out[i].matches(def[i]); err != nil {
			return nil, fmt.Errorf("guided path %s: %w", name, err)
		}
	}
	return out, nil
}

// matches checks that a translated path keeps everything of the default
// language's that is not words: the same steps in the same order, with the
// same ids, kinds, weight and age, and the same placeholders in its text.
func (p *Path) matches(def Path) error {
	if len(p.Steps) != len(def.Steps) {
		return fmt.Errorf("it has %d steps; the original has %d", len(p.Steps), len(def.Steps))
	}
	if err := samePlaceholders("the intro", p.Intro, def.Intro); err != nil {
		return err
	}
	for i, s := range p.Steps {
		d := def.Steps[i]
		where := fmt.Sprintf("step %d (%s)", i+1, s.ID)
		switch {
		case s.ID != d.ID:
			return fmt.Errorf("%s: the original's step %d is %s; ids and order stay as they are", where, i+1, d.ID)
		case s.Kind != d.Kind:
			return fmt.Errorf("%s: the kind is %q; the original's is %q", where, s.Kind, d.Kind)
		case s.Heavy != d.Heavy:
			return fmt.Errorf("%s: heavy is %v; the original's is %v", where, s.Heavy, d.Heavy)
		case s.Age != d.Age:
			return fmt.Errorf("%s: the age is %d; the original's is %d", where, s.Age, d.Age)
		}
		if err := samePlaceholders(where+": the prompt", s.Prompt, d.Prompt); err != nil {
			return err
		}
		if err := samePlaceholders(where+": the why line", s.Why, d.Why); err != nil {
			return err
		}
	}
	return nil
}

// placeholder is a slot the app fills in: a format verb such as %s or %d,
// or a name in braces such as {name}.
var placeholder = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z]|\{[A-Za-z_][A-Za-z0-9_]*\}`)

// samePlaceholders checks that a translation has the same slots as its
// original, in any order, so that what the app fills in still fits.
func samePlaceholders(what, text, orig string) error {
	got, want := placeholder.FindAllString(text, -1), placeholder.FindAllString(orig, -1)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		return fmt.Errorf("%s has the placeholders %v; the original has %v", what, got, want)
	}
	return nil
}

// decodeStrict parses one embedded TOML file.
func decodeStrict(name string, v any) error {
	b, err := pathFiles.ReadFile(name)
	if err != nil {
		return fmt.Errorf("guided paths: %s is missing: %w", name, err)
	}
	return decodeTOML(name, b, v)
}

// decodeTOML parses TOML, refusing keys it does not know so that a misspelt
// key ("promt") is reported instead of silently dropping the text.
func decodeTOML(name string, b []byte, v any) error {
	md, err := toml.NewDecoder(bytes.NewReader(b)).Decode(v)
	if err != nil {
		return fmt.Errorf("guided paths: reading %s: %w", name, err)
	}
	if u := md.Undecoded(); len(u) > 0 {
		keys := make([]string, len(u))
		for i, k := range u {
			keys[i] = k.String()
		}
		return fmt.Errorf("guided paths: %s has keys Tend does not know: %s", name, strings.Join(keys, ", "))
	}
	return nil
}

// normalize trims the text: TOML's multi-line strings keep stray newlines
// and spaces that would show in the app.
func (p *Path) normalize() {
	p.ID = strings.TrimSpace(p.ID)
	p.Title = strings.TrimSpace(p.Title)
	p.Intro = strings.TrimSpace(p.Intro)
	for i := range p.Steps {
		s := &p.Steps[i]
		s.ID = strings.TrimSpace(s.ID)
		s.Prompt = strings.TrimSpace(s.Prompt)
		s.Why = strings.TrimSpace(s.Why)
		s.Kind = strings.TrimSpace(s.Kind)
	}
}

func (p *Path) validate(want string) error {
	switch {
	case p.ID != want:
		return fmt.Errorf("its id is %q, but the file is named for %q", p.ID, want)
	case p.Title == "":
		return fmt.Errorf("it has no title")
	case p.Intro == "":
		return fmt.Errorf("it has no intro")
	case len(p.Steps) < MinSteps:
		return fmt.Errorf("it has %d steps; a path needs at least %d", len(p.Steps), MinSteps)
	}
	stepID := regexp.MustCompile(fmt.Sprintf(stepPattern, regexp.QuoteMeta(p.ID)))
	for i, s := range p.Steps {
		where := fmt.Sprintf("step %d (%s)", i+1, s.ID)
		switch {
		case !stepID.MatchString(s.ID):
			return fmt.Errorf("%s: a step id is the path id, a dash and a number, like %s-01", where, p.ID)
		case s.Prompt == "":
			return fmt.Errorf("%s has no prompt", where)
		case s.Why == "":
			return fmt.Errorf("%s has no why line", where)
		case strings.Contains(s.Why, "\n"):
			return fmt.Errorf("%s: the why line must be a single line", where)
		case !idPattern.MatchString(strings.ReplaceAll(s.Kind, "_", "-")):
			return fmt.Errorf("%s has no kind, or a kind written oddly: %q", where, s.Kind)
		case s.Age < 0 || s.Age > MaxAge:
			return fmt.Errorf("%s: the age %d is not between 1 and %d (or 0 for none)", where, s.Age, MaxAge)
		}
	}
	return nil
}

func loadGrounding(lang string) (Grounding, error) {
	name := folder(lang) + "/grounding.toml"
	var g Grounding
	if err := decodeStrict(name, &g); err != nil {
		return Grounding{}, err
	}
	g.Breathing.Exercise.normalize()
	g.Senses.normalize()
	g.Support.Title = strings.TrimSpace(g.Support.Title)
	g.Support.Text = strings.TrimSpace(g.Support.Text)
	if err := g.Breathing.validate(); err != nil {
		return Grounding{}, fmt.Errorf("%s: breathing: %w", name, err)
	}
	if err := g.Senses.validate(); err != nil {
		return Grounding{}, fmt.Errorf("%s: senses: %w", name, err)
	}
	// The counts pace an animation someone breathes along with; a typo such
	// as 40 would make it a strain instead of a rest.
	if b := g.Breathing; b.In < 1 || b.In > 10 || b.Out < 1 || b.Out > 12 || b.Rounds < 1 || b.Rounds > 20 {
		return Grounding{}, fmt.Errorf("%s: breathing: the counts (in %d, out %d, rounds %d) are outside a gentle range", name, b.In, b.Out, b.Rounds)
	}
	if g.Support.Title == "" || g.Support.Text == "" {
		return Grounding{}, fmt.Errorf("%s: the support page needs a title and a text", name)
	}
	if lang == DefaultLanguage {
		return g, nil
	}
	def, err := GroundingFor(DefaultLanguage)
	if err != nil {
		return Grounding{}, err
	}
	if err := g.matches(def); err != nil {
		return Grounding{}, fmt.Errorf("%s: %w", name, err)
	}
	return g, nil
}

// matches checks that translated exercises pace the same as the original:
// the same counts, and the same number of steps, each with the same
// placeholders.
func (g *Grounding) matches(def Grounding) error {
	b, d := g.Breathing, def.Breathing
	if b.In != d.In || b.Out != d.Out || b.Rounds != d.Rounds {
		return fmt.Errorf("breathing: the counts (in %d, out %d, rounds %d) differ from the original's (in %d, out %d, rounds %d)",
			b.In, b.Out, b.Rounds, d.In, d.Out, d.Rounds)
	}
	for _, ex := range []struct {
		name      string
		got, want Exercise
	}{{"breathing", b.Exercise, d.Exercise}, {"senses", g.Senses, def.Senses}} {
		if len(ex.got.Steps) != len(ex.want.Steps) {
			return fmt.Errorf("%s: %d steps; the original has %d", ex.name, len(ex.got.Steps), len(ex.want.Steps))
		}
		texts := append([]string{ex.got.Title, ex.got.Intro, ex.got.Closing}, ex.got.Steps...)
		origs := append([]string{ex.want.Title, ex.want.Intro, ex.want.Closing}, ex.want.Steps...)
		for i := range texts {
			if err := samePlaceholders(ex.name, texts[i], origs[i]); err != nil {
				return err
			}
		}
	}
	return samePlaceholders("the support page", g.Support.Text, def.Support.Text)
}

func (e *Exercise) normalize() {
	e.Title = strings.TrimSpace(e.Title)
	e.Intro = strings.TrimSpace(e.Intro)
	e.Closing = strings.TrimSpace(e.Closing)
	for i := range e.Steps {
		e.Steps[i] = strings.TrimSpace(e.Steps[i])
	}
}

func (e *Exercise) validate() error {
	if e.Title == "" || e.Intro == "" || e.Closing == "" {
		return fmt.Errorf("it needs a title, an intro and a closing line")
	}
	if len(e.Steps) == 0 || slices.Contains(e.Steps, "") {
		return fmt.Errorf("it needs steps, none of them empty")
	}
	return nil
}
