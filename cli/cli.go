package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"

	"tend/app"
	"tend/journal"
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

func orArgs(err error, fs *flag.FlagSet) error {
	if err != nil {
		return err
	}
	return fmt.Errorf("unexpected %q", strings.Join(fs.Args(), " "))
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

// titleOf names an entry as the app's lists do: its headline (the title
// the person gave, or a line drawn from the writing, see journal.Gist). An
// entry whose summary an earlier Tend saved has none stored until the app
// brings it up to date; it is derived here from the text when the entry
// holds it, and else the kind is named.
func titleOf(e *journal.Entry) string {
	switch {
	case e.Headline != "":
		return e.Headline
	case e.Title != "":
		return e.Title
	}
	h, _ := journal.Gist(e)
	return h
}

// withHeadline returns e, read whole when its summary has no headline yet,
// so a listing names it by its first line rather than by its kind.
func withHeadline(v *vault.Vault, e *journal.Entry) *journal.Entry {
	if e.Headline != "" || e.Title != "" {
		return e
	}
	if full, err := v.Get(e.ID); err == nil {
		return full
	}
	return e
}

func tagSuffix(tags []string) string {
	if len(tags) == 0 {
		return ""
	}
	return "  #" + strings.Join(tags, " #")
}
