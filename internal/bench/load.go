package bench

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"slices"
	"time"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// load is one closed-loop run: conns clients, each sending its next request
// as soon as the previous answer is in, for duration.
type load struct {
	name     string
	targeter vegeta.Targeter
	conns    int
	duration time.Duration
	// check judges one answer; nil accepts any 2xx or 304.
	check func(status int, body []byte) error
	// group names the series a request belongs to (by URL), for
	// per-upstream latencies; nil: one series.
	group func(url string) string
}

// sample is what one run measured.
type sample struct {
	requests  int
	errors    int
	firstErr  string
	elapsed   time.Duration
	latencies []time.Duration
	byGroup   map[string][]time.Duration
}

// run drives l and collects every answer's latency.
func (l load) run(ctx context.Context) sample {
	atk := vegeta.NewAttacker(
		vegeta.Workers(uint64(l.conns)), vegeta.MaxWorkers(uint64(l.conns)),
		vegeta.Connections(l.conns), vegeta.MaxConnections(l.conns),
		vegeta.KeepAlive(true), vegeta.Timeout(30*time.Second), vegeta.Redirects(vegeta.NoFollow),
	)
	stop := context.AfterFunc(ctx, func() { atk.Stop() })
	defer stop()
	s := sample{byGroup: map[string][]time.Duration{}}
	var first, last time.Time
	for r := range atk.Attack(l.targeter, vegeta.ConstantPacer{}, l.duration, l.name) {
		s.requests++
		if first.IsZero() || r.Timestamp.Before(first) {
			first = r.Timestamp
		}
		if end := r.End(); end.After(last) {
			last = end
		}
		s.latencies = append(s.latencies, r.Latency)
		if l.group != nil {
			g := l.group(r.URL)
			s.byGroup[g] = append(s.byGroup[g], r.Latency)
		}
		if err := judge(r, l.check); err != nil {
			s.errors++
			if s.firstErr == "" {
				s.firstErr = err.Error()
			}
		}
	}
	s.elapsed = last.Sub(first)
	return s
}

func judge(r *vegeta.Result, check func(int, []byte) error) error {
	if r.Error != "" {
		return fmt.Errorf("%s", r.Error)
	}
	if check != nil {
		return check(int(r.Code), r.Body)
	}
	if (r.Code < 200 || r.Code > 299) && r.Code != http.StatusNotModified {
		return fmt.Errorf("HTTP %d: %.200s", r.Code, r.Body)
	}
	return nil
}

// graphQLOK accepts a complete GraphQL answer: HTTP 200, data and no errors.
func graphQLOK(status int, body []byte) error {
	if status != http.StatusOK || !bytes.HasPrefix(body, []byte(`{"data":`)) || bytes.Contains(body, []byte(`"errors":`)) {
		return fmt.Errorf("HTTP %d: %.300s", status, body)
	}
	return nil
}

// merge adds o's requests to s (the rounds of one series).
func (s *sample) merge(o sample) {
	s.requests += o.requests
	s.errors += o.errors
	if s.firstErr == "" {
		s.firstErr = o.firstErr
	}
	s.elapsed += o.elapsed
	s.latencies = append(s.latencies, o.latencies...)
	if s.byGroup == nil {
		s.byGroup = map[string][]time.Duration{}
	}
	for g, l := range o.byGroup {
		s.byGroup[g] = append(s.byGroup[g], l...)
	}
}

// throughput is answers per second.
func (s sample) throughput() float64 {
	if s.elapsed <= 0 {
		return 0
	}
	return float64(s.requests) / s.elapsed.Seconds()
}

// percentile returns the q-quantile (0..1) of ls, sorting it.
func percentile(ls []time.Duration, q float64) time.Duration {
	if len(ls) == 0 {
		return 0
	}
	slices.Sort(ls)
	i := int(q*float64(len(ls))+0.5) - 1
	return ls[max(0, min(i, len(ls)-1))]
}

// slowestGroupP50 is the largest median over the groups: the latency of
// the slowest upstream.
func (s sample) slowestGroupP50() time.Duration {
	var worst time.Duration
	for _, l := range s.byGroup {
		worst = max(worst, percentile(l, 0.5))
	}
	return worst
}
