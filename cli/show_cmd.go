package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"tend/app"
	"tend/internal/atomicfile"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

// show is "tend show ID": one entry in full.
func (c *cli) show(args []string) int {
	var asJSON, force *bool
	var attachment, out *string
	fs, a, code, ok := c.oneID("show", args, func(fs *flag.FlagSet) {
		asJSON = fs.Bool("json", false, "")
		attachment = fs.String("attachment", "", "")
		out = fs.String("out", "", "")
		force = fs.Bool("force", false, "")
	})
	if !ok {
		return code
	}
	given := map[string]bool{}
	fs.Visit(func(f *flag.Flag) { given[f.Name] = true })
	switch {
	case given["attachment"] && *out == "":
		return c.usageError("show", errors.New(i18n.L("Say where to write the file with --out FILE, or --out - for standard output.")))
	case !given["attachment"] && (given["out"] || given["force"]):
		return c.usageError("show", errors.New(i18n.L("--out and --force go with --attachment NAME.")))
	case given["attachment"] && *out != "-":
		if code, ok := c.mayWrite(*out, *force); !ok {
			return code
		}
	}
	v, e, code := c.openEntry(a)
	if v == nil {
		return code
	}
	defer v.Close()
	if given["attachment"] {
		return c.writeAttachment(v, e, *attachment, *out)
	}
	if *asJSON {
		return c.printJSON(e)
	}
	fmt.Fprintf(c.stdout, "%s\n%s", say.Name(e), e.Date)
	if at := say.Clock(e, time.Local); at != "" {
		// Counted by the hour, for "a la 1:05" beside "a las 2:05".
		fmt.Fprint(c.stdout, " ", i18n.N("at {{.Time}}", e.Written.Hour(), i18n.Data{"Time": at}))
	}
	fmt.Fprintf(c.stdout, " · %s", say.Kind(e.Kind))
	if e.Mood > 0 {
		fmt.Fprint(c.stdout, " · ", i18n.L("mood {{.Mood}}/{{.Max}}", i18n.Data{"Mood": int(e.Mood), "Max": int(journal.MaxMood)}))
	}
	if e.Starred {
		fmt.Fprint(c.stdout, " · ", i18n.L("starred"))
	}
	if l, err := v.Journals(); err == nil && len(l) > 1 {
		fmt.Fprint(c.stdout, " · ", i18n.L("in {{.Journal}}", i18n.Data{"Journal": l.Home(e.Journal).Name}))
	}
	fmt.Fprintf(c.stdout, "%s\n\n%s\n", tagSuffix(e.Tags), e.Body)
	printForm(c.stdout, e.Fields)
	if len(e.Files) > 0 {
		fmt.Fprintf(c.stdout, "\n%s\n", i18n.N("{{.Count}} attached files:", len(e.Files)))
		for _, f := range e.Files {
			fmt.Fprintf(c.stdout, "  %s  (%s, %s)\n", f.Name, f.Type, sizeText(f.Size))
		}
	}
	return app.ExitOK
}

// writeAttachment writes the file of e named name to out: a new file, or
// one replaced only with --force (checked before), made private; or
// standard output for "-".
func (c *cli) writeAttachment(v *vault.Vault, e *journal.Entry, name, out string) int {
	f, ok := e.FileNamed(name)
	if !ok {
		if len(e.Files) == 0 {
			fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.Entry}} has no attached files.", i18n.Data{"Entry": say.Name(e)}))
			return app.ExitError
		}
		var names []string
		for _, f := range e.Files {
			names = append(names, f.Name)
		}
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.Entry}} has no attached file named \"{{.Name}}\". Its files are: {{.Files}}", i18n.Data{"Entry": say.Name(e), "Name": name, "Files": strings.Join(names, ", ")}))
		return app.ExitError
	}
	data, err := v.Attachment(e.ID, f.ID)
	if err != nil {
		return c.fail(err)
	}
	if out == "-" {
		if _, err := c.stdout.Write(data); err != nil {
			return c.fail(err)
		}
		return app.ExitOK
	}
	if err := atomicfile.WriteBytes(out, "file", data); err != nil {
		return c.fail(fmt.Errorf("%s: %w", i18n.L("Nothing was written"), err))
	}
	fmt.Fprintln(c.stdout, i18n.L("Wrote {{.Name}} ({{.Size}}) to {{.File}}.", i18n.Data{"Name": f.Name, "Size": sizeText(f.Size), "File": out}))
	fmt.Fprintln(c.stderr, "tend: "+i18n.L("{{.File}} is NOT encrypted: anyone who can open it can see it. Keep it private, and delete it when you no longer need it.", i18n.Data{"File": out}))
	return app.ExitOK
}

// printForm prints the free text of an entry's form, a paragraph each, the
// feelings of a check-in first, in the terminal's language.
func printForm(w io.Writer, f journal.Fields) {
	if feel := say.Feelings(f.CheckIn); feel != "" {
		fmt.Fprintf(w, "\n%s: %s\n", i18n.L("Feelings"), feel)
	}
	for _, t := range f.Writing() {
		fmt.Fprintf(w, "\n%s\n", t)
	}
}
