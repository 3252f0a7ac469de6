package cli

import (
	"bufio"
	"errors"
	"fmt"
	"os"
	"strings"
	"time"

	"tend/app"
	"tend/assets"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// pathJSON is how `tend paths --json` prints a path.
type pathJSON struct {
	ID    string     `json:"id"`
	Title string     `json:"title"`
	Steps []stepJSON `json:"steps"`
}

type stepJSON struct {
	ID     string `json:"id"`
	Prompt string `json:"prompt"`
	Why    string `json:"why"`
}

// paths lists the guided paths in the language of the person's locale, as
// the app shows them; the ids stay the same in every language. It reads
// only the embedded data, never the vault, so it needs no password.
func (c *cli) paths(args []string) int {
	fs := c.flags("paths")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("paths", orArgs(err, fs))
	}
	ps, err := assets.PathsFor(assets.LanguageFromEnv(os.Getenv))
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := make([]pathJSON, 0, len(ps))
		for _, p := range ps {
			j := pathJSON{ID: p.ID, Title: p.Title, Steps: make([]stepJSON, 0, len(p.Steps))}
			for _, s := range p.Steps {
				j.Steps = append(j.Steps, stepJSON{ID: s.ID, Prompt: s.Prompt, Why: s.Why})
			}
			out = append(out, j)
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	for i, p := range ps {
		if i > 0 {
			fmt.Fprintln(w)
		}
		fmt.Fprintf(w, "%s  (%s)\n", p.Title, p.ID)
		for n, s := range p.Steps {
			fmt.Fprintf(w, "%3d. %s\n", n+1, s.Prompt)
		}
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

// prompt prints today's suggested step. Which steps are answered lives in
// the journal, so it unlocks the vault, but it only reads: asking twice in a
// day gives the same step, because the command line keeps no record of what
// it suggested.
func (c *cli) prompt(args []string) int {
	fs := c.flags("prompt")
	pathID := fs.String("path", "", "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		return c.usageError("prompt", orArgs(err, fs))
	}
	ps, err := assets.PathsFor(i18n.Language())
	if err != nil {
		return c.fail(err)
	}
	if *pathID != "" {
		if _, ok := assets.PathByID(*pathID); !ok {
			return c.usageError("prompt", errors.New(i18n.L("There is no path \"{{.Path}}\"; 'tend paths' lists them ({{.Paths}}).", i18n.Data{"Path": *pathID, "Paths": pathIDs(ps)})))
		}
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	var chosen []string
	if *pathID != "" {
		chosen = []string{*pathID}
	} else {
		prefs, err := v.Prefs()
		if err != nil {
			return c.fail(err)
		}
		chosen = prefs.Paths
	}
	entries, err := v.List(vault.ListQuery{})
	if err != nil {
		return c.fail(err)
	}
	s, ok := app.Suggest(ps, progressFrom(entries, chosen, *pathID), journal.Today())
	if !ok && len(chosen) == 0 {
		fmt.Fprintln(c.stdout, i18n.L("You have not chosen a path to follow yet. Choose them in the app's Paths, or name one with --path ('tend paths' lists them)."))
		return app.ExitOK
	}
	if !ok {
		fmt.Fprintln(c.stdout, i18n.L("You have written to every step of the paths you follow. You can come back to any of them whenever you like."))
		return app.ExitOK
	}
	w := bufio.NewWriter(c.stdout)
	fmt.Fprintf(w, "%s · %s\n\n%s\n\n%s %s\n", s.Path.Title, i18n.L("step {{.Step}} of {{.Steps}}", i18n.Data{"Step": s.Index + 1, "Steps": len(s.Path.Steps)}),
		s.Step.Prompt, i18n.L("Why this helps:"), s.Step.Why)
	switch {
	case s.Done:
		fmt.Fprintln(w, "\n"+i18n.L("You have already written to today's step. The next one will be here tomorrow; there is no hurry."))
	case s.Step.Heavy:
		fmt.Fprintln(w, "\n"+i18n.L("This one may stir up a lot. If it does, pause: breathe in for four, out for six, a few times. Nothing is lost by stopping."))
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

// progressFrom reads what the suggestion needs from the journal: the steps
// answered by an entry outside the trash, and the step most recently
// started, with the day it was started. When only is set, just that path's
// entries count, so someone who asks for one path by name is not held back
// by a step taken today on another.
func progressFrom(entries []*journal.Entry, chosen []string, only string) app.Progress {
	p := app.Progress{Chosen: chosen, Answered: map[string]bool{}}
	var latest time.Time
	for _, e := range entries {
		if e.Prompt == nil || e.Prompt.Step == "" || (only != "" && e.Prompt.Path != only) {
			continue
		}
		p.Answered[e.Prompt.Step] = true
		if e.Created.After(latest) {
			latest = e.Created
			// Local time, because "today" is the person's own day.
			p.Last, p.LastStep = journal.DateOf(e.Created.Local()), e.Prompt.Step
		}
	}
	return p
}

func pathIDs(ps []assets.Path) string {
	ids := make([]string, len(ps))
	for i, p := range ps {
		ids[i] = p.ID
	}
	return strings.Join(ids, ", ")
}
