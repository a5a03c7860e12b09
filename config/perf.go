package config

import (
	"fmt"
	"time"
)

// Defaults of the whole-response cache and the diagnostics listener.
const (
	DefaultResponseCacheMaxBytes      int64 = 16 << 20
	DefaultResponseCacheMaxEntryBytes int64 = 256 << 10
	DefaultResponseCacheMaxAge              = 5 * time.Minute
	DefaultDebugListen                      = "" // off
)

// ResponseCacheConfig bounds the cache of whole encoded answers, keyed by
// the operation, its variables, the caller's scope and the data version of
// every province the answer used.
type ResponseCacheConfig struct {
	MaxBytes      int64         `yaml:"max_bytes" doc:"bound of the whole-response cache in bytes (keys, answers and a fixed per-entry overhead); least recently used answers are evicted past it (0: the cache is off)"`
	MaxEntryBytes int64         `yaml:"max_entry_bytes" doc:"largest answer kept in the whole-response cache, in bytes; larger ones are always executed"`
	MaxAge        time.Duration `yaml:"max_age" doc:"longest an answer is kept; it is never kept longer than the least remaining freshness (sources.*.cache_ttl) of the province data it used, so a province with cache_ttl 0 is never cached"`
}

// DebugConfig is the diagnostics listener.
type DebugConfig struct {
	Listen string `yaml:"listen" doc:"address of the diagnostics listener serving Go's profiles under /debug/pprof/ and runtime counters at /debug/vars (host:port; keep it on loopback or a private network; empty: off)"`
}

func (r ResponseCacheConfig) validate() []error {
	var errs []error
	if r.MaxBytes < 0 {
		errs = append(errs, fmt.Errorf("response_cache.max_bytes: must not be negative, got %d", r.MaxBytes))
	}
	if r.MaxEntryBytes <= 0 || (r.MaxBytes > 0 && r.MaxEntryBytes > r.MaxBytes) {
		errs = append(errs, fmt.Errorf("response_cache.max_entry_bytes: must be positive and at most response_cache.max_bytes (%d), got %d", r.MaxBytes, r.MaxEntryBytes))
	}
	if r.MaxAge <= 0 {
		errs = append(errs, fmt.Errorf("response_cache.max_age: must be positive, got %s", r.MaxAge))
	}
	return errs
}

func (d DebugConfig) validate() []error {
	if d.Listen == "" {
		return nil
	}
	if err := checkListen(d.Listen); err != nil {
		return []error{fmt.Errorf("debug.listen: %w", err)}
	}
	return nil
}
