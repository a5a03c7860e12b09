package rediscache

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/redisconn"
)

// DefaultLockTTL is how long a load lock lives unless released: longer than
// most upstream loads, short enough that a replica dying with it stalls
// the others briefly.
const DefaultLockTTL = 5 * time.Second

// releaseTimeout bounds a release, which runs after the load whatever its
// context became.
const releaseTimeout = time.Second

// unlock deletes the lock only if it still holds this holder's token: a
// lock that expired and was taken by another replica is not ours to drop.
var unlock = redis.NewScript(`if redis.call("get", KEYS[1]) == ARGV[1] then return redis.call("del", KEYS[1]) end return 0`)

// Locks are the load locks replicas take in Redis.
type Locks struct {
	conn *redisconn.Conn
	ttl  time.Duration
}

var _ cache.Coordinator = (*Locks)(nil)

// NewLocks returns load locks that live at most ttl (0: DefaultLockTTL).
func NewLocks(conn *redisconn.Conn, ttl time.Duration) *Locks {
	if ttl <= 0 {
		ttl = DefaultLockTTL
	}
	return &Locks{conn: conn, ttl: ttl}
}

func (l *Locks) key(k string) string { return l.conn.Key("lock:" + k) }

// Lock takes key's lock with a random token (SET NX PX).
func (l *Locks) Lock(ctx context.Context, key string) (func(), bool, error) {
	var buf [16]byte
	_, _ = rand.Read(buf[:]) // crypto/rand.Read never fails
	token := hex.EncodeToString(buf[:])
	var held bool
	err := l.conn.Do(ctx, "lock", func(ctx context.Context, rdb *redis.Client) error {
		var err error
		held, err = rdb.SetNX(ctx, l.key(key), token, l.ttl).Result()
		return err
	})
	if err != nil {
		return nil, false, err
	}
	release := func() {
		ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
		defer cancel()
		_ = l.conn.Do(ctx, "unlock", func(ctx context.Context, rdb *redis.Client) error {
			return unlock.Run(ctx, rdb, []string{l.key(key)}, token).Err()
		})
	}
	return release, held, nil
}

// Locked reports whether key's lock exists.
func (l *Locks) Locked(ctx context.Context, key string) (bool, error) {
	var n int64
	err := l.conn.Do(ctx, "lock", func(ctx context.Context, rdb *redis.Client) error {
		var err error
		n, err = rdb.Exists(ctx, l.key(key)).Result()
		return err
	})
	if err != nil && !errors.Is(err, redis.Nil) {
		return false, err
	}
	return n > 0, nil
}
