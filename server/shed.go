package server

import (
	"errors"
	"io"
	"log/slog"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"time"

	"github.com/civgraph/civgraph/auth"
	"github.com/civgraph/civgraph/config"
	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/ratelimit"
	"github.com/civgraph/civgraph/redisconn"
	"github.com/civgraph/civgraph/reqbody"
)

// overloadRetryAfter is what a shed request is told to wait: executions
// are bounded by graphql.timeout, most end far sooner.
const overloadRetryAfter = time.Second

// limitGraphQL applies, in front of the GraphQL handler, the per-client
// rate limit (429) and then the bound on concurrent executions (503). Both
// answer at once, with Retry-After, rather than queue.
func limitGraphQL(cfg config.LimitsConfig, shared *redisconn.Conn, logger *slog.Logger, next http.Handler) http.Handler {
	local := ratelimit.New(float64(cfg.RatePerSecond), cfg.RateBurst, cfg.RateClients, cfg.RateClientIdleAfter)
	var limiter clientLimiter = local
	if shared != nil {
		limiter = ratelimit.NewShared(shared, local)
	}
	running := make(chan struct{}, cfg.MaxConcurrent)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		key, perSecond := clientKey(r)
		if ok, wait := limiter.AllowRate(key, perSecond, time.Now()); !ok {
			retryAfter(w, wait)
			refuse(w, r, http.StatusTooManyRequests, "too many requests from this client; retry later",
				errcode.ClientRateLimited)
			return
		}
		// The body is read before a slot is taken: a client trickling
		// bodies would otherwise hold every slot until read_timeout and
		// lock everyone else out with 503s.
		if !readBody(w, r) {
			return
		}
		select {
		case running <- struct{}{}:
			defer func() { <-running }()
			next.ServeHTTP(w, r)
		default:
			// Debug only: under attack a line per shed request would flood the log.
			logger.DebugContext(r.Context(), "shedding load", "running", cap(running))
			retryAfter(w, overloadRetryAfter)
			refuse(w, r, http.StatusServiceUnavailable, "the gateway is busy; retry later",
				errcode.Overloaded)
		}
	})
}

// clientLimiter is a per-client rate limit: this process's own, or one
// shared by the replicas through Redis.
type clientLimiter interface {
	AllowRate(key string, perSecond float64, now time.Time) (ok bool, retryAfter time.Duration)
}

// readBody reads r's body (already capped at graphql.max_body_bytes) into
// memory and puts it back; on failure it answers and reports false.
func readBody(w http.ResponseWriter, r *http.Request) bool {
	if r.Body == nil || r.Body == http.NoBody {
		return true
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeJSONError(w, http.StatusRequestEntityTooLarge, "request body too large", errcode.BadRequest)
		} else {
			writeJSONError(w, http.StatusBadRequest, "the request body could not be read", errcode.BadRequest)
		}
		return false
	}
	r.Body = reqbody.New(body) // the layers behind look at it without copying
	return true
}

func retryAfter(w http.ResponseWriter, d time.Duration) {
	w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(max(d, time.Second).Seconds()))))
}

// clientKey identifies the client a request is counted against, and its
// own rate: the authenticated caller (API key name or token subject, with
// the key's configured rate) when there is one, else its address — IPv6
// by its /64, which one client usually holds whole. Credentials that
// nobody checked are not keys: a client could mint a fresh bucket per
// request by rotating them.
func clientKey(r *http.Request) (string, float64) {
	if id, ok := auth.FromContext(r.Context()); ok {
		return "id:" + id.Name, id.RateLimit
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	if ip, err := netip.ParseAddr(host); err == nil && ip.Is6() && !ip.Is4In6() {
		prefix, _ := ip.Prefix(64)
		return "net:" + prefix.String(), 0
	}
	return "addr:" + host, 0
}
