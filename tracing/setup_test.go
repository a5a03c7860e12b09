package tracing_test

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/tracing"
)

func envOf(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

func TestFromEnvIsOffByDefault(t *testing.T) {
	for _, env := range []map[string]string{
		{},
		{"OTEL_TRACES_EXPORTER": "none", "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"},
		{"OTEL_SDK_DISABLED": "true", "OTEL_TRACES_EXPORTER": "console"},
		{"OTEL_SERVICE_NAME": "x"},
	} {
		tp, err := tracing.FromEnv(context.Background(), envOf(env), nil, "v0")
		if err != nil || tp != nil {
			t.Errorf("%v: provider %v, err %v; want off", env, tp, err)
		}
	}
	if tracing.New(nil) != nil {
		t.Error("New(nil) is not tracing off")
	}
}

func TestFromEnvRefusesWhatItCannotDo(t *testing.T) {
	for _, env := range []map[string]string{
		{"OTEL_TRACES_EXPORTER": "zipkin"},
		{"OTEL_TRACES_EXPORTER": "otlp", "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc"},
	} {
		if _, err := tracing.FromEnv(context.Background(), envOf(env), nil, "v0"); err == nil {
			t.Errorf("%v accepted", env)
		}
	}
}

func TestFromEnvConsoleWritesSpans(t *testing.T) {
	var out bytes.Buffer
	t.Setenv("OTEL_SERVICE_NAME", "civgraph-test")
	tp, err := tracing.FromEnv(context.Background(), envOf(map[string]string{"OTEL_TRACES_EXPORTER": "console"}), &out, "v1.2.3")
	if err != nil || tp == nil {
		t.Fatalf("provider %v, err %v", tp, err)
	}
	_, span := tp.Tracer("test").Start(context.Background(), "hello")
	span.End()
	if err := tp.Shutdown(context.Background()); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"Name":"hello"`, `"civgraph-test"`, `"v1.2.3"`} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("console output lacks %s:\n%s", want, out.String())
		}
	}
}

func TestFromEnvOTLPWithEndpoint(t *testing.T) {
	t.Setenv("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318")
	tp, err := tracing.FromEnv(context.Background(), envOf(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:4318"}), nil, "v0")
	if err != nil || tp == nil {
		t.Fatalf("an OTLP endpoint alone should turn tracing on: %v, %v", tp, err)
	}
	// Nothing listens there: shutting down must still end.
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	_ = tp.Shutdown(ctx)
}
