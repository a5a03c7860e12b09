package reqinfo_test

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel/trace"

	"github.com/civgraph/civgraph/reqinfo"
)

func TestValidID(t *testing.T) {
	for _, c := range []struct {
		id   string
		want bool
	}{
		{"abc-123", true},
		{"3fa85f64-5717-4562-b3fc-2c963f66afa6", true},
		{"01ARZ3NDEKTSV4RRFFQ69G5FAV", true},
		{"req_1.2:3", true},
		{strings.Repeat("a", reqinfo.MaxIDLength), true},
		{"", false},
		{strings.Repeat("a", reqinfo.MaxIDLength+1), false},
		{"a b", false},
		{"a\nlevel=ERROR msg=forged", false},
		{`a"b`, false},
		{"编号1", false},
		{"a\x00", false},
		{"<script>", false},
	} {
		if got := reqinfo.ValidID(c.id); got != c.want {
			t.Errorf("ValidID(%q) = %v, want %v", c.id, got, c.want)
		}
	}
}

func TestNewIDIsValidAndFresh(t *testing.T) {
	a, b := reqinfo.NewID(), reqinfo.NewID()
	if !reqinfo.ValidID(a) || len(a) != 32 || a == b {
		t.Errorf("NewID gave %q and %q", a, b)
	}
}

func TestInfoCollectsConcurrently(t *testing.T) {
	ctx, info := reqinfo.New(context.Background(), "id-1")
	var wg sync.WaitGroup
	for i := range 20 {
		wg.Go(func() { info.AddCode([]string{"A", "B"}[i%2]) })
	}
	wg.Wait()
	reqinfo.From(ctx).SetOperation("")
	reqinfo.From(ctx).SetProvinces([]reqinfo.Province{{Name: "HUBEI", Outcome: "FAILED", Code: "SOURCE_TIMEOUT"}})
	s := info.Snapshot()
	if s.ID != "id-1" || !s.Parsed || s.Operation != "" || len(s.Codes) != 2 || len(s.Provinces) != 1 || s.HasData {
		t.Errorf("snapshot %+v", s)
	}
	var none *reqinfo.Info // outside a request: writes are ignored
	none.AddCode("X")
	if s := none.Snapshot(); s.Parsed || len(s.Codes) != 0 {
		t.Errorf("nil Info kept %+v", s)
	}
	if reqinfo.ID(context.Background()) != "" {
		t.Error("a context without Info has an id")
	}
}

func TestLogHandlerAddsRequestAndTraceIDs(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(reqinfo.NewLogHandler(reqinfo.NewLogHandler(slog.NewJSONHandler(&buf, nil))))
	ctx, _ := reqinfo.New(context.Background(), "req-7")
	tid, _ := trace.TraceIDFromHex("4bf92f3577b34da6a3ce929d0e0e4736")
	sid, _ := trace.SpanIDFromHex("00f067aa0ba902b7")
	ctx = trace.ContextWithSpanContext(ctx, trace.NewSpanContext(trace.SpanContextConfig{TraceID: tid, SpanID: sid}))
	logger.With("k", "v").InfoContext(ctx, "inside")
	logger.Info("outside")
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	if len(lines) != 2 {
		t.Fatalf("got %d lines: %s", len(lines), buf.String())
	}
	var in, out map[string]any
	if err := json.Unmarshal([]byte(lines[0]), &in); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(lines[1]), &out); err != nil {
		t.Fatal(err)
	}
	if in["request_id"] != "req-7" || in["trace_id"] != tid.String() || in["span_id"] != sid.String() || in["k"] != "v" {
		t.Errorf("request-scoped line %v", in)
	}
	if strings.Count(lines[0], "request_id") != 1 {
		t.Errorf("wrapped twice, request_id twice: %s", lines[0])
	}
	if _, ok := out["request_id"]; ok {
		t.Errorf("line without a request has a request_id: %v", out)
	}
}
