package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"runtime/debug"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3";
// otherwise the module version or VCS revision from the build info is used.
var version string

func printVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if err := parse(newFlagSet("version", stderr), args); err != nil {
		return err
	}
	_, err := fmt.Fprintf(stdout, "civgraph %s (%s)\n", buildVersion(), runtime.Version())
	return err
}

func buildVersion() string {
	if version != "" {
		return version
	}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	v := info.Main.Version
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	if rev != "" && (v == "" || v == "(devel)") {
		if len(rev) > 12 {
			rev = rev[:12]
		}
		return rev + modified
	}
	if v == "" {
		return "(devel)"
	}
	return v
}
