package say_test

import (
	"os"
	"path/filepath"
	"testing"

	"tend/assets"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/plain"
)

// TestImportRefusalsKeepTheirCause reads sources that cannot be imported,
// in German: each refusal says in the language what is wrong and where,
// then the decoder's own words for it, or the format the file names, as
// the English did; none of them is dropped.
func TestImportRefusalsKeepTheirCause(t *testing.T) {
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	i18n.Use("de")
	dir := t.TempDir()
	for _, c := range []struct {
		src        plain.Source
		name, text string
		want       string
	}{
		{
			plain.FromJrnl, "syntax.json", "{\"entries\": [\n{\"title\": \"a\", \"date\": \"2024-01-01\"} x\n]}\n",
			"der jrnl-Export, Zeile 2: Dieses JSON kann Tend nicht lesen (expected comma after array element).",
		},
		{
			plain.FromJrnl, "type.json", "{\"entries\": [\n{\"title\": 5, \"date\": \"2024-01-01\"}\n]}\n",
			"der jrnl-Export, Zeile 2: „title“ sollte ein Text sein (number).",
		},
		{
			plain.FromJSON, "other.json", "{\"format\": \"jrnl\", \"format_version\": 1, \"entries\": []}\n",
			"der Tend-Export: Das Format ist „jrnl“, nicht das eines JSON-Exports von Tend.",
		},
		{
			plain.FromMarkdown, "notes.zip", "not a zip at all",
			"notes.zip ist kein ZIP-Archiv, das Tend lesen kann (zip: not a valid zip file).",
		},
	} {
		p := filepath.Join(dir, c.name)
		if err := os.WriteFile(p, []byte(c.text), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := plain.Read(c.src, p)
		if got, ok := say.Problem(err); !ok || got != c.want {
			t.Errorf("%s: said %q (%v), want %q", c.name, got, ok, c.want)
		}
	}
}
