package redisconn

import (
	"cmp"
	"context"
	"crypto/rand"
	"errors"
	"fmt"
	"log/slog"
	"sync"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/sony/gobreaker/v2"
	"golang.org/x/time/rate"
)

// Defaults of a Conn.
const (
	DefaultKeyPrefix     = "civgraph:"
	DefaultDialTimeout   = 250 * time.Millisecond
	DefaultTimeout       = 100 * time.Millisecond
	DefaultRetryInterval = time.Second
)

// tripAfter is how many consecutive failed commands open the breaker: one
// failure may be a blip, three in a row are an outage.
const tripAfter = 3

// warnEvery bounds the outage warnings of a Redis that keeps coming and
// going.
const warnEvery = 30 * time.Second

// ErrUnavailable is returned, wrapped, by Do while Redis is considered
// down: the caller uses its in-process state.
var ErrUnavailable = errors.New("redis unavailable")

// Config configures a Conn; zero fields mean the defaults.
type Config struct {
	URL           string // redis://[user@]host:port/db, rediss:// for TLS, unix:///path
	Password      string // overrides the URL's
	KeyPrefix     string // prepended to every key, so several deployments can share one Redis
	DialTimeout   time.Duration
	Timeout       time.Duration // of one command, reads and writes
	RetryInterval time.Duration // how long commands are not tried after Redis failed
	Logger        *slog.Logger
	// OnFallback, when set, is called (with the operation's name, from a
	// small fixed set) whenever a caller had to use its in-process state:
	// the hook a metrics registry counts.
	OnFallback func(op string)
}

// Stats are a Conn's counters since Open.
type Stats struct {
	Up        bool             // commands are being sent to Redis
	Outages   int64            // times the breaker opened
	Fallbacks map[string]int64 // by operation: commands that failed or were not tried
}

// Conn is a Redis client guarded by a breaker.
type Conn struct {
	rdb        *redis.Client
	prefix     string
	timeout    time.Duration
	breaker    *gobreaker.TwoStepCircuitBreaker[struct{}]
	log        *slog.Logger
	onFallback func(string)
	warn       rate.Sometimes

	outages   atomic.Int64
	lastErr   atomic.Pointer[error]
	fallbacks sync.Map // op → *atomic.Int64
}

// Open returns a Conn to the Redis at cfg.URL. It does not wait for Redis
// to answer: a replica starts, and serves, while Redis is down.
func Open(cfg Config) (*Conn, error) {
	opts, err := redis.ParseURL(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("redis url: %w", err)
	}
	if cfg.Password != "" {
		opts.Password = cfg.Password
	}
	cfg.KeyPrefix = cmp.Or(cfg.KeyPrefix, DefaultKeyPrefix)
	cfg.DialTimeout = positiveOr(cfg.DialTimeout, DefaultDialTimeout)
	cfg.Timeout = positiveOr(cfg.Timeout, DefaultTimeout)
	cfg.RetryInterval = positiveOr(cfg.RetryInterval, DefaultRetryInterval)
	cfg.Logger = cmp.Or(cfg.Logger, slog.New(slog.DiscardHandler))
	opts.DialTimeout = cfg.DialTimeout
	opts.ReadTimeout, opts.WriteTimeout = cfg.Timeout, cfg.Timeout
	opts.PoolTimeout = cfg.Timeout
	opts.ContextTimeoutEnabled = true
	opts.MaxRetries = -1 // a failed command falls back at once; the breaker decides when to try again
	opts.DialerRetries = 1
	opts.DisableIdentity = true
	quietLibraryLog.Do(func() { redis.SetLogger(debugLog{}) })
	c := &Conn{
		rdb:        redis.NewClient(opts),
		prefix:     cfg.KeyPrefix,
		timeout:    cfg.Timeout,
		log:        cfg.Logger,
		onFallback: cfg.OnFallback,
		warn:       rate.Sometimes{First: 1, Interval: warnEvery},
	}
	c.breaker = gobreaker.NewTwoStepCircuitBreaker[struct{}](gobreaker.Settings{
		Name:        "redis",
		MaxRequests: 1,
		Timeout:     cfg.RetryInterval,
		ReadyToTrip: func(n gobreaker.Counts) bool { return n.ConsecutiveFailures >= tripAfter },
		IsSuccessful: func(err error) bool {
			return err == nil || errors.Is(err, redis.Nil)
		},
		// A caller that went away says nothing about Redis.
		IsExcluded:    func(err error) bool { return errors.Is(err, context.Canceled) },
		OnStateChange: c.stateChanged,
	})
	return c, nil
}

func positiveOr(d, def time.Duration) time.Duration {
	if d > 0 {
		return d
	}
	return def
}

func (c *Conn) stateChanged(_ string, from, to gobreaker.State) {
	switch {
	case to == gobreaker.StateOpen && from == gobreaker.StateClosed:
		c.outages.Add(1)
		c.warn.Do(func() {
			var cause error
			if p := c.lastErr.Load(); p != nil {
				cause = *p
			}
			c.log.Warn("redis is unreachable or slow; replicas use their in-process cache, rate limits and persisted queries until it answers again",
				"err", cause)
		})
	case to == gobreaker.StateClosed:
		c.log.Info("redis answers again; shared cache, rate limits and persisted queries resumed")
	}
}

// Key returns name under the configured prefix.
func (c *Conn) Key(name string) string { return c.prefix + name }

// Client is the underlying client, for libraries that take one; commands
// sent through it bypass the breaker unless run inside Do.
func (c *Conn) Client() *redis.Client { return c.rdb }

// Do runs f with a context bounded by the command timeout, unless Redis is
// considered down (ErrUnavailable). An error other than redis.Nil is
// counted as a fallback of op: the caller is expected to use its
// in-process state.
func (c *Conn) Do(ctx context.Context, op string, f func(ctx context.Context, rdb *redis.Client) error) error {
	done, err := c.breaker.Allow()
	if err != nil {
		c.fellBack(op)
		return fmt.Errorf("%w: %w", ErrUnavailable, err)
	}
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	err = f(ctx, c.rdb)
	done(err)
	if err != nil && !errors.Is(err, redis.Nil) {
		c.lastErr.Store(&err)
		c.fellBack(op)
	}
	return err
}

func (c *Conn) fellBack(op string) {
	n, ok := c.fallbacks.Load(op)
	if !ok {
		n, _ = c.fallbacks.LoadOrStore(op, &atomic.Int64{})
	}
	n.(*atomic.Int64).Add(1)
	if c.onFallback != nil {
		c.onFallback(op)
	}
}

// Up reports whether Redis is in use: the breaker is closed, not open or
// probing.
func (c *Conn) Up() bool { return c.breaker.State() == gobreaker.StateClosed }

// Stats returns the counters.
func (c *Conn) Stats() Stats {
	s := Stats{Up: c.Up(), Outages: c.outages.Load(), Fallbacks: map[string]int64{}}
	c.fallbacks.Range(func(k, v any) bool {
		s.Fallbacks[k.(string)] = v.(*atomic.Int64).Load()
		return true
	})
	return s
}

// SharedSecret returns the secret every replica agrees on under name: the
// first replica to ask stores a random one (SET NX), the others read it.
// It tries for at most wait; the error says Redis could not be reached.
func (c *Conn) SharedSecret(ctx context.Context, name string, size int, wait time.Duration) ([]byte, error) {
	fresh := make([]byte, size)
	_, _ = rand.Read(fresh) // crypto/rand.Read never fails
	key := c.Key("secret:" + name)
	deadline := time.Now().Add(wait)
	for {
		var got []byte
		err := c.Do(ctx, "secret", func(ctx context.Context, rdb *redis.Client) error {
			// SET NX GET: store ours unless one exists, and return that one.
			v, err := rdb.SetArgs(ctx, key, fresh, redis.SetArgs{Mode: "NX", Get: true}).Bytes()
			if errors.Is(err, redis.Nil) {
				got = fresh
				return nil
			}
			got = v
			return err
		})
		if err == nil {
			if len(got) < size {
				return nil, fmt.Errorf("shared secret %s in redis is %d bytes, want %d", key, len(got), size)
			}
			return got, nil
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			return nil, err
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// quietLibraryLog sets go-redis's process-wide logger once.
var quietLibraryLog sync.Once

// debugLog sends go-redis's own messages (a failed dial, once per command
// while Redis is down) to slog's default logger at debug level: the
// breaker's warning already says Redis is down, once.
type debugLog struct{}

func (debugLog) Printf(ctx context.Context, format string, v ...any) {
	slog.DebugContext(ctx, "go-redis: "+fmt.Sprintf(format, v...))
}

// Close closes the client.
func (c *Conn) Close() error { return c.rdb.Close() }
