package ui

import (
	"fmt"
	"slices"
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/assets"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// pathsScreen shows the guided paths: which ones the person follows, each
// path's intro and its steps in order, and which steps are answered. It
// counts nothing against anyone: no streaks, no badges, no "behind".
type pathsScreen struct {
	d     pathsDeps
	paths []assets.Path

	problem *widget.Label
	follow  map[string]*widget.Check // by path id
	acc     *widget.Accordion
	views   map[string]*pathView // by path id
	steps   map[string]*stepRow  // by step id
	support *widget.Hyperlink

	// loading is set while refresh sets the checks, so that showing the
	// stored choice does not store it again.
	loading bool
	// grounding and supportPage are the last dialogs opened, for tests.
	grounding   *groundingDialog
	supportPage *supportPage
}

// pathView is one path as the Paths screen shows it: how far along it the
// person is, and its steps, each marked answered, next or still ahead. The
// path's two actions sit once, under the step chosen: the next one, or
// today's, until the person picks another.
type pathView struct {
	path     assets.Path
	progress *widget.Label
	rows     []*stepRow
	answer   *widget.Button
	ground   *widget.Button
	actions  *fyne.Container
	chosen   *stepRow
	// picked is set once the person picks a step, which then stays chosen
	// until the screen is cleared.
	picked bool
}

// stepRow is one step of a path as the Paths screen shows it.
type stepRow struct {
	view   *pathView
	index  int
	step   assets.Step
	pick   *choiceRow // takes a click or the keys anywhere on the row
	mark   *widget.Icon
	state  *widget.Label
	prompt *widget.Label
	slot   *fyne.Container // holds the path's actions while chosen
	// done is set when an entry answers the step, next on the first step
	// not answered, today on the step Today offers.
	done, next, today bool
}

// pathsDeps is what the Paths screen drives: the journal (nil while
// locked) for the choice of paths and the answered steps, the clock, the
// keyboard, and the ways on from it.
type pathsDeps struct {
	vault func() *vault.Vault
	today func() journal.Date
	// touch counts the person's use against the automatic lock.
	touch func()
	// focus gives a row the keyboard; nil takes it away.
	focus func(fyne.Focusable)
	// answer opens a new entry answering a step.
	answer func(assets.Path, assets.Step)
	// ground opens Pause and ground, with then (if not nil) to go on to.
	ground  func(then func()) *groundingDialog
	support func() *supportPage
}

// pathsDeps gives the Paths screen what it drives.
func (u *UI) pathsDeps() pathsDeps {
	return pathsDeps{
		vault: u.vault,
		today: func() journal.Date { return journal.DateOf(u.now()) },
		touch: u.touch,
		focus: func(f fyne.Focusable) {
			if f == nil {
				u.win.Canvas().Unfocus()
			} else {
				u.win.Canvas().Focus(f)
			}
		},
		answer:  u.newEntryForStep,
		ground:  u.showGrounding,
		support: u.showSupport,
	}
}

func newPathsScreen(d pathsDeps) *pathsScreen {
	s := &pathsScreen{d: d, follow: map[string]*widget.Check{}, views: map[string]*pathView{}, steps: map[string]*stepRow{}, problem: note("")}
	// The paths are embedded and checked by tests; should they fail to load
	// the screen says so calmly and the rest of the journal works.
	s.paths, _ = assets.PathsFor(i18n.Language())
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
	s.support = &widget.Hyperlink{Text: i18n.L("If it gets heavy"), OnTapped: s.onSupport}
	intro := i18n.L("Each path is a few prompts to take at your own pace, lighter ones first. Choose the ones you want to follow: Today offers one step a day from them. You can answer any step, in any order, whenever it suits you.")
	if len(s.paths) == 0 {
		intro = i18n.L("The guided paths could not be loaded. Your journal is safe, and you can still write freely.")
	}
	top := container.NewVBox(
		sectionHeading(i18n.L("Paths")),
		leftParagraph(intro),
		subheading(i18n.L("Paths you follow")),
		choose,
		s.problem,
		container.NewHBox(s.support),
		widget.NewSeparator(),
	)
	return container.NewVScroll(container.NewPadded(container.NewVBox(top, s.acc)))
}

// buildPath lays out one path: its intro, how far along it the person
// is, and its steps, numbered.
func (s *pathsScreen) buildPath(p assets.Path) fyne.CanvasObject {
	v := &pathView{path: p, progress: note("")}
	v.answer = &widget.Button{Text: i18n.L("Write about this"), Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance, OnTapped: func() { s.onAnswer(v) }}
	v.ground = &widget.Button{Text: i18n.L("Pause and ground"), Icon: theme.MediaPauseIcon(), Importance: widget.LowImportance, OnTapped: s.onGround}
	v.actions = flow(v.answer, v.ground)
	s.views[p.ID] = v
	box := container.NewVBox(leftParagraph(p.Intro), v.progress)
	for i, st := range p.Steps {
		r := &stepRow{view: v, index: i, step: st, mark: widget.NewIcon(nil), slot: container.NewVBox()}
		r.state = note("")
		r.prompt = leftParagraph(fmt.Sprintf("%d. %s", i+1, st.Prompt))
		r.pick = newChoiceRow(func() { s.choose(r, true) })
		r.pick.label = i18n.L("Step {{.Step}}. {{.Prompt}}", i18n.Data{"Step": i + 1, "Prompt": st.Prompt})
		r.pick.step = func(by int) {
			if j := i + by; j >= 0 && j < len(v.rows) {
				s.d.focus(v.rows[j].pick)
			}
		}
		r.pick.cancel = func() { s.d.focus(nil) }
		v.rows = append(v.rows, r)
		s.steps[st.ID] = r
		// The button under the words takes a click anywhere on the row.
		text := container.NewVBox(r.prompt, note(st.Why), r.state)
		row := container.NewStack(r.pick, container.NewBorder(nil, nil, container.NewVBox(r.mark), nil, text))
		box.Add(widget.NewSeparator())
		box.Add(row)
		box.Add(r.slot)
	}
	return box
}

// choose puts the path's actions under r. picked says the person chose
// it, rather than the screen.
func (s *pathsScreen) choose(r *stepRow, picked bool) {
	v := r.view
	if picked {
		s.d.touch()
		v.picked = true
	}
	if v.chosen != nil && v.chosen != r {
		v.chosen.slot.RemoveAll()
		v.chosen.prompt.TextStyle.Bold = false
		v.chosen.prompt.Refresh()
		v.chosen.pick.Importance = widget.LowImportance
		v.chosen.pick.Refresh()
	}
	v.chosen = r
	r.prompt.TextStyle.Bold = true
	r.prompt.Refresh()
	r.pick.Importance = widget.MediumImportance
	r.pick.Refresh()
	if len(r.slot.Objects) == 0 {
		r.slot.Add(v.actions)
	}
	v.answer.SetText(i18n.L("Write about this"))
	if r.done {
		v.answer.SetText(i18n.L("Write more"))
	}
}

// show marks each step answered, next or ahead, says how far along the
// path the person is, and chooses the step to offer: the one they picked,
// else today's, else the next.
func (v *pathView) show(answered map[string]bool, todayStep string) (choose *stepRow) {
	n := 0
	var next *stepRow
	for _, r := range v.rows {
		r.done = answered[r.step.ID]
		r.today = r.step.ID == todayStep
		r.next = false
		if r.done {
			n++
		} else if next == nil {
			next, r.next = r, true
		}
	}
	for _, r := range v.rows {
		var marks []string
		switch {
		case r.done:
			r.mark.SetResource(theme.ConfirmIcon())
			marks = append(marks, i18n.L("Answered"))
		case r.next:
			r.mark.SetResource(theme.NavigateNextIcon())
			marks = append(marks, i18n.X("step.next", "Next"))
		default:
			r.mark.SetResource(nil)
		}
		if r.today {
			marks = append(marks, i18n.L("Today's step"))
		}
		r.state.SetText(strings.Join(marks, " · "))
		setVisible(r.state, len(marks) > 0)
	}
	v.progress.SetText(pathProgress(n, len(v.rows), next))
	switch {
	case v.picked && v.chosen != nil:
		return v.chosen
	case todayStep != "" && slices.ContainsFunc(v.rows, func(r *stepRow) bool { return r.today }):
		return v.rows[slices.IndexFunc(v.rows, func(r *stepRow) bool { return r.today })]
	case next != nil:
		return next
	}
	return v.rows[0]
}

// pathProgress says where the person is in a path, without counting
// anything against them.
func pathProgress(answered, steps int, next *stepRow) string {
	switch {
	case answered == 0:
		return i18n.N("{{.Count}} steps, to take at your own pace.", steps)
	case next == nil:
		return i18n.N("You have answered all {{.Count}} steps. You can come back to any of them.", steps)
	}
	return i18n.N("You have answered {{.Answered}} of {{.Count}} steps. Next is step {{.Next}}.", steps, i18n.Data{"Answered": answered, "Next": next.index + 1})
}

// refresh shows the stored choice of paths and which steps are answered.
func (s *pathsScreen) refresh() {
	v := s.d.vault()
	if v == nil {
		return
	}
	prefs, err := v.Prefs()
	if err != nil {
		s.showProblem(i18n.L("Your choice of paths could not be read just now."))
	}
	answered, err := answeredSteps(v)
	if err != nil {
		s.showProblem(i18n.L("Which steps you answered could not be read just now."))
	}
	s.loading = true
	for id, c := range s.follow {
		c.SetChecked(slices.Contains(prefs.Paths, id))
	}
	s.loading = false
	todayStep := ""
	if prefs.SuggestedOn == s.d.today() {
		todayStep = prefs.SuggestedStep
	}
	for _, v := range s.views {
		s.choose(v.show(answered, todayStep), false)
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
	v := s.d.vault()
	if s.loading || v == nil {
		return
	}
	s.d.touch()
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
		s.showProblem(i18n.L("That choice could not be saved. Please try again."))
		s.loading = true
		s.follow[id].SetChecked(!on)
		s.loading = false
	}
}

// onAnswer opens the editor for the path's chosen step, offering a pause
// first when the step may stir up a lot.
func (s *pathsScreen) onAnswer(v *pathView) {
	r := v.chosen
	if r == nil {
		return
	}
	if r.step.Heavy {
		s.grounding = s.d.ground(func() { s.d.answer(v.path, r.step) })
		return
	}
	s.d.answer(v.path, r.step)
}

func (s *pathsScreen) onGround()  { s.grounding = s.d.ground(nil) }
func (s *pathsScreen) onSupport() { s.supportPage = s.d.support() }

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
	for _, v := range s.views {
		v.picked = false
		v.progress.SetText("")
		for _, r := range v.rows {
			r.done, r.next, r.today = false, false, false
			r.mark.SetResource(nil)
			r.state.SetText("")
			r.state.Hide()
		}
	}
	s.problem.Hide()
	closeDialogs(s.grounding, s.supportPage)
	s.grounding, s.supportPage = nil, nil
}

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
