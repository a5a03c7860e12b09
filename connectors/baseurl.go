package connectors

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// ParseBaseURL checks an upstream's base URL and returns it without a
// trailing slash, ready for paths to be appended. It must be an absolute
// http(s) URL with a host and without user info (which would leak into
// logs and cache keys; credentials have their own settings), query or
// fragment (paths are appended to it). Config validation and every
// connector's New use it, so what one accepts the other does.
func ParseBaseURL(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("is required")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return "", err
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", fmt.Errorf("want an http or https URL, got %q", raw)
	case u.Host == "":
		return "", fmt.Errorf("want a host in %q", raw)
	case u.User != nil:
		return "", errors.New("must not contain user info; use the credential settings")
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return "", errors.New("must not contain a query or fragment")
	}
	return strings.TrimRight(raw, "/"), nil
}
