package ratelimit

import (
	"crypto/sha256"
	"time"

	"github.com/hashicorp/golang-lru/v2/expirable"
	"golang.org/x/time/rate"
)

// Limiter rate-limits requests per client key.
type Limiter struct {
	every   rate.Limit
	burst   int
	clients *expirable.LRU[[sha256.Size]byte, *rate.Limiter]
}

// New allows each client perSecond requests a second with bursts of burst,
// tracks at most maxClients (the least recently seen is forgotten first)
// and forgets a client idle for idle. A forgotten client starts again with
// a full bucket, which is why maxClients should exceed the clients active
// in any idle window.
func New(perSecond float64, burst, maxClients int, idle time.Duration) *Limiter {
	return &Limiter{
		every:   rate.Limit(perSecond),
		burst:   burst,
		clients: expirable.NewLRU[[sha256.Size]byte, *rate.Limiter](maxClients, nil, idle),
	}
}

// Allow takes a token from key's bucket. When there is none it reports how
// long until there will be, and takes nothing.
func (l *Limiter) Allow(key string, now time.Time) (ok bool, retryAfter time.Duration) {
	return l.AllowRate(key, 0, now)
}

// AllowRate is Allow for a client with its own rate (an API key's
// configured limit); perSecond 0 means the limiter's default rate.
func (l *Limiter) AllowRate(key string, perSecond float64, now time.Time) (ok bool, retryAfter time.Duration) {
	// Keys are hashed: their length cannot grow the map and API keys are
	// not kept in the clear.
	k := sha256.Sum256([]byte(key))
	lim, found := l.clients.Get(k)
	every := l.every
	if perSecond > 0 {
		every = rate.Limit(perSecond)
	}
	if !found {
		lim = rate.NewLimiter(every, l.burst)
	} else if lim.Limit() != every {
		lim.SetLimitAt(now, every)
	}
	// Adding again renews the entry's expiry: idle means no requests.
	l.clients.Add(k, lim)
	r := lim.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Second
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// Clients reports how many clients are tracked.
func (l *Limiter) Clients() int { return l.clients.Len() }
