package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/server"
	"github.com/civgraph/civgraph/tracing"
	"github.com/civgraph/civgraph/web"
)

func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("serve", stdout, stderr)
	listen := fs.String("listen", "", "address to listen on, HOST:PORT (overrides listen and CIVGRAPH_LISTEN; port 0 picks one)")
	configPath := fs.String("config", "", "YAML configuration file (default: none)")
	if err := fs.parse(args); err != nil {
		return err
	}
	cfg, err := loadConfig(*configPath, *listen, stderr)
	if err != nil {
		return err
	}
	logger, flushLog := newLogger(cfg.Log, stderr)
	defer flushLog() // last: after everything that logs on the way out
	applyRuntime(cfg.Runtime, os.Getenv, logger)
	for _, w := range cfg.Warnings() {
		logger.Warn(w)
	}
	// Embedded mode: provinces without a base URL are served by the sample
	// upstream APIs on loopback, with their demo credentials.
	samples, err := embedded.Start(&cfg)
	if err != nil {
		return fmt.Errorf("start embedded sample upstreams: %w", err)
	}
	samplesURL := ""
	if samples != nil {
		defer func() { _ = samples.Close() }()
		samplesURL = samples.URL
		logger.Info("embedded sample upstreams started", "url", samples.URL)
	}
	logger.Debug("configuration", "config", cfg)

	var gwOpts []gateway.Option
	var srvOpts []server.Option
	var reg *metrics.Registry
	if cfg.Metrics.Enabled() {
		reg = metrics.New(cfg.Metrics.MaxOperations)
		gwOpts = append(gwOpts, gateway.WithMetrics(reg))
		srvOpts = append(srvOpts, server.WithMetrics(reg))
	}
	tp, err := tracing.FromEnv(ctx, os.Getenv, stdout, moduleVersion())
	if err != nil {
		return err
	}
	if tp != nil {
		defer func() {
			sctx, cancel := context.WithTimeout(context.Background(), cfg.HTTP.ShutdownTimeout)
			defer cancel()
			if err := tp.Shutdown(sctx); err != nil {
				logger.Warn("flush traces", "err", err)
			}
		}()
		gwOpts = append(gwOpts, gateway.WithTracer(tracing.New(tp)))
		logger.Info("tracing on")
	}

	gw, err := gateway.New(ctx, cfg, logger, gwOpts...)
	if err != nil {
		return fmt.Errorf("build gateway: %w", err)
	}
	defer func() {
		if err := gw.Close(); err != nil {
			logger.Error("close gateway", "err", err)
		}
	}()
	stopReload := reloadOnHangup(func() { reload(gw, *configPath, *listen, samplesURL, stderr, logger) })
	defer stopReload()

	if cfg.Debug.Listen != "" {
		dbg := newHTTPServer(server.DebugHandler(), cfg.HTTP, logger)
		dbg.WriteTimeout = 0 // a CPU profile or trace streams for as long as it was asked to run
		go func() {
			if err := listenAndServeAs(ctx, dbg, cfg.Debug.Listen, cfg.HTTP.ShutdownTimeout, logger, "debug listening"); err != nil {
				logger.Error("debug listener", "err", err)
			}
		}()
	}

	authn, err := auth.New(cfg.Auth)
	if err != nil {
		return err
	}
	if cfg.Metrics.Listen != "" {
		stop, err := serveMetrics(cfg, reg, logger)
		if err != nil {
			return err
		}
		defer stop()
	}
	srvOpts = append(srvOpts, server.WithReadiness(gw.Readiness), server.WithCachePurge(gw.PurgeCache),
		server.WithAuthenticator(authn), server.WithShared(gw.Shared()))
	if web.Assets != nil { // built with -tags embedassets, as the container image is
		srvOpts = append(srvOpts, server.WithPlaygroundAssets(web.Assets))
	}
	srv := newHTTPServer(server.New(cfg, gw.GraphQLHandler(), gw.Ready, logger, srvOpts...), cfg.HTTP, logger)
	return listenAndServe(ctx, srv, cfg.Listen, cfg.HTTP.ShutdownTimeout, logger, nil)
}

// serveMetrics serves GET /metrics on metrics.listen until stop is called.
func serveMetrics(cfg config.Config, reg *metrics.Registry, logger *slog.Logger) (stop func(), err error) {
	ln, err := net.Listen("tcp", cfg.Metrics.Listen)
	if err != nil {
		return nil, fmt.Errorf("metrics.listen: %w", err)
	}
	srv := newHTTPServer(server.MetricsHandler(cfg.Metrics, reg), cfg.HTTP, logger)
	go func() { _ = srv.Serve(ln) }()
	logger.Info("metrics listening", "url", "http://"+ln.Addr().String()+"/metrics")
	return func() { _ = srv.Close() }, nil
}

// reloadOnHangup calls reload on every SIGHUP until stop is called.
func reloadOnHangup(reload func()) (stop func()) {
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-hup:
				reload()
			case <-done:
				return
			}
		}
	}()
	return func() { signal.Stop(hup); close(done) }
}

// reload reads the configuration again as at start-up (file, environment,
// --listen) and hands it to the gateway. Provinces still without a base
// URL stay on the embedded sample upstreams. Nothing changes when it is
// invalid: the error is logged and the running configuration kept.
func reload(gw *gateway.Gateway, path, listen, samplesURL string, stderr io.Writer, logger *slog.Logger) {
	cfg, err := loadConfig(path, listen, stderr)
	if err == nil && samplesURL != "" {
		err = embedded.Point(&cfg, samplesURL)
	}
	if err != nil {
		logger.Error("configuration not reloaded; the running one is kept", "err", err)
		return
	}
	changed, restart, err := gw.Reload(cfg)
	if err != nil {
		logger.Error("configuration not reloaded; the running one is kept", "err", err)
		return
	}
	logger.Info("configuration reloaded", "changed", changed)
	if slices.ContainsFunc(changed, func(key string) bool { return strings.HasPrefix(key, "runtime.") }) {
		applyRuntime(cfg.Runtime, os.Getenv, logger)
	}
	if len(restart) > 0 {
		logger.Warn("these settings changed but take effect only after a restart", "keys", restart)
	}
}

func newHTTPServer(h http.Handler, c config.HTTPConfig, logger *slog.Logger) *http.Server {
	// No BaseContext from the signal context: requests in flight must be
	// allowed to finish during a graceful shutdown.
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: c.ReadHeaderTimeout,
		ReadTimeout:       c.ReadTimeout,
		WriteTimeout:      c.WriteTimeout,
		IdleTimeout:       c.IdleTimeout,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// listenAndServe serves until ctx ends, then shuts down gracefully. It logs
// the actual address (useful with port 0) as url=http://HOST:PORT/ and
// passes that base URL to onListen when set.
func listenAndServe(ctx context.Context, srv *http.Server, addr string, shutdownTimeout time.Duration, logger *slog.Logger, onListen func(baseURL string)) error {
	return serveListener(ctx, srv, addr, shutdownTimeout, logger, "listening", onListen)
}

// listenAndServeAs is listenAndServe logging msg with the address.
func listenAndServeAs(ctx context.Context, srv *http.Server, addr string, shutdownTimeout time.Duration, logger *slog.Logger, msg string) error {
	return serveListener(ctx, srv, addr, shutdownTimeout, logger, msg, nil)
}

func serveListener(ctx context.Context, srv *http.Server, addr string, shutdownTimeout time.Duration, logger *slog.Logger, msg string, onListen func(baseURL string)) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()
	logger.Info(msg, "url", base+"/")
	if onListen != nil {
		onListen(base)
	}

	select {
	case err := <-errc:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	logger.Info("shutting down", "timeout", shutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}
