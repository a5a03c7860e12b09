package main

import (
	"context"
	"fmt"
	"io"
	"runtime/debug"
	"strings"
)

// version, when set at build time with -ldflags "-X main.version=v1.2.3",
// replaces the module version from the build info.
var version string

func printVersion(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if err := newFlagSet("version", stdout, stderr).parse(args); err != nil {
		return err
	}
	info, _ := debug.ReadBuildInfo()
	_, err := io.WriteString(stdout, formatVersion(info, version))
	return err
}

// formatVersion renders what the build info records: the module version
// ("(devel)" when built from a clone, a tag with go install MOD@VERSION),
// the VCS revision, its commit time and whether the tree was modified, and
// the toolchain. override, when set, replaces the module version.
func formatVersion(info *debug.BuildInfo, override string) string {
	if info == nil {
		info = &debug.BuildInfo{}
	}
	v := info.Main.Version
	if override != "" {
		v = override
	}
	if v == "" {
		v = "unknown"
	}
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	var b strings.Builder
	fmt.Fprintf(&b, "civgraph %s\n", v)
	line := func(key, value string) {
		if value != "" {
			fmt.Fprintf(&b, "  %-9s %s\n", key, value)
		}
	}
	line("module", info.Main.Path)
	if rev := settings["vcs.revision"]; rev != "" {
		if settings["vcs.modified"] == "true" {
			rev += " (modified: uncommitted changes)"
		}
		line("revision", rev)
	} else {
		line("revision", "unknown (built without VCS information: go run, or -buildvcs=false)")
	}
	line("committed", settings["vcs.time"])
	goVersion := info.GoVersion
	if os, arch := settings["GOOS"], settings["GOARCH"]; os != "" && arch != "" {
		goVersion += " " + os + "/" + arch
	}
	line("go", strings.TrimSpace(goVersion))
	return b.String()
}

// moduleVersion is the version spans report as service.version.
func moduleVersion() string {
	if version != "" {
		return version
	}
	if info, ok := debug.ReadBuildInfo(); ok {
		return info.Main.Version
	}
	return ""
}
