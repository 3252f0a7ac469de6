package cli

import (
	"strings"
	"testing"

	"tend/app"
	"tend/journal"
	"tend/vault"
)

// TestCLIAddLongEntry adds an entry of 20 MB from standard input, as a
// pasted chat log would come, and reads it back whole.
func TestCLIAddLongEntry(t *testing.T) {
	if testing.Short() {
		t.Skip("writes a 20 MB entry")
	}
	e := newCLIEnv(t)
	if code, out, errs := e.run("", "init", "--recovery-key-file", t.TempDir()+"/rk"); code != app.ExitOK {
		t.Fatalf("init: %d %s %s", code, out, errs)
	}
	var b strings.Builder
	for i := 0; b.Len() < 20<<20; i++ {
		b.WriteString("Sam: I said I would call, and I did. Alex: I know, and it helped. ")
		if i%7 == 0 {
			b.WriteString("\n")
		}
	}
	body := strings.TrimRight(b.String(), "\n") + " lighthousekeeper"
	code, id, errs := e.run(body, "add", "--title", "The whole thread")
	if code != app.ExitOK {
		t.Fatalf("add of %d bytes: %d %s", len(body), code, errs)
	}
	v, err := vault.Open(e.dir, []byte(cliPassword))
	if err != nil {
		t.Fatal(err)
	}
	defer v.Close()
	parsed, err := journal.ParseID(strings.TrimSpace(id))
	if err != nil {
		t.Fatal(err)
	}
	got, err := v.Get(parsed)
	if err != nil || got.Body != body {
		t.Fatalf("the long entry does not read back whole (%v)", err)
	}
}
