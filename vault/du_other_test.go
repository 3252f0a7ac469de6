//go:build !unix

package vault

import "io/fs"

func allocated(fi fs.FileInfo) int64 { return fi.Size() }
