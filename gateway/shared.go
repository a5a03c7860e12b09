package gateway

import (
	"context"
	"crypto/rand"
	"log/slog"
	"time"

	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/redisconn"
)

// cursorSecretBytes is the size of a generated cursor signing key.
const cursorSecretBytes = 32

// sharedSecretWait bounds how long a starting replica tries Redis for the
// shared cursor key before signing with a key of its own.
const sharedSecretWait = 2 * time.Second

// openShared connects to the Redis the replicas share; nil without
// redis.url. It does not wait for Redis: a replica starts while Redis is
// down and uses it once it answers.
func openShared(cfg config.Config, logger *slog.Logger) (*redisconn.Conn, error) {
	if cfg.Redis.URL == "" {
		return nil, nil
	}
	return redisconn.Open(redisconn.Config{
		URL:           cfg.Redis.URL,
		Password:      string(cfg.Redis.Password),
		KeyPrefix:     cfg.Redis.KeyPrefix,
		DialTimeout:   cfg.Redis.DialTimeout,
		Timeout:       cfg.Redis.Timeout,
		RetryInterval: cfg.Redis.RetryInterval,
		Logger:        logger,
	})
}

// cursorSecret is the key that signs cursors: the configured one, else the
// one the replicas agreed on in Redis, else (no Redis, or Redis down at
// start) a random key of this process.
func cursorSecret(ctx context.Context, cfg config.Config, shared *redisconn.Conn, logger *slog.Logger) []byte {
	if s := cfg.GraphQL.CursorSecret; s != "" {
		return []byte(s)
	}
	if shared != nil {
		s, err := shared.SharedSecret(ctx, "cursor", cursorSecretBytes, sharedSecretWait)
		if err == nil {
			return s
		}
		logger.Warn("graphql.cursor_secret is not set and redis did not answer; cursors are valid only for this process", "err", err)
	} else {
		logger.Warn("graphql.cursor_secret is not set; cursors are valid only for this process")
	}
	// Cursors signed with a key of this process do not survive a restart
	// or cross replicas.
	secret := make([]byte, cursorSecretBytes)
	_, _ = rand.Read(secret)
	return secret
}

// Shared is the connection to the Redis the replicas share, nil without
// redis.url. Its Stats count the operations that fell back to in-process
// state while Redis could not be reached.
func (g *Gateway) Shared() *redisconn.Conn { return g.shared }
