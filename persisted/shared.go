package persisted

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/redis/go-redis/v9"

	"github.com/civgraph/civgraph/redisconn"
)

// apqKeyBytes is the length of an APQ key, the hex SHA-256 of the query;
// gqlgen stores only keys it checked against the query, so a longer key
// can never be found and is not looked up.
const apqKeyBytes = 64

// SharedAPQ is the automatic persisted queries' store of query texts by
// hash, shared by the replicas through Redis, so that a client that
// registered a query with one replica is answered by the next. A hash
// always names the same text, so the in-process cache in front of Redis is
// exact; it also answers alone while Redis cannot be reached.
type SharedAPQ struct {
	conn     *redisconn.Conn
	local    graphql.Cache[string]
	ttl      time.Duration
	maxBytes int
}

var _ graphql.Cache[string] = (*SharedAPQ)(nil)

// NewSharedAPQ keeps queries up to maxBytes long in Redis for ttl, and in
// local.
func NewSharedAPQ(conn *redisconn.Conn, local graphql.Cache[string], ttl time.Duration, maxBytes int) *SharedAPQ {
	return &SharedAPQ{conn: conn, local: local, ttl: ttl, maxBytes: maxBytes}
}

func (s *SharedAPQ) key(hash string) string { return s.conn.Key("apq:" + hash) }

// Get returns the query registered under hash.
func (s *SharedAPQ) Get(ctx context.Context, hash string) (string, bool) {
	if q, ok := s.local.Get(ctx, hash); ok {
		return q, true
	}
	if len(hash) != apqKeyBytes {
		return "", false
	}
	var q string
	err := s.conn.Do(ctx, "apq_get", func(ctx context.Context, rdb *redis.Client) error {
		var err error
		q, err = rdb.Get(ctx, s.key(hash)).Result()
		return err
	})
	if err != nil {
		return "", false
	}
	s.local.Add(ctx, hash, q)
	return q, true
}

// Add registers query under hash (gqlgen checked that it is its hash).
func (s *SharedAPQ) Add(ctx context.Context, hash, query string) {
	s.local.Add(ctx, hash, query)
	if len(hash) != apqKeyBytes || len(query) > s.maxBytes {
		return
	}
	// A failure is counted by conn; the local copy serves this replica.
	_ = s.conn.Do(ctx, "apq_add", func(ctx context.Context, rdb *redis.Client) error {
		return rdb.Set(ctx, s.key(hash), query, s.ttl).Err()
	})
}
