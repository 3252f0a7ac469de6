package ui

import (
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/dialog"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/assets"
	"tend/internal/i18n"
)

// groundingDialog is "Pause and ground": slow breathing with a circle that
// paces it, or the 5-4-3-2-1 senses, one exercise at a time and one step
// at a time. It is reached from every screen (Ctrl+G), often by someone
// who is upset, so it asks nothing, scores nothing, and leads back
// whenever the person likes.
type groundingDialog struct {
	u  *UI
	ex assets.Grounding

	// The choice of exercise, and each exercise's pane; one shows at a
	// time.
	breatheBtn, sensesBtn *widget.Button
	breathing, senses     *fyne.Container

	// The breathing count. Its state moves one second per step, so tests
	// call step directly instead of waiting for the ticker.
	pacer  *breathPacer
	count  *widget.Label
	rounds *widget.Label
	start  *widget.Button
	phase  breathPhase
	left   int // seconds left in this breath
	round  int // from 1
	stop   chan struct{}

	// The senses, shown one step at a time.
	sense     *widget.Label
	nextSense *widget.Button
	senseAt   int

	// back closes the dialog; then, when the dialog was opened before a
	// heavy step, offers to go on to it.
	back *widget.Button
	then *widget.Button
	dlg  dialog.Dialog
}

// breathPhase is where the breathing count is.
type breathPhase int

const (
	breathIdle breathPhase = iota
	breathIn
	breathOut
	breathDone
)

// showGrounding opens "Pause and ground". When then is not nil, the dialog
// also offers to go on (to the step that was paused before); closing it
// another way simply leads back, with nothing lost.
func (u *UI) showGrounding(then func()) *groundingDialog {
	ex, err := assets.GroundingFor(i18n.Language())
	if err != nil {
		// The exercises are embedded and checked by tests; if they ever
		// fail to load, the support page still has plain steps to follow.
		u.showSupport()
		return nil
	}
	g := &groundingDialog{u: u, ex: ex}
	g.dlg = dialog.NewCustomWithoutButtons(i18n.L("Pause and ground"), g.buildUI(then), u.win)
	g.dlg.SetOnClosed(g.halt)
	g.dlg.Resize(fyne.NewSize(560, 600))
	u.present(g.dlg)
	return g
}

func (g *groundingDialog) buildUI(then func()) fyne.CanvasObject {
	b := g.ex.Breathing
	g.pacer = newBreathPacer(g.u.settings.ReduceMotion())
	g.count = &widget.Label{Text: i18n.L("Ready when you are."), Alignment: fyne.TextAlignCenter, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText}
	g.rounds = note("")
	g.rounds.Alignment = fyne.TextAlignCenter
	g.start = &widget.Button{Text: i18n.L("Start"), Icon: theme.MediaPlayIcon(), OnTapped: g.onStart}

	g.sense = leftParagraph(g.ex.Senses.Steps[0])
	g.nextSense = &widget.Button{Text: i18n.L("Next"), OnTapped: g.onNextSense}

	g.back = &widget.Button{Text: i18n.L("Back to Tend"), OnTapped: g.close}
	actions := container.NewHBox(g.back)
	g.then = &widget.Button{Text: i18n.L("Go on to write"), Importance: widget.HighImportance}
	if then != nil {
		g.back.Text = i18n.L("Not now")
		g.then.OnTapped = func() {
			g.close()
			then()
		}
		actions.Add(g.then)
	} else {
		g.then.Hide()
	}

	g.breathing = container.NewVBox(
		leftParagraph(b.Intro),
		g.pacer,
		g.count,
		g.rounds,
		container.NewCenter(g.start),
	)
	g.senses = container.NewVBox(
		leftParagraph(g.ex.Senses.Intro),
		g.sense,
		container.NewHBox(g.nextSense),
	)
	g.breatheBtn = &widget.Button{Text: b.Title, OnTapped: func() { g.showExercise(false) }}
	g.sensesBtn = &widget.Button{Text: g.ex.Senses.Title, OnTapped: func() { g.showExercise(true) }}

	body := container.NewVBox()
	if then != nil {
		body.Add(leftParagraph(i18n.L("This step may stir up a lot. You could take a minute to ground yourself first, or go straight on.")))
	}
	body.Add(chipFlow(g.breatheBtn, g.sensesBtn))
	body.Add(g.breathing)
	body.Add(g.senses)
	body.Add(widget.NewSeparator())
	body.Add(leftParagraph(i18n.L("Come back when you're ready. Nothing is lost by pausing.")))
	g.showExercise(false)
	return container.NewBorder(nil, container.NewCenter(actions), nil, nil, container.NewVScroll(body))
}

// showExercise shows the senses, or the breathing, and only that one: two
// exercises at once ask too much of someone who is already flooded.
// Leaving the breathing stops its count.
func (g *groundingDialog) showExercise(senses bool) {
	if senses {
		g.halt()
		g.breathing.Hide()
		g.senses.Show()
		g.breatheBtn.Importance, g.sensesBtn.Importance = widget.LowImportance, widget.HighImportance
	} else {
		g.senses.Hide()
		g.breathing.Show()
		g.breatheBtn.Importance, g.sensesBtn.Importance = widget.HighImportance, widget.LowImportance
	}
	g.breatheBtn.Refresh()
	g.sensesBtn.Refresh()
}

// onStart starts the count, or stops it while it runs.
func (g *groundingDialog) onStart() {
	if g.stop != nil {
		g.halt()
		g.count.SetText(i18n.L("Paused. Start again whenever you like."))
		return
	}
	g.begin()
	stop := make(chan struct{})
	g.stop = stop
	t := time.NewTicker(time.Second)
	go func() {
		defer t.Stop()
		for {
			select {
			case <-stop:
				return
			case <-t.C:
				fyne.Do(func() {
					// A tick queued just before a stop must not move the count.
					if g.stop == stop {
						g.step()
					}
				})
			}
		}
	}()
}

// begin sets the count at the first breath in.
func (g *groundingDialog) begin() {
	g.phase, g.left, g.round = breathIn, g.ex.Breathing.In, 1
	g.start.SetText(i18n.L("Stop"))
	g.start.SetIcon(theme.MediaStopIcon())
	g.pacer.breathe(true, g.left)
	g.show()
}

// step moves the count on by one second: down through the breath in, then
// the breath out, then the next round, until the last round ends.
func (g *groundingDialog) step() {
	b := g.ex.Breathing
	if g.phase == breathIdle || g.phase == breathDone {
		return
	}
	g.left--
	if g.left == 0 {
		switch {
		case g.phase == breathIn:
			g.phase, g.left = breathOut, b.Out
			g.pacer.breathe(false, g.left)
		case g.round < b.Rounds:
			g.phase, g.left = breathIn, b.In
			g.round++
			g.pacer.breathe(true, g.left)
		default:
			g.phase = breathDone
			g.halt()
		}
	}
	g.show()
}

// show writes the count for the current second.
func (g *groundingDialog) show() {
	b := g.ex.Breathing
	switch g.phase {
	case breathIn:
		g.count.SetText(i18n.L("Breathe in… {{.Left}}", i18n.Data{"Left": g.left}))
	case breathOut:
		g.count.SetText(i18n.L("Breathe out… {{.Left}}", i18n.Data{"Left": g.left}))
	case breathDone:
		g.count.SetText(i18n.L("Well done."))
		g.rounds.SetText(b.Closing)
		return
	}
	g.rounds.SetText(i18n.L("Breath {{.Round}} of {{.Rounds}}", i18n.Data{"Round": g.round, "Rounds": b.Rounds}))
}

// halt stops the ticker, if it runs, and readies the button to start again.
func (g *groundingDialog) halt() {
	if g.stop != nil {
		close(g.stop)
		g.stop = nil
	}
	g.pacer.rest()
	g.start.SetText(i18n.L("Start"))
	g.start.SetIcon(theme.MediaPlayIcon())
}

// onNextSense shows the next senses step, and the closing line after the
// last one.
func (g *groundingDialog) onNextSense() {
	steps := g.ex.Senses.Steps
	g.senseAt++
	switch {
	case g.senseAt < len(steps):
		g.sense.SetText(steps[g.senseAt])
	case g.senseAt == len(steps):
		g.sense.SetText(g.ex.Senses.Closing)
		g.nextSense.SetText(i18n.L("Start again"))
	default:
		g.senseAt = 0
		g.sense.SetText(steps[0])
		g.nextSense.SetText(i18n.L("Next"))
	}
}

// close ends the exercise and leads back.
func (g *groundingDialog) close() {
	g.halt()
	g.dlg.Hide()
}

// breathPacer is a soft circle that grows while the person breathes in and
// shrinks while they breathe out: easier to follow than numbers when the
// mind is racing. With reduced motion it holds still through each breath
// and only changes size between them.
type breathPacer struct {
	widget.BaseWidget
	circle *canvas.Circle
	scale  float32 // from 0 (resting) to 1 (a full breath in)
	anim   *fyne.Animation
	still  bool
}

// The pacer's largest size, and its size at rest as a share of that.
const (
	pacerSize = 150
	pacerRest = 0.4
)

func newBreathPacer(still bool) *breathPacer {
	p := &breathPacer{circle: &canvas.Circle{}, still: still}
	p.ExtendBaseWidget(p)
	return p
}

// breathe grows the circle (in) or lets it shrink over seconds.
func (p *breathPacer) breathe(in bool, seconds int) {
	p.stopAnim()
	to := float32(0)
	if in {
		to = 1
	}
	if p.still {
		p.scale = to
		p.Refresh()
		return
	}
	from := p.scale
	p.anim = fyne.NewAnimation(time.Duration(seconds)*time.Second, func(f float32) {
		p.scale = from + (to-from)*f
		p.Refresh()
	})
	p.anim.Curve = fyne.AnimationEaseInOut
	p.anim.Start()
}

// rest stops the circle and lets it settle small.
func (p *breathPacer) rest() {
	p.stopAnim()
	p.scale = 0
	p.Refresh()
}

// stopAnim ends a running animation, so nothing moves once the exercise
// stops or the dialog closes.
func (p *breathPacer) stopAnim() {
	if p.anim != nil {
		p.anim.Stop()
		p.anim = nil
	}
}

func (p *breathPacer) CreateRenderer() fyne.WidgetRenderer { return &pacerRenderer{p: p} }

type pacerRenderer struct{ p *breathPacer }

func (r *pacerRenderer) Layout(size fyne.Size) {
	d := pacerSize * (pacerRest + (1-pacerRest)*r.p.scale)
	r.p.circle.Resize(fyne.NewSquareSize(d))
	r.p.circle.Move(fyne.NewPos((size.Width-d)/2, (size.Height-d)/2))
}

func (r *pacerRenderer) MinSize() fyne.Size { return fyne.NewSquareSize(pacerSize) }

func (r *pacerRenderer) Refresh() {
	r.p.circle.FillColor = soften(themeColor(theme.ColorNamePrimary), 0x90)
	r.Layout(r.p.Size())
	r.p.circle.Refresh()
}

func (r *pacerRenderer) Objects() []fyne.CanvasObject { return []fyne.CanvasObject{r.p.circle} }

func (r *pacerRenderer) Destroy() {}

// supportPage is "If it gets heavy": plain, offline text on what Tend is
// not, what helps, and where to turn. It holds no links, so nothing can open
// a browser or reach the network.
type supportPage struct {
	paragraphs []*widget.Label
	ground     *widget.Button
	dlg        dialog.Dialog
}

// showSupport opens the "If it gets heavy" page.
func (u *UI) showSupport() *supportPage {
	p := &supportPage{}
	body := container.NewVBox()
	for _, para := range strings.Split(assets.SupportFor(i18n.Language()), "\n\n") {
		l := leftParagraph(strings.TrimSpace(para))
		p.paragraphs = append(p.paragraphs, l)
		body.Add(l)
	}
	p.ground = &widget.Button{Text: i18n.L("Pause and ground"), Icon: theme.MediaPauseIcon(), OnTapped: func() {
		p.dlg.Hide()
		u.showGrounding(nil)
	}}
	body.Add(container.NewHBox(p.ground))
	p.dlg = dialog.NewCustom(i18n.L("If it gets heavy"), i18n.L("Close"), container.NewVScroll(body), u.win)
	p.dlg.Resize(fyne.NewSize(560, 520))
	u.present(p.dlg)
	return p
}

// text is the page as it reads, for tests.
func (p *supportPage) text() string {
	parts := make([]string, len(p.paragraphs))
	for i, l := range p.paragraphs {
		parts[i] = l.Text
	}
	return strings.Join(parts, "\n\n")
}

// subheading is a smaller title inside a screen or dialog.
func subheading(text string) *widget.Label {
	return &widget.Label{Text: text, TextStyle: fyne.TextStyle{Bold: true}, SizeName: theme.SizeNameSubHeadingText, Wrapping: fyne.TextWrapWord}
}

// leftParagraph is wrapped body text set to the left, for longer reading.
func leftParagraph(text string) *widget.Label {
	return &widget.Label{Text: text, Wrapping: fyne.TextWrapWord}
}
