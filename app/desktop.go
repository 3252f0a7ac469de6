package app

import (
	"net"
	"path/filepath"
	"runtime"
	"strings"
	"time"
)

// NoDesktopMessage is what the program says when the app is asked for
// where no desktop can show its window (over ssh, in a container, or a
// display named in the environment that does not answer).
const NoDesktopMessage = "tend: The Tend app needs a desktop to open its window, and there is none here that answers. " +
	"The command line works without one: 'tend help' shows what it can do."

// x11Sockets is the folder of the X server's local sockets.
const x11Sockets = "/tmp/.X11-unix"

// HasDesktop reports whether there is a desktop for the app's window: on
// Linux and the BSDs, a display named in the environment (Wayland or X11)
// whose local socket answers, so that the window library is never started
// against one that is not there (it would end the app with a trace instead
// of a sentence); a display on another machine (an X11 host name, as ssh
// forwards it) is trusted as named. macOS and Windows always have one.
// getenv is os.Getenv outside tests.
func HasDesktop(getenv func(string) string) bool {
	return hasDesktop(runtime.GOOS, getenv, x11Sockets)
}

func hasDesktop(goos string, getenv func(string) string, x11Dir string) bool {
	switch goos {
	case "darwin", "windows", "ios", "android":
		return true
	}
	if w := getenv("WAYLAND_DISPLAY"); w != "" {
		path := w
		if !filepath.IsAbs(path) {
			path = filepath.Join(getenv("XDG_RUNTIME_DIR"), w)
		}
		if answers(path) {
			return true
		}
	}
	d := getenv("DISPLAY")
	if d == "" {
		return false
	}
	host, rest, ok := strings.Cut(d, ":")
	if !ok {
		return false
	}
	if host != "" && host != "unix" {
		return true // another machine's display, or one forwarded to this one
	}
	num, _, _ := strings.Cut(rest, ".")
	if num == "" || strings.Trim(num, "0123456789") != "" {
		return false
	}
	path := filepath.Join(x11Dir, "X"+num)
	// Linux servers also listen on the same name in the abstract socket
	// namespace, where a server in a sandbox may be found alone.
	return answers(path) || (goos == "linux" && answers("@"+path))
}

// answers reports whether a local socket at path accepts a connection,
// which is closed at once.
func answers(path string) bool {
	c, err := net.DialTimeout("unix", path, time.Second)
	if err != nil {
		return false
	}
	c.Close()
	return true
}
