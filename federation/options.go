package federation

import (
	"log/slog"
	"time"
)

// Option configures a Federation.
type Option func(*Federation)

// WithSourceDeadline bounds how long one source may take within a
// request, so one slow province cannot hold the others' answer back to the
// request's own deadline. Zero means only the request's deadline applies.
func WithSourceDeadline(d time.Duration) Option { return func(f *Federation) { f.sourceDeadline = d } }

// WithLogger sets the logger.
func WithLogger(l *slog.Logger) Option { return func(f *Federation) { f.logger = l } }
