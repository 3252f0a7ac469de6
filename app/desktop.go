package app

import "runtime"

// NoDesktopMessage is what the program says when the app is asked for
// where no desktop can show its window (over ssh, in a container).
const NoDesktopMessage = "tend: The Tend app needs a desktop to open its window, and there is none here. " +
	"The command line works without one: 'tend help' shows what it can do."

// HasDesktop reports whether there is a desktop for the app's window: on
// Linux and the BSDs, a display named in the environment (X11 or Wayland);
// macOS and Windows always have one. getenv is os.Getenv outside tests.
func HasDesktop(getenv func(string) string) bool {
	switch runtime.GOOS {
	case "darwin", "windows", "ios", "android":
		return true
	}
	return getenv("DISPLAY") != "" || getenv("WAYLAND_DISPLAY") != ""
}
