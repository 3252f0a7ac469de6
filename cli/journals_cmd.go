package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"
	"time"

	"tend/app"
	"tend/internal/i18n"
	"tend/journal"
	"tend/vault"
)

// journalJSON is one journal as "tend journals --json" prints it.
type journalJSON struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Colour   string `json:"colour,omitempty"`
	Archived bool   `json:"archived"`
	Entries  int    `json:"entries"`
}

// journals is "tend journals": it lists the journals, or with add or
// rename, changes them.
func (c *cli) journals(args []string) int {
	if len(args) > 0 {
		switch args[0] {
		case "add":
			return c.journalsAdd(args[1:])
		case "rename":
			return c.journalsRename(args[1:])
		}
	}
	fs := c.flags("journals")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil || fs.NArg() > 0 {
		if err == nil {
			err = errors.New(i18n.L("\"{{.Word}}\" is not something tend journals does (add or rename).", i18n.Data{"Word": fs.Arg(0)}))
		}
		return c.usageError("journals", err)
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	l, err := v.Journals()
	if err != nil {
		return c.fail(err)
	}
	counts := map[journal.JournalID]int{}
	all, err := v.List(vault.ListQuery{})
	if err != nil {
		return c.fail(err)
	}
	for _, e := range all {
		counts[l.Home(e.Journal).ID]++
	}
	if *asJSON {
		out := make([]journalJSON, 0, len(l))
		for _, j := range l {
			out = append(out, journalJSON{ID: j.ID.String(), Name: j.Name, Colour: string(j.Colour), Archived: j.Archived, Entries: counts[j.ID]})
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	for _, j := range l {
		note := ""
		if j.Archived {
			note = "  " + i18n.L("(archived)")
		}
		fmt.Fprintf(w, "%s  %s%s\n", j.Name, entryCount(counts[j.ID]), note)
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

// entryCount says how many entries, in words.
func entryCount(n int) string {
	return i18n.N("{{.Count}} entries", n)
}

// journalsAdd is "tend journals add NAME".
func (c *cli) journalsAdd(args []string) int {
	return c.changeJournals(args, 1, i18n.L("tend journals add takes the new journal's name, in quotes if it has spaces."),
		func(l journal.Journals, names []string) (journal.Journals, string, error) {
			next, j, err := l.Add(names[0], time.Now())
			if err != nil {
				return nil, "", err
			}
			return next, i18n.L("Added the journal \"{{.Name}}\". To write in it:", i18n.Data{"Name": j.Name}) + fmt.Sprintf(" tend add --journal %q", j.Name), nil
		})
}

// journalsRename is "tend journals rename OLD NEW".
func (c *cli) journalsRename(args []string) int {
	return c.changeJournals(args, 2, i18n.L("tend journals rename takes the journal's name and its new name."),
		func(l journal.Journals, names []string) (journal.Journals, string, error) {
			j, err := findJournal(l, names[0])
			if err != nil {
				return nil, "", err
			}
			next, err := l.Rename(j.ID, names[1], time.Now())
			if err != nil {
				return nil, "", err
			}
			renamed, _ := next.Find(j.ID)
			return next, i18n.L("Renamed \"{{.Old}}\" to \"{{.New}}\".", i18n.Data{"Old": j.Name, "New": renamed.Name}), nil
		})
}

// changeJournals opens the journal, applies change to its list of
// journals with the n names given, saves the list and says what changed.
// What change refuses (an empty name, one already taken, one not found)
// is a usage error, as a wrong count of names is (usage says why).
func (c *cli) changeJournals(args []string, n int, usage string, change func(journal.Journals, []string) (journal.Journals, string, error)) int {
	fs := c.flags("journals")
	if err := parseFlags(fs, args); err != nil || fs.NArg() != n {
		if err == nil {
			err = errors.New(usage)
		}
		return c.usageError("journals", err)
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	l, err := v.Journals()
	if err != nil {
		return c.fail(err)
	}
	next, said, err := change(l, fs.Args())
	if err != nil {
		return c.usageError("journals", err)
	}
	if err := v.SetJournals(next); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, said)
	return app.ExitOK
}

// findJournal finds the journal a person named on the command line: by its
// whole name, without regard to case, or else by the start of the one
// name that begins so.
func findJournal(l journal.Journals, name string) (journal.Journal, error) {
	if j, ok := l.Named(name); ok {
		return j, nil
	}
	var found []journal.Journal
	for _, j := range l {
		if vault.JournalsNamed(journal.Journals{j}, []string{name}).Has(j.ID) {
			found = append(found, j)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return journal.Journal{}, errors.New(i18n.L("There is no journal named \"{{.Name}}\"; 'tend journals' lists them.", i18n.Data{"Name": name}))
	}
	names := make([]string, len(found))
	for i, j := range found {
		names[i] = fmt.Sprintf("%q", j.Name)
	}
	return journal.Journal{}, errors.New(i18n.L("\"{{.Name}}\" could be {{.Journals}}; give more of the name.", i18n.Data{"Name": name, "Journals": strings.Join(names, ", ")}))
}

// journalOf finds the journal of a --journal flag in the open vault.
func journalOf(v *vault.Vault, name string) (journal.Journals, journal.Journal, error) {
	l, err := v.Journals()
	if err != nil {
		return nil, journal.Journal{}, err
	}
	j, err := findJournal(l, name)
	return l, j, err
}

// journalSet is what a --journal flag chooses: the journal it names, or
// when it is empty, every journal not archived, as the app shows them.
func journalSet(v *vault.Vault, name string) (journal.Journals, journal.JournalSet, error) {
	l, err := v.Journals()
	if err != nil {
		return nil, journal.JournalSet{}, err
	}
	if name == "" {
		return l, l.Shown(), nil
	}
	j, err := findJournal(l, name)
	if err != nil {
		return nil, journal.JournalSet{}, err
	}
	return l, l.Only(j.ID), nil
}

// toJSONIn is toJSON naming the entry's journal, when there are several.
func toJSONIn(e *journal.Entry, l journal.Journals) entryJSON {
	j := toJSON(e)
	if len(l) > 1 {
		j.Journal = l.Home(e.Journal).Name
	}
	return j
}
