package http

import (
	"io/fs"
	"os"
)

// sourceFS is the package's Go source, for texts that views translate.
func sourceFS() fs.FS { return os.DirFS(".") }
