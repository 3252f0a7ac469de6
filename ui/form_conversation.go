package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/theme"
	"fyne.io/fyne/v2/widget"

	"tend/internal/i18n"
	"tend/journal"
)

// conversationForm plans a hard conversation and, when it has happened,
// keeps how it went. The debrief stays hidden until asked for, so the plan
// never looks unfinished.
type conversationForm struct {
	changed func()
	today   func() journal.Date

	observation *field
	feeling     *field
	need        *field
	request     *field
	opening     *field

	addDebrief   *widget.Button
	debrief      *fyne.Container
	debriefDate  *widget.Entry
	debriefDay   journal.Date // the last good day typed
	response     *field
	feelingAfter *field
	box          fyne.CanvasObject
}

func newConversationForm(changed func(), today func() journal.Date) *conversationForm {
	f := &conversationForm{changed: changed, today: today}
	f.observation = lines(i18n.L("What happened, as a camera would see it"), changed)
	f.feeling = line(i18n.L("How I feel about it"), changed)
	f.need = line(i18n.L("What I need"), changed)
	f.request = line(i18n.L("What I will ask for"), changed)
	f.opening = line(i18n.L("A gentle first sentence"), changed)
	f.debriefDate = &widget.Entry{PlaceHolder: i18n.L("YYYY-MM-DD")}
	f.debriefDate.OnChanged = func(text string) {
		if d, err := journal.ParseDate(text); err == nil {
			f.debriefDay = d
			changed()
		}
	}
	f.response = lines(i18n.L("What they said and did"), changed)
	f.feelingAfter = line(i18n.L("How I feel now"), changed)
	f.addDebrief = &widget.Button{Text: i18n.L("Add how it went"), Icon: theme.ContentAddIcon(), OnTapped: f.onAddDebrief}
	f.debrief = container.NewVBox(
		widget.NewSeparator(),
		&widget.Label{Text: i18n.L("How it went"), TextStyle: fyne.TextStyle{Bold: true}},
		form(
			&widget.FormItem{Text: i18n.L("When"), Widget: container.NewHBox(container.New(minWidth{130}, f.debriefDate))},
			&widget.FormItem{Text: i18n.L("How they responded"), Widget: f.response},
			&widget.FormItem{Text: i18n.L("How I feel now"), Widget: f.feelingAfter},
		),
	)
	f.debrief.Hide()
	f.box = container.NewVBox(
		form(
			&widget.FormItem{Text: i18n.L("What happened"), Widget: f.observation},
			&widget.FormItem{Text: i18n.L("What I feel"), Widget: f.feeling},
			&widget.FormItem{Text: i18n.L("What I need"), Widget: f.need},
			&widget.FormItem{Text: i18n.L("What I will ask"), Widget: f.request},
			&widget.FormItem{Text: i18n.L("How I'll begin"), Widget: f.opening},
		),
		container.NewHBox(f.addDebrief),
		f.debrief,
	)
	return f
}

func (f *conversationForm) view() fyne.CanvasObject { return f.box }

// onAddDebrief opens the debrief, dated today, for after the talk. It
// opens below the plan, so the page scrolls to it and the first answer
// takes the keyboard: the click must visibly do something.
func (f *conversationForm) onAddDebrief() {
	f.showDebrief(&journal.Debrief{Date: f.today()})
	f.changed()
	if p := f.response.page; p != nil {
		p.ScrollToBottom()
	}
	// The debrief has not been drawn yet, so its canvas is the button's.
	if c := fyne.CurrentApp().Driver().CanvasForObject(f.addDebrief); c != nil {
		c.Focus(f.response)
	}
}

func (f *conversationForm) showDebrief(d *journal.Debrief) {
	if d == nil {
		f.debriefDay = journal.Date{}
		f.debriefDate.SetText("")
		f.response.SetText("")
		f.feelingAfter.SetText("")
		f.debrief.Hide()
		f.addDebrief.Show()
		return
	}
	f.debriefDay = d.Date
	if !d.Date.IsZero() {
		f.debriefDate.SetText(d.Date.String())
	}
	f.response.SetText(d.Response)
	f.feelingAfter.SetText(d.FeelingAfter)
	f.addDebrief.Hide()
	f.debrief.Show()
}

func (f *conversationForm) set(fs journal.Fields) {
	c := fs.Conversation
	if c == nil {
		c = &journal.Conversation{}
	}
	f.observation.SetText(c.Observation)
	f.feeling.SetText(c.Feeling)
	f.need.SetText(c.Need)
	f.request.SetText(c.Request)
	f.opening.SetText(c.Opening)
	f.showDebrief(c.Debrief)
}

func (f *conversationForm) put(fs *journal.Fields) {
	c := &journal.Conversation{
		Observation: trimmed(f.observation.Text), Feeling: trimmed(f.feeling.Text), Need: trimmed(f.need.Text),
		Request: trimmed(f.request.Text), Opening: trimmed(f.opening.Text),
	}
	if f.debrief.Visible() {
		c.Debrief = &journal.Debrief{Date: f.debriefDay, Response: trimmed(f.response.Text), FeelingAfter: trimmed(f.feelingAfter.Text)}
	}
	if *c == (journal.Conversation{}) {
		c = nil
	}
	fs.Conversation = c
}

// first is what happened, where a plan begins.
func (f *conversationForm) first() fyne.Focusable { return f.observation }
