package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Client drives a remote AdminHandler: civgraph chaos and the chaos suite
// use it to change faults and read counters while upstreams run.
type Client struct {
	BaseURL string // where the admin API is mounted, e.g. http://127.0.0.1:9090
	Token   string
	HTTP    *http.Client // nil: http.DefaultClient
}

// Set replaces the profile of upstream name.
func (c *Client) Set(ctx context.Context, name string, p Profile) error {
	body, err := json.Marshal(p)
	if err != nil {
		return err
	}
	return c.do(ctx, http.MethodPut, AdminFaultsPath+"/"+url.PathEscape(name), body, nil)
}

// Clear stops injecting faults into upstream name.
func (c *Client) Clear(ctx context.Context, name string) error {
	return c.do(ctx, http.MethodDelete, AdminFaultsPath+"/"+url.PathEscape(name), nil, nil)
}

// Counters returns every upstream's call counters.
func (c *Client) Counters(ctx context.Context) (map[string]Counters, error) {
	var out map[string]Counters
	err := c.do(ctx, http.MethodGet, AdminCountersPath, nil, &out)
	return out, err
}

// ResetCounters sets every counter back to zero.
func (c *Client) ResetCounters(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, AdminCountersPath, nil, nil)
}

func (c *Client) do(ctx context.Context, method, path string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, method, c.BaseURL+path, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("faults admin: %w", err)
	}
	req.Header.Set("Authorization", "Bearer "+c.Token)
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	hc := c.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("faults admin %s %s: %w", method, path, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return fmt.Errorf("faults admin %s %s: %w", method, path, err)
	}
	if resp.StatusCode/100 != 2 {
		var e struct{ Error string }
		_ = json.Unmarshal(raw, &e)
		return fmt.Errorf("faults admin %s %s: HTTP %d %s", method, path, resp.StatusCode, e.Error)
	}
	if out != nil {
		if err := json.Unmarshal(raw, out); err != nil {
			return fmt.Errorf("faults admin %s %s: decode: %w", method, path, err)
		}
	}
	return nil
}
