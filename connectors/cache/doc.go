// Package cache is the one caching layer in front of the upstreams. It
// stores raw upstream answers (bytes, so a shared backend such as Redis can
// hold them) with the time they were fetched, and:
//
//   - bounds what it holds: MemoryStore (go-cache plus a byte/entry
//     accounted LRU index per partition, i.e. per province) never holds more
//     than its limits, and keys longer than MaxKeyBytes are hashed, so no
//     client input can grow memory or keys without bound;
//   - coalesces identical in-flight fetches (singleflight), and, given a
//     Coordinator (a lock in the Redis replicas share, see rediscache),
//     identical fetches of several replicas;
//   - serves an entry past its freshness, flagged stale, when the upstream
//     fails (stale-if-error), and refreshes a fresh entry nearing its end in
//     the background while callers keep getting it (stale-while-revalidate;
//     one refresh per key, a bounded number at once, each under a deadline,
//     none outliving Close);
//   - keeps answers that found nothing fresh for a shorter, negative TTL;
//   - optionally keeps the last good answers in a bbolt file (DiskStore),
//     bounded in bytes and written in the background, so a gateway restarted
//     while an upstream is down answers from them, flagged stale;
//   - purges one partition on demand and counts hits, misses, stale serves,
//     coalesced waits, bytes and entries per partition (Stats).
//
// Store is the backend interface; go-cache is the embedded default and
// rediscache the store replicas share.
// It imports nothing of civgraph's own but the leaf panics, which turns a
// load's panic into an error (singleflight would re-panic it beyond recovery).
package cache
