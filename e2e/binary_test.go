package e2e_test

// The tests of this package run the real tend binary, built once by
// TestMain, as a person or a script would: in a private home whose every
// folder (HOME, the XDG folders, TMPDIR) lies inside the test's temporary
// folder, so that a test can account for every file the binary writes.

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// tendBin is the path of the binary TestMain builds.
var tendBin string

// helperEnv, when set in a child's environment, makes the test binary do a
// small job instead of running tests (see TestMain).
const helperEnv = "TEND_TEST_HELPER"

// helperOpenUDP is the helper job that opens an AF_INET socket, so the
// network audit can prove it would notice one.
const helperOpenUDP = "open-udp"

// commandTimeout bounds one run of the binary, so a hung command fails the
// test instead of stalling it.
const commandTimeout = 2 * time.Minute

// TestMain builds the binary with the ci tag, which swaps only the GUI
// driver for Fyne's headless one and leaves the command line as shipped.
func TestMain(m *testing.M) {
	if os.Getenv(helperEnv) == helperOpenUDP {
		os.Exit(openUDP())
	}
	dir, err := os.MkdirTemp("", "tend-bin-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "making a folder for the binary:", err)
		os.Exit(1)
	}
	tendBin = filepath.Join(dir, "tend")
	if runtime.GOOS == "windows" {
		tendBin += ".exe"
	}
	build := exec.Command("go", "build", "-tags", "ci", "-o", tendBin, "..")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		fmt.Fprintln(os.Stderr, "building tend:", err)
		os.RemoveAll(dir)
		os.Exit(1)
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// openUDP opens (and closes) a loopback UDP socket: it sends nothing, but
// the socket(AF_INET, ...) call is what the network audit looks for.
func openUDP() int {
	c, err := net.ListenPacket("udp4", "127.0.0.1:0")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	c.Close()
	return 0
}

// sandbox is a private home for one test's runs of the binary.
type sandbox struct {
	root   string // holds everything below
	home   string // HOME
	config string // XDG_CONFIG_HOME
	cache  string // XDG_CACHE_HOME
	data   string // XDG_DATA_HOME; the default vault would be data/tend
	tmp    string // TMPDIR
	env    []string
	// wrap, when set, turns a command line into the one actually run, such
	// as the same command under strace.
	wrap func(name string, args []string) (string, []string)
}

// newSandbox makes the folders and an environment that points only at them.
// Variables that could lead the binary elsewhere (a vault, a password file,
// a display, a session bus) are dropped.
func newSandbox(t testing.TB) *sandbox {
	t.Helper()
	root := t.TempDir()
	s := &sandbox{
		root:   root,
		home:   filepath.Join(root, "home"),
		config: filepath.Join(root, "config"),
		cache:  filepath.Join(root, "cache"),
		data:   filepath.Join(root, "data"),
		tmp:    filepath.Join(root, "tmp"),
	}
	for _, d := range []string{s.home, s.config, s.cache, s.data, s.tmp} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	drop := []string{
		"HOME=", "TMPDIR=", "TMP=", "TEMP=", "XDG_", "TEND_", "LANG=", "LC_", "DISPLAY=",
		"WAYLAND_DISPLAY=", "DBUS_SESSION_BUS_ADDRESS=", "USERPROFILE=", "APPDATA=", "LOCALAPPDATA=",
	}
	for _, kv := range os.Environ() {
		keep := true
		for _, p := range drop {
			keep = keep && !strings.HasPrefix(kv, p)
		}
		if keep {
			s.env = append(s.env, kv)
		}
	}
	s.env = append(s.env,
		"HOME="+s.home,
		"USERPROFILE="+s.home,
		"XDG_CONFIG_HOME="+s.config,
		"XDG_CACHE_HOME="+s.cache,
		"XDG_DATA_HOME="+s.data,
		"TMPDIR="+s.tmp,
		"TMP="+s.tmp,
		"TEMP="+s.tmp,
		"LANG=en_US.UTF-8", // the bare C locales have a test of their own
	)
	return s
}

// writeSecret writes a password or passphrase file inside the home, as a
// person would keep one, and returns its path.
func (s *sandbox) writeSecret(t testing.TB, name, secret string) string {
	t.Helper()
	p := filepath.Join(s.home, name)
	if err := os.WriteFile(p, []byte(secret+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// result is how one run of the binary ended.
type result struct {
	stdout, stderr string
	// code is the exit status, or -1 when a signal ended the process.
	code int
}

func (r result) String() string {
	return fmt.Sprintf("exit %d\nstdout:\n%s\nstderr:\n%s", r.code, r.stdout, r.stderr)
}

// command prepares a run of the binary with stdin as its standard input.
// The caller starts it; stdout and stderr collect its output.
func (s *sandbox) command(ctx context.Context, stdin string, extraEnv []string, args ...string) (cmd *exec.Cmd, stdout, stderr *bytes.Buffer) {
	name := tendBin
	if s.wrap != nil {
		name, args = s.wrap(name, args)
	}
	cmd = exec.CommandContext(ctx, name, args...)
	cmd.Env = append(append([]string(nil), s.env...), extraEnv...)
	cmd.Dir = s.home
	cmd.Stdin = strings.NewReader(stdin)
	stdout, stderr = new(bytes.Buffer), new(bytes.Buffer)
	cmd.Stdout, cmd.Stderr = stdout, stderr
	return cmd, stdout, stderr
}

// run runs the binary to the end and returns how it ended. Only a failure
// to start it at all fails the test: the exit status is the caller's to
// judge.
func (s *sandbox) run(t testing.TB, stdin string, args ...string) result {
	t.Helper()
	return s.runEnv(t, stdin, nil, args...)
}

// runEnv is run with variables added to the environment.
func (s *sandbox) runEnv(t testing.TB, stdin string, extraEnv []string, args ...string) result {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), commandTimeout)
	defer cancel()
	cmd, stdout, stderr := s.command(ctx, stdin, extraEnv, args...)
	err := cmd.Run()
	if ctx.Err() != nil {
		t.Fatalf("tend %s took longer than %v", strings.Join(args, " "), commandTimeout)
	}
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		t.Fatalf("running tend %s: %v", strings.Join(args, " "), err)
	}
	return result{stdout: stdout.String(), stderr: stderr.String(), code: cmd.ProcessState.ExitCode()}
}

// mustRun runs the binary and fails the test unless it exits 0.
func (s *sandbox) mustRun(t *testing.T, stdin string, args ...string) result {
	t.Helper()
	r := s.run(t, stdin, args...)
	if r.code != 0 {
		t.Fatalf("tend %s: %v", strings.Join(args, " "), r)
	}
	return r
}
