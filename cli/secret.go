package cli

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"

	"golang.org/x/term"

	"tend/app"
	"tend/internal/i18n"
)

// errNoTerminal means a secret was needed, no file was named for it, and
// there is no terminal to ask on.
var errNoTerminal = errors.New("there is no terminal to ask for the password on; use --password-file or TEND_PASSWORD_FILE")

// noTerminal says errNoTerminal in the language in use.
func noTerminal() string {
	return i18n.L("There is no terminal to ask for the password on; use --password-file or TEND_PASSWORD_FILE.")
}

// maxSecretFile bounds a password or recovery-key file.
const maxSecretFile = 4096

// terminal asks for secrets without echoing them.
type terminal interface {
	ReadSecret(prompt string) ([]byte, error)
	Close() error
}

// ttyTerminal reads from the controlling terminal directly, so standard
// input stays free for the entry text (echo "..." | tend add).
type ttyTerminal struct{ in, out *os.File }

func openTerminal() (terminal, error) {
	inName, outName := "/dev/tty", "/dev/tty"
	if runtime.GOOS == "windows" {
		inName, outName = "CONIN$", "CONOUT$"
	}
	in, err := os.OpenFile(inName, os.O_RDWR, 0)
	if err != nil {
		return nil, errNoTerminal
	}
	if !term.IsTerminal(int(in.Fd())) {
		in.Close()
		return nil, errNoTerminal
	}
	out := in
	if outName != inName {
		if out, err = os.OpenFile(outName, os.O_WRONLY, 0); err != nil {
			in.Close()
			return nil, errNoTerminal
		}
	}
	return &ttyTerminal{in: in, out: out}, nil
}

func (t *ttyTerminal) ReadSecret(prompt string) ([]byte, error) {
	fmt.Fprint(t.out, prompt)
	b, err := term.ReadPassword(int(t.in.Fd()))
	fmt.Fprintln(t.out)
	return b, err
}

func (t *ttyTerminal) Close() error {
	if t.out != t.in {
		t.out.Close()
	}
	return t.in.Close()
}

// readSecretFile reads a secret from the first line of a file. A file that
// other people on this computer could read is refused, as ssh refuses such
// a key: the secret in it is as good as theirs.
func readSecretFile(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", i18n.L("Tend could not read the secret file"), err)
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && sharedFile(path, fi) {
		return nil, errors.New(i18n.L("The secret file {{.File}} can be read by other people on this computer, so Tend will not use it; {{.Fix}}", i18n.Data{"File": path, "Fix": makeItYours(path)}))
	}
	return readSecret(f, path)
}

// readSecret reads a secret's first line from r, named path in messages.
func readSecret(r io.Reader, path string) ([]byte, error) {
	b, err := io.ReadAll(io.LimitReader(r, maxSecretFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", i18n.L("Tend could not read the secret file"), err)
	}
	if len(b) > maxSecretFile {
		return nil, errors.New(i18n.L("The secret file {{.File}} is longer than a password could be.", i18n.Data{"File": path}))
	}
	if i := bytes.IndexByte(b, '\n'); i >= 0 {
		wipe(b[i:])
		b = b[:i]
	}
	b = bytes.TrimSuffix(b, []byte("\r"))
	if len(b) == 0 {
		return nil, errors.New(i18n.L("The secret file {{.File}} is empty.", i18n.Data{"File": path}))
	}
	return b, nil
}

// secret reads an existing secret from file, or asks for it once.
func (c *cli) secret(file, prompt string, _ bool) ([]byte, error) {
	if file == "-" {
		// The app hands the password to the child that checks a store
		// through a pipe: it never appears in arguments or files.
		return readSecret(c.stdin, i18n.L("on standard input"))
	}
	if file != "" {
		return readSecretFile(file)
	}
	t, err := c.tty()
	if err != nil {
		return nil, err
	}
	defer t.Close()
	return t.ReadSecret(prompt)
}

// newSecret reads a new password from file, or asks for it twice on the
// terminal until the two match and it is strong enough.
func (c *cli) newSecret(file string) ([]byte, error) {
	if file != "" {
		pw, err := readSecretFile(file)
		if err != nil {
			return nil, err
		}
		if s := app.EstimateStrength(string(pw)); !s.Acceptable() {
			wipe(pw)
			return nil, errors.New(i18n.L("That password is {{.Strength}}. {{.Hint}}", i18n.Data{"Strength": lowerFirst(s.Label), "Hint": s.Hint}))
		}
		return pw, nil
	}
	t, err := c.tty()
	if err != nil {
		return nil, err
	}
	defer t.Close()
	for range 3 {
		pw, err := t.ReadSecret(i18n.L("New password:") + " ")
		if err != nil {
			return nil, err
		}
		if s := app.EstimateStrength(string(pw)); !s.Acceptable() {
			wipe(pw)
			fmt.Fprintln(c.stderr, i18n.L("That password is {{.Strength}}. {{.Hint}}", i18n.Data{"Strength": lowerFirst(s.Label), "Hint": s.Hint}))
			continue
		}
		again, err := t.ReadSecret(i18n.L("The same password again:") + " ")
		if err != nil {
			wipe(pw)
			return nil, err
		}
		same := bytes.Equal(pw, again)
		wipe(again)
		if same {
			return pw, nil
		}
		wipe(pw)
		fmt.Fprintln(c.stderr, i18n.L("The two passwords were different. Let's try once more."))
	}
	return nil, errors.New(i18n.L("No new password was set; nothing was changed."))
}

func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	b := []byte(s)
	if b[0] >= 'A' && b[0] <= 'Z' {
		b[0] += 'a' - 'A'
	}
	return string(b)
}

// wipe zeroes a secret held in a byte slice (best effort: Go may have
// copied it).
func wipe(b []byte) {
	for i := range b {
		b[i] = 0
	}
}
