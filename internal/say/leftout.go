package say

import (
	"tend/internal/i18n"
	"tend/plain"
)

// LeftOut says what an import leaves out and why: "notes/a.md: it is
// empty".
func LeftOut(s plain.Skipped) string { return Item(s) + ": " + Why(s) }

// Item names what an import leaves out: a file by its name, where it was
// linked from, an entry of an export by its place and day, a photo of it.
func Item(s plain.Skipped) string {
	file := i18n.Data{"File": s.Name, "Note": s.In}
	entry := i18n.Data{"Number": s.Entry, "Day": s.Day}
	switch s.What {
	case plain.WhatLinked:
		return i18n.L("{{.File}} (linked from {{.Note}})", file)
	case plain.WhatListed:
		return i18n.L("{{.File}} (listed in {{.Note}})", file)
	case plain.WhatShown:
		return i18n.L("{{.File}} (shown in {{.Note}})", file)
	case plain.WhatEntry:
		return i18n.L("entry {{.Number}} ({{.Day}})", entry)
	case plain.WhatMedia:
		switch s.Media {
		case plain.MediaPhoto:
			return i18n.L("a photo of entry {{.Number}} ({{.Day}})", entry)
		case plain.MediaVideo:
			return i18n.L("a video of entry {{.Number}} ({{.Day}})", entry)
		case plain.MediaAudio:
			return i18n.L("a sound recording of entry {{.Number}} ({{.Day}})", entry)
		}
		return i18n.L("a document of entry {{.Number}} ({{.Day}})", entry)
	case plain.WhatOthers:
		return i18n.N("{{.Count}} other files", s.Count)
	}
	return s.Name
}

// Why says why an import leaves something out.
func Why(s plain.Skipped) string {
	switch s.Why {
	case plain.WhyEmpty:
		return i18n.L("it is empty")
	case plain.WhyNoText:
		return i18n.L("it has no text")
	case plain.WhyOnlyMedia:
		return i18n.L("it holds only photos or other media, and they could not come in")
	case plain.WhyNotMarkdown:
		n := 1
		if s.What == plain.WhatOthers {
			n = s.Count
		}
		return i18n.N("they are not Markdown (.md) files", n)
	case plain.WhyNotInExport:
		return i18n.L("it is not in the export")
	case plain.WhyNotInArchive:
		return i18n.L("it is not in the archive")
	case plain.WhyNotInFolder:
		return i18n.L("it is not in the folder")
	case plain.WhyOutside:
		return i18n.L("it is outside the folder chosen")
	case plain.WhyNotAFile:
		return i18n.L("it is not a file Tend can read")
	case plain.WhyTooLarge:
		return i18n.L("it is larger than Tend keeps with an entry (about 64 MB)")
	case plain.WhyUnreadable:
		return i18n.L("it could not be read")
	case plain.WhyDamagedPicture:
		return i18n.L("the picture seems damaged")
	case plain.WhyUnnamed:
		return i18n.L("the export does not say which file it is")
	case plain.WhyElsewhere:
		return i18n.L("it is a link to somewhere else, which Tend does not follow")
	}
	return i18n.L("it could not come in")
}
