package faults

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"time"
)

// Bounds on a profile, so that a mistyped admin call cannot hang the
// sample upstreams for hours.
const (
	MaxLatency    = time.Minute
	MaxRetryAfter = time.Hour
	MinDripRate   = 16 // bytes per second

	DefaultRetryAfter = time.Second
	DefaultDripRate   = 1024 // bytes per second
)

// Duration is a time.Duration written in JSON as a Go duration string
// ("250ms").
type Duration time.Duration

// MarshalJSON writes d as a duration string.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads a duration string.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return fmt.Errorf("duration must be a string such as \"250ms\": %w", err)
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Latency is the delay added before an upstream answers: Base plus a
// random part of scale Jitter drawn from Dist.
type Latency struct {
	Base   Duration `json:"base,omitempty"`
	Jitter Duration `json:"jitter,omitempty"`
	// Dist is "uniform" (default: Base + U[0, Jitter)), "exponential"
	// (Base + an exponential draw of mean Jitter, a long tail) or
	// "normal" (mean Base, standard deviation Jitter, never below 0).
	Dist string `json:"dist,omitempty"`
}

func (l Latency) draw(r *rand.Rand) time.Duration {
	base, jitter := float64(l.Base), float64(l.Jitter)
	var d float64
	switch l.Dist {
	case "exponential":
		d = base + r.ExpFloat64()*jitter
	case "normal":
		d = base + r.NormFloat64()*jitter
	default:
		d = base + r.Float64()*jitter
	}
	return time.Duration(math.Min(math.Max(d, 0), float64(MaxLatency)))
}

// Profile says which faults one upstream injects. Ratios are fractions of
// requests in [0, 1]; one draw per request picks at most one of the
// answer-changing faults, so their ratios must add up to at most 1.
// Latency applies to every request, faulty or not. The zero Profile
// injects nothing.
type Profile struct {
	// Outage answers every request 503, as an upstream down for
	// maintenance does; the other fields are ignored.
	Outage  bool    `json:"outage,omitempty"`
	Latency Latency `json:"latency,omitzero"`

	ErrorRatio float64 `json:"errorRatio,omitempty"`
	// ErrorStatuses are the statuses an error answer picks from
	// (default 500, 502, 503).
	ErrorStatuses []int `json:"errorStatuses,omitempty"`

	ThrottleRatio float64  `json:"throttleRatio,omitempty"` // 429
	RetryAfter    Duration `json:"retryAfter,omitempty"`    // sent with 429, whole seconds; default 1s

	MalformedRatio float64 `json:"malformedRatio,omitempty"` // complete answer, corrupt body
	TruncateRatio  float64 `json:"truncateRatio,omitempty"`  // connection closed mid-body
	DripRatio      float64 `json:"dripRatio,omitempty"`      // body sent slowly
	DripRate       int     `json:"dripRate,omitempty"`       // bytes per second; default 1024
	ResetRatio     float64 `json:"resetRatio,omitempty"`     // TCP reset before any answer
	ExpiredRatio   float64 `json:"expiredRatio,omitempty"`   // 401: the credentials have expired
}

// Validate reports the first field out of bounds, naming it.
func (p Profile) Validate() error {
	ratios := []struct {
		name string
		v    float64
	}{
		{"errorRatio", p.ErrorRatio}, {"throttleRatio", p.ThrottleRatio}, {"malformedRatio", p.MalformedRatio},
		{"truncateRatio", p.TruncateRatio}, {"dripRatio", p.DripRatio}, {"resetRatio", p.ResetRatio},
		{"expiredRatio", p.ExpiredRatio},
	}
	sum := 0.0
	for _, r := range ratios {
		if !(r.v >= 0 && r.v <= 1) { // also rejects NaN
			return fmt.Errorf("%s must be within [0, 1], got %v", r.name, r.v)
		}
		sum += r.v
	}
	if sum > 1+1e-9 {
		return fmt.Errorf("fault ratios add up to %.3f; at most one fault applies per request, so they must add up to at most 1", sum)
	}
	for _, s := range p.ErrorStatuses {
		if s < 500 || s > 599 {
			return fmt.Errorf("errorStatuses: %d is not a 5xx status", s)
		}
	}
	switch p.Latency.Dist {
	case "", "uniform", "exponential", "normal":
	default:
		return fmt.Errorf("latency.dist must be uniform, exponential or normal, got %q", p.Latency.Dist)
	}
	if p.Latency.Base < 0 || p.Latency.Jitter < 0 || time.Duration(p.Latency.Base+p.Latency.Jitter) > MaxLatency {
		return fmt.Errorf("latency must be within [0, %s]", MaxLatency)
	}
	if p.RetryAfter < 0 || time.Duration(p.RetryAfter) > MaxRetryAfter {
		return fmt.Errorf("retryAfter must be within [0, %s]", MaxRetryAfter)
	}
	if p.DripRate != 0 && p.DripRate < MinDripRate {
		return fmt.Errorf("dripRate must be at least %d bytes per second", MinDripRate)
	}
	return nil
}

// kind is the answer-changing fault chosen for one request.
type kind int

const (
	kindNone kind = iota
	kindOutage
	kindReset
	kindExpired
	kindThrottle
	kindError
	kindMalformed
	kindTruncate
	kindDrip
)

var kindNames = [...]string{"none", "outage", "reset", "expired", "throttle", "error", "malformed", "truncate", "drip"}

func (k kind) String() string { return kindNames[k] }

// choose draws the fault for one request from u in [0, 1).
func (p *Profile) choose(u float64) kind {
	if p.Outage {
		return kindOutage
	}
	for _, c := range []struct {
		k     kind
		ratio float64
	}{
		{kindReset, p.ResetRatio}, {kindExpired, p.ExpiredRatio}, {kindThrottle, p.ThrottleRatio},
		{kindError, p.ErrorRatio}, {kindMalformed, p.MalformedRatio}, {kindTruncate, p.TruncateRatio},
		{kindDrip, p.DripRatio},
	} {
		if u < c.ratio {
			return c.k
		}
		u -= c.ratio
	}
	return kindNone
}

func (p *Profile) errorStatus(r *rand.Rand) int {
	statuses := p.ErrorStatuses
	if len(statuses) == 0 {
		statuses = []int{http.StatusInternalServerError, http.StatusBadGateway, http.StatusServiceUnavailable}
	}
	return statuses[r.IntN(len(statuses))]
}

func (p *Profile) retryAfterSeconds() int {
	d := time.Duration(p.RetryAfter)
	if d <= 0 {
		d = DefaultRetryAfter
	}
	return int(math.Ceil(d.Seconds()))
}

func (p *Profile) dripRate() int {
	if p.DripRate <= 0 {
		return DefaultDripRate
	}
	return p.DripRate
}

var errEmptySpec = errors.New("empty fault")
