package scalars

import (
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/civgraph/civgraph/errcode"
)

// ErrInvalid marks a scalar value the client sent in the wrong form.
var ErrInvalid = errors.New("invalid scalar value")

// chinaTime is the zone upstream dates are stated in (UTC+8, no DST).
var chinaTime = time.FixedZone("CST", 8*3600)

// MarshalDate writes t's calendar date as YYYY-MM-DD, or null when zero.
func MarshalDate(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.Format(time.DateOnly)))
	})
}

// UnmarshalDate reads YYYY-MM-DD as midnight UTC of that day.
func UnmarshalDate(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: Date must be a string in YYYY-MM-DD form, got %T", ErrInvalid, v)
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: Date must be YYYY-MM-DD, got %s", ErrInvalid, errcode.Echo(s))
	}
	return t, nil
}

// MarshalDateTime writes t as RFC 3339 in China Standard Time, or null when zero.
func MarshalDateTime(t time.Time) graphql.Marshaler {
	if t.IsZero() {
		return graphql.Null
	}
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Quote(t.In(chinaTime).Format(time.RFC3339)))
	})
}

// UnmarshalDateTime reads an RFC 3339 time.
func UnmarshalDateTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: DateTime must be an RFC 3339 string, got %T", ErrInvalid, v)
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("%w: DateTime must be RFC 3339, got %s", ErrInvalid, errcode.Echo(s))
	}
	// RFC 3339 has four-digit years: an offset can push an instant past
	// 9999 (or before 0000) in UTC or China time, where it can no longer
	// be written back.
	if y, cy := t.UTC().Year(), t.In(chinaTime).Year(); min(y, cy) < 0 || max(y, cy) > 9999 {
		return time.Time{}, fmt.Errorf("%w: DateTime %s is out of range", ErrInvalid, errcode.Echo(s))
	}
	return t, nil
}
