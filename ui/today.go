package ui

import (
	"slices"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/app"
	"tend/assets"
	"tend/insights"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// recentCount is how many recent entries Today lists.
const recentCount = 5

// checkInEmotions are the chips of the quick check-in, in the order shown.
// A check-in keeps them by their English names, whatever the language, so
// that entries count alike whichever language wrote them;
// insights.EmotionWord says them.
var checkInEmotions = journal.Feelings

// todayScreen is where the journal opens: a greeting, one suggested step
// from the paths the person follows, a quick check-in, a way to write
// freely, the last few entries and, some days, what was written on this day
// in earlier years.
type todayScreen struct {
	u *UI

	greeting *widget.Label
	date     *widget.Label

	// Today's step.
	stepPath   *widget.Label
	stepPrompt *widget.Label
	stepWhy    *widget.Label
	stepNote   *widget.Label
	answer     *widget.Button
	ground     *widget.Button
	choose     *widget.Button
	suggestion app.Suggestion
	hasStep    bool

	// The quick check-in.
	safety      *scalePicker
	chips       map[string]*widget.Button
	chosen      map[string]bool
	saveCheckIn *widget.Button
	checkInNote *widget.Label

	write   *widget.Button
	recent  *fyne.Container
	empty   *widget.Label
	otd     *memoriesView
	support *widget.Hyperlink
	// upgradeWait is the vault whose upgrade of older summaries Today
	// waits for, to list them again with their headlines; stale is set
	// while an entry shown has none yet.
	upgradeWait *vault.Vault
	stale       bool

	// grounding and supportPage are the last dialogs opened, for tests.
	grounding   *groundingDialog
	supportPage *supportPage
}

func newTodayScreen(u *UI) *todayScreen {
	s := &todayScreen{
		u:          u,
		greeting:   wrappedHeading(""),
		date:       note(""),
		stepPath:   note(""),
		stepPrompt: leftParagraph(""),
		stepWhy:    note(""),
		stepNote:   leftParagraph(""),
		chips:      map[string]*widget.Button{},
		chosen:     map[string]bool{},
		recent:     container.NewVBox(),
		empty:      leftParagraph(i18n.L("Nothing written yet. Whenever you are ready, a line or two is plenty.")),
	}
	s.otd = newMemoriesView(subheading(i18n.L("On this day")), func(id journal.ID) { s.u.openEntry(id) })
	s.stepPrompt.TextStyle = fyne.TextStyle{Bold: true}
	return s
}

func (s *todayScreen) buildUI() fyne.CanvasObject {
	s.answer = &widget.Button{Text: i18n.L("Write about this"), Icon: theme.DocumentCreateIcon(), Importance: widget.HighImportance, OnTapped: s.onAnswer}
	s.ground = &widget.Button{Text: i18n.L("Pause and ground"), Icon: theme.MediaPauseIcon(), Importance: widget.LowImportance, OnTapped: s.onGround}
	s.choose = &widget.Button{Text: i18n.L("Choose paths"), Icon: theme.NavigateNextIcon(), Importance: widget.LowImportance, OnTapped: func() { s.u.showSection(secPaths) }}
	step := container.NewVBox(subheading(i18n.L("A step for today")), s.stepPath, s.stepPrompt, s.stepWhy, s.stepNote, flow(s.answer, s.ground, s.choose))

	s.safety = newScalePicker(i18n.L("not safe at all"), i18n.L("completely safe"), s.updateCheckIn)
	chips := chipFlow()
	for _, e := range checkInEmotions {
		b := &widget.Button{Text: insights.EmotionWord(e)}
		b.OnTapped = func() { s.onChip(e) }
		s.chips[e] = b
		chips.Add(b)
	}
	s.saveCheckIn = &widget.Button{Text: i18n.L("Save check-in"), Icon: theme.DocumentSaveIcon(), OnTapped: s.onSaveCheckIn}
	s.checkInNote = note("")
	s.checkInNote.Wrapping = fyne.TextWrapOff // in an HBox a wrapping label shrinks to a letter
	checkIn := container.NewVBox(
		subheading(i18n.L("A quick check-in")),
		leftParagraph(i18n.L("How safe do you feel right now, from 0 to 10? And what is here?")),
		s.safety.view(),
		chips,
		container.NewHBox(s.saveCheckIn, s.checkInNote),
	)

	s.write = &widget.Button{Text: i18n.L("Write freely"), Icon: theme.ContentAddIcon(), OnTapped: func() { s.u.newEntry(journal.KindFree) }}
	s.support = &widget.Hyperlink{Text: i18n.L("If it gets heavy"), OnTapped: s.onSupport}
	s.resetCheckIn()

	return container.NewVScroll(container.NewPadded(container.NewVBox(
		s.greeting, s.date,
		widget.NewSeparator(), step,
		widget.NewSeparator(), checkIn,
		widget.NewSeparator(), container.NewHBox(s.write),
		subheading(i18n.L("Lately")), s.empty, s.recent,
		s.otd.box,
		widget.NewSeparator(), container.NewHBox(s.support),
	)))
}

// greetingFor says hello by the time of day.
func greetingFor(hour int) string {
	switch {
	case hour < 5:
		return i18n.L("Still up? Be gentle with yourself.")
	case hour < 12:
		return i18n.L("Good morning.")
	case hour < 18:
		return i18n.L("Good afternoon.")
	default:
		return i18n.L("Good evening.")
	}
}

func (s *todayScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	now := s.u.now()
	today := journal.DateOf(now)
	s.greeting.SetText(greetingFor(now.Hour()))
	s.date.SetText(longDate(today))
	// Without the stored prefs the hidden tags are unknown: On This Day
	// then shows nothing rather than risk a memory the person shut away.
	prefs, err := v.Prefs()
	s.showStep(v, prefs, err == nil, today)
	s.showRecent(v, today)
	s.otd.load(v, prefs, err == nil, today, today, s.u.inView())
	s.waitForHeadlines(v)
}

// waitForHeadlines lists again once the vault has given the summaries an
// earlier Tend saved their headlines: until then such entries show their
// kind.
func (s *todayScreen) waitForHeadlines(v *vault.Vault) {
	if s.upgradeWait == v || s.u.inline {
		return
	}
	s.upgradeWait = v
	go func() {
		<-v.UpgradeDone()
		fyne.Do(func() {
			if s.u.vault() != v || s.upgradeWait != v || !(s.stale || s.otd.stale()) {
				return
			}
			today := journal.DateOf(s.u.now())
			s.showRecent(v, today)
			prefs, err := v.Prefs()
			s.otd.load(v, prefs, err == nil, today, today, s.u.inView())
		})
	}()
}

// showStep works out today's step and shows it. A new step is recorded in
// the journal's prefs, so it stays the day's only new step even across a
// restart.
func (s *todayScreen) showStep(v *vault.Vault, prefs journal.Prefs, prefsOK bool, today journal.Date) {
	s.hasStep = false
	paths, err := assets.PathsFor(i18n.Language())
	answered, aerr := answeredSteps(v)
	if err != nil || aerr != nil || !prefsOK {
		s.showNoStep(i18n.L("Today's step could not be worked out just now. You can still write freely."))
		return
	}
	p := app.Progress{Chosen: prefs.Paths, Answered: answered, Last: prefs.SuggestedOn, LastStep: prefs.SuggestedStep}
	sug, ok := app.Suggest(paths, p, today)
	switch {
	case !ok && len(prefs.Paths) == 0:
		s.showNoStep(noPathsChosen())
		return
	case !ok:
		s.showNoStep(i18n.L("You have answered every step of the paths you follow. You can choose another path, or simply write."))
		return
	}
	if sug.New {
		prefs.SuggestedOn, prefs.SuggestedStep = today, sug.Step.ID
		// If this cannot be stored, the same step is simply offered again
		// on the next refresh: nothing is lost.
		_ = v.SetPrefs(prefs)
	}
	s.suggestion, s.hasStep = sug, true
	s.stepPath.SetText(i18n.L("{{.Path}} · step {{.Step}} of {{.Steps}}", i18n.Data{"Path": sug.Path.Title, "Step": sug.Index + 1, "Steps": len(sug.Path.Steps)}))
	s.stepPrompt.SetText(sug.Step.Prompt)
	s.stepWhy.SetText(sug.Step.Why)
	s.stepPath.Show()
	s.stepPrompt.Show()
	s.stepWhy.Show()
	s.ground.Show()
	if sug.Done {
		s.stepNote.SetText(i18n.L("You answered today's step. The next one will be here tomorrow; there is no hurry."))
		s.stepNote.Show()
		s.answer.SetText(i18n.L("Write more"))
		s.answer.Importance = widget.MediumImportance
	} else {
		s.stepNote.Hide()
		s.answer.SetText(i18n.L("Write about this"))
		s.answer.Importance = widget.HighImportance
	}
	s.answer.Show()
	s.answer.Refresh()
	setVisible(s.choose, len(prefs.Paths) == 0)
}

// noPathsChosen is said where today's step would be while no path is
// chosen: steps come only from the paths a person picks.
func noPathsChosen() string {
	return i18n.L("Choose the paths you want to follow, and Today will offer one step a day from them. Or simply write.")
}

// showNoStep shows a calm line where today's step would be.
func (s *todayScreen) showNoStep(text string) {
	s.stepPath.Hide()
	s.stepPrompt.Hide()
	s.stepWhy.Hide()
	s.answer.Hide()
	s.ground.Hide()
	s.choose.Show()
	s.stepNote.SetText(text)
	s.stepNote.Show()
}

// showRecent lists the last few entries, each as a row that opens it: its
// headline and preview, with its day beside them.
func (s *todayScreen) showRecent(v *vault.Vault, today journal.Date) {
	s.recent.RemoveAll()
	list, err := v.List(vault.ListQuery{Limit: recentCount, Journals: s.u.inView()})
	if err != nil || len(list) == 0 {
		s.empty.Show()
		return
	}
	s.empty.Hide()
	s.stale = false
	for _, e := range list {
		s.stale = s.stale || e.Headline == ""
		id := e.ID
		r := newEntryButton(func() { s.u.openEntry(id) })
		r.setEntry(e, s.u.withJournal(e, dayAndClock(shortDay(e.Date, today), e, s.u.here())))
		s.recent.Add(r)
	}
}

// shortDay writes a day briefly, with its year only when it is not this
// year's: Mon 23 Nov, or Sun 23 Nov 2025.
func shortDay(d, today journal.Date) string {
	if d.Year == today.Year {
		return i18n.Capital(i18n.Date(d.Time(), "Mon 2 Jan"))
	}
	return i18n.Capital(i18n.Date(d.Time(), "Mon 2 Jan 2006"))
}

// onAnswer opens today's step, offering a pause first when it is heavy.
func (s *todayScreen) onAnswer() {
	if !s.hasStep {
		return
	}
	sug := s.suggestion
	if sug.Step.Heavy {
		s.grounding = s.u.showGrounding(func() { s.u.newEntryForStep(sug.Path, sug.Step) })
		return
	}
	s.u.newEntryForStep(sug.Path, sug.Step)
}

func (s *todayScreen) onGround()  { s.grounding = s.u.showGrounding(nil) }
func (s *todayScreen) onSupport() { s.supportPage = s.u.showSupport() }

// onChip chooses or unchooses an emotion.
func (s *todayScreen) onChip(e string) {
	s.chosen[e] = !s.chosen[e]
	b := s.chips[e]
	if s.chosen[e] {
		b.Importance = widget.HighImportance
		b.Icon = theme.ConfirmIcon()
	} else {
		b.Importance = widget.MediumImportance
		b.Icon = nil
	}
	b.Refresh()
	s.updateCheckIn()
}

// updateCheckIn allows saving once there is something to save.
func (s *todayScreen) updateCheckIn() {
	s.checkInNote.SetText("")
	if s.safety.value >= 0 || slices.ContainsFunc(checkInEmotions, func(e string) bool { return s.chosen[e] }) {
		s.saveCheckIn.Enable()
	} else {
		s.saveCheckIn.Disable()
	}
}

// onSaveCheckIn stores the check-in as an entry of its own.
func (s *todayScreen) onSaveCheckIn() {
	v := s.u.vault()
	if v == nil {
		return
	}
	s.u.touch()
	c := &journal.CheckIn{Safety: s.safety.value}
	for _, e := range checkInEmotions {
		if s.chosen[e] {
			c.Emotions = append(c.Emotions, e)
		}
	}
	e := &journal.Entry{Kind: journal.KindCheckIn, Date: journal.DateOf(s.u.now()), Fields: journal.Fields{CheckIn: c}}
	if err := v.Put(e); err != nil {
		// The choices stay on screen, so trying again costs nothing.
		s.checkInNote.SetText(i18n.L("Your check-in could not be saved. Please try again."))
		return
	}
	s.resetCheckIn()
	s.checkInNote.SetText(i18n.L("Saved. Thank you for checking in."))
	s.showRecent(v, journal.DateOf(s.u.now()))
}

// resetCheckIn empties the check-in for next time.
func (s *todayScreen) resetCheckIn() {
	s.safety.set(-1)
	for e, b := range s.chips {
		s.chosen[e] = false
		b.Importance = widget.MediumImportance
		b.Icon = nil
		b.Refresh()
	}
	s.updateCheckIn()
}

func (s *todayScreen) clear() {
	s.greeting.SetText("")
	s.date.SetText("")
	s.suggestion, s.hasStep = app.Suggestion{}, false
	s.stepPath.SetText("")
	s.stepPrompt.SetText("")
	s.stepWhy.SetText("")
	s.stepNote.SetText("")
	s.resetCheckIn()
	s.recent.RemoveAll()
	s.otd.clear()
	s.upgradeWait = nil
	closeDialogs(s.grounding, s.supportPage)
	s.grounding, s.supportPage = nil, nil
}
