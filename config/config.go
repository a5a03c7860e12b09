// Package config is civgraph's configuration: plain structs with defaults,
// read from an optional YAML file and overridden by environment variables.
package config

import "time"

// Config is the whole gateway configuration. (Minimal; completed by the config package owner.)
type Config struct {
	Listen  string
	Sources map[string]Source
}

// Source is one province upstream's settings.
type Source struct {
	BaseURL  string
	Timeout  time.Duration
	RetryMax int
	CacheTTL time.Duration
}
