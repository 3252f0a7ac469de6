package ui

import (
	"testing"

	"fyne.io/fyne/v2/widget"
)

// FuzzMarkdownSegments renders any text as the reading page does: it
// never panics, and makes only segments that load nothing (text, lists, paragraphs, separators):
// no hyperlink a tap would open, no image that would fetch its address.
//
//	go test -tags ci -run '^$' -fuzz FuzzMarkdownSegments -fuzztime 30s ./ui
func FuzzMarkdownSegments(f *testing.F) {
	for _, s := range []string{
		"", "# A kind day\n\nI was **gentle** with myself.",
		"![p](https://example.invalid/img.png) and [l](https://example.invalid/)",
		"> quoted\n> - list in a quote\n\n1. one\n2. two\n   - nested",
		"```\ncode\n```\n\n---\n\n<b>html</b> &amp; <img src=x>",
		"[ref]\n\n[ref]: https://example.invalid/ \"t\"", "* * *", "\x00\xff", "a\r\nb\rc",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, src string) {
		segs := markdownSegments(src)
		var walk func([]widget.RichTextSegment)
		walk = func(segs []widget.RichTextSegment) {
			for _, s := range segs {
				switch s := s.(type) {
				case *widget.TextSegment, *widget.SeparatorSegment:
				case *widget.ListSegment:
					walk(s.Items)
				case *widget.ParagraphSegment:
					walk(s.Texts)
				default:
					t.Fatalf("%q made a %T, which could load or open something", src, s)
				}
			}
		}
		walk(segs)
	})
}
