//go:build linux && !ci

package ui

import (
	"context"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver"
	"github.com/godbus/dbus/v5"
	"github.com/rymdport/portal"
	"github.com/rymdport/portal/filechooser"
)

// portalWait bounds how long Tend waits to learn whether a desktop portal
// answers before it shows its own dialog instead.
const portalWait = 2 * time.Second

// errNoPortal means no desktop portal offers file dialogs here.
var errNoPortal = errors.New("no desktop portal offers file dialogs")

// systemChooser returns the desktop's own file dialogs, through the XDG
// desktop portal on the session bus.
func systemChooser() func(pickRequest) (string, error) { return portalPick }

// windowHandle names win for the portal, so its dialog stays above it. Only
// X11 windows can be named; elsewhere the dialog simply has no parent.
func windowHandle(win fyne.Window) string {
	nw, ok := win.(driver.NativeWindow)
	if !ok {
		return ""
	}
	handle := ""
	nw.RunNative(func(ctx any) {
		if x, ok := ctx.(driver.X11WindowContext); ok {
			handle = portal.FormatX11WindowHandle(x.WindowHandle)
		}
	})
	return handle
}

// portalPick asks the desktop portal's file chooser for req and waits for
// the person's answer. It fails at once when there is no session bus, and
// within portalWait when nothing there answers for file dialogs.
func portalPick(req pickRequest) (string, error) {
	if err := portalAnswers(); err != nil {
		return "", err
	}
	filters, current := portalFilters(req.exts)
	var uris []string
	var err error
	if req.kind == pickSave {
		uris, err = filechooser.SaveFile(req.parent, req.title, &filechooser.SaveFileOptions{
			CurrentName: req.name, CurrentFolder: req.folder, Filters: filters, CurrentFilter: current,
		})
	} else {
		uris, err = filechooser.OpenFile(req.parent, req.title, &filechooser.OpenFileOptions{
			Directory: req.kind == pickFolder, CurrentFolder: req.folder, Filters: filters, CurrentFilter: current,
		})
	}
	if err != nil || len(uris) == 0 {
		return "", err
	}
	u, err := url.Parse(uris[0])
	if err != nil || u.Scheme != "file" || u.Path == "" {
		return "", errors.New("the desktop's dialog gave something other than a file")
	}
	return filepath.Clean(u.Path), nil
}

// portalAnswers checks, within portalWait, that a portal with file dialogs
// is on the session bus. Without a known bus it does not try to start
// one.
func portalAnswers() error {
	if os.Getenv("DBUS_SESSION_BUS_ADDRESS") == "" {
		if _, err := os.Stat(filepath.Join(os.Getenv("XDG_RUNTIME_DIR"), "bus")); os.Getenv("XDG_RUNTIME_DIR") == "" || err != nil {
			return errNoPortal
		}
	}
	ctx, cancel := context.WithTimeout(context.Background(), portalWait)
	defer cancel()
	done := make(chan error, 1)
	go func() {
		conn, err := dbus.SessionBus()
		if err != nil {
			done <- err
			return
		}
		obj := conn.Object("org.freedesktop.portal.Desktop", "/org/freedesktop/portal/desktop")
		done <- obj.CallWithContext(ctx, "org.freedesktop.DBus.Properties.Get", 0, "org.freedesktop.portal.FileChooser", "version").Err
	}()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
		return errNoPortal
	}
}

// portalFilters offers only files ending in one of exts, in either case.
func portalFilters(exts []string) ([]*filechooser.Filter, *filechooser.Filter) {
	if len(exts) == 0 {
		return nil, nil
	}
	f := &filechooser.Filter{Name: strings.Join(exts, ", ")}
	for _, e := range exts {
		f.Rules = append(f.Rules,
			filechooser.Rule{Type: filechooser.GlobPattern, Pattern: "*" + strings.ToLower(e)},
			filechooser.Rule{Type: filechooser.GlobPattern, Pattern: "*" + strings.ToUpper(e)})
	}
	return []*filechooser.Filter{f}, f
}
