package journal

import (
	"errors"
	"fmt"
)

// MaxEntryText is the most text one entry may hold, body and form together:
// 64 MiB, far above any letter or pasted chat log, and low enough that a
// save holds a few copies of it in memory without strain.
const MaxEntryText = 64 << 20

// ErrTooBig means an entry holds more text than one entry may
// (MaxEntryText). Nothing was saved; the text is still wherever it was.
var ErrTooBig = errors.New("this entry is longer than Tend can keep in one entry (about 64 MB of text); splitting it into two entries keeps every word")

// Damage describes one record that failed its check.
type Damage struct {
	// Entry is the entry the record belongs to, when that can be told from
	// its key; zero for history records and unreadable keys.
	Entry ID
	// Record says which part was damaged: "summary", "body", "history",
	// "piece" (a piece of a long entry's body or earlier version),
	// "file" (an attached file a backup had to leave out) or "unknown".
	Record string
	// Problem is a plain description of what is wrong.
	Problem string
}

// String says which record is damaged and how, in one line.
func (d Damage) String() string {
	if d.Entry.IsZero() {
		return fmt.Sprintf("%s record: %s", d.Record, d.Problem)
	}
	return fmt.Sprintf("entry %s, %s: %s", d.Entry, d.Record, d.Problem)
}
