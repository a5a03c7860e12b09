package faults

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// SpecSyntax describes what ParseSpecs accepts, for flag help texts.
const SpecSyntax = `comma-separated NAME=FAULT; repeat NAME to combine faults. FAULT is one of
  outage                          every request answers 503
  error:RATIO[:STATUS]            5xx answers (default: 500, 502 or 503)
  throttle:RATIO[:RETRY_AFTER]    429 with Retry-After (default 1s)
  latency:BASE[:JITTER[:DIST]]    added delay; DIST uniform, exponential or normal
  malformed:RATIO                 complete answer with a corrupt body
  truncate:RATIO                  connection closed in the middle of the body
  drip:RATIO[:BYTES_PER_SECOND]   body sent slowly (default 1024 B/s)
  reset:RATIO                     TCP reset instead of an answer
  expired:RATIO                   401: the credentials have expired
e.g. hubei=outage,hebei=error:0.3,shanghai=throttle:0.5:30s`

// ParseSpecs reads a fault list such as "hubei=outage,hebei=error:0.3"
// into one Profile per name. Names must be among known.
func ParseSpecs(s string, known []string) (map[string]Profile, error) {
	out := map[string]Profile{}
	if strings.TrimSpace(s) == "" {
		return out, nil
	}
	for item := range strings.SplitSeq(s, ",") {
		name, fault, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			return nil, fmt.Errorf("fault %q: want NAME=FAULT", item)
		}
		if !contains(known, name) {
			return nil, fmt.Errorf("fault %q: unknown upstream %q (known: %s)", item, name, strings.Join(known, ", "))
		}
		p := out[name]
		if err := applySpec(&p, fault); err != nil {
			return nil, fmt.Errorf("fault %q: %w", item, err)
		}
		if err := p.Validate(); err != nil {
			return nil, fmt.Errorf("faults for %s: %w", name, err)
		}
		out[name] = p
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// applySpec adds one FAULT to p.
func applySpec(p *Profile, spec string) error {
	parts := strings.Split(spec, ":")
	args := parts[1:]
	arg := func(i int) string {
		if i < len(args) {
			return args[i]
		}
		return ""
	}
	maxArgs := map[string]int{"outage": 0, "error": 2, "throttle": 2, "latency": 3, "malformed": 1,
		"truncate": 1, "drip": 2, "reset": 1, "expired": 1}
	n, ok := maxArgs[parts[0]]
	switch {
	case parts[0] == "":
		return errEmptySpec
	case !ok:
		return fmt.Errorf("unknown fault %q", parts[0])
	case len(args) > n, n > 0 && len(args) == 0:
		return fmt.Errorf("%s takes 1 to %d arguments", parts[0], n)
	}
	var err error
	switch parts[0] {
	case "outage":
		p.Outage = true
	case "error":
		if p.ErrorRatio, err = ratio(arg(0)); err == nil && arg(1) != "" {
			var s int
			s, err = strconv.Atoi(arg(1))
			p.ErrorStatuses = []int{s}
		}
	case "throttle":
		if p.ThrottleRatio, err = ratio(arg(0)); err == nil && arg(1) != "" {
			p.RetryAfter, err = duration(arg(1))
		}
	case "latency":
		if p.Latency.Base, err = duration(arg(0)); err == nil && arg(1) != "" {
			p.Latency.Jitter, err = duration(arg(1))
		}
		p.Latency.Dist = arg(2)
	case "malformed":
		p.MalformedRatio, err = ratio(arg(0))
	case "truncate":
		p.TruncateRatio, err = ratio(arg(0))
	case "drip":
		if p.DripRatio, err = ratio(arg(0)); err == nil && arg(1) != "" {
			p.DripRate, err = strconv.Atoi(arg(1))
		}
	case "reset":
		p.ResetRatio, err = ratio(arg(0))
	case "expired":
		p.ExpiredRatio, err = ratio(arg(0))
	}
	return err
}

func ratio(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("ratio %q is not a number", s)
	}
	return v, nil
}

func duration(s string) (Duration, error) {
	d, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: %w", s, err)
	}
	return Duration(d), nil
}
