package scalars_test

import (
	"bytes"
	"errors"
	"strconv"
	"testing"
	"time"

	"github.com/99designs/gqlgen/graphql"

	"github.com/civgraph/civgraph/scalars"
)

// FuzzDateScalars: a Date or DateTime either parses and prints back as
// the same instant or fails as ErrInvalid (BAD_USER_INPUT), never panics.
func FuzzDateScalars(f *testing.F) {
	for _, s := range []string{"2024-03-20", "2024-02-30", "2024-3-20", "", "2024-03-20T09:00:00+08:00", "2024-03-20T09:00:00Z",
		"0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999-23:59", "2024-03-20T24:00:00Z", "２０２４-03-20", "\xff"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if d, err := scalars.UnmarshalDate(s); err != nil {
			if !errors.Is(err, scalars.ErrInvalid) {
				t.Fatalf("Date %q: uncoded error %v", s, err)
			}
		} else if got := written(scalars.MarshalDate(d)); got != strconv.Quote(d.Format(time.DateOnly)) {
			t.Fatalf("Date %q prints as %s", s, got)
		}
		dt, err := scalars.UnmarshalDateTime(s)
		if err != nil {
			if !errors.Is(err, scalars.ErrInvalid) {
				t.Fatalf("DateTime %q: uncoded error %v", s, err)
			}
			return
		}
		out, _ := strconv.Unquote(written(scalars.MarshalDateTime(dt)))
		if back, err := time.Parse(time.RFC3339, out); !dt.IsZero() && (err != nil || !back.Equal(dt.Truncate(time.Second))) {
			t.Fatalf("DateTime %q prints as %q (%v)", s, out, err)
		}
	})
}

func written(m graphql.Marshaler) string {
	var b bytes.Buffer
	m.MarshalGQL(&b)
	return b.String()
}
