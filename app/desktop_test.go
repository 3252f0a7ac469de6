package app

import (
	"net"
	"os"
	"path/filepath"
	"testing"
)

// listen makes a local socket at path that accepts connections until the
// test ends.
func listen(t *testing.T, path string) {
	t.Helper()
	l, err := net.Listen("unix", path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { l.Close() })
	go func() {
		for {
			c, err := l.Accept()
			if err != nil {
				return
			}
			c.Close()
		}
	}()
}

// TestHasDesktopOnlyWhenTheDisplayAnswers: a display named in the
// environment counts only when its socket answers, so a display that is
// not there (not started yet, or gone) gets the calm sentence rather than
// the window library's trace.
func TestHasDesktopOnlyWhenTheDisplayAnswers(t *testing.T) {
	dir, err := os.MkdirTemp("", "x11") // short: a socket's path is limited
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	listen(t, filepath.Join(dir, "X5"))
	run := filepath.Join(dir, "run")
	if err := os.Mkdir(run, 0o700); err != nil {
		t.Fatal(err)
	}
	listen(t, filepath.Join(run, "wayland-1"))

	for _, c := range []struct {
		env  map[string]string
		goos string
		want bool
	}{
		{map[string]string{"DISPLAY": ":5"}, "linux", true},
		{map[string]string{"DISPLAY": ":5.0"}, "linux", true},
		{map[string]string{"DISPLAY": "unix:5"}, "linux", true},
		{map[string]string{"DISPLAY": ":6"}, "linux", false},
		{map[string]string{"DISPLAY": "localhost:10.0"}, "linux", true},
		{map[string]string{"DISPLAY": "not a display"}, "linux", false},
		{map[string]string{"DISPLAY": ":x"}, "linux", false},
		{map[string]string{}, "linux", false},
		{map[string]string{}, "freebsd", false},
		{map[string]string{"WAYLAND_DISPLAY": "wayland-1", "XDG_RUNTIME_DIR": run}, "linux", true},
		{map[string]string{"WAYLAND_DISPLAY": filepath.Join(run, "wayland-1")}, "linux", true},
		{map[string]string{"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": run}, "linux", false},
		{map[string]string{"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": run, "DISPLAY": ":5"}, "linux", true},
		{map[string]string{}, "darwin", true},
		{map[string]string{}, "windows", true},
	} {
		getenv := func(k string) string { return c.env[k] }
		if got := hasDesktop(c.goos, getenv, dir); got != c.want {
			t.Errorf("%s %v: has a desktop %v, want %v", c.goos, c.env, got, c.want)
		}
	}
}
