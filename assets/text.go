package assets

import (
	"embed"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
)

// The words of the app itself, under text/, in the message format of the
// toolkit's own translations (see text/README.md): the window's in one
// file per language (en.json), the command line's in another (cli.en.json).
//
//go:embed text/*.json
var textFiles embed.FS

// Words are the sets of the app's words, each with one file per language.
// The window's and the command line's live apart so that each can change
// without the other, and are read into one bundle.
const (
	// WindowWords are what the window says.
	WindowWords = ""
	// CLIWords are what the command line says.
	CLIWords = "cli."
)

// WordSets returns every set of the app's words, the window's first.
func WordSets() []string { return []string{WindowWords, CLIWords} }

// Messages returns the window's words in lang, one of Languages, as the
// JSON file a translator edits.
func Messages(lang string) ([]byte, error) { return MessagesOf(WindowWords, lang) }

// MessagesOf returns the words of set, one of WordSets, in lang, one of
// Languages, as the JSON file a translator edits.
func MessagesOf(set, lang string) ([]byte, error) {
	b, err := textFiles.ReadFile("text/" + set + lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("the words of the app in %q are missing: %w", lang, err)
	}
	return b, nil
}

// WordsOf returns what the window's message key says in every language,
// each once, English first: the words a person may know a thing by. A key
// that is not a plain message (one with plural forms, or none at all) has
// none.
func WordsOf(key string) []string {
	wordsOnce.Do(func() {
		words = map[string][]string{}
		for _, l := range languages {
			b, err := MessagesOf(WindowWords, l)
			if err != nil {
				continue
			}
			var m map[string]any
			if json.Unmarshal(b, &m) != nil {
				continue
			}
			for k, v := range m {
				if s, ok := v.(string); ok && !slices.Contains(words[k], s) {
					words[k] = append(words[k], s)
				}
			}
		}
	})
	return words[key]
}

var (
	wordsOnce sync.Once
	words     map[string][]string
)
