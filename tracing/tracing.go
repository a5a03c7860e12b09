package tracing

import (
	"context"
	"net/http"
	"strings"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/contrib/instrumentation/net/http/otelhttp"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/trace"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/reqinfo"
)

// InstrumentationName names the gateway's tracer.
const InstrumentationName = "github.com/civgraph/civgraph"

// Attribute keys of the gateway's own spans.
const (
	AttrProvince  = attribute.Key("civgraph.province")
	AttrSource    = attribute.Key("civgraph.source.state") // FRESH, CACHED, STALE
	AttrErrorCode = attribute.Key("civgraph.error.code")
	AttrRows      = attribute.Key("civgraph.rows")
	AttrRequestID = attribute.Key("civgraph.request_id")
)

// maxNameLength bounds the operation name a span name and attribute carry.
const maxNameLength = 100

// upstreamPropagator sends the W3C traceparent and tracestate upstream,
// never baggage: a client's baggage is no business of a province.
var upstreamPropagator = propagation.TraceContext{}

// Tracer makes the gateway's spans. A nil *Tracer makes none and wraps
// nothing, which is tracing off.
type Tracer struct {
	tp     trace.TracerProvider
	tracer trace.Tracer
}

// New returns a Tracer using tp, or nil when tp is nil.
func New(tp trace.TracerProvider) *Tracer {
	if tp == nil {
		return nil
	}
	return &Tracer{tp: tp, tracer: tp.Tracer(InstrumentationName)}
}

// Transport wraps next so that each HTTP attempt to province's upstream is
// a client span, child of the span in the request's context, and carries
// the trace context upstream. Retries are attempts of their own.
func (t *Tracer) Transport(p civ.ProvinceCode, next http.RoundTripper) http.RoundTripper {
	if t == nil {
		return next
	}
	return otelhttp.NewTransport(next,
		otelhttp.WithTracerProvider(t.tp),
		otelhttp.WithPropagators(upstreamPropagator),
		otelhttp.WithSpanNameFormatter(func(_ string, r *http.Request) string {
			return "upstream " + string(p) + " " + r.Method
		}),
		otelhttp.WithSpanOptions(trace.WithAttributes(AttrProvince.String(string(p)))),
	)
}

// Source wraps src so that each of its calls is a span named after the
// province and the list ("HUBEI Meetings"), with the answer's provenance
// or the error's code.
func (t *Tracer) Source(src connectors.Source) connectors.Source {
	if t == nil {
		return src
	}
	return &tracedSource{Source: src, tracer: t.tracer}
}

type tracedSource struct {
	connectors.Source
	tracer trace.Tracer
}

func traced[T any](s *tracedSource, ctx context.Context, list string, call func(context.Context) (connectors.Result[T], error)) (connectors.Result[T], error) {
	p := string(s.Province())
	ctx, span := s.tracer.Start(ctx, p+" "+list, trace.WithAttributes(AttrProvince.String(p)))
	defer span.End()
	res, err := call(ctx)
	if err != nil {
		if ue, ok := connectors.AsUpstreamError(err); ok {
			span.SetAttributes(AttrErrorCode.String(string(ue.Code)))
			span.SetStatus(codes.Error, string(ue.Code)) // the code, never the cause: it may hold URLs
		} else {
			span.SetStatus(codes.Error, "failed")
		}
		return res, err
	}
	state := "FRESH"
	switch {
	case res.Meta.Stale:
		state = "STALE"
	case res.Meta.Cached:
		state = "CACHED"
	}
	span.SetAttributes(AttrSource.String(state), AttrRows.Int(len(res.Items)))
	return res, err
}

func (s *tracedSource) Meetings(ctx context.Context, q connectors.Query) (connectors.Result[civ.Meeting], error) {
	return traced(s, ctx, "Meetings", func(ctx context.Context) (connectors.Result[civ.Meeting], error) { return s.Source.Meetings(ctx, q) })
}

func (s *tracedSource) PolicyDocuments(ctx context.Context, q connectors.Query) (connectors.Result[civ.PolicyDocument], error) {
	return traced(s, ctx, "PolicyDocuments", func(ctx context.Context) (connectors.Result[civ.PolicyDocument], error) {
		return s.Source.PolicyDocuments(ctx, q)
	})
}

func (s *tracedSource) Tasks(ctx context.Context, q connectors.Query) (connectors.Result[civ.Task], error) {
	return traced(s, ctx, "Tasks", func(ctx context.Context) (connectors.Result[civ.Task], error) { return s.Source.Tasks(ctx, q) })
}

func (s *tracedSource) ServiceSites(ctx context.Context, q connectors.Query) (connectors.Result[civ.ServiceSite], error) {
	return traced(s, ctx, "ServiceSites", func(ctx context.Context) (connectors.Result[civ.ServiceSite], error) {
		return s.Source.ServiceSites(ctx, q)
	})
}

// Extension returns the gqlgen extension making one span per GraphQL
// operation ("query Sites"), child of the client's span when it sent a
// traceparent. Requests refused before execution get one too.
func (t *Tracer) Extension() graphql.HandlerExtension { return extension{t} }

type extension struct{ t *Tracer }

func (extension) ExtensionName() string                   { return "Tracing" }
func (extension) Validate(graphql.ExecutableSchema) error { return nil }

func (e extension) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if e.t == nil {
		return next(ctx)
	}
	kind, name := "", ""
	if graphql.HasOperationContext(ctx) {
		oc := graphql.GetOperationContext(ctx)
		name = oc.OperationName
		if oc.Operation != nil {
			kind = string(oc.Operation.Operation)
			if name == "" {
				name = oc.Operation.Name
			}
		}
	}
	if len(name) > maxNameLength { // a client's name: keep span names short
		name = name[:maxNameLength]
	}
	spanName := strings.TrimSpace(kind + " " + name)
	if spanName == "" {
		spanName = "graphql"
	}
	attrs := []attribute.KeyValue{attribute.String("graphql.operation.name", name), attribute.String("graphql.operation.type", kind)}
	if id := reqinfo.ID(ctx); id != "" {
		attrs = append(attrs, AttrRequestID.String(id))
	}
	ctx, span := e.t.tracer.Start(ctx, spanName, trace.WithSpanKind(trace.SpanKindServer), trace.WithAttributes(attrs...))
	defer span.End()
	resp := next(ctx)
	if resp == nil {
		return resp
	}
	var errCodes []string
	for _, err := range resp.Errors {
		if c, ok := err.Extensions["code"].(string); ok {
			errCodes = append(errCodes, c)
		}
	}
	if len(errCodes) > 0 {
		span.SetAttributes(attribute.StringSlice("graphql.error.codes", errCodes))
		if len(resp.Data) == 0 || string(resp.Data) == "null" {
			span.SetStatus(codes.Error, errCodes[0])
		}
	}
	return resp
}

var _ interface {
	graphql.HandlerExtension
	graphql.ResponseInterceptor
} = extension{}
