package app

import (
	"errors"
	"os"
	"runtime/debug"
)

// Version is the version recorded in a backup's manifest: the module
// version the binary was built from, or "devel".
func Version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	return "devel"
}

// Target is what is already at a path Tend is about to write.
type Target int

// What ExistingTarget finds.
const (
	// TargetNew means nothing is there yet.
	TargetNew Target = iota
	// TargetFile means a file (or anything that is not a folder) is there,
	// which writing would replace.
	TargetFile
	// TargetFolder means a folder is there, which Tend never writes over.
	TargetFolder
)

// ExistingTarget says what is at path, so that a backup or an export never
// replaces a file nobody agreed to replace. The command line asks for
// --force; the app asks the person.
func ExistingTarget(path string) (Target, error) {
	fi, err := os.Lstat(path)
	switch {
	case errors.Is(err, os.ErrNotExist):
		return TargetNew, nil
	case err != nil:
		return TargetNew, err
	case fi.IsDir():
		return TargetFolder, nil
	}
	return TargetFile, nil
}
