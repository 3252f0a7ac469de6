package cli

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"tend/app"
	"tend/internal/atomicfile"
	"tend/journal"
	"tend/search"
	"tend/vault"
)

// command is one subcommand of the command line.
type command struct {
	usage string
	help  string
	run   func(c *cli, args []string) int
}

// commands returns the subcommands by name. It is a function rather than a
// variable because the commands refer to the table (help, usage errors),
// and a variable initialised with them would refer to itself.
func commands() map[string]command {
	return map[string]command{
		"init": {"[--recovery-key-file FILE]", `Creates a new journal in the vault folder. The password is asked twice on
the terminal, or read from --password-file. The recovery key is printed once,
or written to --recovery-key-file; keep it somewhere safe.`, (*cli).init},
		"add": {"[--title T] [--tag T]... [--date YYYY-MM-DD] [--kind K] [--mood 1-5]", `Adds an entry. Its Markdown text is read from standard input. The new
entry's id is printed once it is safely on disk.`, (*cli).add},
		"list": {"[--json] [--from D] [--to D] [--tag T] [--kind K] [--trash] [--limit N]", `Lists entries, newest first.`, (*cli).list},
		"search": {"[--json] [--limit N] QUERY", `Searches every entry. Words match as prefixes; "quoted words" match as a
phrase; #tag, kind:K, from:D, to:D and in:trash narrow the search.`, (*cli).search},
		"show":    {"[--json] ID", `Shows one entry in full.`, (*cli).show},
		"passwd":  {"[--new-password-file FILE]", `Changes the password. The recovery key stays the same.`, (*cli).passwd},
		"recover": {"[--recovery-key-file FILE] [--new-password-file FILE]", `Opens the journal with its recovery key and sets a new password.`, (*cli).recover},
		"verify": {"[--json]", `Checks the seal of every record and lists anything damaged, never stopping
at the first. Exits with status 1 when something is damaged.`, (*cli).verify},
		"salvage": {"[--json] OUT", `Rescues every record that still passes its check into a new journal in the
folder OUT, reading the store's files directly, so it works even when the
journal no longer opens. The damaged journal is only read. The same password
and recovery key open the new one.`, (*cli).salvage},
		"backup": {"[--passphrase-file FILE] [--force] OUT", `Writes an encrypted backup of the whole journal to OUT. The backup's
passphrase is asked twice on the terminal, or read from --passphrase-file;
your journal password is fine. The backup is read back in full before Tend
says it is done. The standard age tool opens it: age -d OUT > journal.tar
An existing OUT is left alone unless --force says to replace it; it is
replaced only once the new backup has been read back whole.`, (*cli).backup},
		"restore": {"[--passphrase-file FILE] [--recovery-key-file FILE] [--merge] IN", `Restores a backup. With --vault naming a folder with no journal, it
becomes a new journal with a new password and recovery key. With --merge,
its entries join the existing journal: the newer version of an entry wins
and the other is kept in its history. The whole backup is checked before
anything changes. An automatic backup (.tend-snapshot) opens with the
password in force when it was taken, or with --recovery-key-file.`, (*cli).restore},
		"export": {"--format markdown|json [--history] [--force] OUT", `Writes your journal as plain files that any editor can read: Markdown (one
file per entry with its fields in front matter, into a new folder, or a .zip
when OUT ends in .zip) or one JSON document that Tend can import again
without losing anything (--history adds earlier versions). These files are
NOT encrypted: keep them private, and delete them when you are done.
An existing file is left alone unless --force says to replace it; a
Markdown export always goes into a new folder.`, (*cli).export},
		"import": {"--from dayone|jrnl|markdown|json [--yes] PATH", `Imports entries from a Day One JSON export (its .zip or folder), a jrnl JSON
export, a folder (or .zip) of Markdown files, or a Tend JSON export. It shows
what it found first and asks before writing anything (--yes skips the
question). Importing the same file again adds nothing twice.`, (*cli).importCmd},
		"paths": {"[--json]", `Lists the guided paths and their steps. It needs no password: the paths are
part of Tend, not of your journal.`, (*cli).paths},
		"prompt": {"[--path ID]", `Prints today's suggested step, from the paths you chose in the app, the path
named by --path, or Acceptance and self-compassion. It offers at most one new
step a day; until tomorrow it shows the same one again.`, (*cli).prompt},
	}
}

// cli carries one run of the command line.
type cli struct {
	inv    *Invocation
	stdin  io.Reader
	stdout io.Writer
	stderr io.Writer
	kdf    vault.KDFParams
	// tty opens the terminal for password prompts; tests replace it.
	tty func() (terminal, error)
}

// RunCommand runs inv's subcommand and returns the exit status.
func RunCommand(inv *Invocation, stdin io.Reader, stdout, stderr io.Writer) int {
	c := &cli{inv: inv, stdin: stdin, stdout: stdout, stderr: stderr, kdf: vault.DefaultKDF, tty: openTerminal}
	return c.run()
}

func (c *cli) run() int {
	cmd, ok := commands()[c.inv.Command]
	if !ok {
		fmt.Fprintf(c.stderr, "tend: %q is not a command Tend knows.\n", c.inv.Command)
		return app.ExitUsage
	}
	return cmd.run(c, c.inv.Args)
}

// flags makes a flag set whose errors print the command's usage.
func (c *cli) flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}

func (c *cli) usageError(name string, err error) int {
	fmt.Fprintf(c.stderr, "tend %s: %v\nUsage: tend %s %s\n", name, err, name, commands()[name].usage)
	return app.ExitUsage
}

// fail prints err as one calm line and maps it to an exit status.
func (c *cli) fail(err error) int {
	switch {
	case errors.Is(err, vault.ErrWrongPassword):
		fmt.Fprintln(c.stderr, "tend: That password does not open this journal. Nothing was changed.")
		return app.ExitWrongPassword
	case errors.Is(err, vault.ErrVaultInUse):
		fmt.Fprintln(c.stderr, "tend: This journal is open in another Tend window or command. Close it there, then try again.")
		return app.ExitInUse
	case errors.Is(err, vault.ErrNoVault):
		fmt.Fprintf(c.stderr, "tend: There is no journal in %s yet. Create one with 'tend init'.\n", c.inv.VaultDir)
		return app.ExitError
	case errors.Is(err, errNoTerminal):
		fmt.Fprintf(c.stderr, "tend: %v\n", err)
		return app.ExitUsage
	default:
		fmt.Fprintf(c.stderr, "tend: %v\n", err)
		return app.ExitError
	}
}

// open unlocks the vault with the password from --password-file or the
// terminal.
func (c *cli) open() (*vault.Vault, int) {
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return nil, c.fail(err)
	} else if !ok {
		return nil, c.fail(vault.ErrNoVault)
	}
	pw, err := c.secret(c.inv.PasswordFile, "Password: ", false)
	if err != nil {
		return nil, c.fail(err)
	}
	defer wipe(pw)
	v, err := vault.Open(c.inv.VaultDir, pw)
	if err != nil {
		return nil, c.failOpen(err)
	}
	return v, app.ExitOK
}

// failOpen is fail for an error of opening the journal: a damaged store
// gets the way forward with it. Opening refuses such a store before
// changing anything in it.
func (c *cli) failOpen(err error) int {
	if !errors.Is(err, vault.ErrCorrupt) {
		return c.fail(err)
	}
	why := ""
	if _, after, ok := strings.Cut(err.Error(), vault.ErrCorrupt.Error()+": "); ok {
		why = " (" + after + ")"
	}
	fmt.Fprintf(c.stderr, "tend: Part of this journal is damaged%s, so Tend did not open it and left it exactly as it is.\n"+
		"Run 'tend verify' to see what is affected, and 'tend salvage NEW-FOLDER' to rescue every entry that still reads into a new journal.\n", why)
	return app.ExitError
}

func (c *cli) init(args []string) int {
	fs := c.flags("init")
	rkFile := fs.String("recovery-key-file", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("init", orArgs(err, fs))
	}
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return c.fail(err)
	} else if ok {
		fmt.Fprintf(c.stderr, "tend: There is already a journal in %s. Nothing was changed.\n", c.inv.VaultDir)
		return app.ExitError
	}
	pw, err := c.newSecret(c.inv.PasswordFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	// The recovery-key file is made before the journal, so a journal is
	// never created whose only copy of the key could not be written.
	var keyOut *os.File
	if *rkFile != "" {
		f, err := os.OpenFile(*rkFile, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if err != nil {
			return c.fail(fmt.Errorf("the recovery key needs a new file; %w. Nothing was created", err))
		}
		keyOut = f
		defer func() {
			if keyOut != nil { // creation failed: leave no empty key file
				keyOut.Close()
				os.Remove(*rkFile)
			}
		}()
	}
	if err := app.EnsurePrivateDir(c.inv.VaultDir); err != nil {
		return c.fail(err)
	}
	v, rk, err := vault.Create(c.inv.VaultDir, pw, c.kdf)
	if err != nil {
		return c.fail(err)
	}
	defer v.Close()
	if keyOut != nil {
		err := atomicfile.Fill(keyOut, []byte(rk.String()+"\n"))
		keyOut = nil
		if err != nil {
			return c.fail(fmt.Errorf("the journal was created, but the recovery key could not be saved (%w). Make a new key with the app's Settings", err))
		}
		fmt.Fprintf(c.stdout, "Your journal is ready in %s.\nIts recovery key is in %s. Keep it somewhere safe and private.\n", c.inv.VaultDir, *rkFile)
		return app.ExitOK
	}
	fmt.Fprintf(c.stdout, "Your journal is ready in %s.\n\nYour recovery key (shown only this once):\n\n    %s\n\n"+
		"If you forget your password, this key is the only other way in.\nWrite it down and keep it somewhere safe and private.\n", c.inv.VaultDir, rk)
	return app.ExitOK
}

// multi collects a repeatable flag.
type multi []string

func (m *multi) String() string     { return strings.Join(*m, ",") }
func (m *multi) Set(s string) error { *m = append(*m, s); return nil }

func orArgs(err error, fs *flag.FlagSet) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("unexpected %q", strings.Join(fs.Args(), " "))
}

// maxBody bounds what add reads from standard input: as much as one entry
// may hold.
const maxBody = journal.MaxEntryText

func (c *cli) add(args []string) int {
	fs := c.flags("add")
	title := fs.String("title", "", "")
	date := fs.String("date", "", "")
	kind := fs.String("kind", string(journal.KindFree), "")
	mood := fs.Int("mood", 0, "")
	var tags multi
	fs.Var(&tags, "tag", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("add", orArgs(err, fs))
	}
	e := &journal.Entry{Title: *title, Tags: tags, Mood: journal.Mood(*mood)}
	var err error
	if e.Kind, err = journal.ParseKind(*kind); err != nil {
		return c.usageError("add", err)
	}
	if *date != "" {
		if e.Date, err = journal.ParseDate(*date); err != nil {
			return c.usageError("add", err)
		}
	}
	if *mood < 0 || journal.Mood(*mood) > journal.MaxMood {
		return c.usageError("add", fmt.Errorf("mood is from 1 to %d", journal.MaxMood))
	}
	body, err := io.ReadAll(io.LimitReader(c.stdin, maxBody+1))
	if err != nil {
		return c.fail(fmt.Errorf("reading the entry from standard input: %w", err))
	}
	if len(body) > maxBody {
		return c.fail(fmt.Errorf("the entry is longer than %d MiB", maxBody>>20))
	}
	e.Body = strings.TrimRight(string(body), "\n")
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	if err := v.Put(e); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, e.ID)
	return app.ExitOK
}

// entryJSON is how the command line prints an entry with --json.
type entryJSON struct {
	ID      string   `json:"id"`
	Date    string   `json:"date"`
	Title   string   `json:"title"`
	Tags    []string `json:"tags"`
	Kind    string   `json:"kind"`
	Mood    int      `json:"mood"`
	Snippet *string  `json:"snippet,omitempty"`
}

func toJSON(e *journal.Entry) entryJSON {
	tags := e.Tags
	if tags == nil {
		tags = []string{}
	}
	return entryJSON{ID: e.ID.String(), Date: e.Date.String(), Title: e.Title, Tags: tags, Kind: string(e.Kind), Mood: int(e.Mood)}
}

func (c *cli) printJSON(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

func (c *cli) list(args []string) int {
	fs := c.flags("list")
	asJSON := fs.Bool("json", false, "")
	from := fs.String("from", "", "")
	to := fs.String("to", "", "")
	tag := fs.String("tag", "", "")
	kind := fs.String("kind", "", "")
	trash := fs.Bool("trash", false, "")
	limit := fs.Int("limit", 0, "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("list", orArgs(err, fs))
	}
	q := vault.ListQuery{Tag: *tag, Trash: *trash, Limit: *limit}
	var err error
	if *from != "" {
		if q.From, err = journal.ParseDate(*from); err != nil {
			return c.usageError("list", err)
		}
	}
	if *to != "" {
		if q.To, err = journal.ParseDate(*to); err != nil {
			return c.usageError("list", err)
		}
	}
	if *kind != "" {
		if q.Kind, err = journal.ParseKind(*kind); err != nil {
			return c.usageError("list", err)
		}
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	entries, err := v.List(q)
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
	for _, e := range entries {
		fmt.Fprintf(w, "%s  %s  %s%s\n", e.ID, e.Date, titleOf(e), tagSuffix(e.Tags))
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

func titleOf(e *journal.Entry) string {
	if e.Title != "" {
		return e.Title
	}
	return "(untitled " + strings.ReplaceAll(string(e.Kind), "_", " ") + ")"
}

func tagSuffix(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "  #" + strings.Join(tags, " #")
}

func (c *cli) search(args []string) int {
	fs := c.flags("search")
	asJSON := fs.Bool("json", false, "")
	limit := fs.Int("limit", 50, "")
	if err := fs.Parse(args); err != nil {
		return c.usageError("search", err)
	}
	if fs.NArg() == 0 {
		return c.usageError("search", errors.New("what should Tend look for?"))
	}
	q := search.ParseQuery(strings.Join(fs.Args(), " "))
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	if err := v.WaitIndex(ctx); err != nil {
		return c.fail(err)
	}
	results, _, err := v.Search(q, 0, *limit)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		out := make([]entryJSON, 0, len(results))
		for _, r := range results {
			j := toJSON(r.Entry)
			s := r.Snippet
			j.Snippet = &s
			out = append(out, j)
		}
		return c.printJSON(out)
	}
	w := bufio.NewWriter(c.stdout)
	for _, r := range results {
		fmt.Fprintf(w, "%s  %s  %s%s\n", r.Entry.ID, r.Entry.Date, titleOf(r.Entry), tagSuffix(r.Entry.Tags))
		if r.Snippet != "" {
			fmt.Fprintf(w, "    %s\n", r.Snippet)
		}
	}
	if len(results) == 0 {
		fmt.Fprintln(w, "Nothing matched.")
	}
	if err := w.Flush(); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
}

func (c *cli) show(args []string) int {
	fs := c.flags("show")
	asJSON := fs.Bool("json", false, "")
	if err := fs.Parse(args); err != nil || fs.NArg() != 1 {
		if err == nil {
			err = errors.New("give one entry id")
		}
		return c.usageError("show", err)
	}
	id, err := journal.ParseID(fs.Arg(0))
	if err != nil {
		return c.usageError("show", fmt.Errorf("%q is not an entry id", fs.Arg(0)))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	e, err := v.Get(id)
	if err != nil {
		return c.fail(err)
	}
	if *asJSON {
		return c.printJSON(e)
	}
	fmt.Fprintf(c.stdout, "%s\n%s · %s", titleOf(e), e.Date, strings.ReplaceAll(string(e.Kind), "_", " "))
	if e.Mood > 0 {
		fmt.Fprintf(c.stdout, " · mood %d/%d", e.Mood, journal.MaxMood)
	}
	fmt.Fprintf(c.stdout, "%s\n\n%s\n", tagSuffix(e.Tags), e.Body)
	for _, t := range e.Fields.Texts() {
		fmt.Fprintf(c.stdout, "\n%s\n", t)
	}
	return app.ExitOK
}

func (c *cli) passwd(args []string) int {
	fs := c.flags("passwd")
	newFile := fs.String("new-password-file", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("passwd", orArgs(err, fs))
	}
	v, code := c.open()
	if v == nil {
		return code
	}
	defer v.Close()
	pw, err := c.newSecret(*newFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	if err := v.SetPassword(pw, v.KDF()); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, "Your password is changed. Your recovery key still works as before.")
	return app.ExitOK
}

func (c *cli) recover(args []string) int {
	fs := c.flags("recover")
	rkFile := fs.String("recovery-key-file", "", "")
	newFile := fs.String("new-password-file", "", "")
	if err := fs.Parse(args); err != nil || fs.NArg() > 0 {
		return c.usageError("recover", orArgs(err, fs))
	}
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return c.fail(err)
	} else if !ok {
		return c.fail(vault.ErrNoVault)
	}
	raw, err := c.secret(*rkFile, "Recovery key: ", true)
	if err != nil {
		return c.fail(err)
	}
	rk, err := vault.ParseRecoveryKey(string(raw))
	wipe(raw)
	if err != nil {
		fmt.Fprintf(c.stderr, "tend: %v\n", err)
		return app.ExitWrongPassword
	}
	v, err := vault.OpenWithRecovery(c.inv.VaultDir, rk)
	if err != nil {
		if errors.Is(err, vault.ErrWrongPassword) {
			fmt.Fprintln(c.stderr, "tend: That recovery key does not open this journal. Nothing was changed.")
			return app.ExitWrongPassword
		}
		return c.failOpen(err)
	}
	defer v.Close()
	pw, err := c.newSecret(*newFile)
	if err != nil {
		return c.fail(err)
	}
	defer wipe(pw)
	if err := v.SetPassword(pw, v.KDF()); err != nil {
		return c.fail(err)
	}
	fmt.Fprintln(c.stdout, "Your new password is set. Your recovery key still works as before.")
	return app.ExitOK
}
