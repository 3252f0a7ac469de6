package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"tend/app"
	"tend/assets"
	"tend/internal/i18n"
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

// ParseArgs reads the global options and the subcommand. When it returns a
// nil Invocation the caller should exit with the returned status (help was
// printed, or the arguments were wrong).
//
// It makes the language of the environment (LC_ALL, LC_MESSAGES, LANG) the
// one every message is said in from then on: the command line has no
// window, so no saved choice of one, and the window makes its own choice
// when it opens.
func ParseArgs(args []string, stdout, stderr io.Writer) (*Invocation, int) {
	i18n.Use(assets.LanguageFromEnv(os.Getenv))
	fs := flag.NewFlagSet("tend", flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	vaultFlag := fs.String("vault", "", "")
	pwFile := fs.String("password-file", "", "")
	help := fs.Bool("help", false, "")
	fs.BoolVar(help, "h", false, "")
	global, cmd, rest, err := splitGlobal(fs, args)
	if err == nil {
		err = fs.Parse(global)
	}
	if err != nil {
		fmt.Fprintf(stderr, "tend: %v\n%s\n", err, i18n.L("Run 'tend help' to see what Tend understands."))
		return nil, app.ExitUsage
	}
	if cmd == "help" || *help {
		topic := cmd
		if cmd == "help" {
			topic = ""
			if len(rest) > 0 {
				topic = rest[0]
			}
		}
		return nil, printHelp(topic, stdout, stderr)
	}
	dir, err := app.ResolveVaultDir(*vaultFlag)
	if err != nil {
		fmt.Fprintf(stderr, "tend: %v\n", err)
		return nil, app.ExitError
	}
	inv := &Invocation{VaultDir: dir, PasswordFile: *pwFile, Command: cmd, Args: rest}
	if inv.PasswordFile == "" {
		inv.PasswordFile = os.Getenv(app.PasswordFileEnv)
	}
	if cmd != "" {
		if _, ok := commands()[cmd]; !ok {
			fmt.Fprintln(stderr, notACommand(cmd))
			return nil, app.ExitUsage
		}
	}
	return inv, app.ExitOK
}

// splitGlobal takes the options every command shares (those of fs) from
// wherever they stand, before the command or after it, up to a "--". It
// returns them, the command and the command's own arguments in order.
func splitGlobal(fs *flag.FlagSet, args []string) (global []string, cmd string, rest []string, err error) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			if cmd == "" {
				// "tend -- x": x is the command, as the flag package reads it.
				if i+1 < len(args) {
					cmd = args[i+1]
					rest = append(rest, args[i+2:]...)
				}
				return global, cmd, rest, nil
			}
			rest = append(rest, args[i:]...)
			return global, cmd, rest, nil
		}
		if !isOption(a) {
			if cmd == "" {
				cmd = a
			} else {
				rest = append(rest, a)
			}
			continue
		}
		name, hasValue := optionName(a)
		f := fs.Lookup(name)
		if f == nil {
			if cmd == "" {
				return nil, "", nil, errors.New(i18n.L("{{.Option}} is not an option Tend knows", i18n.Data{"Option": a}))
			}
			rest = append(rest, a) // the command's own
			continue
		}
		global = append(global, a)
		if hasValue {
			if err := checkValue(f, a, a[strings.IndexByte(a, '=')+1:]); err != nil {
				return nil, "", nil, err
			}
		}
		if !hasValue && takesValue(f) {
			if i+1 >= len(args) {
				return nil, "", nil, errors.New(i18n.L("{{.Option}} needs a value", i18n.Data{"Option": a}))
			}
			i++
			global = append(global, args[i])
		}
	}
	return global, cmd, rest, nil
}

func printHelp(topic string, stdout, stderr io.Writer) int {
	if topic == "" {
		def, err := app.DefaultVaultDir()
		if err != nil {
			def = i18n.L("your local data folder")
		}
		fmt.Fprint(stdout, i18n.L(`Tend is a private, encrypted journal.

Usage:
  tend [--vault DIR] [--password-file FILE]            open the desktop app
  tend [--vault DIR] [--password-file FILE] COMMAND [ARGS]

The app needs a desktop; every command below works without one, over ssh
or in a container. Options may come before or after the other arguments.

Commands:
`))
		for _, c := range commandList() {
			fmt.Fprintf(stdout, "  %-9s %s\n", c.name, c.summary)
		}
		fmt.Fprint(stdout, i18n.L(`  help      show this help, or help about a command: tend help add

Options:
  --vault DIR            the journal's folder (or set TEND_VAULT);
                         by default {{.Folder}}
  --password-file FILE   read the password from FILE (or set TEND_PASSWORD_FILE);
                         otherwise it is asked for on the terminal, never
                         taken from the command line

Exit status: 0 done, 1 something went wrong, 2 usage, 3 wrong password,
4 the journal is open elsewhere, 5 done, but damaged records were left out.
`, i18n.Data{"Folder": def}))
		return app.ExitOK
	}
	c, ok := commands()[topic]
	if !ok {
		fmt.Fprintln(stderr, notACommand(topic))
		return app.ExitUsage
	}
	fmt.Fprintf(stdout, "%s tend [--vault DIR] %s %s\n\n%s\n\n%s\n", i18n.L("Usage:"), topic, c.usage, strings.TrimSpace(c.help), i18n.L("Example:"))
	for _, line := range strings.Split(c.example, "\n") {
		fmt.Fprintf(stdout, "  %s\n", line)
	}
	return app.ExitOK
}

// notACommand says that name is not one of Tend's commands, and where to
// find them.
func notACommand(name string) string {
	return "tend: " + i18n.L("\"{{.Name}}\" is not a command Tend knows.", i18n.Data{"Name": name}) + "\n" +
		i18n.L("Run 'tend help' to see the commands.")
}
