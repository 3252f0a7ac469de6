package cli

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"golang.org/x/term"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

// The commands that tend one entry from a terminal: edit, history, delete
// and the trash. Each names its entry by its id or the start of it.

// minIDPrefix is the fewest characters of an id that name an entry, as
// git asks for at least four of a commit's.
const minIDPrefix = 4

// idArg is an entry as the command line names it: a whole id, or the
// start of one.
type idArg struct {
	id     journal.ID
	prefix string // set when only the start was given
}

// parseIDArg reads an entry's id or the start of one. It is checked before
// the password is asked, so a mistyped id costs nothing.
func parseIDArg(s string) (idArg, error) {
	s = strings.ToLower(strings.TrimSpace(s))
	if id, err := journal.ParseID(s); err == nil {
		return idArg{id: id}, nil
	}
	hex := s != "" && strings.Trim(s, "0123456789abcdef") == ""
	if !hex || len(s) > 2*len(journal.ID{}) {
		return idArg{}, errors.New(i18n.L("\"{{.ID}}\" is not an entry id; 'tend list' shows them.", i18n.Data{"ID": s}))
	}
	if len(s) < minIDPrefix {
		return idArg{}, errors.New(i18n.L("\"{{.ID}}\" is too short to name one entry; give at least {{.Least}} characters of its id.", i18n.Data{"ID": s, "Least": minIDPrefix}))
	}
	return idArg{prefix: s}, nil
}

// resolve finds the entry a names in v. When it names none, or more than
// one, it says so and returns the exit status with ok false.
func (c *cli) resolve(v *vault.Vault, a idArg) (id journal.ID, code int, ok bool) {
	if a.prefix == "" {
		return a.id, app.ExitOK, true
	}
	ids, err := v.IDsWithPrefix(a.prefix, 6)
	if err != nil {
		return id, c.fail(err), false
	}
	switch len(ids) {
	case 0:
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("No entry's id begins with {{.Prefix}}. 'tend list' shows the ids, and 'tend trash' those in the trash.", i18n.Data{"Prefix": a.prefix}))
		return id, app.ExitError, false
	case 1:
		return ids[0], app.ExitOK, true
	}
	more := ""
	if len(ids) > 5 {
		ids, more = ids[:5], "  "+i18n.L("…and more")+"\n"
	}
	fmt.Fprintln(c.stderr, "tend: "+i18n.L("More than one entry's id begins with {{.Prefix}}, so Tend did nothing. Give a few more characters of the one you mean:", i18n.Data{"Prefix": a.prefix}))
	for _, id := range ids {
		if e, err := v.Get(id); err == nil {
			fmt.Fprintf(c.stderr, "  %s  %s  %s\n", id, e.Date, say.Name(e))
		}
	}
	fmt.Fprint(c.stderr, more)
	return id, app.ExitUsage, false
}

// openEntry opens the journal and finds the entry a names in it.
func (c *cli) openEntry(a idArg) (*vault.Vault, *journal.Entry, int) {
	v, code := c.open()
	if v == nil {
		return nil, nil, code
	}
	id, code, ok := c.resolve(v, a)
	if !ok {
		v.Close()
		return nil, nil, code
	}
	e, err := v.Get(id)
	if err != nil {
		v.Close()
		return nil, nil, c.fail(err)
	}
	return v, e, app.ExitOK
}

// oneID parses the arguments of a command that takes one entry.
func (c *cli) oneID(name string, args []string, setup func(fs *flag.FlagSet)) (*flag.FlagSet, idArg, int, bool) {
	fs := c.flags(name)
	if setup != nil {
		setup(fs)
	}
	if err := parseFlags(fs, args); err != nil || fs.NArg() != 1 {
		if err == nil {
			err = errors.New(i18n.L("Give one entry id."))
		}
		return fs, idArg{}, c.usageError(name, err), false
	}
	a, err := parseIDArg(fs.Arg(0))
	if err != nil {
		return fs, idArg{}, c.usageError(name, err), false
	}
	return fs, a, app.ExitOK, true
}

// edit is "tend edit ID": the entry's text replaced from standard input or
// an editor, the version before kept in its history.
func (c *cli) edit(args []string) int {
	var title *string
	fs, a, code, ok := c.oneID("edit", args, func(fs *flag.FlagSet) { title = fs.String("title", "", "") })
	if !ok {
		return code
	}
	newTitle := false
	fs.Visit(func(f *flag.Flag) { newTitle = newTitle || f.Name == "title" })
	fromEditor := c.stdinIsTerminal()
	if fromEditor {
		if code, ok := c.editorReady(); !ok {
			return code
		}
	}
	v, e, code := c.openEntry(a)
	if v == nil {
		return code
	}
	defer v.Close()
	var body string
	var err error
	if fromEditor {
		body, err = c.runEditor(e)
	} else {
		body, err = c.readBody()
	}
	if err != nil {
		return c.fail(err)
	}
	changed := *e
	changed.Body = body
	if newTitle {
		changed.Title = *title
	}
	if changed.Body == e.Body && changed.Title == e.Title {
		fmt.Fprintln(c.stdout, i18n.L("Nothing changed, so nothing was saved."))
		return app.ExitOK
	}
	if isEmpty(&changed) {
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("That would leave the entry with no words at all, so Tend kept it as it was. To remove it:")+" tend delete "+e.ID.String())
		return app.ExitError
	}
	if err := v.Put(&changed); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, i18n.L("Saved. The version before is in the entry's history:")+" tend history "+shortID(e.ID))
	return app.ExitOK
}

// stdinIsTerminal reports whether standard input is a terminal, where
// nobody is piping an entry in.
func (c *cli) stdinIsTerminal() bool {
	f, ok := c.stdin.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// editorReady says whether an editor can be used, and why not when it
// cannot, before the password is asked.
func (c *cli) editorReady() (int, bool) {
	if editorCommand() == "" {
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("There is no editor to open the entry in. Set EDITOR (for example EDITOR=nano), or pipe the new text in:")+" tend edit ID < new-text.md")
		return app.ExitUsage, false
	}
	if _, ok := memoryDir(); !ok || runtime.GOOS == "windows" {
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("Here Tend has no folder that lives only in memory, and an editor would write your entry to the disk unsealed. Pipe the new text in instead:")+" tend edit ID < new-text.md")
		return app.ExitUsage, false
	}
	return app.ExitOK, true
}

func editorCommand() string {
	if e := strings.TrimSpace(os.Getenv("VISUAL")); e != "" {
		return e
	}
	return strings.TrimSpace(os.Getenv("EDITOR"))
}

// runEditor opens e's text in the person's editor, in a private folder in
// memory that is removed afterwards, and returns the text as saved.
func (c *cli) runEditor(e *journal.Entry) (string, error) {
	mem, _ := memoryDir()
	dir, err := os.MkdirTemp(mem, "tend-edit-")
	if err != nil {
		return "", fmt.Errorf("%s: %w", i18n.L("Tend could not make a private folder for the editor"), err)
	}
	defer os.RemoveAll(dir) // with any swap or backup file the editor left
	if err := os.Chmod(dir, 0o700); err != nil {
		return "", err
	}
	path := filepath.Join(dir, "entry.md")
	if err := os.WriteFile(path, []byte(e.Body+"\n"), 0o600); err != nil {
		return "", fmt.Errorf("%s: %w", i18n.L("Tend could not hand the entry to the editor"), err)
	}
	// As git does: the editor is a shell command, so EDITOR="code --wait"
	// works, and the file is its last argument.
	ed := editorCommand()
	cmd := exec.Command("/bin/sh", "-c", ed+` "$@"`, ed, path)
	cmd.Stdin, cmd.Stdout, cmd.Stderr = c.stdin, c.stdout, c.stderr
	if err := cmd.Run(); err != nil {
		return "", errors.New(i18n.L("The editor stopped with an error ({{.Error}}), so nothing was saved.", i18n.Data{"Error": err}))
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("%s: %w", i18n.L("Tend could not read the entry back from the editor"), err)
	}
	if len(b) > maxBody {
		return "", errors.New(i18n.L("The entry is longer than {{.Size}} MiB, so nothing was saved.", i18n.Data{"Size": maxBody >> 20}))
	}
	return strings.TrimRight(string(b), "\n"), nil
}

// readBody reads an entry's text from standard input.
func (c *cli) readBody() (string, error) {
	body, err := io.ReadAll(io.LimitReader(c.stdin, maxBody+1))
	if err != nil {
		return "", fmt.Errorf("%s: %w", i18n.L("Tend could not read the entry from standard input"), err)
	}
	if len(body) > maxBody {
		return "", errors.New(i18n.L("The entry is longer than {{.Size}} MiB, so nothing was saved.", i18n.Data{"Size": maxBody >> 20}))
	}
	return strings.TrimRight(string(body), "\n"), nil
}

// isEmpty reports what the app calls an empty entry: no title, no words,
// no tag, no mood and an untouched form.
func isEmpty(e *journal.Entry) bool {
	return strings.TrimSpace(e.Title) == "" && strings.TrimSpace(e.Body) == "" && len(e.Tags) == 0 && e.Mood == 0 && e.Fields.IsZero()
}

// shortID is the start of an id that 'tend list' readers can type.
func shortID(id journal.ID) string { return id.String()[:8] }

// history is "tend history ID": the earlier versions of an entry.
func (c *cli) history(args []string) int {
	var asJSON, full *bool
	_, a, code, ok := c.oneID("history", args, func(fs *flag.FlagSet) {
		asJSON = fs.Bool("json", false, "")
		full = fs.Bool("full", false, "")
	})
	if !ok {
		return code
	}
	v, e, code := c.openEntry(a)
	if v == nil {
		return code
	}
	defer v.Close()
	versions, err := v.History(e.ID)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		if versions == nil {
			versions = []*journal.Entry{}
		}
		return c.printJSON(versions)
	}
	w := bufio.NewWriter(c.stdout)
	if len(versions) == 0 {
		fmt.Fprintln(w, i18n.L("{{.Entry}} has no earlier versions: it is as it was first saved.", i18n.Data{"Entry": say.Name(e)}))
	} else {
		fmt.Fprintln(w, i18n.N("{{.Entry}} has {{.Count}} earlier versions, newest first:", len(versions), i18n.Data{"Entry": say.Name(e)}))
	}
	for _, h := range versions {
		fmt.Fprintf(w, "\n%s  %s  %s\n", i18n.L("Saved {{.When}}", i18n.Data{"When": h.Updated.Local().Format("2006-01-02 15:04")}), h.Date, say.Name(h))
		if *full {
			fmt.Fprintf(w, "\n%s\n", h.Body)
			printForm(w, h.Fields)
		}
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

// deleteCmd is "tend delete ID": the entry goes to the trash.
func (c *cli) deleteCmd(args []string) int {
	_, a, code, ok := c.oneID("delete", args, nil)
	if !ok {
		return code
	}
	v, e, code := c.openEntry(a)
	if v == nil {
		return code
	}
	defer v.Close()
	if e.InTrash() {
		fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} is already in the trash.", i18n.Data{"Entry": say.Name(e)}))
		return app.ExitOK
	}
	if err := v.Delete(e.ID); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} is in the trash. To bring it back:", i18n.Data{"Entry": say.Name(e)})+" tend trash restore "+shortID(e.ID))
	return app.ExitOK
}

// trash is "tend trash": what is in the trash, or "tend trash restore ID".
func (c *cli) trash(args []string) int {
	fs := c.flags("trash")
	asJSON := fs.Bool("json", false, "")
	if err := parseFlags(fs, args); err != nil {
		return c.usageError("trash", err)
	}
	switch {
	case fs.NArg() == 0:
	case fs.Arg(0) == "restore":
		return c.trashRestore(fs.Args()[1:])
	default:
		return c.usageError("trash", errors.New(i18n.L("\"{{.Word}}\" is not something the trash does.", i18n.Data{"Word": fs.Arg(0)})))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	entries, err := v.List(vault.ListQuery{Trash: true})
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := make([]entryJSON, 0, len(entries))
		for _, e := range entries {
			out = append(out, toJSON(e))
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	if len(entries) == 0 {
		fmt.Fprintln(w, i18n.L("The trash is empty."))
	}
	for _, e := range entries {
		fmt.Fprintf(w, "%s  %s  %s  %s\n", e.ID, e.Date, say.Name(e), i18n.L("(in the trash since {{.Day}})", i18n.Data{"Day": e.Deleted.Local().Format(time.DateOnly)}))
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

func (c *cli) trashRestore(args []string) int {
	if len(args) != 1 {
		return c.usageError("trash", errors.New(i18n.L("Give the id of the entry to restore:")+" tend trash restore ID"))
	}
	a, err := parseIDArg(args[0])
	if err != nil {
		return c.usageError("trash", err)
	}
	v, e, code := c.openEntry(a)
	if v == nil {
		return code
	}
	defer v.Close()
	if !e.InTrash() {
		fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} is not in the trash; it is in your journal.", i18n.Data{"Entry": say.Name(e)}))
		return app.ExitOK
	}
	if err := v.RestoreFromTrash(e.ID); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, i18n.L("{{.Entry}} is back in your journal.", i18n.Data{"Entry": say.Name(e)}))
	return app.ExitOK
}
