package rediscache

import (
	"context"
	"encoding/binary"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/redisconn"
)

// DefaultMaxValueBytes bounds an answer kept in Redis.
const DefaultMaxValueBytes = 8 << 20

// Entry encoding: version | flags | fetchedAt (Unix ns, big-endian) | value.
const (
	encVersion = 1
	headerLen  = 10

	flagNotFound  = 1 << 0
	flagRestored  = 1 << 1
	flagPersisted = 1 << 2
)

// scanBatch is how many keys one SCAN step and one UNLINK take in a purge.
const scanBatch = 500

// purgeTimeout bounds a purge, which walks the whole key space.
const purgeTimeout = 30 * time.Second

// Store keeps entries in Redis with a MemoryStore beside it for when Redis
// cannot be reached.
type Store struct {
	conn     *redisconn.Conn
	local    *cache.MemoryStore
	maxValue int
}

var (
	_ cache.Store         = (*Store)(nil)
	_ cache.UsageReporter = (*Store)(nil)
)

// New returns a Store over conn, falling back to local. maxValue bounds the
// answers kept in Redis (0: DefaultMaxValueBytes).
func New(conn *redisconn.Conn, local *cache.MemoryStore, maxValue int) *Store {
	if maxValue <= 0 {
		maxValue = DefaultMaxValueBytes
	}
	return &Store{conn: conn, local: local, maxValue: maxValue}
}

func (s *Store) key(k string) string { return s.conn.Key("c:" + k) }

// Get reads key from Redis, copying a hit into memory; a Redis miss is a
// miss. Only when Redis fails is the memory copy read.
func (s *Store) Get(ctx context.Context, key string) (cache.Entry, bool) {
	var (
		raw  []byte
		keep time.Duration
	)
	err := s.conn.Do(ctx, "cache_get", func(ctx context.Context, rdb *redis.Client) error {
		pipe := rdb.Pipeline()
		get := pipe.Get(ctx, s.key(key))
		ttl := pipe.PTTL(ctx, s.key(key))
		if _, err := pipe.Exec(ctx); err != nil {
			return err
		}
		raw, _ = get.Bytes()
		keep = ttl.Val()
		return nil
	})
	switch {
	case errors.Is(err, redis.Nil):
		return cache.Entry{}, false
	case err != nil:
		return s.local.Get(ctx, key)
	}
	e, ok := decode(raw)
	if !ok {
		return cache.Entry{}, false
	}
	if keep > 0 {
		if mine, ok := s.local.Get(ctx, key); !ok || !mine.FetchedAt.Equal(e.FetchedAt) {
			s.local.Set(ctx, key, e, keep)
		}
	}
	return e, true
}

// Set writes e to memory and, unless it is too large, to Redis, both for
// keep.
func (s *Store) Set(ctx context.Context, key string, e cache.Entry, keep time.Duration) {
	if keep <= 0 {
		return
	}
	s.local.Set(ctx, key, e, keep)
	if len(e.Value) > s.maxValue {
		return
	}
	_ = s.conn.Do(ctx, "cache_set", func(ctx context.Context, rdb *redis.Client) error {
		return rdb.Set(ctx, s.key(key), encode(e), keep).Err()
	})
}

// DeletePrefix removes the entries under prefix from Redis (every
// replica's view) and from memory. It reports the count removed from Redis,
// or from memory when Redis cannot be reached.
func (s *Store) DeletePrefix(ctx context.Context, prefix string) int {
	n := s.local.DeletePrefix(ctx, prefix)
	removed, err := s.deleteShared(ctx, prefix)
	if err != nil {
		return n
	}
	return removed
}

func (s *Store) deleteShared(ctx context.Context, prefix string) (int, error) {
	ctx, cancel := context.WithTimeout(ctx, purgeTimeout)
	defer cancel()
	pattern := escapeGlob(s.key(prefix)) + "*"
	var cursor uint64
	removed := 0
	for {
		var keys []string
		err := s.conn.Do(ctx, "cache_purge", func(cctx context.Context, rdb *redis.Client) error {
			var err error
			keys, cursor, err = rdb.Scan(cctx, cursor, pattern, scanBatch).Result()
			if err != nil || len(keys) == 0 {
				return err
			}
			n, err := rdb.Unlink(cctx, keys...).Result()
			removed += int(n)
			return err
		})
		if err != nil {
			return removed, err
		}
		if cursor == 0 {
			return removed, nil
		}
	}
}

// Usage reports what this replica holds in memory.
func (s *Store) Usage() map[string]cache.Usage { return s.local.Usage() }

func encode(e cache.Entry) []byte {
	b := make([]byte, headerLen+len(e.Value))
	b[0] = encVersion
	if e.NotFound {
		b[1] |= flagNotFound
	}
	if e.Restored {
		b[1] |= flagRestored
	}
	if e.Persisted {
		b[1] |= flagPersisted
	}
	binary.BigEndian.PutUint64(b[2:], uint64(e.FetchedAt.UnixNano()))
	copy(b[headerLen:], e.Value)
	return b
}

// decode reads an encoded entry; anything else (another version, a
// truncated value) is no entry.
func decode(b []byte) (cache.Entry, bool) {
	if len(b) < headerLen || b[0] != encVersion {
		return cache.Entry{}, false
	}
	return cache.Entry{
		Value:     b[headerLen:],
		FetchedAt: time.Unix(0, int64(binary.BigEndian.Uint64(b[2:]))),
		NotFound:  b[1]&flagNotFound != 0,
		Restored:  b[1]&flagRestored != 0,
		Persisted: b[1]&flagPersisted != 0,
	}, true
}

// escapeGlob escapes the characters SCAN MATCH treats as a pattern.
func escapeGlob(s string) string {
	out := make([]byte, 0, len(s))
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '*', '?', '[', ']', '\\':
			out = append(out, '\\')
		}
		out = append(out, s[i])
	}
	return string(out)
}
