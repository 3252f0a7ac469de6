package ui

import (
	"fmt"
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/assets"
	"tend/journal"
	"tend/vault"
)

// pathsScreen shows the guided paths: which ones the person follows, each
// path's intro and its steps in order, and which steps are answered. It
// counts nothing against anyone: no streaks, no badges, no "behind".
type pathsScreen struct {
	u     *UI
	paths []assets.Path

	problem *widget.Label
	follow  map[string]*widget.Check // by path id
	acc     *widget.Accordion
	steps   map[string]*stepRow // by step id
	support *widget.Hyperlink

	// loading is set while refresh sets the checks, so that showing the
	// stored choice does not store it again.
	loading bool
	// grounding and supportPage are the last dialogs opened, for tests.
	grounding   *groundingDialog
	supportPage *supportPage
}

// stepRow is one step of a path as the Paths screen shows it.
type stepRow struct {
	path   assets.Path
	step   assets.Step
	done   *fyne.Container // shown when an entry answers the step
	today  *widget.Label   // shown on today's suggested step
	answer *widget.Button
	ground *widget.Button
}

func newPathsScreen(u *UI) *pathsScreen {
	s := &pathsScreen{u: u, follow: map[string]*widget.Check{}, steps: map[string]*stepRow{}, problem: note("")}
	// The paths are embedded and checked by tests; should they fail to load
	// the screen says so calmly and the rest of the journal works.
	s.paths, _ = assets.Paths()
	return s
}

func (s *pathsScreen) buildUI() fyne.CanvasObject {
	s.problem.Hide()
	choose := chipFlow()
	s.acc = widget.NewAccordion()
	for _, p := range s.paths {
		id := p.ID
		c := &widget.Check{Text: p.Title}
		c.OnChanged = func(on bool) { s.onFollow(id, on) }
		s.follow[id] = c
		choose.Add(c)
		s.acc.Append(widget.NewAccordionItem(p.Title, s.buildPath(p)))
	}
	s.support = &widget.Hyperlink{Text: "If it gets heavy", OnTapped: s.onSupport}
	intro := "Each path is a few prompts to take at your own pace, lighter ones first. " +
		"Choose the ones you want to follow: Today offers one step a day from them. " +
		"You can answer any step, in any order, whenever it suits you."
	if len(s.paths) == 0 {
		intro = "The guided paths could not be loaded. Your journal is safe, and you can still write freely."
	}
	top := container.NewVBox(
		sectionHeading("Paths"),
		leftParagraph(intro),
		subheading("Paths you follow"),
		choose,
		s.problem,
		container.NewHBox(s.support),
		widget.NewSeparator(),
	)
	return container.NewVScroll(container.NewPadded(container.NewVBox(top, s.acc)))
}

// buildPath lays out one path: its intro and its steps, numbered.
func (s *pathsScreen) buildPath(p assets.Path) fyne.CanvasObject {
	box := container.NewVBox(leftParagraph(p.Intro))
	for i, st := range p.Steps {
		r := &stepRow{path: p, step: st}
		// In an HBox a wrapping label shrinks to one letter a line.
		answered := note("Answered")
		answered.Wrapping = fyne.TextWrapOff
		r.done = container.NewHBox(widget.NewIcon(theme.ConfirmIcon()), answered)
		r.done.Hide()
		r.today = note("Today's step")
		r.today.Wrapping = fyne.TextWrapOff
		r.today.Hide()
		r.answer = &widget.Button{Text: "Write about this", Icon: theme.DocumentCreateIcon(), OnTapped: func() { s.onAnswer(r) }}
		r.ground = &widget.Button{Text: "Pause and ground", Icon: theme.MediaPauseIcon(), Importance: widget.LowImportance, OnTapped: s.onGround}
		s.steps[st.ID] = r
		prompt := leftParagraph(fmt.Sprintf("%d. %s", i+1, st.Prompt))
		prompt.TextStyle = fyne.TextStyle{Bold: true}
		box.Add(widget.NewSeparator())
		box.Add(prompt)
		box.Add(note(st.Why))
		box.Add(flow(r.answer, r.ground, r.done, r.today))
	}
	return box
}

// refresh shows the stored choice of paths and which steps are answered.
func (s *pathsScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	prefs, err := v.Prefs()
	if err != nil {
		s.showProblem("Your choice of paths could not be read just now.")
	}
	answered, err := answeredSteps(v)
	if err != nil {
		s.showProblem("Which steps you answered could not be read just now.")
	}
	s.loading = true
	for id, c := range s.follow {
		c.SetChecked(slices.Contains(prefs.Paths, id))
	}
	s.loading = false
	today := journal.DateOf(s.u.now())
	for id, r := range s.steps {
		setVisible(r.done, answered[id])
		setVisible(r.today, prefs.SuggestedOn == today && prefs.SuggestedStep == id)
	}
	// Open the first path followed, so the steps in reach are the ones the
	// person chose; nothing is opened for them otherwise.
	if s.acc.Items != nil && !slices.ContainsFunc(s.acc.Items, func(it *widget.AccordionItem) bool { return it.Open }) {
		for i, p := range s.paths {
			if slices.Contains(prefs.Paths, p.ID) {
				s.acc.Open(i)
				break
			}
		}
	}
}

// onFollow stores the person's choice of a path to follow.
func (s *pathsScreen) onFollow(id string, on bool) {
	v := s.u.vault()
	if s.loading || v == nil {
		return
	}
	s.u.touch()
	s.problem.Hide()
	prefs, err := v.Prefs()
	if err == nil {
		// Kept in the order chosen: Today offers from the first path
		// chosen before the next.
		prefs.Paths = slices.DeleteFunc(prefs.Paths, func(p string) bool { return p == id })
		if on {
			prefs.Paths = append(prefs.Paths, id)
		}
		err = v.SetPrefs(prefs)
	}
	if err != nil {
		s.showProblem("That choice could not be saved. Please try again.")
		s.loading = true
		s.follow[id].SetChecked(!on)
		s.loading = false
	}
}

// onAnswer opens the editor for a step, offering a pause first when the
// step may stir up a lot.
func (s *pathsScreen) onAnswer(r *stepRow) {
	if r.step.Heavy {
		s.grounding = s.u.showGrounding(func() { s.u.openStep(r.path, r.step) })
		return
	}
	s.u.openStep(r.path, r.step)
}

func (s *pathsScreen) onGround()  { s.grounding = s.u.showGrounding(nil) }
func (s *pathsScreen) onSupport() { s.supportPage = s.u.showSupport() }

func (s *pathsScreen) showProblem(text string) {
	s.problem.SetText(text)
	s.problem.Show()
}

// clear forgets the choice and progress shown, on lock.
func (s *pathsScreen) clear() {
	s.loading = true
	for _, c := range s.follow {
		c.SetChecked(false)
	}
	s.loading = false
	for _, r := range s.steps {
		r.done.Hide()
		r.today.Hide()
	}
	s.problem.Hide()
	closeDialogs(s.grounding, s.supportPage)
	s.grounding, s.supportPage = nil, nil
}

// openStep opens the editor to answer a guided step, with its prompt
// shown and the entry linked to the step.
func (u *UI) openStep(p assets.Path, st assets.Step) { u.newEntryForStep(p, st) }

// answeredSteps returns the ids of the guided steps that an entry outside
// the trash answers. Step ids are unique across all paths (the paths' tests
// check it), so the step id alone names the step.
func answeredSteps(v *vault.Vault) (map[string]bool, error) {
	// Summaries live in memory, so listing them all costs no disk reads.
	list, err := v.List(vault.ListQuery{})
	if err != nil {
		return nil, err
	}
	out := map[string]bool{}
	for _, e := range list {
		if e.Prompt != nil && e.Prompt.Step != "" {
			out[e.Prompt.Step] = true
		}
	}
	return out, nil
}

// setVisible shows or hides o.
func setVisible(o fyne.CanvasObject, on bool) {
	if on {
		o.Show()
	} else {
		o.Hide()
	}
}

// closeDialogs closes the grounding and support dialogs, if open, on lock.
func closeDialogs(g *groundingDialog, p *supportPage) {
	if g != nil {
		g.close()
	}
	if p != nil {
		p.dlg.Hide()
	}
}
