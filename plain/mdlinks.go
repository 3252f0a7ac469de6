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

// linkingNote is an imported note and its path in the source.
type linkingNote struct {
	name string
	e    *journal.Entry
}

// mdLink matches an inline Markdown link or image: its mark (! for an
// image), its text, its destination (bare or in angle brackets) and what
// follows it to the closing parenthesis (a title).
var mdLink = regexp.MustCompile(`(!?)\[([^\]\n]*)\]\(([ \t]*)(<[^<>\n]*>|[^\s()<>]+)([^)\n]*)\)`)

// linkFiles attaches to n's entry the files in the source its body links,
// rewriting each link to the attached file's name. others are the
// source's files that are not notes, true for those that may be attached;
// each one attached is taken off it. A linked file that cannot come in is
// named as left out, and its link stays as written.
func (p *Plan) linkFiles(n linkingNote, others map[string]bool, media *mediaSource) {
	if media == nil || !strings.Contains(n.e.Body, "](") {
		return
	}
	names := fileNames{}
	byPath := map[string]string{} // a file's path in the source: its name here
	lines := strings.SplitAfter(n.e.Body, "\n")
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
			rel, ok := linkedPath(n.name, sub[4])
			if !ok {
				return m
			}
			name, done := byPath[rel]
			if !done {
				attachable, isFile := others[rel]
				switch {
				case !isFile:
					// A picture the note shows is missed; a link may be
					// to anything, a web address written without https:.
					if sub[1] == "!" {
						p.leaveOut(rel+" (shown in "+n.name+")", "it is not in the folder")
					}
					return m
				case !attachable:
					p.leaveOut(rel+" (linked from "+n.name+")", "it is a link to somewhere else, which Tend does not follow")
					return m
				}
				a, why := media.find(rel, "")
				if why != "" {
					p.leaveOut(rel+" (linked from "+n.name+")", why)
					return m
				}
				delete(others, rel)
				name = names.take(path.Base(rel))
				a.Name = name
				byPath[rel] = name
				p.addFile(n.e.ID, a)
			}
			return sub[1] + "[" + sub[2] + "](" + sub[3] + journal.FileLink(name) + sub[5] + ")"
		})
	}
	n.e.Body = strings.Join(lines, "")
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
	rel := path.Join(path.Dir(note), dest)
	if rel == "." || rel == ".." || strings.HasPrefix(rel, "../") || path.IsAbs(rel) || isMarkdownName(rel) || hiddenPath(rel) {
		return "", false
	}
	return rel, true
}
