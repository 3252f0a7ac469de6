package app

import (
	"errors"
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

func TestDefaultVaultDir(t *testing.T) {
	home := func() (string, error) { return "/home/ada", nil }
	env := func(m map[string]string) func(string) string {
		return func(k string) string { return m[k] }
	}
	tests := []struct {
		goos string
		env  map[string]string
		want string
	}{
		{"linux", nil, filepath.Join("/home/ada", ".local", "share", "tend")},
		{"linux", map[string]string{"XDG_DATA_HOME": "/data"}, filepath.Join("/data", "tend")},
		{"linux", map[string]string{"XDG_DATA_HOME": "relative"}, filepath.Join("/home/ada", ".local", "share", "tend")},
		{"freebsd", nil, filepath.Join("/home/ada", ".local", "share", "tend")},
		{"darwin", nil, filepath.Join("/home/ada", "Library", "Application Support", "Tend")},
		{"windows", map[string]string{"LOCALAPPDATA": `C:\Users\ada\AppData\Local`}, filepath.Join(`C:\Users\ada\AppData\Local`, "Tend")},
	}
	for _, tt := range tests {
		got, err := defaultVaultDir(tt.goos, env(tt.env), home)
		if err != nil || got != tt.want {
			t.Errorf("%s %v: got %q, %v; want %q", tt.goos, tt.env, got, err, tt.want)
		}
	}
	if _, err := defaultVaultDir("linux", env(nil), func() (string, error) { return "", errors.New("no home") }); err == nil {
		t.Error("no home folder: want an error")
	}
}

func TestResolveVaultDirOrder(t *testing.T) {
	dir := t.TempDir()
	t.Setenv(VaultEnv, filepath.Join(dir, "from-env"))
	got, err := ResolveVaultDir(filepath.Join(dir, "from-flag"))
	if err != nil || got != filepath.Join(dir, "from-flag") {
		t.Fatalf("flag: got %q, %v", got, err)
	}
	got, err = ResolveVaultDir("")
	if err != nil || got != filepath.Join(dir, "from-env") {
		t.Fatalf("env: got %q, %v", got, err)
	}
	t.Setenv(VaultEnv, "")
	t.Setenv("XDG_DATA_HOME", filepath.Join(dir, "data"))
	got, err = ResolveVaultDir("")
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS == "linux" && got != filepath.Join(dir, "data", "tend") {
		t.Fatalf("default: got %q", got)
	}
}

func TestEnsurePrivateDir(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "a", "vault")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := EnsurePrivateDir(dir); err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if runtime.GOOS != "windows" && fi.Mode().Perm() != 0o700 {
		t.Fatalf("mode %v, want 0700", fi.Mode().Perm())
	}
	file := filepath.Join(t.TempDir(), "file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if err := EnsurePrivateDir(file); err == nil {
		t.Fatal("a file is not a vault folder: want an error")
	}
}
