package chaos

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/civgraph/civgraph/internal/sampleapi/faults"
)

// Scenario is a named set of faults, keyed by upstream name ("hebei").
// Upstreams it does not name run without faults.
type Scenario struct {
	Name   string
	About  string
	Faults map[string]faults.Profile
}

var all5xx = func(ratio float64) map[string]faults.Profile {
	p := faults.Profile{ErrorRatio: ratio}
	return map[string]faults.Profile{"hebei": p, "hubei": p, "jiangsu": p, "shanghai": p}
}

// Scenarios are the named fault profiles, by name.
var Scenarios = map[string]Scenario{
	"none": {Name: "none", About: "no faults: the baseline", Faults: map[string]faults.Profile{}},
	"flaky": {Name: "flaky", About: "30% of calls to every province answer 500, 502 or 503",
		Faults: all5xx(0.3)},
	"outage-hubei": {Name: "outage-hubei", About: "Hubei answers every call 503 (down for maintenance)",
		Faults: map[string]faults.Profile{"hubei": {Outage: true}}},
	"throttle-shanghai": {Name: "throttle-shanghai", About: "half of Shanghai's calls answer 429 with Retry-After: 2",
		Faults: map[string]faults.Profile{"shanghai": {ThrottleRatio: 0.5, RetryAfter: faults.Duration(2 * time.Second)}}},
	"slow-jiangsu": {Name: "slow-jiangsu", About: "Jiangsu answers after 300ms plus an exponential tail of mean 1s",
		Faults: map[string]faults.Profile{"jiangsu": {Latency: faults.Latency{
			Base: faults.Duration(300 * time.Millisecond), Jitter: faults.Duration(time.Second), Dist: "exponential"}}}},
	"garbage-hebei": {Name: "garbage-hebei", About: "a third of Hebei's answers are malformed, cut off or reset",
		Faults: map[string]faults.Profile{"hebei": {MalformedRatio: 0.15, TruncateRatio: 0.1, ResetRatio: 0.08}}},
}

// ScenarioNames lists the scenarios' names, sorted.
func ScenarioNames() []string {
	names := make([]string, 0, len(Scenarios))
	for n := range Scenarios {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// Lookup returns the named scenario or an error listing the known ones.
func Lookup(name string) (Scenario, error) {
	s, ok := Scenarios[name]
	if !ok {
		return Scenario{}, fmt.Errorf("unknown fault profile %q (known: %s)", name, strings.Join(ScenarioNames(), ", "))
	}
	return s, nil
}

// Upstreams are the sample upstreams' names, as the admin API knows them.
var Upstreams = []string{"hebei", "hubei", "jiangsu", "shanghai"}

// Apply sets every upstream's faults to s's, clearing those s does not
// name.
func Apply(ctx context.Context, admin *faults.Client, s Scenario) error {
	for _, name := range Upstreams {
		var err error
		if p, ok := s.Faults[name]; ok {
			err = admin.Set(ctx, name, p)
		} else {
			err = admin.Clear(ctx, name)
		}
		if err != nil {
			return err
		}
	}
	return nil
}
