package plain

import (
	"net/url"
	"path"
	"regexp"
	"strings"

	"tend/journal"
)

// A Markdown note links pictures and other files beside it by a relative
// path: ![the sea](img/sea.jpg), [notes](files/a.pdf), as a Tend Markdown
// export does too (a folder per entry). Importing attaches each such file to
// the note's entry and rewrites the link to the attached file's name. A link
// that leads out of the folder chosen (../, an absolute path, a symbolic
// link), one with a scheme (https:, file:), and one to another note stay as
// written.

// linkingNote is an imported note, its path in the source, and the files
// its front matter lists (a Tend export lists every file of an entry there,
// linked in its text or not), relative to it.
type linkingNote struct {
	name  string
	e     *journal.Entry
	files []string
}

// mdLink matches an inline Markdown link or image: its mark (! for an
// image), its text, its destination (bare or in angle brackets) and what
// follows it to the closing parenthesis (a title).
var mdLink = regexp.MustCompile(`(!?)\[([^\]\n]*)\]\(([ \t]*)(<[^<>\n]*>|[^\s()<>]+)([^)\n]*)\)`)

// linkFiles attaches to n's entry the files in the source its body links,
// rewriting each link to the attached file's name. others are the
// source's files that are not notes, true for those that may be attached;
// each one attached is marked in used (two notes may link the same file:
// each entry gets it). A linked file that cannot come in is named as left
// out, and its link stays as written.
func (p *Plan) linkFiles(n linkingNote, others, used map[string]bool, media *mediaSource) {
	if media == nil || (len(n.files) == 0 && !strings.Contains(n.e.Body, "](")) {
		return
	}
	names := fileNames{}
	byPath := map[string]string{} // a file's path in the source: its name here
	attach := func(rel string) bool {
		a, why := media.find(rel, "")
		if why != 0 {
			p.leaveOut(Skipped{What: WhatLinked, Name: rel, In: n.name, Why: why})
			return false
		}
		used[rel] = true
		a.Name = names.take(path.Base(rel))
		byPath[rel] = a.Name
		p.addFile(n.e.ID, a)
		return true
	}
	// The files the front matter lists come first, in its order, which is
	// the order the entry had them in.
	for _, f := range n.files {
		rel, ok := besideNote(n.name, f)
		if _, done := byPath[rel]; !ok || done {
			continue
		}
		if !others[rel] {
			p.leaveOut(Skipped{What: WhatListed, Name: f, In: n.name, Why: WhyNotInFolder})
			continue
		}
		attach(rel)
	}
	n.e.Body = rewriteLinks(n.e.Body, func(image bool, dest string) (string, bool) {
		rel, ok := linkedPath(n.name, dest)
		if !ok {
			return "", false
		}
		if name, done := byPath[rel]; done {
			return journal.FileLink(name), true
		}
		attachable, isFile := others[rel]
		switch {
		case !isFile:
			// A picture the note shows is missed; a link may be to
			// anything, a web address written without https:.
			if image {
				p.leaveOut(Skipped{What: WhatShown, Name: rel, In: n.name, Why: WhyNotInFolder})
			}
			return "", false
		case !attachable:
			p.leaveOut(Skipped{What: WhatLinked, Name: rel, In: n.name, Why: WhyElsewhere})
			return "", false
		}
		if !attach(rel) {
			return "", false
		}
		return journal.FileLink(byPath[rel]), true
	})
}

// rewriteLinks returns body with the destination of each inline link and
// image changed to what to returns for it, when it returns true; image
// says the link shows a picture. Links in fenced code are left alone:
// there they are text, not links.
func rewriteLinks(body string, to func(image bool, dest string) (string, bool)) string {
	if !strings.Contains(body, "](") {
		return body
	}
	lines := strings.SplitAfter(body, "\n")
	fence := ""
	for i, line := range lines {
		if t := strings.TrimLeft(line, " "); strings.HasPrefix(t, "```") || strings.HasPrefix(t, "~~~") {
			switch {
			case fence == "":
				fence = t[:3]
			case strings.HasPrefix(t, fence):
				fence = ""
			}
			continue
		}
		if fence != "" || !strings.Contains(line, "](") {
			continue
		}
		lines[i] = mdLink.ReplaceAllStringFunc(line, func(m string) string {
			sub := mdLink.FindStringSubmatch(m)
			dest, ok := to(sub[1] == "!", sub[4])
			if !ok {
				return m
			}
			return sub[1] + "[" + sub[2] + "](" + sub[3] + dest + sub[5] + ")"
		})
	}
	return strings.Join(lines, "")
}

// linkedPath returns the path in the source that a link in the note at
// note points at, and false for a link that is not to a file beside it:
// one with a scheme, an absolute path, one leading out of the source, one
// to a place in a page, or one to another note.
func linkedPath(note, dest string) (string, bool) {
	if len(dest) > 1 && dest[0] == '<' && dest[len(dest)-1] == '>' {
		dest = dest[1 : len(dest)-1]
	}
	dest = strings.TrimSpace(dest)
	if dest == "" || strings.ContainsAny(dest, "?#\\") || strings.HasPrefix(dest, "/") {
		return "", false
	}
	if u, err := url.Parse(dest); err != nil || u.Scheme != "" || u.Host != "" {
		return "", false
	}
	if u, err := url.PathUnescape(dest); err == nil {
		dest = u
	}
	return besideNote(note, dest)
}

// besideNote returns the path in the source of p, a path relative to the
// note at note, and false when it leads out of the source, is absolute,
// hidden, or another note.
func besideNote(note, p string) (string, bool) {
	if p == "" || path.IsAbs(p) || strings.Contains(p, "\\") {
		return "", false
	}
	rel := path.Join(path.Dir(note), p)
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) || isMarkdownName(rel) || hiddenPath(rel) {
		return "", false
	}
	return rel, true
}
