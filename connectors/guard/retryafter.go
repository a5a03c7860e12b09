package guard

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// ParseRetryAfter reads a Retry-After header value, either delta-seconds
// ("120") or an HTTP-date ("Fri, 31 Dec 1999 23:59:59 GMT"), as a wait
// from now. A date in the past is a wait of 0; anything else unreadable,
// negative or absurd (beyond 10 years) is not ok.
func ParseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	const ceiling = 10 * 365 * 24 * time.Hour
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs < 0 || secs > int64(ceiling/time.Second) {
			return 0, false
		}
		return time.Duration(secs) * time.Second, true
	}
	t, err := http.ParseTime(v)
	if err != nil {
		return 0, false
	}
	d := t.Sub(now)
	if d > ceiling {
		return 0, false
	}
	return max(d, 0), true
}
