package ui

import (
	"errors"
	"strings"
	"sync/atomic"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/driver/software"
	"fyne.io/fyne/v2/storage/repository"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"
)

// countingRepo stands in for the network: it counts every request for an
// http or https address and answers none.
type countingRepo struct{ calls atomic.Int32 }

var errCounted = errors.New("counted, not fetched")

func (r *countingRepo) Exists(fyne.URI) (bool, error) { r.calls.Add(1); return false, errCounted }

func (r *countingRepo) Reader(fyne.URI) (fyne.URIReadCloser, error) {
	r.calls.Add(1)
	return nil, errCounted
}

func (r *countingRepo) CanRead(fyne.URI) (bool, error) { r.calls.Add(1); return false, errCounted }
func (r *countingRepo) Destroy(string)                 {}

// watchNetwork routes http and https through a counting repository for
// the rest of the test, then puts the app's offline repository back.
func watchNetwork(t *testing.T) *countingRepo {
	t.Helper()
	r := &countingRepo{}
	repository.Register("http", r)
	repository.Register("https", r)
	t.Cleanup(blockNetwork)
	return r
}

// shownText joins every piece of text drawn under o.
func shownText(o fyne.CanvasObject) string {
	var b strings.Builder
	for _, obj := range test.LaidOutObjects(o) {
		if t, ok := obj.(*canvas.Text); ok {
			b.WriteString(t.Text)
			b.WriteByte('|')
		}
	}
	return b.String()
}

const remoteMarkdown = "Today.\n\n![x](https://example.com/a.png)\n\nSee [site](https://example.com) and ![](http://example.com/b.png \"t\").\n"

func TestMarkdownNeverFetches(t *testing.T) {
	test.NewTempApp(t)
	net := watchNetwork(t)

	rt := markdownText(remoteMarkdown)
	w := test.NewTempWindow(t, rt)
	w.Resize(fyne.NewSize(500, 300))
	w.Canvas().(software.WindowlessCanvas).Capture()

	if n := net.calls.Load(); n != 0 {
		t.Fatalf("rendering made %d network requests", n)
	}
	shown := shownText(w.Content())
	for _, want := range []string{"[image: x]", "site", "(https://example.com)", "[image]"} {
		if !strings.Contains(shown, want) {
			t.Errorf("%q is not shown; shown: %s", want, shown)
		}
	}
	for _, o := range test.LaidOutObjects(w.Content()) {
		switch o.(type) {
		case *widget.Hyperlink, *canvas.Image:
			t.Errorf("the preview holds a %T, which could open or load an address", o)
		}
	}
}

// TestMarkdownWatcherSeesFyneFetch shows the counting repository would
// catch a fetch: Fyne's own Markdown widget asks it for the image.
func TestMarkdownWatcherSeesFyneFetch(t *testing.T) {
	test.NewTempApp(t)
	net := watchNetwork(t)
	w := test.NewTempWindow(t, widget.NewRichTextFromMarkdown("![x](https://example.com/a.png)"))
	w.Canvas().(software.WindowlessCanvas).Capture()
	if net.calls.Load() == 0 {
		t.Fatal("the counting repository saw nothing, so the test above proves nothing")
	}
}

func TestMarkdownKeepsEveryWord(t *testing.T) {
	cases := []struct{ md, want string }{
		{"# Heading\n\nplain *soft* **strong**", "Heading|plain |soft| |strong"},
		{"- one\n- two\n\n3. three", "one|two|three"},
		{"> quoted line", "quoted line"},
		{"`code` and <b>bold</b>", "code| and |<b>|bold|</b>"},
		{"<https://example.com/x>", "https://example.com/x"},
		{"<div>\nraw block\n</div>", "<div>\nraw block\n</div>"},
		{"line one  \nline two", "line one|line two"},
		{"[![alt](https://e.com/i.png)](https://e.com)", "[image: alt]| (https://e.com)"},
	}
	for _, c := range cases {
		var parts []string
		var walk func([]widget.RichTextSegment)
		walk = func(segs []widget.RichTextSegment) {
			for _, s := range segs {
				switch s := s.(type) {
				case *widget.ListSegment:
					walk(s.Items)
				case *widget.ParagraphSegment:
					walk(s.Texts)
				case *widget.TextSegment:
					if s.Text != "" {
						parts = append(parts, s.Text)
					}
				default:
					t.Errorf("%q: unexpected segment %T", c.md, s)
				}
			}
		}
		walk(markdownSegments(c.md))
		if got := strings.Join(parts, "|"); got != c.want {
			t.Errorf("%q renders as %q, want %q", c.md, got, c.want)
		}
	}
}
