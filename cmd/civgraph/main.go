package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/civgraph/civgraph/config"
)

const usage = `usage: civgraph <command> [flags]

commands:
  serve      run the GraphQL gateway (--listen HOST:PORT, --config FILE)
  upstreams  run the four sample upstream APIs alone (--listen, --sample-sites N, --seed N)
  check      load and validate the configuration, print it with credentials redacted (--config FILE)
  hash-key   print the SHA-256 of an API key read from stdin, for auth.api_keys_file (--generate makes a key)
  version    print the version

Run civgraph <command> -h for a command's flags.
`

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	commands := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve":     serve,
		"upstreams": runUpstreams,
		"check":     check,
		"hash-key":  hashKey,
		"version":   printVersion,
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "civgraph: unknown command %q\n\n%s", args[0], usage)
		return 2
	}
	err := cmd(ctx, args[1:], stdout, stderr)
	switch {
	case err == nil, errors.Is(err, flag.ErrHelp):
		return 0
	case errors.Is(err, errUsage):
		return 2
	default:
		fmt.Fprintf(stderr, "civgraph %s: %v\n", args[0], err)
		return 1
	}
}

// errUsage reports bad flags, already explained by the flag set.
var errUsage = errors.New("usage")

func newFlagSet(name string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("civgraph "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %q\n", fs.Args())
		return errUsage
	}
	return nil
}

// loadConfig reads the file and the environment, then applies the listen
// flag, which wins over both. CIVGRAPH_ variables that name no setting are
// reported on stderr.
func loadConfig(path, listen string, stderr io.Writer) (config.Config, error) {
	for _, name := range config.UnknownEnv(os.Environ()) {
		fmt.Fprintf(stderr, "civgraph: warning: %s is not a setting and is ignored (see config/REFERENCE.md)\n", name)
	}
	cfg, err := config.Load(path, os.LookupEnv)
	if err != nil {
		return config.Config{}, err
	}
	if listen != "" {
		cfg.Listen = listen
		if err := cfg.Validate(); err != nil {
			return config.Config{}, fmt.Errorf("--listen: %w", err)
		}
	}
	return cfg, nil
}

func newLogger(c config.LogConfig, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	if c.Format == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
