package server

import (
	"log/slog"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/metrics"
	"github.com/civgraph/civgraph/reqinfo"
)

// graphQLAttrs are what the access log adds for a GraphQL request: the
// operation's name, the answer's error codes, and the provinces it used
// with their outcome ("HEBEI=CACHED,HUBEI=FAILED:SOURCE_UNAVAILABLE").
func graphQLAttrs(s reqinfo.Snapshot) []slog.Attr {
	var out []slog.Attr
	if s.Parsed {
		out = append(out, slog.String("operation", s.Operation))
	}
	if len(s.Codes) > 0 {
		out = append(out, slog.String("errors", strings.Join(s.Codes, ",")))
	}
	if len(s.Provinces) > 0 {
		parts := make([]string, len(s.Provinces))
		for i, p := range s.Provinces {
			parts[i] = p.Name + "=" + p.Outcome
			if p.Code != "" {
				parts[i] += ":" + p.Code
			}
		}
		out = append(out, slog.String("provinces", strings.Join(parts, ",")))
	}
	return out
}

// recorder remembers the status and size of a response.
type recorder struct {
	http.ResponseWriter
	status int
	bytes  int64
}

func (r *recorder) WriteHeader(code int) {
	if r.status == 0 {
		r.status = code
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	if r.status == 0 {
		r.status = http.StatusOK
	}
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

// Unwrap lets http.ResponseController reach Flush and deadlines.
func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

// accessLog logs one line per request: method, path, status, size and
// duration, and for GraphQL the operation name, the error codes and each
// province touched with its outcome (the request and trace ids come from
// reqinfo's log handler); m, when set, records the GraphQL requests. Only
// the path is logged, never the query string, because GET /graphql
// carries the query and its variables there.
func accessLog(logger *slog.Logger, m *metrics.Registry, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rec := &recorder{ResponseWriter: w}
		next.ServeHTTP(rec, r)
		if rec.status == 0 {
			rec.status = http.StatusOK
		}
		took := time.Since(start)
		observeGraphQL(m, r, rec.status, took)
		level := slog.LevelInfo
		if r.URL.Path == "/healthz" || r.URL.Path == "/readyz" || r.URL.Path == "/metrics" || strings.HasPrefix(r.URL.Path, assetsPath) {
			level = slog.LevelDebug // probes, scrapes and static files would drown the rest
		}
		h := logger.Handler()
		if !h.Enabled(r.Context(), level) {
			return
		}
		// The record is made here rather than by Logger.LogAttrs: no
		// handler logs the source, so the caller's frame need not be
		// looked up, and the clock was just read.
		line := slog.NewRecord(start.Add(took), level, "request", 0)
		line.AddAttrs(
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", took),
		)
		line.AddAttrs(graphQLAttrs(reqinfo.From(r.Context()).Snapshot())...)
		_ = h.Handle(r.Context(), line)
	})
}

// recoverPanics turns a handler panic into a 500 with a generic JSON error;
// the panic value and stack go to the log only, never to the client.
func recoverPanics(logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec, ok := w.(*recorder)
		if !ok {
			rec = &recorder{ResponseWriter: w}
		}
		defer func() {
			v := recover()
			if v == nil {
				return
			}
			if v == http.ErrAbortHandler {
				panic(v) // the server's own signal to drop the connection
			}
			logger.ErrorContext(r.Context(), "handler panic",
				"method", r.Method, "path", r.URL.Path, "panic", v, "stack", string(debug.Stack()))
			if rec.status == 0 {
				writeJSONError(rec, http.StatusInternalServerError, "internal server error", errcode.Internal)
			}
		}()
		next.ServeHTTP(rec, r)
	})
}

// writeJSONError answers in the GraphQL error shape, so GraphQL clients can
// show it like any other error.
func writeJSONError(w http.ResponseWriter, status int, message string, code errcode.Code) {
	errcode.WriteHTTP(w, status, message, code)
}
