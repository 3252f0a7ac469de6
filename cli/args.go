package cli

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"tend/app"
)

// Invocation is what the command line asked for.
type Invocation struct {
	// VaultDir is the absolute vault folder.
	VaultDir string
	// PasswordFile, when set, holds the password (its first line), so that
	// scripts never put a secret on the command line.
	PasswordFile string
	// Command is the subcommand; empty means open the desktop app.
	Command string
	// Args are the subcommand's own arguments.
	Args []string
}

const usage = `Tend is a private, encrypted journal.

Usage:
  tend [--vault DIR] [--password-file FILE]            open the desktop app
  tend [--vault DIR] [--password-file FILE] COMMAND [ARGS]

Commands:
  init      create a new journal and print its recovery key once
  add       add an entry; the text is read from standard input
  list      list entries, newest first
  search    search entries
  show      show one entry
  passwd    change the password
  recover   set a new password using the recovery key
  rotate    give the journal new keys, so old passwords and keys stop working
  verify    check every record of the journal
  backup    write an encrypted backup of the journal
  restore   restore a backup, into a new journal or merged (--merge)
  export    write the journal as plain Markdown or JSON (not encrypted)
  import    import from Day One, jrnl, Markdown files or a Tend export
  paths     list the guided paths and their steps
  prompt    print today's suggested step of a guided path
  help      show this help, or help about a command: tend help add

Options:
  --vault DIR            the journal's folder (or set TEND_VAULT);
                         by default %s
  --password-file FILE   read the password from FILE (or set TEND_PASSWORD_FILE);
                         otherwise it is asked for on the terminal, never
                         taken from the command line

Exit status: 0 done, 1 something went wrong, 2 usage, 3 wrong password,
4 the journal is open elsewhere, 5 done, but damaged records were left out.
`

// ParseArgs reads the global options and the subcommand. When it returns a
// nil Invocation the caller should exit with the returned status (help was
// printed, or the arguments were wrong).
func ParseArgs(args []string, stdout, stderr io.Writer) (*Invocation, int) {
	fs := flag.NewFlagSet("tend", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	vaultFlag := fs.String("vault", "", "")
	pwFile := fs.String("password-file", "", "")
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")
	if err := fs.Parse(args); err != nil {
		fmt.Fprintf(stderr, "tend: %v\nRun 'tend help' to see what Tend understands.\n", err)
		return nil, app.ExitUsage
	}
	rest := fs.Args()
	if *help || (len(rest) > 0 && rest[0] == "help") {
		topic := ""
		if len(rest) > 1 {
			topic = rest[1]
		}
		return nil, printHelp(topic, stdout, stderr)
	}
	dir, err := app.ResolveVaultDir(*vaultFlag)
	if err != nil {
		fmt.Fprintf(stderr, "tend: %v\n", err)
		return nil, app.ExitError
	}
	inv := &Invocation{VaultDir: dir, PasswordFile: *pwFile}
	if inv.PasswordFile == "" {
		inv.PasswordFile = os.Getenv(app.PasswordFileEnv)
	}
	if len(rest) > 0 {
		inv.Command, inv.Args = rest[0], rest[1:]
		if _, ok := commands()[inv.Command]; !ok {
			fmt.Fprintf(stderr, "tend: %q is not a command Tend knows.\nRun 'tend help' to see the commands.\n", inv.Command)
			return nil, app.ExitUsage
		}
	}
	return inv, app.ExitOK
}

func printHelp(topic string, stdout, stderr io.Writer) int {
	if topic == "" {
		def, err := app.DefaultVaultDir()
		if err != nil {
			def = "your local data folder"
		}
		fmt.Fprintf(stdout, usage, def)
		return app.ExitOK
	}
	c, ok := commands()[topic]
	if !ok {
		fmt.Fprintf(stderr, "tend: %q is not a command Tend knows.\nRun 'tend help' to see the commands.\n", topic)
		return app.ExitUsage
	}
	fmt.Fprintf(stdout, "Usage: tend [--vault DIR] %s %s\n\n%s\n", topic, c.usage, strings.TrimSpace(c.help))
	return app.ExitOK
}
