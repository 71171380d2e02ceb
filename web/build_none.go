//go:build !embedapp

package web

import "io/fs"

// embeddedBuild is nil without -tags embedapp: serve needs --dir.
var embeddedBuild fs.FS
