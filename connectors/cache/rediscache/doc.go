// Package rediscache is the cache.Store that replicas share: upstream
// answers kept in Redis, with the same expiry (fresh TTL plus stale grace)
// as in memory, so that one replica's fetch answers every replica; and the
// cache.Coordinator that lets replicas load a cold key once (a short
// SET NX PX lock with a random token, released only by its holder).
//
// An in-process cache.MemoryStore sits beside Redis, not in front of it:
// every entry written or read is copied into it, but it is read only when
// Redis cannot be reached (redisconn's breaker), so while Redis is up every
// replica sees the same entries and a purge or a newer refresh on one
// replica is seen by all; while Redis is down the replica keeps answering
// from what it holds, bounded as ever by cache.max_bytes.
//
// Entries are encoded compactly (a version byte, a flags byte, the fetch
// time in 8 bytes, then the raw answer); keys are the cache's bounded keys
// under the configured prefix; answers larger than MaxValueBytes stay in
// memory only.
//
// It imports connectors/cache and redisconn only.
package rediscache
