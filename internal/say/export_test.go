package say_test

import (
	"errors"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"tend/assets"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/plain"
)

// TestMarkdownExportNamesTheFileItCouldNotWrite writes a Markdown export,
// in German, of an entry whose attached file cannot be had: the failure
// names that file, inside the export, where it named none.
func TestMarkdownExportNamesTheFileItCouldNotWrite(t *testing.T) {
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	i18n.Use("de")
	e := &journal.Entry{
		ID: journal.NewID(), Kind: journal.KindFree, Date: journal.Date{Year: 2024, Month: 5, Day: 1},
		Title: "Am See", Body: "Ein ruhiger Tag.", Created: time.Now(),
		Files: []journal.File{{ID: journal.NewFileID(), Name: "see.jpg", Type: "image/jpeg", Size: 3}},
	}
	for _, out := range []string{"md", "md.zip"} {
		err := plain.WriteMarkdown(filepath.Join(t.TempDir(), out), []*journal.Entry{e}, journal.DefaultJournals(),
			func(*journal.Entry, journal.File) ([]byte, error) { return nil, syscall.EIO })
		if err == nil {
			t.Fatalf("%s: the export was written", out)
		}
		got, ok := say.Problem(err)
		want := "2024-05-01 Am See/see.jpg ließ sich nicht schreiben: " + syscall.EIO.Error()
		if !ok || got != want {
			t.Errorf("%s: said %q (%v), want %q", out, got, ok, want)
		}
	}
}

// TestAnExportNotSurelyKeptIsNotSaidUnwritten: an export whose folder the
// disk did not confirm is said, in Spanish, as written to its file but
// perhaps not kept; any other failure is not.
func TestAnExportNotSurelyKeptIsNotSaidUnwritten(t *testing.T) {
	t.Cleanup(func() { i18n.Use(assets.DefaultLanguage) })
	i18n.Use("es")
	got, ok := say.ExportKept("diario.json", &plain.ExportError{Unsure: true, Err: syscall.ENOSPC})
	want := "La exportación se ha escrito en diario.json, pero el disco no ha confirmado que quede guardada del todo (el disco está lleno), así que podría perderse si se va la luz."
	if !ok || got != want {
		t.Errorf("said %q (%v), want %q", got, ok, want)
	}
	for _, err := range []error{&plain.ExportError{Err: syscall.ENOSPC}, errors.New("other"), nil} {
		if s, ok := say.ExportKept("diario.json", err); ok || strings.Contains(s, "diario") {
			t.Errorf("%v is said kept: %q", err, s)
		}
	}
}
