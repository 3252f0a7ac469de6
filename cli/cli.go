package cli

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"tend/app"
	"tend/internal/i18n"
	"tend/internal/say"
	"tend/journal"
	"tend/vault"
)

// command is one subcommand of the command line.
type command struct {
	name string
	// summary is its line in 'tend help'.
	summary string
	usage   string
	help    string
	// example shows it at work, one command a line.
	example string
	run     func(c *cli, args []string) int
}

// commandList returns the subcommands in the order 'tend help' lists them.
// It is a function rather than a variable because the commands refer to
// the table (help, usage errors), and a variable initialised with them
// would refer to itself.
func commandList() []command {
	return []command{
		{
			"init", i18n.L("create a new journal and print its recovery key once"),
			"[--recovery-key-file FILE]", i18n.L(`Creates a new journal in the vault folder. The password is asked twice on
the terminal, or read from --password-file. The recovery key is printed once,
or written to --recovery-key-file; keep it somewhere safe.`),
			i18n.L("tend --vault ~/journal init --recovery-key-file ~/journal-key.txt"), (*cli).init,
		},
		{
			"add", i18n.L("add an entry; the text is read from standard input"),
			"[--title T] [--tag T]... [--date YYYY-MM-DD] [--time HH:MM] [--kind K] [--mood 1-5] [--star] [--journal NAME] [--attach FILE]... [--yes]", i18n.L(`Adds an entry. Its Markdown text is read from standard input; an entry with
no title, text, tag, mood or attached file is not saved. The new entry's id
is printed once it is safely on disk. It was written now, unless --date or --time says
otherwise: --time takes a time of day (21:40) on the entry's day, or a day
and time (2024-03-05T21:40, or with its zone, 2024-03-05T21:40:00+01:00);
with --date alone the entry has no time. --star gives it a star. --journal
puts it in that journal (the start of its name is enough); without it, it
goes into the first journal. A date
more than a day ahead needs --yes, so that a mistyped year does not hide an
entry in the future. --attach keeps a picture or any other file, up to about
64 MB, sealed with the entry; give it once for each file. A JPEG, PNG, GIF
or WebP picture is kept without what it says about where it was taken and
with what camera; other pictures (HEIC, TIFF) are kept as they came. Every
file is checked first: if one cannot be kept, nothing is saved. The text
shows an attached picture by its name: ![the sea](sea.jpg)`),
			i18n.L(`echo "A calm walk by the river." | tend add --title "Sunday" --tag walks
echo "Could not sleep." | tend add --date 2026-11-22 --time 23:50 --star
echo "What came up today." | tend add --journal "Therapy notes"
echo "![the sea](sea.jpg)" | tend add --title "By the sea" --attach ~/Pictures/sea.jpg`), (*cli).add,
		},
		{
			"edit", i18n.L("change an entry's text; the earlier version goes to its history"),
			"[--title T] ID", i18n.L(`Changes an entry's text. The new text is read from standard input; on a
terminal with nothing piped in, the entry opens in your $EDITOR instead, in a
private folder held in memory and removed when the editor closes (on Linux).
The version before the change is kept in the entry's history, as in the app.
ID may be the first few characters of the id, as 'tend list' shows it.`),
			i18n.L(`tend show 3f9a > entry.md; tend edit 3f9a < entry.md
EDITOR=nano tend edit 3f9a`), (*cli).edit,
		},
		{
			"list", i18n.L("list entries, newest first"),
			"[--json] [--from D] [--to D] [--tag T] [--kind K] [--starred] [--journal NAME] [--trash] [--limit N]", i18n.L(`Lists entries, newest first, and the entries of one day in the order they
were written. --from and --to take a day (2026-11-23), a month (2026-11) or
a year (2026); a month or year in --to reaches to its end. --starred lists
only the entries with a star. --journal lists one journal's; without it,
every journal's but the archived ones', as in the app.`),
			i18n.L(`tend list --from 2026-11 --tag trust
tend list --starred
tend list --journal therapy`), (*cli).list,
		},
		{
			"search", i18n.L("search entries, the best matches first"),
			"[--json] [--limit N] [--sort relevance|newest] [--journal NAME] QUERY", i18n.L(`Searches every entry. Words match as the start of a word; "quoted words"
match as a phrase; #tag, kind:K, from:D, to:D, is:starred, in:trash and
journal:NAME (the start of a journal's name) narrow the search. --journal
searches one journal; without either, every journal but the archived ones.
The best matches come first (--sort relevance, the default): entries that
say the word itself rather than only a longer word it begins, say it often,
or carry it in their title or a tag; among equals, the newest. --sort newest
(or sort:newest in the query) puts the newest first, however well they match.
At most 50 results are shown unless --limit says otherwise (0 shows all).
To look for a word that begins with a dash, put -- before it.`),
			i18n.L(`tend search trust --limit 10
tend search '#therapy "felt safe"' --sort newest
tend search is:starred sleep
tend search 'journal:"therapy notes" safe'
tend search -- -ish`), (*cli).search,
		},
		{
			"journals", i18n.L("list the journals, or add or rename one"),
			"[--json] | add NAME | rename OLD NEW", i18n.L(`Lists the journals, in the order the app shows them, with how many entries
each holds. 'tend journals add NAME' adds one; 'tend journals rename OLD NEW'
renames one (the start of its name is enough), and its entries stay in it.
Colours, order, archiving and deleting are in the app.`),
			i18n.L(`tend journals
tend journals add "Therapy notes"
tend journals rename therapy "Sessions"`), (*cli).journals,
		},
		{
			"show", i18n.L("show one entry, or write out one of its attached files"),
			"[--json] ID | ID --attachment NAME --out FILE [--force]", i18n.L(`Shows one entry in full, with the name, kind and size of each attached file.
ID may be the first few characters of the id, as long as no other entry's id
begins with them. --attachment NAME --out FILE writes that attached file to
FILE, a new file only you can read; an existing FILE is left alone unless
--force says to replace it. --out - writes it to standard output. The file
written is NOT encrypted: delete it when you no longer need it.`),
			i18n.L(`tend show 3f9a
tend show 3f9a --attachment sea.jpg --out ~/sea.jpg`), (*cli).show,
		},
		{
			"history", i18n.L("list the earlier versions of an entry"),
			"[--json] [--full] ID", i18n.L(`Lists the earlier versions of an entry, newest first, with the day and time
each was saved. --full prints each version's text too.`),
			i18n.L("tend history 3f9a --full"), (*cli).history,
		},
		{
			"star", i18n.L("give an entry a star, to find it again"),
			"ID", i18n.L(`Gives an entry a star: 'tend list --starred' and 'tend search is:starred'
find it, and the app marks it. 'tend unstar ID' takes the star away.`),
			i18n.L("tend star 3f9a"), (*cli).star,
		},
		{
			"unstar", i18n.L("take an entry's star away"),
			"ID", i18n.L(`Takes an entry's star away. The entry itself stays as it is.`),
			i18n.L("tend unstar 3f9a"), (*cli).unstar,
		},
		{
			"delete", i18n.L("move an entry to the trash"),
			"ID", i18n.L(`Moves an entry to the trash. Nothing is lost: 'tend trash restore ID' puts
it back.`),
			i18n.L("tend delete 3f9a"), (*cli).deleteCmd,
		},
		{
			"trash", i18n.L("list the trash, or restore an entry from it"),
			"[--json] | restore ID", i18n.L(`Lists the entries in the trash. 'tend trash restore ID' puts one back in
your journal.`),
			i18n.L(`tend trash
tend trash restore 3f9a`), (*cli).trash,
		},
		{
			"passwd", i18n.L("change the password"),
			"[--new-password-file FILE]", i18n.L(`Changes the password. The recovery key stays the same.`),
			i18n.L("tend passwd"), (*cli).passwd,
		},
		{
			"rotate", i18n.L("give the journal new keys, so old passwords and keys stop working"),
			"[--new-password-file FILE] [--recovery-key-file FILE] [--remove-old-snapshots]", i18n.L(`Gives your journal new keys, for when someone may know your password or have
seen your recovery key: a new password (asked twice on the terminal, or read
from --new-password-file), a new recovery key (printed once, or written to
--recovery-key-file), and every entry sealed again. After it, no old password,
old recovery key or old copy of the journal's header opens the journal, nor
any automatic backup taken from now on. It reads and writes the whole journal
once: a few seconds for thousands of entries. If it is stopped, the journal
stays as it was or as it became, never a mix.
Automatic backups made before it still open with the old password. With
--remove-old-snapshots, those in the usual backup folder beside the journal
are removed.`),
			i18n.L("tend rotate --recovery-key-file ~/new-journal-key.txt"), (*cli).rotate,
		},
		{
			"recover", i18n.L("set a new password using the recovery key"),
			"[--recovery-key-file FILE] [--new-password-file FILE]", i18n.L(`Opens the journal with its recovery key and sets a new password.`),
			i18n.L("tend recover --recovery-key-file ~/journal-key.txt"), (*cli).recover,
		},
		{
			"verify", i18n.L("check every record of the journal"),
			"[--json]", i18n.L(`Checks the seal of every record and lists anything damaged, never stopping
at the first. Exits with status 1 when something is damaged.`),
			i18n.L("tend verify"), (*cli).verify,
		},
		{
			"salvage", i18n.L("rescue every readable entry of a damaged journal"),
			"[--json] OUT", i18n.L(`Rescues every record that still passes its check into a new journal in the
folder OUT, reading the store's files directly, so it works even when the
journal no longer opens. The damaged journal is only read. The same password
and recovery key open the new one.`),
			i18n.L("tend salvage ~/journal-rescued"), (*cli).salvage,
		},
		{
			"backup", i18n.L("write an encrypted backup of the journal"),
			"[--passphrase-file FILE] [--force] OUT", i18n.L(`Writes an encrypted backup of the whole journal to OUT. The backup's
passphrase is asked twice on the terminal, or read from --passphrase-file;
your journal password is fine. The backup is read back in full before Tend
says it is done. The standard age tool opens it: age -d OUT > journal.tar
An existing OUT is left alone unless --force says to replace it; it is
replaced only once the new backup has been read back whole.`),
			i18n.L("tend backup ~/backups/journal-2026-11.age"), (*cli).backup,
		},
		{
			"restore", i18n.L("restore a backup, into a new journal or merged (--merge)"),
			"[--passphrase-file FILE] [--recovery-key-file FILE] [--merge] IN", i18n.L(`Restores a backup. With --vault naming a folder with no journal, it
becomes a new journal with a new password and recovery key; the key is
printed once, or written to --recovery-key-file, a new file. With --merge,
its entries join the existing journal: the newer version of an entry wins
and the other is kept in its history. The whole backup is checked before
anything changes. An automatic backup (.tend-snapshot) opens with the
password in force when it was taken, or with --recovery-key-file, which then
holds the key it was taken with.`),
			i18n.L(`tend --vault ~/journal-new restore --recovery-key-file ~/new-key.txt ~/backups/journal-2026-11.age
tend restore --merge ~/backups/journal-2026-11.age`), (*cli).restore,
		},
		{
			"snapshots", i18n.L("list the automatic backups and when each was taken"),
			"[--json] [--dir DIR]", i18n.L(`Lists the automatic backups (.tend-snapshot) of the journal, newest first,
with when each was taken. Their file names say nothing of it, so the password
reads it; this works while the app has the journal open, and when the
journal is damaged or gone. They are kept in the folder beside the journal
unless you chose another in the app's Settings: name that one with --dir.
Backups taken with an earlier password are dated too; those taken before a
rotation, or of another journal, are listed without a date.`),
			i18n.L("tend snapshots --dir /media/usb/tend-backups"), (*cli).snapshots,
		},
		{
			"export", i18n.L("write the journal as plain Markdown or JSON (not encrypted)"),
			"--format markdown|json [--history] [--journal NAME] [--force] OUT", i18n.L(`Writes your journal as plain files that any editor can read: Markdown (one
file per entry with its fields in front matter, into a new folder, or a .zip
when OUT ends in .zip; with several journals, a folder for each) or one JSON
document that Tend can import again without losing anything (--history adds
earlier versions). An entry's pictures and other files are written beside it:
in a folder named as its Markdown file, its links pointing there; for JSON,
in a folder beside OUT named after it ("journal files" beside journal.json),
which the document refers to.
--journal exports that journal alone. These files are
NOT encrypted: keep them private, and delete them when you are done.
An existing file is left alone unless --force says to replace it; a
Markdown export always goes into a new folder.`),
			i18n.L(`tend export --format json ~/journal.json
tend export --format markdown --journal therapy ~/therapy-notes`), (*cli).export,
		},
		{
			"import", i18n.L("import from Day One, jrnl, Markdown files or a Tend export"),
			"--from dayone|jrnl|markdown|json [--journal NAME] [--yes] PATH", i18n.L(`Imports entries from a Day One JSON export (its .zip or folder), a jrnl JSON
export, a folder (or .zip) of Markdown files, or a Tend JSON export. It shows
what it found first and asks before writing anything (--yes skips the
question). Importing the same file again adds nothing twice. An entry that
is already in your journal but reads differently in the file (say, edited
outside Tend) is merged as restore --merge does: the newer version becomes
the entry, and the other is kept in its history. A Day One export of several
journals, or a Tend export of several, goes into journals of the same names,
made where there are none; other entries go into --journal, or the first
journal.`),
			i18n.L(`tend import --from markdown ~/old-notes --yes
tend import --from jrnl --journal "Old diary" ~/jrnl.json`), (*cli).importCmd,
		},
		{
			"paths", i18n.L("list the guided paths and their steps"),
			"[--json]", i18n.L(`Lists the guided paths and their steps. It needs no password: the paths are
part of Tend, not of your journal.`),
			i18n.L("tend paths"), (*cli).paths,
		},
		{
			"prompt", i18n.L("print today's suggested step of a guided path"),
			"[--path ID]", i18n.L(`Prints today's suggested step, from the paths you chose in the app or the
path named by --path. It offers at most one new step a day; until tomorrow it
shows the same one again.`),
			i18n.L("tend prompt --path acceptance"), (*cli).prompt,
		},
	}
}

// commands returns the subcommands by name.
func commands() map[string]command {
	m := make(map[string]command)
	for _, c := range commandList() {
		m[c.name] = c
	}
	return m
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
		fmt.Fprintln(c.stderr, notACommand(c.inv.Command))
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
	var unknown *unknownFlagError
	if errors.As(err, &unknown) {
		fmt.Fprintf(c.stderr, "tend %s: %s\n", name, i18n.L("{{.Option}} is not an option of {{.Command}}.", i18n.Data{"Option": unknown.arg, "Command": name}))
		if name == "search" {
			fmt.Fprintf(c.stderr, "%s tend search -- %s\n", i18n.L("To look for a word that begins with a dash, put -- before it:"), unknown.arg)
		}
		fmt.Fprintf(c.stderr, "%s tend %s %s\n%s\n", i18n.L("Usage:"), name, commands()[name].usage,
			i18n.L("'tend help {{.Command}}' says more.", i18n.Data{"Command": name}))
		return app.ExitUsage
	}
	fmt.Fprintf(c.stderr, "tend %s: %s\n%s tend %s %s\n", name, errText(err), i18n.L("Usage:"), name, commands()[name].usage)
	return app.ExitUsage
}

// errText says err in the terminal's language when it is one the journal's
// packages name by what it is (see say.Problem), and as it is otherwise. A
// lead a command put before such an error ("No backup was made: ") stays
// before what the language says of it.
func errText(err error) string {
	s, ok := say.Problem(err)
	if !ok {
		return err.Error()
	}
	var lead strings.Builder
	for e := err; ; {
		inner := errors.Unwrap(e)
		if inner == nil {
			break
		}
		// e only puts words before inner when it says inner whole after
		// them and the language says them both the same way.
		said, ok := say.Problem(inner)
		if !ok || said != s || !strings.HasSuffix(e.Error(), inner.Error()) {
			break
		}
		lead.WriteString(strings.TrimSuffix(e.Error(), inner.Error()))
		e = inner
	}
	return lead.String() + s
}

// fail prints err as one calm line and maps it to an exit status.
func (c *cli) fail(err error) int {
	switch {
	case errors.Is(err, vault.ErrWrongPassword):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("That password does not open this journal. Nothing was changed."))
		return app.ExitWrongPassword
	case errors.Is(err, vault.ErrVaultInUse):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("This journal is open in another Tend window or command. Close it there, then try again."))
		return app.ExitInUse
	case errors.Is(err, vault.ErrNoVault):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("There is no journal in {{.Folder}} yet. Create one with 'tend init'.", i18n.Data{"Folder": c.inv.VaultDir}))
		return app.ExitError
	case errors.Is(err, journal.ErrNotFound):
		fmt.Fprintln(c.stderr, "tend: "+i18n.L("There is no entry with that id in this journal. 'tend list' shows the ids, and 'tend trash' those in the trash."))
		return app.ExitError
	case errors.Is(err, errNoTerminal):
		fmt.Fprintln(c.stderr, "tend: "+noTerminal())
		return app.ExitUsage
	default:
		fmt.Fprintf(c.stderr, "tend: %s\n", errText(err))
		return app.ExitError
	}
}

// open unlocks the vault with the password from --password-file or the
// terminal.
func (c *cli) open() (*vault.Vault, int) { return c.openWith(vault.Open) }

// openUnsearched is open for a command that never searches the journal
// (an export, an import): it builds no search index beside its work.
func (c *cli) openUnsearched() (*vault.Vault, int) { return c.openWith(vault.OpenUnsearched) }

func (c *cli) openWith(open func(dir string, password []byte) (*vault.Vault, error)) (*vault.Vault, int) {
	if ok, err := vault.Exists(c.inv.VaultDir); err != nil {
		return nil, c.fail(err)
	} else if !ok {
		return nil, c.fail(vault.ErrNoVault)
	}
	pw, err := c.secret(c.inv.PasswordFile, i18n.L("Password:")+" ", false)
	if err != nil {
		return nil, c.fail(err)
	}
	defer wipe(pw)
	v, err := open(c.inv.VaultDir, pw)
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
	fmt.Fprintln(c.stderr, "tend: "+i18n.L("Part of this journal is damaged{{.Why}}, so Tend did not open it and left it exactly as it is.", i18n.Data{"Why": why})+"\n"+
		i18n.L("Run 'tend verify' to see what is affected, and 'tend salvage NEW-FOLDER' to rescue every entry that still reads into a new journal."))
	return app.ExitError
}

func orArgs(err error, fs *flag.FlagSet) error {
	if err != nil {
		return err
	}
	return errors.New(i18n.L("Tend did not expect \"{{.Words}}\" here.", i18n.Data{"Words": strings.Join(fs.Args(), " ")}))
}

// entryJSON is how the command line prints an entry with --json.
// Written is when it was written, with its zone, and is left out for an
// entry without a time.
type entryJSON struct {
	ID      string    `json:"id"`
	Date    string    `json:"date"`
	Written time.Time `json:"written,omitzero"`
	Title   string    `json:"title"`
	Tags    []string  `json:"tags"`
	Kind    string    `json:"kind"`
	Mood    int       `json:"mood"`
	Starred bool      `json:"starred"`
	// Journal is the name of the entry's journal, when there are several.
	Journal string  `json:"journal,omitempty"`
	Snippet *string `json:"snippet,omitempty"`
}

func toJSON(e *journal.Entry) entryJSON {
	tags := e.Tags
	if tags == nil {
		tags = []string{}
	}
	return entryJSON{
		ID: e.ID.String(), Date: e.Date.String(), Written: e.Written, Title: e.Title, Tags: tags,
		Kind: string(e.Kind), Mood: int(e.Mood), Starred: e.Starred,
	}
}

func (c *cli) printJSON(v any) int {
	enc := json.NewEncoder(c.stdout)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return c.fail(err)
	}
	return app.ExitOK
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
