package sample

import (
	"fmt"
	"strings"
	"time"

	"tend/journal"
)

// MarkdownNote is one note of a folder of Markdown files from another
// tool: its name in the folder and its bytes.
type MarkdownNote struct {
	Name string
	Data []byte
}

// MarkdownNotes returns entries as the notes another tool (Obsidian, a
// static site, a script) keeps them: one file each, "2024-03-05 Title.md",
// with front matter giving the title, the date with its time and zone, the
// tags (as a YAML list or a flow list, in turn) and the mood, then the
// body. No note carries a Tend id, so an import gives each one its own.
func MarkdownNotes(entries []*journal.Entry) []MarkdownNote {
	out := make([]MarkdownNote, 0, len(entries))
	used := make(map[string]bool, len(entries))
	zone := time.FixedZone("", 3600)
	for i, e := range entries {
		var b strings.Builder
		b.Grow(len(e.Body) + 256)
		b.WriteString("---\n")
		fmt.Fprintf(&b, "title: %q\n", e.Title)
		fmt.Fprintf(&b, "date: %s\n", e.Created.In(zone).Format(time.RFC3339))
		switch {
		case len(e.Tags) == 0:
		case i%2 == 0:
			b.WriteString("tags:\n")
			for _, t := range e.Tags {
				fmt.Fprintf(&b, "  - %s\n", t)
			}
		default:
			fmt.Fprintf(&b, "tags: [%s]\n", strings.Join(e.Tags, ", "))
		}
		if e.Mood != 0 {
			fmt.Fprintf(&b, "mood: %d\n", e.Mood)
		}
		b.WriteString("---\n\n")
		b.WriteString(e.Body)
		b.WriteString("\n")
		title := strings.Map(func(r rune) rune {
			if strings.ContainsRune(`/\:*?"<>|#^[]`, r) {
				return -1
			}
			return r
		}, e.Title)
		base := e.Created.In(zone).Format("2006-01-02") + " " + title
		name := base + ".md"
		for n := 2; used[name]; n++ {
			name = fmt.Sprintf("%s (%d).md", base, n)
		}
		used[name] = true
		out = append(out, MarkdownNote{Name: name, Data: []byte(b.String())})
	}
	return out
}
