package cache

import (
	"context"
	"time"
)

// Entry is a cached upstream answer and when it was fetched.
type Entry struct {
	Value     []byte
	FetchedAt time.Time
	// NotFound marks a negative entry: the upstream found nothing. It is
	// fresh for Policy.NegativeTTL only.
	NotFound bool
	// Restored marks an entry read back from the disk store after a
	// restart; past its TTL it is served at once, flagged stale, while a
	// background refresh tries the upstream.
	Restored bool
	// Persisted marks an entry already handed to the disk store.
	Persisted bool
}

// Store is a cache backend. Entries are kept for keep, which exceeds their
// freshness so that stale entries can be served when the upstream fails.
// A Store bounds its own size; keys reach it already bounded (BoundKey).
// A shared backend (Redis) can implement it: Set with an expiry, a prefix
// scan for DeletePrefix.
type Store interface {
	Get(ctx context.Context, key string) (Entry, bool)
	Set(ctx context.Context, key string, e Entry, keep time.Duration)
	// DeletePrefix removes every entry whose key starts with prefix and
	// reports how many it removed.
	DeletePrefix(ctx context.Context, prefix string) int
}

// Usage is what a store holds for one partition.
type Usage struct {
	Bytes     int64 // accounted bytes: keys, values and a fixed per-entry overhead
	Entries   int
	Evictions int64 // entries dropped to stay within the limits
	Rejected  int64 // entries too large to be kept at all
}

// UsageReporter is implemented by stores that account their size, such as
// MemoryStore; Cache.Stats reads it.
type UsageReporter interface {
	Usage() map[string]Usage
}
