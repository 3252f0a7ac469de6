package app

import (
	"testing"

	"tend/assets"
	"tend/journal"
)

func TestSuggest(t *testing.T) {
	step := func(id string) assets.Step {
		return assets.Step{ID: id, Prompt: "prompt " + id, Why: "why", Kind: "prompted"}
	}
	paths := []assets.Path{
		{ID: "acceptance", Steps: []assets.Step{step("acceptance-01"), step("acceptance-02"), step("acceptance-03")}},
		{ID: "origins", Steps: []assets.Step{step("origins-01"), step("origins-02")}},
		{ID: "therapy", Steps: []assets.Step{step("therapy-01")}},
	}
	today := journal.Date{Year: 2026, Month: 3, Day: 14}
	yesterday := today.AddDays(-1)
	answered := func(ids ...string) map[string]bool {
		m := map[string]bool{}
		for _, id := range ids {
			m[id] = true
		}
		return m
	}
	tests := []struct {
		name      string
		p         Progress
		ok        bool
		step      string
		index     int
		new, done bool
	}{
		{
			name: "nothing chosen: no step, however much is unanswered",
			p:    Progress{}, ok: false,
		},
		{
			name: "first chosen path, first step",
			p:    Progress{Chosen: []string{"origins", "acceptance"}}, ok: true, step: "origins-01", new: true,
		},
		{
			name: "next unanswered step in order, not the first",
			p:    Progress{Chosen: []string{"acceptance"}, Answered: answered("acceptance-01", "acceptance-03")}, ok: true, step: "acceptance-02", index: 1, new: true,
		},
		{
			name: "a finished path gives way to the next chosen one",
			p:    Progress{Chosen: []string{"origins", "therapy"}, Answered: answered("origins-01", "origins-02")}, ok: true, step: "therapy-01", new: true,
		},
		{
			name: "unknown chosen ids are skipped",
			p:    Progress{Chosen: []string{"gone", "therapy"}}, ok: true, step: "therapy-01", new: true,
		},
		{
			name: "every chosen step answered: nothing to suggest",
			p:    Progress{Chosen: []string{"therapy"}, Answered: answered("therapy-01")}, ok: false,
		},
		{
			name: "a new step was offered today: the same one again, not a second",
			p:    Progress{Chosen: []string{"acceptance"}, Last: today, LastStep: "acceptance-01"}, ok: true, step: "acceptance-01",
		},
		{
			name: "today's step already answered: it stays, marked done, until tomorrow",
			p:    Progress{Chosen: []string{"acceptance"}, Answered: answered("acceptance-01"), Last: today, LastStep: "acceptance-01"}, ok: true, step: "acceptance-01", done: true,
		},
		{
			name: "today's step holds after choosing another path as well today",
			p:    Progress{Chosen: []string{"origins", "therapy"}, Last: today, LastStep: "origins-02"}, ok: true, step: "origins-02", index: 1,
		},
		{
			name: "today's step goes with its path when the person lets go of it",
			p:    Progress{Chosen: []string{"therapy"}, Last: today, LastStep: "origins-02"}, ok: true, step: "therapy-01", new: true,
		},
		{
			name: "letting go of every path leaves no step today",
			p:    Progress{Last: today, LastStep: "origins-02"}, ok: false,
		},
		{
			name: "today's step is the last of a finished path: still done, no new one",
			p:    Progress{Chosen: []string{"therapy"}, Answered: answered("therapy-01"), Last: today, LastStep: "therapy-01"}, ok: true, step: "therapy-01", done: true,
		},
		{
			name: "today's step vanished from the data: no new step today either",
			p:    Progress{Last: today, LastStep: "acceptance-99"}, ok: false,
		},
		{
			name: "yesterday's answered step: a new one today",
			p:    Progress{Chosen: []string{"acceptance"}, Answered: answered("acceptance-01"), Last: yesterday, LastStep: "acceptance-01"}, ok: true, step: "acceptance-02", index: 1, new: true,
		},
		{
			name: "yesterday's step not answered: it waits, offered afresh, no penalty",
			p:    Progress{Chosen: []string{"acceptance"}, Last: yesterday, LastStep: "acceptance-01"}, ok: true, step: "acceptance-01", new: true,
		},
		{
			name: "weeks away: simply the next step, never a catch-up of several",
			p:    Progress{Chosen: []string{"acceptance"}, Answered: answered("acceptance-01"), Last: today.AddDays(-40), LastStep: "acceptance-01"}, ok: true, step: "acceptance-02", index: 1, new: true,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, ok := Suggest(paths, tc.p, today)
			if ok != tc.ok {
				t.Fatalf("ok = %v, want %v (%+v)", ok, tc.ok, got)
			}
			if !ok {
				return
			}
			if got.Step.ID != tc.step || got.Index != tc.index || got.New != tc.new || got.Done != tc.done {
				t.Fatalf("got %s #%d new=%v done=%v, want %s #%d new=%v done=%v",
					got.Step.ID, got.Index, got.New, got.Done, tc.step, tc.index, tc.new, tc.done)
			}
			if got.Path.Steps[got.Index].ID != got.Step.ID {
				t.Fatalf("index %d does not point at %s in %s", got.Index, got.Step.ID, got.Path.ID)
			}
		})
	}
}

// A week of days, taking each day's suggestion and answering it, moves one
// step a day and never more.
func TestSuggestOneNewStepADay(t *testing.T) {
	paths, err := assets.Paths()
	if err != nil {
		t.Fatal(err)
	}
	p := Progress{Chosen: []string{"origins"}, Answered: map[string]bool{}}
	day := journal.Date{Year: 2026, Month: 1, Day: 1}
	var seen []string
	for range 7 {
		for try := range 3 { // asking again the same day changes nothing
			s, ok := Suggest(paths, p, day)
			if !ok {
				t.Fatal("no suggestion")
			}
			if try == 0 {
				if !s.New {
					t.Fatalf("%s: the day's first suggestion is not new", day)
				}
				p.Last, p.LastStep = day, s.Step.ID
				seen = append(seen, s.Step.ID)
			} else if s.New || s.Step.ID != p.LastStep || !s.Done {
				t.Fatalf("%s: asked again, got %s new=%v done=%v", day, s.Step.ID, s.New, s.Done)
			}
			p.Answered[s.Step.ID] = true
		}
		day = day.AddDays(1)
	}
	origins, _ := assets.PathByID("origins")
	for i, id := range seen {
		if id != origins.Steps[i].ID {
			t.Fatalf("day %d offered %s, want %s", i+1, id, origins.Steps[i].ID)
		}
	}
}
