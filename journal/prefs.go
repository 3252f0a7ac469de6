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
	// OnThisDay says how what was written on this day in earlier years is
	// offered. It is kept sealed with the journal, not in the app's plain
	// settings: that someone turned memories off says something about
	// what they keep.
	OnThisDay Memories `json:"on_this_day,omitempty"`
}

// Memories is how On This Day offers entries from earlier years.
type Memories string

// The ways On This Day can offer memories. The string values are stored;
// never change them.
const (
	// MemoriesShown shows them as they come; it is the zero value.
	MemoriesShown Memories = ""
	// MemoriesAsk says there are memories and shows them only when asked:
	// some are painful to meet unasked.
	MemoriesAsk Memories = "ask"
	// MemoriesOff never shows them.
	MemoriesOff Memories = "off"
)
