package server

import (
	"net/http"

	"go.opentelemetry.io/otel/propagation"

	"github.com/civgraph/civgraph/errcode"
	"github.com/civgraph/civgraph/reqinfo"
)

// traceContext reads the client's W3C traceparent and tracestate: the
// gateway's spans join the client's trace, and the log's trace_id is the
// client's even with tracing off. Baggage is not taken: it would travel
// on to the provinces' upstreams.
var traceContext = propagation.TraceContext{}

// withRequestInfo gives every request an id and a reqinfo.Info in its
// context. The id is the client's X-Request-Id when reqinfo.ValidID
// accepts it, else a fresh one (a hostile id is replaced, never echoed);
// it is sent back in the X-Request-Id response header, which is also where
// errcode.WriteHTTP finds it for its errors' extensions.requestId.
func withRequestInfo(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		id := r.Header.Get(reqinfo.Header)
		if !reqinfo.ValidID(id) {
			id = reqinfo.NewID()
		}
		w.Header().Set(reqinfo.Header, id)
		ctx, _ := reqinfo.New(r.Context(), id)
		if r.Header.Get("Traceparent") != "" {
			ctx = traceContext.Extract(ctx, propagation.HeaderCarrier(r.Header))
		}
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// refuse answers a request the gateway will not run and notes the code
// for the access log and the refusal metrics.
func refuse(w http.ResponseWriter, r *http.Request, status int, message string, code errcode.Code) {
	reqinfo.From(r.Context()).AddCode(string(code))
	writeJSONError(w, status, message, code)
}
