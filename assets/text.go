package assets

import (
	"embed"
	"fmt"
)

// The words of the app itself, one file per language under text/, in the
// message format of the toolkit's own translations (see text/README.md).
//
//go:embed text/*.json
var textFiles embed.FS

// Messages returns the app's words in lang, one of Languages, as the JSON
// file a translator edits.
func Messages(lang string) ([]byte, error) {
	b, err := textFiles.ReadFile("text/" + lang + ".json")
	if err != nil {
		return nil, fmt.Errorf("the words of the app in %q are missing: %w", lang, err)
	}
	return b, nil
}
