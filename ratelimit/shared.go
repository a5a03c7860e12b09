package ratelimit

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"math"
	"time"

	"github.com/go-redis/redis_rate/v10"
	"github.com/redis/go-redis/v9"

	"github.com/civgraph/civgraph/redisconn"
)

// ratePeriod is the period rates are expressed over in Redis: redis_rate
// takes whole events per period, and an hour keeps fractional per-second
// rates (an API key's 0.5/s) exact to 1/3600.
const ratePeriod = time.Hour

// Shared limits clients across replicas: one bucket per client in the
// Redis they share (GCRA, an atomic Lua script, go-redis/redis_rate), so a
// client gets its rate once however many replicas it reaches. While Redis
// cannot be reached, each replica falls back to its own Limiter.
type Shared struct {
	conn      *redisconn.Conn
	limiter   *redis_rate.Limiter
	local     *Limiter
	perSecond float64
	burst     int
}

// NewShared shares local's rate and burst through conn; local limits alone
// while Redis is down.
func NewShared(conn *redisconn.Conn, local *Limiter) *Shared {
	return &Shared{conn: conn, limiter: redis_rate.NewLimiter(conn.Client()), local: local,
		perSecond: float64(local.every), burst: local.burst}
}

// AllowRate is Limiter.AllowRate over the shared buckets.
func (s *Shared) AllowRate(key string, perSecond float64, now time.Time) (ok bool, retryAfter time.Duration) {
	if perSecond <= 0 {
		perSecond = s.perSecond
	}
	limit := redis_rate.Limit{Rate: max(1, int(math.Round(perSecond*ratePeriod.Seconds()))), Burst: s.burst, Period: ratePeriod}
	// Hashed: the key's length cannot grow Redis, and API key names are
	// not written to it.
	sum := sha256.Sum256([]byte(key))
	var res *redis_rate.Result
	err := s.conn.Do(context.Background(), "ratelimit", func(ctx context.Context, _ *redis.Client) error {
		var err error
		res, err = s.limiter.Allow(ctx, s.conn.Key("rl:"+hex.EncodeToString(sum[:])), limit)
		return err
	})
	if err != nil {
		return s.local.AllowRate(key, perSecond, now)
	}
	if res.Allowed > 0 {
		return true, 0
	}
	return false, max(res.RetryAfter, time.Millisecond)
}
