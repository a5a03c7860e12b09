package faults

import (
	"bytes"
	"hash/fnv"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Injector holds the fault profile and call counters of a fixed set of
// named upstreams.
type Injector struct {
	names     []string
	upstreams map[string]*upstream
}

// upstream is one named upstream's state.
type upstream struct {
	profile atomic.Pointer[Profile]

	mu  sync.Mutex // guards rng
	rng *rand.Rand

	requests atomic.Int64
	injected [len(kindNames)]atomic.Int64
}

// New returns an Injector for the named upstreams, injecting nothing yet.
// Each upstream draws from its own generator seeded from seed and its
// name, so that one upstream's traffic does not change another's faults.
func New(seed uint64, names ...string) *Injector {
	in := &Injector{names: names, upstreams: make(map[string]*upstream, len(names))}
	for _, n := range names {
		h := fnv.New64a()
		h.Write([]byte(n))
		u := &upstream{rng: rand.New(rand.NewPCG(seed, h.Sum64()))}
		u.profile.Store(&Profile{})
		in.upstreams[n] = u
	}
	return in
}

// Names returns the upstreams' names in the order given to New.
func (in *Injector) Names() []string { return append([]string(nil), in.names...) }

// Set replaces the profile of upstream name after validating it.
func (in *Injector) Set(name string, p Profile) error {
	u, ok := in.upstreams[name]
	if !ok {
		return errUnknown(name)
	}
	if err := p.Validate(); err != nil {
		return err
	}
	u.profile.Store(&p)
	return nil
}

// Profile returns the profile of upstream name.
func (in *Injector) Profile(name string) (Profile, bool) {
	u, ok := in.upstreams[name]
	if !ok {
		return Profile{}, false
	}
	return *u.profile.Load(), true
}

// Counters are the calls one upstream has seen, faulty or not.
type Counters struct {
	Requests int64            `json:"requests"`
	Faults   map[string]int64 `json:"faults"` // by fault kind: error, throttle, …
}

// Counters returns every upstream's counters.
func (in *Injector) Counters() map[string]Counters {
	out := make(map[string]Counters, len(in.names))
	for _, n := range in.names {
		u := in.upstreams[n]
		c := Counters{Requests: u.requests.Load(), Faults: map[string]int64{}}
		for k := kindOutage; int(k) < len(kindNames); k++ {
			if v := u.injected[k].Load(); v > 0 {
				c.Faults[k.String()] = v
			}
		}
		out[n] = c
	}
	return out
}

// ResetCounters sets every counter back to zero.
func (in *Injector) ResetCounters() {
	for _, u := range in.upstreams {
		u.requests.Store(0)
		for i := range u.injected {
			u.injected[i].Store(0)
		}
	}
}

// Wrap returns h with upstream name's faults injected in front of it. It
// panics on a name not given to New: that is a wiring mistake.
func (in *Injector) Wrap(name string, h http.Handler) http.Handler {
	u, ok := in.upstreams[name]
	if !ok {
		panic(errUnknown(name))
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := u.profile.Load()
		u.mu.Lock()
		k := p.choose(u.rng.Float64())
		delay := p.Latency.draw(u.rng)
		status := p.errorStatus(u.rng)
		u.mu.Unlock()
		u.requests.Add(1)
		u.injected[k].Add(1)

		if !sleep(r, delay) {
			return
		}
		switch k {
		case kindNone:
			h.ServeHTTP(w, r)
		case kindOutage:
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("<html><body><h1>503 系统维护中 Service Unavailable</h1></body></html>\n"))
		case kindReset:
			reset(w)
		case kindExpired:
			w.Header().Set("WWW-Authenticate", `Bearer error="invalid_token", error_description="the access token expired"`)
			http.Error(w, "401 Unauthorized: token expired", http.StatusUnauthorized)
		case kindThrottle:
			w.Header().Set("Retry-After", strconv.Itoa(p.retryAfterSeconds()))
			http.Error(w, "429 Too Many Requests", http.StatusTooManyRequests)
		case kindError:
			http.Error(w, strconv.Itoa(status)+" "+http.StatusText(status), status)
		case kindMalformed, kindTruncate, kindDrip:
			rec := &recorder{header: http.Header{}, status: http.StatusOK}
			h.ServeHTTP(rec, r)
			rec.replay(w, r, k, p.dripRate())
		}
	})
}

// sleep waits d or until the client goes away; it reports whether to go on.
func sleep(r *http.Request, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-r.Context().Done():
		return false
	}
}

// reset closes the connection with a TCP RST, as a crashed load balancer
// does.
func reset(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(http.ErrAbortHandler) // HTTP/2: abort the stream instead
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}

// recorder keeps the real answer so that it can be corrupted or slowed.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
	wrote  bool
}

func (r *recorder) Header() http.Header { return r.header }

func (r *recorder) WriteHeader(status int) {
	if !r.wrote {
		r.status, r.wrote = status, true
	}
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	return r.body.Write(b)
}

// garbage ends a malformed body: a NUL, invalid UTF-8 and an unbalanced
// quote break JSON and CSV decoders alike.
const garbage = "\x00\xfe<!-- upstream error -->\""

// replay writes the recorded answer altered by fault k.
func (r *recorder) replay(w http.ResponseWriter, req *http.Request, k kind, dripRate int) {
	body := r.body.Bytes()
	h := w.Header()
	for key, v := range r.header {
		h[key] = v
	}
	h.Del("Content-Length")
	h.Del("ETag") // an altered body must not be cached under the real one's tag
	switch k {
	case kindMalformed:
		body = append(body[:len(body)/2:len(body)/2], garbage...)
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(r.status)
		_, _ = w.Write(body)
	case kindTruncate:
		// Promise the whole body, send half, then drop the connection:
		// the client sees an unexpected EOF.
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(r.status)
		_, _ = w.Write(body[:len(body)/2])
		_ = http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler)
	case kindDrip:
		h.Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(r.status)
		drip(w, req, body, dripRate)
	}
}

// drip writes body at about rate bytes per second in ten chunks a second,
// stopping when the client goes away.
func drip(w http.ResponseWriter, req *http.Request, body []byte, rate int) {
	rc := http.NewResponseController(w)
	chunk := max(rate/10, 1)
	for len(body) > 0 {
		n := min(chunk, len(body))
		if _, err := w.Write(body[:n]); err != nil {
			return
		}
		_ = rc.Flush()
		body = body[n:]
		if len(body) > 0 && !sleep(req, 100*time.Millisecond) {
			return
		}
	}
}

type errUnknown string

func (e errUnknown) Error() string { return "unknown upstream " + strconv.Quote(string(e)) }
