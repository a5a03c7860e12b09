package main

import (
	"context"
	"fmt"
	"io"
)

// check loads and validates the configuration and prints it, credentials
// redacted.
func check(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stderr)
	configPath := fs.String("config", "", "YAML configuration file (default: none)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath, "", stderr)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(stdout, "# civgraph effective configuration (valid; credentials redacted)\n%s", cfg)
	return err
}
