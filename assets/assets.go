// Package assets holds the resources embedded in the Tend binary: the
// application icon now, and the guided paths and their prompts as data files
// as they are written. It holds no logic beyond handing the bytes out.
package assets

import (
	_ "embed"

	"fyne.io/fyne/v2"
)

//go:embed icon.png
var iconPNG []byte

// Icon is Tend's application icon: a seedling on soft sage, 1024 px square.
// scripts/icongen.go draws it.
var Icon = fyne.NewStaticResource("icon.png", iconPNG)
