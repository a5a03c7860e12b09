package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/civgraph/civgraph/config"
)

// healthcheck asks a running gateway's /healthz and exits 0 only on 200:
// the probe of a container image without a shell or curl (Docker's
// HEALTHCHECK runs it as an exec form).
func healthcheck(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("healthcheck", stdout, stderr)
	target := fs.String("url", "", "URL to probe (default: /healthz on the port of $CIVGRAPH_LISTEN, or "+config.DefaultListen+", on loopback)")
	timeout := fs.Duration("timeout", 3*time.Second, "give up after this long")
	if err := fs.parse(args); err != nil {
		return err
	}
	if *target == "" {
		*target = healthzURL(os.Getenv("CIVGRAPH_LISTEN"))
	}
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, *target, nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 4096))
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s answered %s", *target, resp.Status)
	}
	fmt.Fprintf(stdout, "%s: %s\n", *target, resp.Status)
	return nil
}

// healthzURL is /healthz on loopback at the port the gateway listens on:
// a gateway listening on all interfaces (0.0.0.0:8080 in a container) is
// reached on 127.0.0.1.
func healthzURL(listen string) string {
	if listen == "" {
		listen = config.DefaultListen
	}
	host, port, err := net.SplitHostPort(listen)
	if err != nil {
		_, port, _ = net.SplitHostPort(config.DefaultListen)
	}
	if host == "" || host == "0.0.0.0" || host == "::" {
		host = "127.0.0.1"
	}
	return "http://" + net.JoinHostPort(host, port) + "/healthz"
}
