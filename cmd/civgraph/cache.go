package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// purgeTimeout bounds one purge request.
const purgeTimeout = 10 * time.Second

// maxPurgeAnswer caps what is read of the gateway's answer.
const maxPurgeAnswer = 64 << 10

// cacheCommand runs "civgraph cache purge": it asks a running gateway to
// drop one province's cached answers through POST /admin/cache/purge,
// with the admin token from the same configuration the gateway reads
// (CIVGRAPH_CACHE_ADMIN_TOKEN or cache.admin_token_file).
func cacheCommand(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := newFlagSet("cache", stdout, stderr)
	province := fs.String("province", "", "province whose cached answers to drop: HEBEI, HUBEI, JIANGSU or SHANGHAI")
	base := fs.String("url", "http://127.0.0.1:8080", "base URL of the running gateway")
	configPath := fs.String("config", "", "YAML configuration file holding cache.admin_token_file (default: none)")
	switch {
	case len(args) > 0 && args[0] == "purge":
		args = args[1:]
	case len(args) > 0 && strings.HasPrefix(args[0], "-"):
		// only -h gets past parse without the purge subcommand
		if err := fs.parse(args); err != nil {
			return err
		}
		fallthrough
	default:
		fs.Usage()
		return errUsage
	}
	if err := fs.parse(args); err != nil {
		return err
	}
	if *province == "" {
		fmt.Fprintln(stderr, "--province is required")
		return errUsage
	}
	cfg, err := loadConfig(*configPath, "", stderr)
	if err != nil {
		return err
	}
	if cfg.Cache.AdminToken == "" {
		return errors.New("cache.admin_token is not set (CIVGRAPH_CACHE_ADMIN_TOKEN or cache.admin_token_file)")
	}
	ctx, cancel := context.WithTimeout(ctx, purgeTimeout)
	defer cancel()
	u := strings.TrimRight(*base, "/") + "/admin/cache/purge?province=" + url.QueryEscape(*province)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, nil)
	if err != nil {
		return fmt.Errorf("--url: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+string(cfg.Cache.AdminToken))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return fmt.Errorf("purge: %w", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPurgeAnswer))
	if err != nil {
		return fmt.Errorf("purge: read the answer: %w", err)
	}
	var answer struct {
		Province string `json:"province"`
		Purged   int    `json:"purged"`
		Errors   []struct {
			Message string `json:"message"`
		} `json:"errors"`
	}
	_ = json.Unmarshal(body, &answer)
	if resp.StatusCode != http.StatusOK {
		if len(answer.Errors) > 0 {
			return fmt.Errorf("purge: HTTP %d: %s", resp.StatusCode, answer.Errors[0].Message)
		}
		return fmt.Errorf("purge: HTTP %d (is cache.admin_token set on the gateway?)", resp.StatusCode)
	}
	_, err = fmt.Fprintf(stdout, "purged %d cached answers of %s\n", answer.Purged, answer.Province)
	return err
}
