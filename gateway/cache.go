package gateway

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strings"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/cache/rediscache"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/redisconn"
)

// newCache builds the one cache every connector shares: the bounded
// in-memory store with each province's own budget (or the Redis store the
// replicas share, with that memory store beside it), the optional disk
// copy of the last good answers, and the memo of decoded pages.
func newCache(cfg config.Config, shared *redisconn.Conn, logger *slog.Logger) (*cache.Cache, *kit.Memo, error) {
	store, err := newStore(cfg, shared)
	if err != nil {
		return nil, nil, err
	}
	opts := []cache.Option{
		cache.WithLogger(logger),
		cache.WithRefresh(cfg.Cache.RefreshConcurrency, cfg.Cache.LoadTimeout),
		cache.WithRefreshPercent(cfg.Cache.RefreshPercent),
	}
	if _, ok := store.(*rediscache.Store); ok {
		opts = append(opts, cache.WithCoordinator(rediscache.NewLocks(shared, cfg.Redis.LockTTL), cfg.Redis.LockTTL))
	}
	if cfg.Cache.DiskPath != "" {
		disk, err := cache.OpenDisk(cache.DiskConfig{Path: cfg.Cache.DiskPath, MaxBytes: cfg.Cache.DiskMaxBytes,
			MaxAge: cfg.Cache.DiskMaxAge, Logger: logger})
		if err != nil {
			return nil, nil, fmt.Errorf("cache.disk_path: %w", err)
		}
		opts = append(opts, cache.WithDisk(disk))
	}
	return cache.New(store, opts...), kit.NewMemoBytes(kit.DefaultMemoSize, cfg.Cache.MemoMaxBytes), nil
}

func newStore(cfg config.Config, shared *redisconn.Conn) (cache.Store, error) {
	budgets := map[string]cache.Limit{}
	for p, s := range cfg.Sources.ByProvince() {
		if s.CacheMaxBytes > 0 {
			budgets[partition(p)] = cache.Limit{MaxBytes: s.CacheMaxBytes}
		}
	}
	total := cache.Limit{MaxBytes: cfg.Cache.MaxBytes, MaxEntries: cfg.Cache.MaxEntries}
	local := cache.NewMemoryStore(cfg.Cache.CleanupInterval, cache.WithLimits(total, budgets))
	switch cfg.Cache.Backend {
	case "", config.DefaultCacheBackend:
		return local, nil
	case config.CacheBackendRedis:
		if shared == nil {
			return nil, errors.New("cache.backend: redis needs redis.url")
		}
		return rediscache.New(shared, local, int(cfg.Redis.MaxValueBytes)), nil
	}
	return nil, fmt.Errorf("cache.backend: unknown backend %q", cfg.Cache.Backend)
}

// partition is the cache partition of a province: connectors prefix their
// keys with the province in lower case ("hubei:…").
func partition(p civ.ProvinceCode) string { return strings.ToLower(string(p)) }

// foundNothing reports whether a cached page matched no row. Every
// connector caches a page as a JSON object counting the matching rows
// under "total"; such answers (an id that names nothing, a keyword that
// matches nothing) are kept only for the short negative TTL. A value of
// another shape is an ordinary answer.
func foundNothing(value []byte) bool {
	var page struct {
		Total *int `json:"total"`
	}
	return json.Unmarshal(value, &page) == nil && page.Total != nil && *page.Total == 0
}

// PurgeCache drops every cached answer of province p, in memory and on
// disk, and reports how many in-memory entries went.
func (g *Gateway) PurgeCache(ctx context.Context, p civ.ProvinceCode) (int, error) {
	if g.cache == nil {
		return 0, nil
	}
	return g.cache.Purge(ctx, partition(p))
}

// CacheStats returns the cache's counters per province.
func (g *Gateway) CacheStats() map[civ.ProvinceCode]cache.Stats {
	out := map[civ.ProvinceCode]cache.Stats{}
	if g.cache == nil {
		return out
	}
	stats := g.cache.Stats()
	for _, p := range civ.AllProvinces {
		if s, ok := stats[partition(p)]; ok {
			out[p] = s
		}
	}
	return out
}
