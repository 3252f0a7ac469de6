package i18n

import (
	"encoding/json"
	"maps"
	"regexp"
	"slices"
	"testing"

	"tend/assets"
)

// pluralForms are the forms a message with a count has in English,
// Spanish and German.
var pluralForms = []string{"one", "other"}

// messagesOf reads one of a language's files as a translator wrote it:
// each key with its text, or its plural forms.
func messagesOf(t *testing.T, set, lang string) map[string]any {
	t.Helper()
	b, err := assets.MessagesOf(set, lang)
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("%s%s.json does not parse: %v", set, lang, err)
	}
	return m
}

// messages reads every file of a language into one, as the bundle does.
func messages(t *testing.T, lang string) map[string]any {
	t.Helper()
	all := map[string]any{}
	for _, set := range assets.WordSets() {
		for k, v := range messagesOf(t, set, lang) {
			all[k] = v
		}
	}
	return all
}

// forms returns a message's texts by plural form; a plain message has
// only "other".
func forms(t *testing.T, lang, key string, v any) map[string]string {
	t.Helper()
	switch v := v.(type) {
	case string:
		return map[string]string{"other": v}
	case map[string]any:
		out := map[string]string{}
		for f, s := range v {
			str, ok := s.(string)
			if !ok {
				t.Errorf("%s: %q: the %s form is not text", lang, key, f)
			}
			out[f] = str
		}
		return out
	default:
		t.Errorf("%s: %q is neither text nor plural forms", lang, key)
		return nil
	}
}

// placeholders are the slots a message fills in, {{.Name}}, sorted.
var placeholderRE = regexp.MustCompile(`\{\{\s*\.([A-Za-z0-9_]+)\s*\}\}`)

func placeholders(s string) []string {
	var out []string
	for _, m := range placeholderRE.FindAllStringSubmatch(s, -1) {
		if !slices.Contains(out, m[1]) {
			out = append(out, m[1])
		}
	}
	slices.Sort(out)
	return out
}

// TestEveryLanguageHasEnglishKeys fails when a language lacks a message
// English has, has one English lacks, has a plural where English has none
// (or none where English has one), or fills in other words than English.
func TestEveryLanguageHasEnglishKeys(t *testing.T) {
	for _, set := range assets.WordSets() {
		t.Run(set+"en.json", func(t *testing.T) { parity(t, set) })
	}
}

// parity compares every language's file of set with English's.
func parity(t *testing.T, set string) {
	en := messagesOf(t, set, assets.DefaultLanguage)
	for _, l := range assets.Languages()[1:] {
		lang := set + l // the file's name, in what the test says
		other := messagesOf(t, set, l)
		for key, ev := range en {
			ov, ok := other[key]
			if !ok {
				t.Errorf("%s lacks %q", lang, key)
				continue
			}
			ef, of := forms(t, "en", key, ev), forms(t, lang, key, ov)
			if _, plural := ev.(map[string]any); plural {
				for _, f := range pluralForms {
					if of[f] == "" {
						t.Errorf("%s: %q has no %q form", lang, key, f)
					}
				}
			} else if _, plural := ov.(map[string]any); plural {
				t.Errorf("%s: %q has plural forms; English has none", lang, key)
			}
			for f, text := range of {
				// A form fills in what English's same form does: "A year
				// ago" needs no count where "{{.Count}} years ago" does.
				orig, ok := ef[f]
				if !ok {
					orig = ef["other"]
				}
				want := placeholders(orig)
				if got := placeholders(text); !slices.Equal(got, want) {
					t.Errorf("%s: %q (%s form) fills in %v; English fills in %v", lang, key, f, got, want)
				}
			}
		}
		for key := range other {
			if _, ok := en[key]; !ok {
				t.Errorf("%s has %q, which English does not", lang, key)
			}
		}
	}
}

// TestSharedMessagesAgree lets the window's and the command line's files
// of a language hold the same message only when they say the same, so that
// the one bundle both are read into never depends on which came last.
func TestSharedMessagesAgree(t *testing.T) {
	for _, lang := range assets.Languages() {
		window := messagesOf(t, assets.WindowWords, lang)
		for key, v := range messagesOf(t, assets.CLIWords, lang) {
			w, ok := window[key]
			if !ok {
				continue
			}
			if a, b := forms(t, lang, key, w), forms(t, lang, key, v); !maps.Equal(a, b) {
				t.Errorf("%s: %q says %v in the window's file and %v in the command line's", lang, key, a, b)
			}
		}
	}
}

// TestEnglishIsItsOwnKey keeps English exactly as the code writes it: a
// message's key is its English text (the "other" form of a plural), so
// what the window says in English never depends on the file.
func TestEnglishIsItsOwnKey(t *testing.T) {
	for key, v := range messages(t, assets.DefaultLanguage) {
		if dotted.MatchString(key) {
			continue // a named key, asked for with X
		}
		f := forms(t, "en", key, v)
		if f["other"] != key {
			t.Errorf("English %q says %q", key, f["other"])
		}
		if len(f) > 1 {
			for _, want := range pluralForms {
				if f[want] == "" {
					t.Errorf("English %q has no %q form", key, want)
				}
			}
		}
	}
}

// dotted matches a named key such as month.may.short.
var dotted = regexp.MustCompile(`^[a-z]+(\.[a-z]+)+$`)

// TestFilesLoad makes sure every language's file is one go-i18n reads, and
// that a message read through the bundle is that language's text.
func TestFilesLoad(t *testing.T) {
	t.Cleanup(func() { Use(assets.DefaultLanguage) })
	for _, lang := range assets.Languages() {
		for _, set := range assets.WordSets() {
			b, err := assets.MessagesOf(set, lang)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := load().ParseMessageFileBytes(b, set+lang+".json"); err != nil {
				t.Errorf("%s%s.json: %v", set, lang, err)
			}
		}
		Use(lang)
		want := forms(t, lang, "month.may", messages(t, lang)["month.may"])["other"]
		if got := MonthName(5); got != want {
			t.Errorf("%s: May is %q, want %q", lang, got, want)
		}
	}
}
