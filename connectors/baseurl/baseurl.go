package baseurl

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
)

// Parse checks an upstream's base URL and returns it without a
// trailing slash, ready for paths to be appended. It must be an absolute
// http(s) URL with a host and without user info (which would leak into
// logs and cache keys; credentials have their own settings), query or
// fragment (paths are appended to it). Config validation and every
// connector's New use it, so what one accepts the other does.
func Parse(raw string) (string, error) {
	if raw == "" {
		return "", errors.New("is required")
	}
	// Messages never quote raw: it may hold credentials.
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err
		}
		return "", fmt.Errorf("is not a URL: %w", err)
	}
	switch {
	case u.Scheme != "http" && u.Scheme != "https":
		return "", errors.New("must be an http or https URL")
	case u.Host == "":
		return "", errors.New("must name a host")
	case u.User != nil:
		return "", errors.New("must not contain user info; use the credential settings")
	case u.RawQuery != "" || u.Fragment != "" || u.ForceQuery:
		return "", errors.New("must not contain a query or fragment")
	}
	return strings.TrimRight(raw, "/"), nil
}
