package ui

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/widget"

	"tend/vault"
)

// todayScreen is where the journal opens: a greeting, a way to start
// writing, and what was written today.
type todayScreen struct {
	u        *UI
	greeting *widget.Label
	summary  *widget.Label
	todays   *fyne.Container
}

func newTodayScreen(u *UI) *todayScreen {
	s := &todayScreen{u: u, greeting: heading(""), summary: paragraph(""), todays: container.NewVBox()}
	s.greeting.Alignment = fyne.TextAlignLeading
	s.summary.Alignment = fyne.TextAlignLeading
	return s
}

func (s *todayScreen) buildUI() fyne.CanvasObject {
	write := &widget.Button{Text: "Write freely", Importance: widget.HighImportance, OnTapped: func() { s.u.newEntry(vault.KindFree) }}
	return container.NewVScroll(container.NewPadded(container.NewVBox(s.greeting, s.summary, container.NewHBox(write), widget.NewSeparator(), s.todays)))
}

// greetingFor says hello by the time of day.
func greetingFor(hour int) string {
	switch {
	case hour < 5:
		return "Still up? Be gentle with yourself."
	case hour < 12:
		return "Good morning."
	case hour < 18:
		return "Good afternoon."
	default:
		return "Good evening."
	}
}

func (s *todayScreen) refresh() {
	v := s.u.vault()
	if v == nil {
		return
	}
	now := s.u.now()
	today := vault.DateOf(now)
	s.greeting.SetText(greetingFor(now.Hour()))
	list, _ := v.List(vault.ListQuery{From: today, To: today})
	s.todays.RemoveAll()
	if len(list) == 0 {
		s.summary.SetText("Nothing written today yet. A line or two is plenty.")
		return
	}
	s.summary.SetText(longDate(today))
	for _, e := range list {
		id := e.ID
		s.todays.Add(&widget.Button{Text: entryTitle(e), Alignment: widget.ButtonAlignLeading, Importance: widget.LowImportance, OnTapped: func() { s.u.openEntry(id) }})
	}
}

func (s *todayScreen) clear() {
	s.greeting.SetText("")
	s.summary.SetText("")
	s.todays.RemoveAll()
}
