// Package locale gives the toolkit a language it can read when the system
// names none, before the toolkit looks.
//
// Fyne reads the system's locale while its packages initialise, before
// main runs, and logs three lines of "Error parsing user locale C" on every
// start when LANG or LC_ALL is the bare C or POSIX locale (often C.UTF-8,
// the default of containers and servers): on every command, tend help
// included. A package runs its initialisation before another that is ready
// at the same time when its import path sorts first, so this one lives in a
// module of its own whose path sorts before the toolkit's, and main imports
// it for that effect alone.
package locale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	// The first of these that is set is the locale in force, as the C
	// library and the toolkit read them.
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		if base, _, _ := strings.Cut(v, "."); base == "C" || base == "POSIX" {
			// English is what these locales mean for messages.
			_ = os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
