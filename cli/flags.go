package cli

import (
	"errors"
	"flag"
	"strconv"
	"strings"

	"tend/internal/i18n"
)

// The standard flag package stops at the first argument that is not a
// flag, so "tend import PATH --yes" would take --yes for a second path.
// People put options where they think of them, before or after the words,
// so parseFlags takes them from anywhere. It keeps what the standard
// package already accepts (-json and --json, --limit=5 and --limit 5),
// which another flag library would change under existing scripts; "--"
// ends the options, so a word that begins with a dash can still be given.

// unknownFlagError is an argument that looks like an option the command
// does not have.
type unknownFlagError struct{ arg string }

func (e *unknownFlagError) Error() string {
	return i18n.L("{{.Option}} is not an option of this command.", i18n.Data{"Option": e.arg})
}

// isOption reports whether arg is written as an option: a dash and more,
// but not a lone "-" (which often means standard input) or "--".
func isOption(arg string) bool {
	return len(arg) > 1 && arg[0] == '-' && arg != "--"
}

// optionName returns the name in -name, --name or --name=value, and
// whether a value was given after "=".
func optionName(arg string) (name string, hasValue bool) {
	name = strings.TrimPrefix(strings.TrimPrefix(arg, "-"), "-")
	name, _, hasValue = strings.Cut(name, "=")
	return name, hasValue
}

// takesValue reports whether f needs a value after it (every flag but a
// boolean one does).
func takesValue(f *flag.Flag) bool {
	b, ok := f.Value.(interface{ IsBoolFlag() bool })
	return !ok || !b.IsBoolFlag()
}

// parseFlags parses args with fs, accepting its flags before, between or
// after the other arguments; those stay in their order in fs.Args().
// Everything after "--" is an argument, whatever it looks like.
func parseFlags(fs *flag.FlagSet, args []string) error {
	var opts, rest []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			rest = append(rest, args[i+1:]...)
			break
		}
		if !isOption(a) {
			rest = append(rest, a)
			continue
		}
		name, hasValue := optionName(a)
		f := fs.Lookup(name)
		if f == nil || strings.HasPrefix(a, "---") {
			return &unknownFlagError{arg: a}
		}
		opts = append(opts, a)
		if !hasValue && takesValue(f) && i+1 == len(args) {
			// Said here, in the person's language, rather than by the
			// flag package.
			return errors.New(i18n.L("{{.Option}} needs a value", i18n.Data{"Option": a}))
		}
		if !hasValue && takesValue(f) && i+1 < len(args) {
			i++
			opts = append(opts, args[i])
			if err := checkValue(f, a, args[i]); err != nil {
				return err
			}
		}
		if hasValue {
			if err := checkValue(f, a, a[strings.IndexByte(a, '=')+1:]); err != nil {
				return err
			}
		}
	}
	return fs.Parse(append(append(opts, "--"), rest...))
}

// checkValue says, in the person's language and before the flag package
// would in English, that the option as typed (arg) cannot take value: a
// switch takes true or false, a count a whole number.
func checkValue(f *flag.Flag, arg, value string) error {
	g, ok := f.Value.(flag.Getter)
	if !ok {
		return nil
	}
	opt, _, _ := strings.Cut(arg, "=")
	data := i18n.Data{"Option": opt, "Value": value}
	switch g.Get().(type) {
	case bool:
		if _, err := strconv.ParseBool(value); err != nil {
			return errors.New(i18n.L("{{.Option}} is on or off: give it alone, or as {{.Option}}=true or {{.Option}}=false, not \"{{.Value}}\".", data))
		}
	case int:
		if _, err := strconv.ParseInt(value, 0, strconv.IntSize); err != nil {
			return errors.New(i18n.L("{{.Option}} takes a whole number, not \"{{.Value}}\".", data))
		}
	}
	return nil
}
