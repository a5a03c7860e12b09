package metrics

import (
	"net/http"
	"slices"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Namespace prefixes every family of the registry.
const Namespace = "civgraph"

// DefaultMaxOperations is how many distinct operation names get their
// own label value when New is given no bound.
const DefaultMaxOperations = 100

// Operation label values that cannot be GraphQL names.
const (
	OperationAnonymous = "(anonymous)" // an operation without a name
	OperationNone      = "(none)"      // refused before an operation was read
	OperationOther     = "(other)"     // over the bound of distinct names
)

// Outcomes of a GraphQL request.
const (
	OutcomeOK      = "ok"      // an answer without errors
	OutcomePartial = "partial" // data and errors (a province failed)
	OutcomeError   = "error"   // errors and no data
	OutcomeRefused = "refused" // refused before running: a limit, the rate, auth, trusted documents
)

// refusals maps each error code that refuses a query to its reason.
var refusals = map[string]string{
	"QUERY_TOO_DEEP":            "query_limit",
	"QUERY_TOO_COMPLEX":         "query_limit",
	"TOO_MANY_ALIASES":          "query_limit",
	"TOO_MANY_OPERATIONS":       "query_limit",
	"TOO_MANY_UPSTREAM_CALLS":   "query_limit",
	"RESPONSE_TOO_LARGE":        "query_limit",
	"RATE_LIMITED":              "rate_limit",
	"OVERLOADED":                "overload",
	"UNAUTHENTICATED":           "auth",
	"OPERATION_NOT_TRUSTED":     "persisted_only",
	"PERSISTED_QUERY_NOT_FOUND": "persisted_only",
}

// Buckets of the latency histograms, in seconds: from a cache hit (about a
// millisecond) to the default request deadline (10 s).
var latencyBuckets = []float64{.001, .0025, .005, .01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10}

// Registry holds the gateway's metric families. A nil *Registry records
// nothing, so instrumented code need not check.
type Registry struct {
	reg *prometheus.Registry

	requests        *prometheus.CounterVec
	requestDuration *prometheus.HistogramVec
	refused         *prometheus.CounterVec
	upstream        *prometheus.CounterVec
	upstreamLatency *prometheus.HistogramVec

	ops operationNames

	mu     sync.Mutex
	custom map[string]prometheus.Collector // by full name, for Counter
}

// New returns a registry with the gateway's families, the Go runtime's
// and the process's. maxOperations bounds the distinct operation names
// (0: DefaultMaxOperations).
func New(maxOperations int) *Registry {
	if maxOperations <= 0 {
		maxOperations = DefaultMaxOperations
	}
	r := &Registry{reg: prometheus.NewRegistry(), custom: map[string]prometheus.Collector{},
		ops: operationNames{max: maxOperations, seen: map[string]bool{}, allowed: map[string]bool{}}}
	r.requests = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "graphql",
		Name: "requests_total", Help: "GraphQL requests answered, by operation name and outcome (ok, partial, error, refused)."},
		[]string{"operation", "outcome"})
	r.requestDuration = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Subsystem: "graphql",
		Name: "request_duration_seconds", Help: "Time from receiving a GraphQL request to the end of its answer, by operation name.",
		Buckets: latencyBuckets}, []string{"operation"})
	r.refused = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "graphql",
		Name: "refused_total", Help: "GraphQL requests refused, by reason (query_limit, rate_limit, overload, auth, persisted_only) and error code."},
		[]string{"reason", "code"})
	r.upstream = prometheus.NewCounterVec(prometheus.CounterOpts{Namespace: Namespace, Subsystem: "upstream",
		Name: "requests_total", Help: "HTTP requests sent to a province's upstream (every attempt, retries included), by HTTP status (error: no answer)."},
		[]string{"province", "status"})
	r.upstreamLatency = prometheus.NewHistogramVec(prometheus.HistogramOpts{Namespace: Namespace, Subsystem: "upstream",
		Name: "request_duration_seconds", Help: "Duration of one HTTP attempt to a province's upstream.",
		Buckets: latencyBuckets}, []string{"province"})
	r.reg.MustRegister(r.requests, r.requestDuration, r.refused, r.upstream, r.upstreamLatency,
		collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	return r
}

// Handler serves the registry for Prometheus to scrape.
func (r *Registry) Handler() http.Handler {
	return promhttp.HandlerFor(r.reg, promhttp.HandlerOpts{EnableOpenMetrics: true, MaxRequestsInFlight: 4})
}

// Gatherer exposes the registry to tests and to other exporters.
func (r *Registry) Gatherer() prometheus.Gatherer { return r.reg }

// AllowOperations gives names (the operations of the trusted documents)
// their own label value whatever the bound.
func (r *Registry) AllowOperations(names ...string) {
	if r == nil {
		return
	}
	r.ops.allow(names)
}

// ObserveGraphQL records one GraphQL request: operation is its operation
// name ("" when it has none, OperationNone when it was refused before an
// operation was read), status the HTTP status answered, codes the error
// codes of the answer, hasData whether it carried data.
func (r *Registry) ObserveGraphQL(operation string, status int, codes []string, hasData bool, took time.Duration) {
	if r == nil {
		return
	}
	op := r.ops.label(operation)
	outcome := OutcomeOK
	for _, c := range codes {
		if reason, ok := refusals[c]; ok {
			outcome = OutcomeRefused
			r.refused.WithLabelValues(reason, c).Inc()
		}
	}
	switch {
	case outcome == OutcomeRefused:
	case len(codes) == 0 && status < 400:
	case hasData && status < 400:
		outcome = OutcomePartial
	default:
		outcome = OutcomeError
	}
	r.requests.WithLabelValues(op, outcome).Inc()
	r.requestDuration.WithLabelValues(op).Observe(took.Seconds())
}

// ObserveUpstream records one HTTP attempt to province's upstream: its
// status (0: no answer) and duration.
func (r *Registry) ObserveUpstream(province string, status int, took time.Duration) {
	if r == nil {
		return
	}
	r.upstream.WithLabelValues(province, statusLabel(status)).Inc()
	r.upstreamLatency.WithLabelValues(province).Observe(took.Seconds())
}

// statuses keep their own label value; others are counted by class.
var statuses = []int{200, 304, 400, 401, 403, 404, 429, 500, 502, 503, 504}

func statusLabel(status int) string {
	switch {
	case status == 0:
		return "error"
	case slices.Contains(statuses, status):
		return strconv.Itoa(status)
	case status >= 100 && status < 600:
		return strconv.Itoa(status/100) + "xx"
	}
	return "other"
}

// Transport wraps next so that every attempt to province's upstream is
// observed. A nil registry returns next.
func (r *Registry) Transport(province string, next http.RoundTripper) http.RoundTripper {
	if r == nil {
		return next
	}
	return roundTripper(func(req *http.Request) (*http.Response, error) {
		start := time.Now()
		resp, err := next.RoundTrip(req)
		status := 0
		if err == nil {
			status = resp.StatusCode
		}
		r.ObserveUpstream(province, status, time.Since(start))
		return resp, err
	})
}

type roundTripper func(*http.Request) (*http.Response, error)

func (f roundTripper) RoundTrip(req *http.Request) (*http.Response, error) { return f(req) }

// Counter is what a package needs to count one kind of event.
type Counter interface {
	Inc()
	Add(float64)
}

// Counter returns the counter civgraph_<name> (name must end in _total),
// registering it on first use; later calls with the same name return the
// same counter. On a nil registry it returns a counter that is not
// exported, so callers may count unconditionally.
func (r *Registry) Counter(name, help string) Counter {
	c := prometheus.NewCounter(prometheus.CounterOpts{Namespace: Namespace, Name: name, Help: help})
	if r == nil {
		return c
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	full := Namespace + "_" + name
	if old, ok := r.custom[full]; ok {
		if oc, ok := old.(prometheus.Counter); ok {
			return oc
		}
	}
	if err := r.reg.Register(c); err != nil {
		panic("metrics: counter " + full + ": " + err.Error()) // a programming error: a clashing name
	}
	r.custom[full] = c
	return c
}

// operationNames bounds the operation label: allowed names always, then
// the first max names seen, then OperationOther.
type operationNames struct {
	mu      sync.Mutex
	max     int
	seen    map[string]bool
	allowed map[string]bool
}

// maxNameLength: longer names are not kept as label values.
const maxNameLength = 100

func (o *operationNames) allow(names []string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	for _, n := range names {
		if n != "" && len(n) <= maxNameLength {
			o.allowed[n] = true
		}
	}
}

func (o *operationNames) label(name string) string {
	switch {
	case name == "":
		return OperationAnonymous
	case name == OperationNone:
		return name
	case len(name) > maxNameLength:
		return OperationOther
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.allowed[name] || o.seen[name] {
		return name
	}
	if len(o.seen) < o.max {
		o.seen[name] = true
		return name
	}
	return OperationOther
}
