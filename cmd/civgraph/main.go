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
	"github.com/civgraph/civgraph/logbuf"
	"github.com/civgraph/civgraph/reqinfo"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the process exit code.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		writeUsage(stderr)
		return 2
	}
	commands := map[string]func(context.Context, []string, io.Writer, io.Writer) error{
		"serve":       serve,
		"upstreams":   runUpstreams,
		"check":       check,
		"chaos":       runChaos,
		"bench":       runBench,
		"cache":       cacheCommand,
		"hash-key":    hashKey,
		"query":       runQuery,
		"healthcheck": healthcheck,
		"version":     printVersion,
		"help":        help,
	}
	switch {
	case args[0] == "-h" || args[0] == "-help" || args[0] == "--help":
		args = []string{"help"}
	case args[0] == "help" && len(args) == 2 && args[1] != "help":
		// `help CMD` is `CMD -h`: each command knows its own flags.
		if _, ok := commands[args[1]]; !ok {
			fmt.Fprintf(stderr, "civgraph help: unknown command %q\n\n", args[1])
			writeUsage(stderr)
			return 2
		}
		args = []string{args[1], "-h"}
	case args[0] == "help" && len(args) == 2:
		args = []string{"help", "-h"}
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "civgraph: unknown command %q\n\n", args[0])
		writeUsage(stderr)
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

// errUsage reports bad flags or arguments, already explained on stderr.
var errUsage = errors.New("usage")

// flagSet is a command's flag set that knows which command it belongs to
// and where that command's help goes.
type flagSet struct {
	*flag.FlagSet
	name   string
	stdout io.Writer
}

// newFlagSet makes a command's flag set. Errors and a short usage line go
// to stderr; -h prints the command's full help to stdout (see parse).
func newFlagSet(name string, stdout, stderr io.Writer) *flagSet {
	fs := flag.NewFlagSet("civgraph "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(stderr, "usage: civgraph %s\nRun 'civgraph help %s' for details.\n", docs[name].usage, name)
	}
	return &flagSet{FlagSet: fs, name: name, stdout: stdout}
}

// parse parses args, which must hold flags only. -h is handled here, not
// by flag's Usage, so that asked-for help goes to stdout and exits 0.
func (fs *flagSet) parse(args []string) error {
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			writeCommandHelp(fs.stdout, fs.name, fs.FlagSet)
			return flag.ErrHelp
		}
	}
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(fs.Output(), "unexpected arguments: %q\n", fs.Args())
		return errUsage
	}
	return nil
}

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

// newLogger returns the logger c describes, writing to w through a
// buffer flushed every log.flush_interval and after every error, and the
// function that writes what the buffer still holds: defer it, so that
// nothing is lost when the command returns (on a signal or an error).
func newLogger(c config.LogConfig, w io.Writer) (logger *slog.Logger, flush func()) {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.Level)) // validated by config
	opts := &slog.HandlerOptions{Level: level}
	buf := logbuf.New(w, c.FlushInterval, 0)
	var h slog.Handler = slog.NewTextHandler(buf, opts)
	if c.Format == "json" {
		h = slog.NewJSONHandler(buf, opts)
	}
	h = logbuf.FlushAt(h, slog.LevelError, buf)
	// request_id and trace_id on request-scoped lines
	return slog.New(reqinfo.NewLogHandler(h)), func() { _ = buf.Close() }
}
