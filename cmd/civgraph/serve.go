package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"time"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/gateway"
	"github.com/civgraph/civgraph/internal/embedded"
	"github.com/civgraph/civgraph/server"
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
	logger := newLogger(cfg.Log, stderr)
	for _, w := range cfg.Warnings() {
		logger.Warn(w)
	}
	// Embedded mode: provinces without a base URL are served by the sample
	// upstream APIs on loopback, with their demo credentials.
	samples, err := embedded.Start(&cfg)
	if err != nil {
		return fmt.Errorf("start embedded sample upstreams: %w", err)
	}
	if samples != nil {
		defer func() { _ = samples.Close() }()
		logger.Info("embedded sample upstreams started", "url", samples.URL)
	}
	logger.Debug("configuration", "config", cfg)

	gw, err := gateway.New(ctx, cfg, logger)
	if err != nil {
		return fmt.Errorf("build gateway: %w", err)
	}
	defer func() {
		if err := gw.Close(); err != nil {
			logger.Error("close gateway", "err", err)
		}
	}()

	authn, err := auth.New(cfg.Auth)
	if err != nil {
		return err
	}
	srv := newHTTPServer(server.New(cfg, gw.GraphQLHandler(), gw.Ready, logger, server.WithReadiness(gw.Readiness),
		server.WithCachePurge(gw.PurgeCache), server.WithAuthenticator(authn), server.WithShared(gw.Shared())), cfg.HTTP, logger)
	return listenAndServe(ctx, srv, cfg.Listen, cfg.HTTP.ShutdownTimeout, logger, nil)
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
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	base := "http://" + ln.Addr().String()
	logger.Info("listening", "url", base+"/")
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
