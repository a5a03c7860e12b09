package scalars_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/scalars"
)

// A malformed date is named in its error by its start only.
func TestDateErrorsEchoABoundedPrefix(t *testing.T) {
	huge := strings.Repeat("9", 1<<20)
	for name, parse := range map[string]func(any) error{
		"Date":     func(v any) error { _, err := scalars.UnmarshalDate(v); return err },
		"DateTime": func(v any) error { _, err := scalars.UnmarshalDateTime(v); return err },
	} {
		err := parse(huge)
		if !errors.Is(err, scalars.ErrInvalid) || len(err.Error()) > 200 {
			t.Errorf("%s: %d-byte error: %.120s", name, len(err.Error()), err)
		}
	}
}
