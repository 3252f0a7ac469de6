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
// writer or translator can change the words without touching Go. See
// paths/README.md.
//
//go:embed paths/*.toml
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

var (
	pathsOnce sync.Once
	paths     []Path
	pathsErr  error

	groundingOnce sync.Once
	grounding     Grounding
	groundingErr  error
)

// Paths returns the guided paths in the order they are offered. The files
// are parsed and checked once; an error names the file and step at fault.
func Paths() ([]Path, error) {
	pathsOnce.Do(func() { paths, pathsErr = loadPaths() })
	if pathsErr != nil {
		return nil, pathsErr
	}
	out := make([]Path, len(paths))
	for i, p := range paths {
		out[i] = p.clone()
	}
	return out, nil
}

// PathByID returns the path with the given id, if there is one and the
// paths load.
func PathByID(id string) (Path, bool) {
	ps, err := Paths()
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

// GroundingExercises returns the grounding exercises and support page.
func GroundingExercises() (Grounding, error) {
	groundingOnce.Do(func() { grounding, groundingErr = loadGrounding() })
	if groundingErr != nil {
		return Grounding{}, groundingErr
	}
	g := grounding
	g.Breathing.Steps = slices.Clone(g.Breathing.Steps)
	g.Senses.Steps = slices.Clone(g.Senses.Steps)
	return g, nil
}

// fallbackSupport is shown if grounding.toml ever fails to load: this page
// is for someone who may be in trouble, so it must never be empty.
const fallbackSupport = `Tend is a private place to write. It is not therapy.

If writing stirs up more than you can hold, stop and rest: breathe in slowly
for four, out for six, a few times. Think about reaching out to a licensed
therapist or counsellor.

If you are in immediate danger, contact your local emergency services now.`

// Support returns the text of the "If it gets heavy" page: paragraphs
// separated by blank lines. It always returns something to show.
func Support() string {
	g, err := GroundingExercises()
	if err != nil || g.Support.Text == "" {
		return fallbackSupport
	}
	return g.Support.Text
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

func loadPaths() ([]Path, error) {
	out := make([]Path, 0, len(pathOrder))
	stepIDs := map[string]string{}
	prompts := map[string]string{}
	for _, id := range pathOrder {
		name := "paths/" + id + ".toml"
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
	return out, nil
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

func loadGrounding() (Grounding, error) {
	const name = "paths/grounding.toml"
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
	return g, nil
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
