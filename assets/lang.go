package assets

import (
	"slices"
	"strings"
)

// DefaultLanguage is the language of the files directly under paths/, and
// the one shown when a person's language has no translation.
const DefaultLanguage = "en"

// languages lists every language the guidance is written in, the default
// first. Each one other than the default lives in a folder of paths/ named
// for it (paths/es, paths/de), with the same file names and ids.
var languages = []string{DefaultLanguage, "es", "de"}

// Languages returns the languages the guidance is written in, as short
// base-language tags, the default first.
func Languages() []string { return slices.Clone(languages) }

// BaseLanguage returns the language Tend shows for a language tag or
// locale name: the base language of a BCP 47 tag ("de-AT" is "de") or of a
// POSIX locale ("es_MX.UTF-8@euro" is "es"), when Tend has it, and
// DefaultLanguage for anything else, including "C", "POSIX" and "".
func BaseLanguage(tag string) string {
	base, _, _ := strings.Cut(tag, ".")
	base, _, _ = strings.Cut(base, "@")
	base, _, _ = strings.Cut(base, "_")
	base, _, _ = strings.Cut(base, "-")
	base = strings.ToLower(strings.TrimSpace(base))
	for _, l := range languages {
		if base == l {
			return l
		}
	}
	return DefaultLanguage
}

// LanguageFromEnv returns the language for messages that getenv describes,
// read as POSIX does: LC_ALL, then LC_MESSAGES, then LANG, the first that is
// set and not empty deciding. getenv is os.Getenv outside tests; this
// package reads no environment itself.
func LanguageFromEnv(getenv func(string) string) string {
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(name); v != "" {
			return BaseLanguage(v)
		}
	}
	return DefaultLanguage
}
