package app

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
)

// A damaged store can make the store library panic in one of its own
// goroutines, which no recover catches: the process ends with a stack trace
// and status 2, the status of a usage mistake. Opening checks the store's
// files first (vault.Open refuses the damage it knows), but a damage it
// does not know would still end that way. So a command that opens the
// journal runs in a child process of this same program, and this process
// only watches: it passes the child's output through, and when the child
// crashes it holds back the trace and says in a sentence what happened.
// The terminal, standard input and standard output are the child's own, so
// the command behaves exactly as it would unguarded. It costs one more
// start of the program: about 10 ms on a small laptop-class machine, next
// to the key derivation's few hundred.

// GuardedEnv marks the child in which a guarded command runs.
const GuardedEnv = "TEND_GUARDED"

// crashMarks begin the lines the Go runtime writes when a process crashes.
var crashMarks = [][]byte{
	[]byte("panic: "), []byte("fatal error: "), []byte("unexpected fault address"),
	[]byte("goroutine "), []byte("SIGBUS"), []byte("SIGSEGV"),
}

// PassStderr copies the child's error stream line by line until a line
// shows the child crashed; from there on nothing more is passed (the rest
// is a stack trace, which names only program internals and helps nobody
// reading it in distress). It reports whether a crash was seen.
func PassStderr(r io.Reader, w io.Writer) (crashed bool) {
	br := bufio.NewReader(r)
	for {
		line, err := br.ReadBytes('\n')
		if !crashed && len(line) > 0 {
			for _, m := range crashMarks {
				if bytes.HasPrefix(line, m) {
					crashed = true
				}
			}
			if !crashed {
				_, _ = w.Write(line)
			}
		}
		if err != nil {
			return crashed
		}
	}
}

// MarkForCheck leaves the sign that the journal needs a check in a child
// process before the app opens it again.
func MarkForCheck(dir string) {
	if fi, err := os.Stat(dir); err == nil && fi.IsDir() {
		_ = os.WriteFile(filepath.Join(dir, checkMarker), nil, 0o600)
	}
}
