package chaos

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"sync"
	"time"
)

// Request is one GraphQL operation.
type Request struct {
	Query     string         `json:"query"`
	Variables map[string]any `json:"variables,omitempty"`
}

// DistinctMeetings returns the i-th of a series of four-province queries
// that differ in a date range every connector pushes down, so that no two
// of them share a cache entry: each costs every province an upstream call.
// Every range covers March 2024, so each query returns every meeting; the
// dates stay within 1900–2100, which all upstreams accept.
func DistinctMeetings(i int) Request {
	i %= MaxDistinct
	from := time.Date(1900, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i%fromDays)
	to := time.Date(2024, 4, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i/fromDays)
	return Request{
		Query: `query($from: Date, $to: Date) { meetings(filter: {from: $from, to: $to}) {
  totalCount edges { node { id title province { code } } } } }`,
		Variables: map[string]any{"from": from.Format(time.DateOnly), "to": to.Format(time.DateOnly)},
	}
}

// The date ranges start between 1900-01-02 and 2023-03 and end between
// 2024-04-01 and 2099-12.
const fromDays, toDays = 45_000, 27_600

// MaxDistinct is how many distinct queries DistinctMeetings makes before
// it repeats itself.
const MaxDistinct = fromDays * toDays

// DistinctFrom returns DistinctMeetings shifted to start at the first-th
// query, so that runs against one gateway need not repeat each other.
func DistinctFrom(first int) func(int) Request {
	return func(i int) Request { return DistinctMeetings(first + i) }
}

// SameMeetings returns the same four-province query every time: after the
// first, it is answered from the cache until the entries expire.
func SameMeetings(int) Request { return DistinctMeetings(0) }

// Load says what to send at the gateway.
type Load struct {
	GatewayURL  string        // e.g. http://127.0.0.1:8080; queries go to /graphql
	Queries     int           // stop after this many (0: only Duration bounds the run)
	Duration    time.Duration // stop sending after this long (0: only Queries bounds it)
	Rate        float64       // queries started per second (0: as fast as Concurrency allows)
	Concurrency int           // queries in flight at most (0: 8)
	Query       func(i int) Request
	HTTP        *http.Client // nil: a client with a 30 s timeout
}

// Source is one province's entry in a response's extensions.sources.
type Source struct {
	Province string `json:"province"`
	State    string `json:"state"`
	Code     string `json:"code,omitempty"`
	Breaker  string `json:"breaker,omitempty"` // CLOSED, OPEN, HALF_OPEN where the gateway has breakers
}

// Error is one entry of a response's errors.
type Error struct {
	Message    string `json:"message"`
	Extensions struct {
		Code     string `json:"code"`
		Province string `json:"province"`
	} `json:"extensions"`
}

// Outcome is what one query got.
type Outcome struct {
	Latency time.Duration
	Err     error // transport failure or an answer that is not GraphQL
	HasData bool
	Errors  []Error
	Sources []Source
}

// OK reports an answer with data and no error.
func (o Outcome) OK() bool { return o.Err == nil && o.HasData && len(o.Errors) == 0 }

// Stale reports whether some province's data in the answer was stale.
func (o Outcome) Stale() bool {
	for _, s := range o.Sources {
		if s.State == "STALE" {
			return true
		}
	}
	return false
}

// Run sends l's queries and returns their outcomes in the order they
// were started. It stops early when ctx ends.
func Run(ctx context.Context, l Load) []Outcome {
	if l.Concurrency <= 0 {
		l.Concurrency = 8
	}
	if l.HTTP == nil {
		l.HTTP = &http.Client{Timeout: 30 * time.Second}
	}
	if l.Query == nil {
		l.Query = DistinctMeetings
	}
	var deadline <-chan time.Time
	if l.Duration > 0 {
		t := time.NewTimer(l.Duration)
		defer t.Stop()
		deadline = t.C
	}
	var tick <-chan time.Time
	if l.Rate > 0 {
		tk := time.NewTicker(time.Duration(float64(time.Second) / l.Rate))
		defer tk.Stop()
		tick = tk.C
	}

	var (
		mu       sync.Mutex
		outcomes []Outcome
		wg       sync.WaitGroup
	)
	slots := make(chan struct{}, l.Concurrency)
loop:
	for i := 0; l.Queries == 0 || i < l.Queries; i++ {
		if tick != nil && i > 0 {
			select {
			case <-tick:
			case <-deadline:
				break loop
			case <-ctx.Done():
				break loop
			}
		}
		select {
		case slots <- struct{}{}:
		case <-deadline:
			break loop
		case <-ctx.Done():
			break loop
		}
		mu.Lock()
		outcomes = append(outcomes, Outcome{})
		mu.Unlock()
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			o := send(ctx, l.HTTP, l.GatewayURL, l.Query(i))
			mu.Lock()
			outcomes[i] = o
			mu.Unlock()
			<-slots
		}(i)
	}
	wg.Wait()
	return outcomes
}

// send posts one query and classifies the answer.
func send(ctx context.Context, hc *http.Client, base string, q Request) Outcome {
	body, _ := json.Marshal(q)
	began := time.Now()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return Outcome{Err: err}
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		return Outcome{Latency: time.Since(began), Err: err}
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(io.LimitReader(resp.Body, 16<<20))
	o := Outcome{Latency: time.Since(began)}
	if err != nil {
		o.Err = err
		return o
	}
	var answer struct {
		Data       json.RawMessage `json:"data"`
		Errors     []Error         `json:"errors"`
		Extensions struct {
			Sources []Source `json:"sources"`
		} `json:"extensions"`
	}
	if err := json.Unmarshal(raw, &answer); err != nil {
		o.Err = fmt.Errorf("HTTP %d, not a GraphQL answer: %w", resp.StatusCode, err)
		return o
	}
	o.HasData = len(answer.Data) > 0 && string(answer.Data) != "null"
	o.Errors, o.Sources = answer.Errors, answer.Extensions.Sources
	return o
}

// Settle asks the gateway a new query (never one it could answer from its
// cache) every half second until one gets every province's data with no
// error, for at most patience; it reports whether that happened. Run it before measuring, so that what an earlier
// run left behind (an open breaker, a Retry-After hold) does not count.
func Settle(ctx context.Context, gatewayURL string, patience time.Duration) bool {
	hc := &http.Client{Timeout: 30 * time.Second}
	end := time.Now().Add(patience)
	query := DistinctFrom(rand.IntN(MaxDistinct))
	for i := 0; ; i++ {
		if send(ctx, hc, gatewayURL, query(i)).OK() {
			return true
		}
		if time.Now().After(end) || ctx.Err() != nil {
			return false
		}
		select {
		case <-time.After(500 * time.Millisecond):
		case <-ctx.Done():
			return false
		}
	}
}
