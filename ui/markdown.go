package ui

import (
	"strings"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/widget"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"

	"tend/internal/i18n"
	"tend/journal"
)

// markdownText renders Markdown as rich text that cannot reach the network,
// whatever the writing holds. Fyne's own Markdown widget turns images into
// segments that load their address and links into ones a tap opens in a
// browser; here an image shows its alt text ("[image: a beach]") and a link
// shows its words with the address beside them in brackets. The result is
// built only from text, list and separator segments, none of which loads
// anything.
func markdownText(src string) *widget.RichText {
	rt := widget.NewRichText(markdownSegments(src)...)
	rt.Wrapping = fyne.TextWrapWord
	return rt
}

// markdownSegments parses Markdown into rich-text segments. It never fails:
// the CommonMark parser accepts any text, and what it does not know it shows
// as plain text, so no written word disappears from the preview.
func markdownSegments(src string) []widget.RichTextSegment {
	return markdownSegmentsWith(src, nil)
}

// markdownSegmentsWith is markdownSegments where an image whose address
// attached names a picture of the entry becomes a pictureMark for it
// (attach_inline.go). attached may be nil.
func markdownSegmentsWith(src string, attached func(dest string) (journal.File, bool)) []widget.RichTextSegment {
	b := []byte(src)
	doc := goldmark.DefaultParser().Parse(text.NewReader(b))
	return mdRenderer{src: b, attached: attached}.block(doc, false)
}

// mdRenderer turns a goldmark tree into segments. Its shape follows Fyne's
// Markdown renderer so the preview looks like Fyne's, with links and images
// made safe.
type mdRenderer struct {
	src []byte
	// attached finds the entry's picture an image's address names.
	attached func(dest string) (journal.File, bool)
}

// block renders a block node. Inside a block quote every line is its own
// block in the quote style, as Fyne does.
func (r mdRenderer) block(n ast.Node, quote bool) []widget.RichTextSegment {
	switch t := n.(type) {
	case *ast.Paragraph:
		segs := r.inlines(n, r.baseStyle(quote))
		if !quote {
			segs = append(segs, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
		}
		return segs
	case *ast.TextBlock:
		return r.inlines(n, r.baseStyle(quote))
	case *ast.Heading:
		style := widget.RichTextStyleParagraph
		style.TextStyle.Bold = true
		switch t.Level {
		case 1:
			style = widget.RichTextStyleHeading
		case 2:
			style = widget.RichTextStyleSubHeading
		}
		return []widget.RichTextSegment{&widget.TextSegment{Style: style, Text: r.plain(n)}}
	case *ast.List:
		items := r.children(n, quote)
		l := &widget.ListSegment{Items: items, Ordered: t.IsOrdered()}
		if t.IsOrdered() {
			l.SetStartNumber(t.Start)
		}
		return []widget.RichTextSegment{l}
	case *ast.ListItem:
		return []widget.RichTextSegment{&widget.ParagraphSegment{Texts: r.children(n, quote)}}
	case *ast.Blockquote:
		return r.children(n, true)
	case *ast.ThematicBreak:
		return []widget.RichTextSegment{&widget.SeparatorSegment{}}
	case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
		// Raw HTML is shown as written, never interpreted: it could name
		// remote content, and the words in it are still the writer's.
		s := strings.TrimSuffix(r.lines(n.Lines()), "\n")
		if s == "" {
			return nil
		}
		return []widget.RichTextSegment{&widget.TextSegment{Style: widget.RichTextStyleCodeBlock, Text: s}}
	}
	return r.children(n, quote)
}

// children renders the child blocks of n in order.
func (r mdRenderer) children(n ast.Node, quote bool) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		out = append(out, r.block(c, quote)...)
	}
	return out
}

// baseStyle is the style of running text, plain or quoted.
func (r mdRenderer) baseStyle(quote bool) widget.RichTextStyle {
	if quote {
		return widget.RichTextStyleBlockquote
	}
	return widget.RichTextStyleInline
}

// inlines renders the inline children of a block with a base style, which
// emphasis makes italic or bold for the text inside it.
func (r mdRenderer) inlines(n ast.Node, style widget.RichTextStyle) []widget.RichTextSegment {
	var out []widget.RichTextSegment
	add := func(s string, st widget.RichTextStyle) {
		if s != "" {
			out = append(out, &widget.TextSegment{Style: st, Text: s})
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			s := string(t.Value(r.src))
			if t.SoftLineBreak() {
				s += " "
			}
			add(s, style)
			if t.HardLineBreak() {
				out = append(out, &widget.TextSegment{Style: widget.RichTextStyleParagraph})
			}
		case *ast.String:
			add(string(t.Value), style)
		case *ast.Emphasis:
			st := style
			if t.Level >= 2 {
				st.TextStyle.Bold = true
			} else {
				st.TextStyle.Italic = true
			}
			out = append(out, r.inlines(c, st)...)
		case *ast.CodeSpan:
			st := widget.RichTextStyleCodeInline
			st.Inline = style.Inline
			add(r.plain(c), st)
		case *ast.Link:
			// Shown, never followed: nothing in an entry can open a browser.
			out = append(out, r.inlines(c, style)...)
			add(" ("+string(t.Destination)+")", style)
		case *ast.AutoLink:
			add(string(t.URL(r.src)), style)
		case *ast.Image:
			if r.attached != nil {
				if f, ok := r.attached(string(t.Destination)); ok {
					out = append(out, &pictureMark{file: f, alt: r.plain(c)})
					continue
				}
			}
			add(imageText(r.plain(c)), withItalic(style))
		case *ast.RawHTML:
			add(r.lines(t.Segments), style)
		default:
			out = append(out, r.inlines(c, style)...)
		}
	}
	return out
}

// imageText is what stands in for an image: its alt text, never the image.
func imageText(alt string) string {
	if alt = strings.TrimSpace(alt); alt == "" {
		return i18n.L("[image]")
	}
	return i18n.L("[image: {{.Alt}}]", i18n.Data{"Alt": alt})
}

func withItalic(s widget.RichTextStyle) widget.RichTextStyle {
	s.TextStyle.Italic = true
	return s
}

// plain is the text inside n with its formatting dropped; images inside it
// become their alt text like anywhere else.
func (r mdRenderer) plain(n ast.Node) string {
	var b strings.Builder
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch t := c.(type) {
		case *ast.Text:
			b.Write(t.Value(r.src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				b.WriteByte(' ')
			}
		case *ast.String:
			b.Write(t.Value)
		case *ast.AutoLink:
			b.Write(t.URL(r.src))
		case *ast.RawHTML:
			b.WriteString(r.lines(t.Segments))
		case *ast.Image:
			b.WriteString(imageText(r.plain(c)))
		default:
			b.WriteString(r.plain(c))
		}
	}
	return b.String()
}

// lines joins the source lines of a block or inline segments.
func (r mdRenderer) lines(l *text.Segments) string {
	var b strings.Builder
	for i := range l.Len() {
		s := l.At(i)
		b.Write(s.Value(r.src))
	}
	return b.String()
}
