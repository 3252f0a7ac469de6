package cli

import (
	"bufio"
	"errors"
	"fmt"
	"path/filepath"
	"strings"

	"tend/app"
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
			err = errors.New("name the file or folder to export to")
		}
		return c.usageError("export", err)
	}
	kind := plain.Format(*format)
	if kind != plain.Markdown && kind != plain.JSON {
		return c.usageError("export", errors.New("choose --format markdown or --format json"))
	}
	if *history && kind != plain.JSON {
		return c.usageError("export", errors.New("--history goes with --format json"))
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
	if err != nil {
		return c.fail(fmt.Errorf("nothing was exported: %w", err))
	}
	fmt.Fprintf(c.stderr, "tend: This export is NOT encrypted: anyone who can open %s can read it. Keep it private, and delete it when you no longer need it.\n", out)
	fmt.Fprintf(c.stdout, "Exported %s to %s.\n", entriesAndVersions(res.Entries, res.History), out)
	if res.Files > 0 {
		where := "each in a folder beside its entry"
		if kind == plain.JSON {
			where = "in the folder " + plain.JSONFilesFolder(out) + " beside it"
		}
		fmt.Fprintf(c.stdout, "Their %s %s.\n", count(res.Files, "attached file is", "attached files are"), where)
	}
	return c.leftOut(res.LeftOut, "export")
}

// errNoConfirm means an import needed a yes and there was no terminal to
// ask on.
var errNoConfirm = errors.New("there is no terminal to confirm the import on; add --yes to import without asking")

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
		answer, err = lr.ReadLine(question + " [y/N] ")
	} else {
		var b []byte
		b, err = t.ReadSecret(question + " [y/N] ")
		answer = string(b)
	}
	if err != nil {
		return false, err
	}
	switch strings.ToLower(strings.TrimSpace(answer)) {
	case "y", "yes":
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
			err = errors.New("name the file or folder to import")
		}
		return c.usageError("import", err)
	}
	src := plain.Source(*from)
	known := false
	for _, s := range plain.Sources {
		known = known || s == src
	}
	if !known {
		return c.usageError("import", errors.New("choose --from dayone, jrnl, markdown or json"))
	}
	in := fs.Arg(0)

	// The source is read and checked in full before the journal is even
	// opened: a file that cannot be read leaves the journal as it was.
	plan, err := plain.Read(src, in)
	if err != nil {
		if errors.Is(err, plain.ErrMalformed) {
			fmt.Fprintf(c.stderr, "tend: %v. Nothing was imported.\n", err)
			return app.ExitError
		}
		return c.fail(fmt.Errorf("nothing was imported: %w", err))
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
		fmt.Fprintln(c.stdout, "There is nothing new to import.")
		return app.ExitOK
	}
	if !*yes {
		q := fmt.Sprintf("Import %s into your journal?", count(will.Added, "entry", "entries"))
		switch {
		case will.Added == 0:
			q = "Bring these versions into your journal?"
		case will.Updated+will.Kept > 0:
			q = fmt.Sprintf("Import %s and bring in these versions?", count(will.Added, "entry", "entries"))
		}
		ok, err := c.confirm(q)
		if errors.Is(err, errNoConfirm) {
			fmt.Fprintf(c.stderr, "tend: %v. Nothing was imported.\n", err)
			return app.ExitUsage
		}
		if err != nil {
			return c.fail(err)
		}
		if !ok {
			fmt.Fprintln(c.stdout, "Nothing was imported.")
			return app.ExitOK
		}
	}
	rep, err := v.ApplyImport(plan)
	if err != nil {
		return c.fail(fmt.Errorf("nothing was imported: %w", err))
	}
	headline := "The import is done."
	switch {
	case rep.Added > 0 && rep.Files > 0:
		headline = fmt.Sprintf("Imported %s, with %s.", count(rep.Added, "new entry", "new entries"), count(rep.Files, "photo or other file", "photos or other files"))
	case rep.Added > 0:
		headline = fmt.Sprintf("Imported %s.", count(rep.Added, "new entry", "new entries"))
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
		fmt.Fprintln(w, "Found no entries to import.")
	case 1:
		fmt.Fprintf(w, "Found 1 entry, from %s.\n", from)
	default:
		fmt.Fprintf(w, "Found %d entries, from %s to %s.\n", len(p.Entries), from, to)
	}
	if will.AlreadyHere > 0 {
		fmt.Fprintf(w, "%s already in your journal as %s here, and will be left alone.\n",
			count(will.AlreadyHere, "is", "are"), itIs(will.AlreadyHere))
	}
	if will.Updated > 0 {
		fmt.Fprintf(w, "%s newer here than in your journal (changed outside Tend, perhaps): the version here will become the entry, and the one in your journal will be kept in its history.\n",
			count(will.Updated, "is", "are"))
	}
	if will.Kept > 0 {
		fmt.Fprintf(w, "%s older here than in your journal: your journal's version stays, and the one here will be kept in its history.\n",
			count(will.Kept, "is", "are"))
	}
	if len(p.History) > 0 {
		fmt.Fprintf(w, "%s with them.\n", count(len(p.History), "earlier version comes", "earlier versions come"))
	}
	if n := p.FileCount(); n > 0 {
		fmt.Fprintf(w, "%s with them, attached to their entries. Pictures come without what they say about where they were taken and with what camera.\n",
			count(n, "photo or other file comes", "photos or other files come"))
	}
	if p.Media > 0 {
		fmt.Fprintf(w, "%s left out, as named below.\n", count(p.Media, "photo or other file is", "photos or other files are"))
	}
	for _, s := range p.Skipped {
		fmt.Fprintf(w, "Left out: %s: %s.\n", s.Item, s.Reason)
	}
}
