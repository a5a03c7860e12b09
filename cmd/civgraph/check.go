package main

import (
	"context"
	"fmt"
	"io"
)

// check loads and validates the configuration and prints it, credentials
// redacted. Settings that are valid but will not work as probably meant
// are warned about on stderr.
func check(_ context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("check", stdout, stderr)
	configPath := fs.String("config", "", "YAML configuration file (default: none)")
	if err := fs.parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath, "", stderr)
	if err != nil {
		return err
	}
	for _, w := range cfg.Warnings() {
		fmt.Fprintf(stderr, "civgraph: warning: %s\n", w)
	}
	_, err = fmt.Fprintf(stdout, "# civgraph effective configuration (valid; credentials redacted)\n%s", cfg)
	return err
}
