package chaos

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// Summary condenses a run's outcomes.
type Summary struct {
	Queries, OK, Partial, Failed, Stale int
	P50, P99, Max                       time.Duration
	// States counts, per province, the extensions.sources states seen
	// ("FRESH", "STALE", "FAILED:SOURCE_UNAVAILABLE", …).
	States map[string]map[string]int
}

// Summarize computes the summary of outcomes.
func Summarize(outcomes []Outcome) Summary {
	s := Summary{Queries: len(outcomes), States: map[string]map[string]int{}}
	latencies := make([]time.Duration, 0, len(outcomes))
	for _, o := range outcomes {
		latencies = append(latencies, o.Latency)
		switch {
		case o.OK():
			s.OK++
		case o.Err == nil && o.HasData:
			s.Partial++
		default:
			s.Failed++
		}
		if o.Stale() {
			s.Stale++
		}
		for _, src := range o.Sources {
			state := src.State
			if src.Code != "" {
				state += ":" + src.Code
			}
			if s.States[src.Province] == nil {
				s.States[src.Province] = map[string]int{}
			}
			s.States[src.Province][state]++
		}
	}
	slices.Sort(latencies)
	s.P50, s.P99 = percentile(latencies, 0.50), percentile(latencies, 0.99)
	if len(latencies) > 0 {
		s.Max = latencies[len(latencies)-1]
	}
	return s
}

// percentile is the nearest-rank percentile of sorted durations.
func percentile(sorted []time.Duration, q float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(q*float64(len(sorted))+0.999999) - 1
	return sorted[min(max(i, 0), len(sorted)-1)]
}

func rate(n, of int) string {
	if of == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(of))
}

// WriteTable prints the summary and, per province, the upstream calls it
// received (calls, nil when unknown) and the source states clients saw.
func (s Summary) WriteTable(w io.Writer, elapsed time.Duration, calls map[string]faults.Counters) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if elapsed > 0 {
		fmt.Fprintf(tw, "queries\t%d in %s (%.1f/s)\n", s.Queries, elapsed.Round(time.Millisecond), float64(s.Queries)/elapsed.Seconds())
	} else {
		fmt.Fprintf(tw, "queries\t%d\n", s.Queries)
	}
	fmt.Fprintf(tw, "success (data, no error)\t%s\t%d\n", rate(s.OK, s.Queries), s.OK)
	fmt.Fprintf(tw, "partial (data and errors)\t%s\t%d\n", rate(s.Partial, s.Queries), s.Partial)
	fmt.Fprintf(tw, "failed (no data)\t%s\t%d\n", rate(s.Failed, s.Queries), s.Failed)
	fmt.Fprintf(tw, "stale (some province STALE)\t%s\t%d\n", rate(s.Stale, s.Queries), s.Stale)
	fmt.Fprintf(tw, "latency p50 / p99 / max\t%s / %s / %s\n", s.P50.Round(time.Millisecond), s.P99.Round(time.Millisecond), s.Max.Round(time.Millisecond))
	fmt.Fprintln(tw)
	fmt.Fprintln(tw, "province\tupstream calls\tcalls/query\tfaults injected\tsources seen")
	names := make([]string, 0, len(calls))
	for n := range calls {
		names = append(names, n)
	}
	slices.Sort(names)
	for _, n := range names {
		c := calls[n]
		fmt.Fprintf(tw, "%s\t%d\t%.2f\t%s\t%s\n", n, c.Requests, float64(c.Requests)/float64(max(s.Queries, 1)),
			counts(c.Faults), counts(s.States[strings.ToUpper(n)]))
	}
	return tw.Flush()
}

// counts writes a count map as "a=1 b=2", sorted by key ("-" if empty).
func counts[V int | int64](m map[string]V) string {
	if len(m) == 0 {
		return "-"
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s=%d", k, m[k])
	}
	return strings.Join(parts, " ")
}
