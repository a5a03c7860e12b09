// Package reqparam holds the small parameter checks every sample upstream
// makes the same way, whatever its protocol calls the parameters.
//
// It imports nothing of ours.
package reqparam

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// List splits a comma-separated parameter; absent means no values.
func List(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// Digits reports whether s holds only ASCII digits (an empty s does: an
// absent code is no wrong code).
func Digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// Floats parses a comma-separated list of exactly n finite numbers, the
// form the query-string upstreams take coordinates in ("lng,lat").
func Floats(v string, n int) ([]float64, error) {
	parts := List(v)
	if len(parts) != n {
		return nil, fmt.Errorf("want %d comma-separated numbers, got %q", n, v)
	}
	out := make([]float64, n)
	for i, p := range parts {
		f, err := strconv.ParseFloat(p, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, fmt.Errorf("%q is not a finite number", p)
		}
		out[i] = f
	}
	return out, nil
}
