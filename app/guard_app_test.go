package app

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// appChildEnv makes this test binary act as the desktop app in
// TestAppChild: "crash" crashes in a goroutine, as the store library can,
// unless the app was started again after a crash; "always" crashes every
// time.
const appChildEnv = "TEND_TEST_APP_CHILD"

// TestAppChild is the app that guardApp watches in these tests; it does
// nothing when run as a test of its own.
func TestAppChild(t *testing.T) {
	mode := os.Getenv(appChildEnv)
	if mode == "" {
		t.Skip("runs only as the child of the app guard's tests")
	}
	if mode == "crash" && RestartedAfterCrash() {
		_ = os.WriteFile(os.Getenv("TEND_TEST_APP_SAW"), []byte("restarted"), 0o600)
		os.Exit(0)
	}
	done := make(chan struct{})
	go func() { panic("a table could not be read") }()
	<-done
}

func runAppGuard(t *testing.T, mode string) (dir string, code int, stderr string, saw string) {
	t.Helper()
	dir = t.TempDir()
	sawFile := filepath.Join(t.TempDir(), "saw")
	var errOut bytes.Buffer
	code = guardApp(os.Args[0], []string{"-test.run=^TestAppChild$", "-test.count=1"},
		[]string{AsCLIEnv + "=0", appChildEnv + "=" + mode, "TEND_TEST_APP_SAW=" + sawFile}, dir, strings.NewReader(""), &bytes.Buffer{}, &errOut)
	b, _ := os.ReadFile(sawFile)
	return dir, code, errOut.String(), string(b)
}

// TestAppCrashIsCheckedAndStartedAgain: when the app crashes (as the store
// library can in a goroutine of its own on a damaged journal), the journal
// is marked for a check, no trace is shown, and the app starts again once,
// knowing why, so the person meets a calm screen rather than a vanished
// window.
func TestAppCrashIsCheckedAndStartedAgain(t *testing.T) {
	dir, code, stderr, saw := runAppGuard(t, "crash")
	if code != ExitOK || saw != "restarted" {
		t.Fatalf("the app was not started again after its crash: status %d, saw %q, stderr %q", code, saw, stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, checkMarker)); err != nil {
		t.Fatalf("the crash did not mark the journal for a check: %v", err)
	}
	if strings.Contains(stderr, "panic") || strings.Contains(stderr, "goroutine") {
		t.Fatalf("the crash's trace reached the error stream: %q", stderr)
	}
}

// TestAppCrashingTwiceStops: a second crash in a row ends with a sentence
// and status 1, never a loop of windows.
func TestAppCrashingTwiceStops(t *testing.T) {
	_, code, stderr, _ := runAppGuard(t, "always")
	if code != ExitError || !strings.Contains(stderr, "tend verify") || strings.Contains(stderr, "panic") {
		t.Fatalf("status %d, stderr %q", code, stderr)
	}
}
