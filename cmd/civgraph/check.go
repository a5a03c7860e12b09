package main

import (
	"context"
	"fmt"
	"io"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/persisted"
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
	// The files auth.* and graphql.trusted_documents_file name are read as
	// serve would, so a bad key file, JWKS or manifest fails here rather
	// than at start-up.
	if _, err := auth.New(cfg.Auth); err != nil {
		return err
	}
	if f := cfg.GraphQL.TrustedDocumentsFile; f != "" {
		if _, err := persisted.LoadManifest(f); err != nil {
			return fmt.Errorf("graphql.trusted_documents_file: %w", err)
		}
	}
	_, err = fmt.Fprintf(stdout, "# civgraph effective configuration (valid; credentials redacted)\n%s", cfg)
	return err
}
