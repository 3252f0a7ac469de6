package journal

// Prefs are preferences that belong to the journal itself.
type Prefs struct {
	// HiddenTags are tags whose entries never resurface in On This Day.
	HiddenTags []string `json:"hidden_tags,omitempty"`
	// Paths are the guided paths the person chose to follow.
	Paths []string `json:"paths,omitempty"`
	// SuggestedOn is the day a new guided step was last suggested, and
	// SuggestedStep that step. They are kept here, not in memory, so the
	// promise of at most one new step a day survives a restart.
	SuggestedOn   Date   `json:"suggested_on,omitzero"`
	SuggestedStep string `json:"suggested_step,omitempty"`
}
