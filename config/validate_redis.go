package config

import (
	"fmt"
	"net/url"
	"time"
)

// maxRedisKeyPrefix bounds redis.key_prefix, which every key repeats.
const maxRedisKeyPrefix = 64

func (r RedisConfig) validate() []error {
	var errs []error
	bad := func(key, format string, args ...any) {
		errs = append(errs, fmt.Errorf("redis.%s: "+format, append([]any{key}, args...)...))
	}
	if r.URL != "" {
		u, err := url.Parse(r.URL)
		switch {
		case err != nil:
			bad("url", "not a URL")
		case u.Scheme != "redis" && u.Scheme != "rediss" && u.Scheme != "unix":
			bad("url", "must start with redis://, rediss:// or unix://, got %q", u.Scheme+"://")
		case u.Scheme != "unix" && u.Host == "":
			bad("url", "must name a host, as redis://host:6379/0")
		default:
			if _, set := u.User.Password(); set {
				bad("url", "must not hold a password; set redis.password (from the environment or redis.password_file)")
			}
		}
	}
	if len(r.KeyPrefix) > maxRedisKeyPrefix {
		bad("key_prefix", "must be at most %d bytes, got %d", maxRedisKeyPrefix, len(r.KeyPrefix))
	}
	for _, d := range []struct {
		key string
		v   time.Duration
	}{
		{"dial_timeout", r.DialTimeout}, {"timeout", r.Timeout}, {"retry_interval", r.RetryInterval},
		{"lock_ttl", r.LockTTL}, {"apq_ttl", r.APQTTL},
	} {
		if d.v <= 0 {
			bad(d.key, "must be positive, got %s", d.v)
		}
	}
	if r.MaxValueBytes < 1<<10 || r.MaxValueBytes > 512<<20 {
		bad("max_value_bytes", "must be between 1 KiB (1024) and 512 MiB, got %d", r.MaxValueBytes)
	}
	return errs
}
