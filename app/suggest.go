package app

import (
	"slices"

	"tend/assets"
	"tend/journal"
)

// Progress is what the suggestion of the day is worked out from.
type Progress struct {
	// Chosen are the ids of the paths the person chose to follow, in their
	// order. Steps are suggested from these only.
	Chosen []string
	// Answered holds the ids of the steps that an entry answers.
	Answered map[string]bool
	// Last is the day a new step was last suggested or started, and LastStep
	// that step. Both are empty when no step was ever offered.
	Last     journal.Date
	LastStep string
}

// Suggestion is the step offered today.
type Suggestion struct {
	Path assets.Path
	Step assets.Step
	// Index is the step's position in the path, from 0.
	Index int
	// New reports the day's first offer (the step may have waited since an
	// earlier day): the caller records today and the step as Progress.Last
	// and LastStep, so no other new step is offered until tomorrow.
	New bool
	// Done reports that today's step is already answered; the next one waits
	// for tomorrow.
	Done bool
}

// Suggest returns today's step, if there is one. Steps come only from the
// paths the person chose; with none chosen there is no step. At most one
// new step is suggested a day: once a step has been offered or started
// today, it is the one offered for the rest of the day, answered or not,
// as long as its path is still chosen. Otherwise the suggestion is the
// first unanswered step, in order, of the first chosen path that has one.
// There are no streaks to keep and nothing is lost by missing a day: the
// next step simply waits.
func Suggest(paths []assets.Path, p Progress, today journal.Date) (Suggestion, bool) {
	if p.LastStep != "" && p.Last == today {
		for _, path := range paths {
			for i, s := range path.Steps {
				if s.ID != p.LastStep {
					continue
				}
				if slices.Contains(p.Chosen, path.ID) {
					return Suggestion{Path: path, Step: s, Index: i, Done: p.Answered[s.ID]}, true
				}
				// The person let go of this path today: its step goes
				// with it, and the next comes from what they chose now.
				return firstUnanswered(paths, p)
			}
		}
		return Suggestion{}, false
	}
	return firstUnanswered(paths, p)
}

// firstUnanswered is the first unanswered step, in order, of the first
// chosen path that has one, offered as new.
func firstUnanswered(paths []assets.Path, p Progress) (Suggestion, bool) {
	for _, id := range p.Chosen {
		for _, path := range paths {
			if path.ID != id {
				continue
			}
			for i, s := range path.Steps {
				if !p.Answered[s.ID] {
					return Suggestion{Path: path, Step: s, Index: i, New: true}, true
				}
			}
		}
	}
	return Suggestion{}, false
}
