package cli

import (
	"bufio"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/plain"
	"tend/vault"
)

// The plain export and import commands. An export is not encrypted, so the
// command says so every time; an import shows what it would do and writes
// nothing until the person agrees.

func (c *cli) export(args []string) int {
	fs := c.flags("export")
	format := fs.String("format", "", "")
	history := fs.Bool("history", false, "")
	book := fs.String("journal", "", "")
	force := fs.Bool("force", false, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() != 1 {
		if err == nil {
			err = errors.New(i18n.L("Name the file or folder to export to."))
		}
		return c.usageError("export", err)
	}
	kind := plain.Format(*format)
	if kind != plain.Markdown && kind != plain.JSON {
		return c.usageError("export", errors.New(i18n.L("Choose --format markdown or --format json.")))
	}
	if *history && kind != plain.JSON {
		return c.usageError("export", errors.New(i18n.L("--history goes with --format json.")))
	}
	out, err := filepath.Abs(fs.Arg(0))
	if err != nil {
		return c.fail(err)
	}
	// A Markdown folder export never replaces anything (the export refuses
	// an existing folder itself); a single file may, with --force.
	if kind == plain.JSON || strings.EqualFold(filepath.Ext(out), ".zip") {
		if code, ok := c.mayWrite(out, *force); !ok {
			return code
		}
	}
	v, code := c.openUnsearched()
	if v == nil {
		return code
	}
	defer v.Close()
	opts := vault.ExportOptions{History: *history}
	if *book != "" {
		l, j, err := journalOf(v, *book)
		if err != nil {
			return c.usageError("export", err)
		}
		opts.Journals = l.Only(j.ID)
	}
	res, err := v.ExportToPath(out, kind, opts)
	if s, ok := say.ExportKept(out, err); ok {
		// It is there, so it is said to be plain, then what is in doubt.
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("This export is NOT encrypted: anyone who can open {{.File}} can read it. Keep it private, and delete it when you no longer need it.", i18n.Data{"File": out}))
		fmt.Fprintln(c.stderr, "tend: "+s)
		return app.ExitError
	}
	if err != nil {
		if s, ok := say.Problem(err); ok {
			fmt.Fprintf(c.stderr, "tend: %s: %s\n", i18n.L("Nothing was exported"), s)
			return app.ExitError
		}
		return c.fail(fmt.Errorf("%s: %w", i18n.L("Nothing was exported"), err))
	}
	fmt.Fprintln(c.stderr, "tend: "+i18n.L("This export is NOT encrypted: anyone who can open {{.File}} can read it. Keep it private, and delete it when you no longer need it.", i18n.Data{"File": out}))
	fmt.Fprintln(c.stdout, i18n.L("Exported {{.Entries}} to {{.File}}.", i18n.Data{"Entries": entriesAndVersions(res.Entries, res.History), "File": out}))
	if res.Files > 0 {
		if kind == plain.JSON {
			fmt.Fprintln(c.stdout, i18n.N("Their {{.Count}} attached files are in the folder {{.Folder}} beside it.", res.Files, i18n.Data{"Folder": filepath.Base(res.FilesDir)}))
		} else {
			fmt.Fprintln(c.stdout, i18n.N("Their {{.Count}} attached files are each in a folder beside its entry.", res.Files))
		}
	}
	return c.leftOut(res.LeftOut, true)
}

// errNoConfirm means an import needed a yes and there was no terminal to
// ask on.
var errNoConfirm = errors.New("there is no terminal to confirm the import on")

// lineReader is a terminal that can read a visible answer. ttyTerminal is
// one; a terminal without it is asked through ReadSecret.
type lineReader interface {
	ReadLine(prompt string) (string, error)
}

// ReadLine reads one visible line from the terminal.
func (t *ttyTerminal) ReadLine(prompt string) (string, error) {
	fmt.Fprint(t.out, prompt)
	// The terminal hands over a line at a time, so a small buffer reads no
	// further than the answer.
	s, err := bufio.NewReaderSize(t.in, 16).ReadString('\n')
	if err != nil && s == "" {
		return "", err
	}
	return strings.TrimSpace(s), nil
}

// confirm asks a yes/no question on the terminal; no is the default.
func (c *cli) confirm(question string) (bool, error) {
	t, err := c.tty()
	if err != nil {
		return false, errNoConfirm
	}
	defer t.Close()
	var answer string
	if lr, ok := t.(lineReader); ok {
		answer, err = lr.ReadLine(question + " " + i18n.L("[y/N]") + " ")
	} else {
		var b []byte
		b, err = t.ReadSecret(question + " " + i18n.L("[y/N]") + " ")
		answer = string(b)
	}
	if err != nil {
		return false, err
	}
	// English's yes is understood in every language, as a script may
	// answer in it.
	switch a := strings.ToLower(strings.TrimSpace(answer)); a {
	case "y", "yes", i18n.X("answer.yes.short", "y"), i18n.X("answer.yes", "yes"):
		return true, nil
	}
	return false, nil
}

func (c *cli) importCmd(args []string) int {
	fs := c.flags("import")
	from := fs.String("from", "", "")
	book := fs.String("journal", "", "")
	yes := fs.Bool("yes", false, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() != 1 {
		if err == nil {
			err = errors.New(i18n.L("Name the file or folder to import."))
		}
		return c.usageError("import", err)
	}
	src := plain.Source(*from)
	known := false
	for _, s := range plain.Sources {
		known = known || s == src
	}
	if !known {
		return c.usageError("import", errors.New(i18n.L("Choose --from dayone, jrnl, markdown or json.")))
	}
	in := fs.Arg(0)

	// The source is read and checked in full before the journal is even
	// opened: a file that cannot be read leaves the journal as it was.
	plan, err := plain.Read(src, in)
	if err != nil {
		if s, ok := say.Problem(err); ok {
			fmt.Fprintf(c.stderr, "tend: %s %s\n", strings.TrimSuffix(s, ".")+".", i18n.L("Nothing was imported."))
			return app.ExitError
		}
		return c.fail(fmt.Errorf("%s: %w", i18n.L("Nothing was imported"), err))
	}
	defer plan.Close()
	v, code := c.openUnsearched()
	if v == nil {
		return code
	}
	defer v.Close()
	if *book != "" {
		_, j, err := journalOf(v, *book)
		if err != nil {
			return c.usageError("import", err)
		}
		plan.Into = j.ID
	}
	will, err := v.ImportPreview(plan)
	if err != nil {
		return c.fail(err)
	}
	c.preview(plan, will)
	if will.Added+will.Updated+will.Kept == 0 {
		fmt.Fprintln(c.stdout, i18n.L("There is nothing new to import."))
		return app.ExitOK
	}
	if !*yes {
		q := i18n.N("Import {{.Count}} entries into your journal?", will.Added)
		switch {
		case will.Added == 0:
			q = i18n.L("Bring these versions into your journal?")
		case will.Updated+will.Kept > 0:
			q = i18n.N("Import {{.Count}} entries and bring in these versions?", will.Added)
		}
		ok, err := c.confirm(q)
		if errors.Is(err, errNoConfirm) {
			fmt.Fprintln(c.stderr, "tend: "+i18n.L("There is no terminal to confirm the import on; add --yes to import without asking. Nothing was imported."))
			return app.ExitUsage
		}
		if err != nil {
			return c.fail(err)
		}
		if !ok {
			fmt.Fprintln(c.stdout, i18n.L("Nothing was imported."))
			return app.ExitOK
		}
	}
	rep, err := v.ApplyImport(plan)
	if err != nil {
		return c.fail(fmt.Errorf("%s: %w", i18n.L("Nothing was imported"), err))
	}
	headline := i18n.L("The import is done.")
	switch {
	case rep.Added > 0 && rep.Files > 0:
		headline = i18n.N("Imported {{.Count}} new entries, with {{.Files}}.", rep.Added, i18n.Data{"Files": i18n.N("{{.Count}} photos or other files", rep.Files)})
	case rep.Added > 0:
		headline = i18n.N("Imported {{.Count}} new entries.", rep.Added)
	}
	c.printMerge(headline, rep, false)
	return app.ExitOK
}

// preview prints what an import would do.
func (c *cli) preview(p *plain.Plan, will vault.ImportReport) {
	w := bufio.NewWriter(c.stdout)
	defer w.Flush()
	from, to := p.DateRange()
	switch len(p.Entries) {
	case 0:
		fmt.Fprintln(w, i18n.L("Found no entries to import."))
	case 1:
		fmt.Fprintln(w, i18n.L("Found 1 entry, from {{.From}}.", i18n.Data{"From": from}))
	default:
		if from == to {
			fmt.Fprintln(w, i18n.N("Found {{.Count}} entries, from {{.From}}.", len(p.Entries), i18n.Data{"From": from}))
			break
		}
		fmt.Fprintln(w, i18n.N("Found {{.Count}} entries, from {{.From}} to {{.To}}.", len(p.Entries), i18n.Data{"From": from, "To": to}))
	}
	if will.AlreadyHere > 0 {
		fmt.Fprintln(w, i18n.N("{{.Count}} are already in your journal as they are here, and will be left alone.", will.AlreadyHere))
	}
	if will.Updated > 0 {
		fmt.Fprintln(w, i18n.N("{{.Count}} are newer here than in your journal (changed outside Tend, perhaps): the version here will become the entry, and the one in your journal will be kept in its history.", will.Updated))
	}
	if will.Kept > 0 {
		fmt.Fprintln(w, i18n.N("{{.Count}} are older here than in your journal: your journal's version stays, and the one here will be kept in its history.", will.Kept))
	}
	if len(p.History) > 0 {
		fmt.Fprintln(w, i18n.N("{{.Count}} earlier versions come with them.", len(p.History)))
	}
	if n := p.FileCount(); n > 0 {
		fmt.Fprintln(w, i18n.N("{{.Count}} photos or other files come with them, attached to their entries. JPEG, PNG, GIF and WebP pictures come without what they say about where they were taken and with what camera; other pictures, such as a phone's HEIC photos, come as they are.", n))
	}
	if p.Media > 0 {
		fmt.Fprintln(w, i18n.N("{{.Count}} photos or other files are left out, as named below.", p.Media))
	}
	for _, s := range p.Skipped {
		fmt.Fprintln(w, i18n.L("Left out: {{.Item}}: {{.Reason}}.", i18n.Data{"Item": say.Item(s), "Reason": say.Why(s)}))
	}
}
