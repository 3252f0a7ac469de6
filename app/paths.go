package app

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
)

// VaultEnv names the environment variable that chooses the vault folder when
// --vault is not given.
const VaultEnv = "TEND_VAULT"

// DefaultVaultDir returns the local, non-roaming data folder where Tend keeps
// its vault unless told otherwise: $XDG_DATA_HOME/tend on Linux and the BSDs,
// ~/Library/Application Support/Tend on macOS, %LOCALAPPDATA%\Tend on Windows.
//
// It is local rather than roaming so that a journal is never copied to other
// machines by a profile sync the user may not know about.
func DefaultVaultDir() (string, error) {
	return defaultVaultDir(runtime.GOOS, os.Getenv, os.UserHomeDir)
}

func defaultVaultDir(goos string, getenv func(string) string, home func() (string, error)) (string, error) {
	switch goos {
	case "windows":
		if d := getenv("LOCALAPPDATA"); d != "" {
			return filepath.Join(d, "Tend"), nil
		}
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("finding your home folder: %w", err)
		}
		return filepath.Join(h, "AppData", "Local", "Tend"), nil
	case "darwin", "ios":
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("finding your home folder: %w", err)
		}
		return filepath.Join(h, "Library", "Application Support", "Tend"), nil
	default:
		if d := getenv("XDG_DATA_HOME"); d != "" && filepath.IsAbs(d) {
			return filepath.Join(d, "tend"), nil
		}
		h, err := home()
		if err != nil {
			return "", fmt.Errorf("finding your home folder: %w", err)
		}
		return filepath.Join(h, ".local", "share", "tend"), nil
	}
}

// ResolveVaultDir picks the vault folder: the --vault flag if given, else
// TEND_VAULT, else DefaultVaultDir. The result is absolute.
func ResolveVaultDir(flagValue string) (string, error) {
	dir := flagValue
	if dir == "" {
		dir = os.Getenv(VaultEnv)
	}
	if dir == "" {
		d, err := DefaultVaultDir()
		if err != nil {
			return "", err
		}
		dir = d
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("reading the vault folder %q: %w", dir, err)
	}
	return abs, nil
}

// EnsurePrivateDir creates dir (and its parents) if needed and makes sure
// only the owner can enter it, so another account on the same computer
// cannot even list the vault's files.
func EnsurePrivateDir(dir string) error {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return fmt.Errorf("creating the folder %s: %w", dir, err)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return err
	}
	if !fi.IsDir() {
		return errors.New(dir + " is a file, not a folder")
	}
	return makePrivate(dir, fi)
}
