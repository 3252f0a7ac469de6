// Package i18n is the one way Tend says anything, in its window and on the
// command line: every word a person sees is looked up here by its English
// text, in the language the person chose in Settings or, by default, the
// language of the system; the command line speaks the language its
// environment names.
//
// # Why not the toolkit's lang package alone
//
// The toolkit's lang package is built on go-i18n and reads the system
// locale, and this package keeps its shape (L, N, X, messages as embedded
// JSON in go-i18n's format), but lang offers no way to choose a language
// other than the system's while the app runs: its localizer is set from the
// system's locales and cannot be replaced. Tend lets a person choose, so this
// package keeps its own go-i18n bundle and localizer and asks lang only what
// the system's language is.
//
// # Messages
//
// A message's key is its English text. Words filled in are named in the
// text, as {{.Name}}, and given as Data; a message with a count has plural
// forms and is asked for with N, which names the count {{.Count}}. The
// messages live in assets/text, the window's and the command line's apart,
// one file per language for each; a test keeps every language's keys and
// placeholders the same as English's.
package i18n

import (
	"encoding/json"
	"sync"
	"sync/atomic"

	"fyne.io/fyne/v2/lang"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"

	"tend/assets"
)

// Data are the words and numbers a message fills in, by name.
type Data map[string]any

// System is the choice of the system's language.
const System = ""

// state is the language in use and its localizer, swapped whole when the
// language changes so that a lookup never sees half of a change.
type state struct {
	lang string
	loc  *i18n.Localizer
}

var (
	bundleOnce sync.Once
	bundle     *i18n.Bundle
	// current is the language in use; nil until Use is first called, when
	// lookups are in English.
	current atomic.Pointer[state]
)

// load builds the bundle from every language's files, the window's and the
// command line's, once. A file that does not parse is left out, so its
// language falls back to English rather than the app saying nothing; the
// parity test keeps that from shipping. A message in both of a language's
// files says the same in each (a test keeps it so), so which is read last
// does not matter.
func load() *i18n.Bundle {
	bundleOnce.Do(func() {
		b := i18n.NewBundle(language.English)
		b.RegisterUnmarshalFunc("json", json.Unmarshal)
		for _, l := range assets.Languages() {
			for _, set := range assets.WordSets() {
				data, err := assets.MessagesOf(set, l)
				if err != nil {
					continue
				}
				_, _ = b.ParseMessageFileBytes(data, set+l+".json")
			}
		}
		bundle = b
	})
	return bundle
}

// SystemLanguage is the language Tend speaks when the person has not chosen
// one: the system's, as the toolkit reads it, when Tend has it, and English
// otherwise.
func SystemLanguage() string {
	return assets.BaseLanguage(string(lang.SystemLocale()))
}

// Use makes choice the language of every message from now on: one of
// assets.Languages, or System. It returns the language now in use.
func Use(choice string) string {
	l := assets.BaseLanguage(choice)
	if choice == System {
		l = SystemLanguage()
	}
	current.Store(&state{lang: l, loc: i18n.NewLocalizer(load(), l)})
	return l
}

// Language returns the language in use, as a short base-language tag.
func Language() string {
	if s := current.Load(); s != nil {
		return s.lang
	}
	return assets.DefaultLanguage
}

// L returns the message whose English text is key, in the language in use,
// filled in from data.
func L(key string, data ...Data) string { return X(key, key, data...) }

// N returns the message whose English text (its "other" form) is key, in
// the plural form count asks for, with {{.Count}} filled in as count.
func N(key string, count int, data ...Data) string {
	d := Data{}
	if len(data) > 0 {
		for k, v := range data[0] {
			d[k] = v
		}
	}
	d["Count"] = count
	return localize(&i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: key, Other: key},
		PluralCount:    count,
		TemplateData:   map[string]any(d),
	})
}

// X returns the message with the given key, or fallback, its English text,
// filled in from data. It is for a word whose English text alone does not
// say which message it is, such as the short and long name of May.
func X(key, fallback string, data ...Data) string {
	var d any
	if len(data) > 0 {
		d = map[string]any(data[0])
	}
	return localize(&i18n.LocalizeConfig{
		DefaultMessage: &i18n.Message{ID: key, Other: fallback},
		TemplateData:   d,
	})
}

// localize looks a message up in the language in use. A message missing
// from that language is said in English; one that cannot be filled in is
// said as its English text, never as an error.
func localize(c *i18n.LocalizeConfig) string {
	s := current.Load()
	if s == nil {
		s = &state{lang: assets.DefaultLanguage, loc: i18n.NewLocalizer(load(), assets.DefaultLanguage)}
	}
	out, err := s.loc.Localize(c)
	if err != nil && out == "" {
		return c.DefaultMessage.Other
	}
	return out
}
