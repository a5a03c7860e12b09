package execlimit

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
)

// run executes one operation through the guard: fields are called with the
// operation's context, then the response handler builds the answer from
// data.
func run(t *testing.T, g Guard, ctx context.Context, fields func(ctx context.Context), data string) *graphql.Response {
	t.Helper()
	handler := g.InterceptOperation(ctx, func(ctx context.Context) graphql.ResponseHandler {
		fields(ctx)
		return func(context.Context) *graphql.Response {
			return &graphql.Response{Data: json.RawMessage(data)}
		}
	})
	return handler(ctx)
}

func resolved(v any) graphql.Resolver {
	return func(context.Context) (any, error) { return v, nil }
}

func codeOf(resp *graphql.Response) string {
	if len(resp.Errors) != 1 {
		return ""
	}
	c, _ := resp.Errors[0].Extensions["code"].(string)
	return c
}

func TestFieldsRunWhileTheOperationLives(t *testing.T) {
	resp := run(t, Guard{MaxResponseBytes: 1 << 20}, context.Background(), func(ctx context.Context) {
		v, err := g().InterceptField(ctx, resolved("湖北省"))
		if v != "湖北省" || err != nil {
			t.Errorf("field = %v, %v; want it resolved", v, err)
		}
	}, `{"name":"湖北省"}`)
	if len(resp.Errors) != 0 || string(resp.Data) != `{"name":"湖北省"}` {
		t.Fatalf("answer %s %v, want the data untouched", resp.Data, resp.Errors)
	}
}

func g() Guard { return Guard{MaxResponseBytes: 1 << 20} }

func TestNoFieldStartsAfterTheDeadline(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 0)
	defer cancel()
	started := false
	resp := run(t, g(), ctx, func(ctx context.Context) {
		_, err := g().InterceptField(ctx, func(context.Context) (any, error) { started = true; return "x", nil })
		if !errors.Is(err, ErrStopped) {
			t.Errorf("field after the deadline: err %v, want ErrStopped", err)
		}
	}, `{"partial":true}`)
	if started {
		t.Error("a field started after the deadline")
	}
	if codeOf(resp) != "REQUEST_TIMEOUT" || string(resp.Data) != "null" {
		t.Fatalf("answer %s %v, want data null and one REQUEST_TIMEOUT", resp.Data, resp.Errors)
	}
}

func TestALargeListStopsTheOperation(t *testing.T) {
	guard := Guard{MaxResponseBytes: 100}
	resp := run(t, guard, context.Background(), func(ctx context.Context) {
		if _, err := guard.InterceptField(ctx, resolved(strings.Repeat("长", 60))); err != nil {
			t.Fatal(err)
		}
		// The limit is passed: the next field does not start.
		if _, err := guard.InterceptField(ctx, resolved("more")); !errors.Is(err, ErrStopped) {
			t.Errorf("field after the limit: err %v, want ErrStopped", err)
		}
	}, `{"big":"…"}`)
	if codeOf(resp) != "RESPONSE_TOO_LARGE" || resp.Errors[0].Extensions["limit"] != int64(100) {
		t.Fatalf("answer %v, want RESPONSE_TOO_LARGE with its limit", resp.Errors)
	}
}

func TestEncodedDataOverTheLimitIsReplacedToo(t *testing.T) {
	resp := run(t, Guard{MaxResponseBytes: 10}, context.Background(), func(context.Context) {},
		`{"estimateMissedThis":"0123456789"}`)
	if codeOf(resp) != "RESPONSE_TOO_LARGE" {
		t.Fatalf("answer %v, want RESPONSE_TOO_LARGE", resp.Errors)
	}
}

func TestEstimate(t *testing.T) {
	s := "abc"
	for _, c := range []struct {
		v    any
		want int64
	}{
		{nil, 4}, {"abc", 5}, {&s, 5}, {(*string)(nil), 4}, {[]string{"a", "bc"}, 2 + 4 + 5}, {true, 5}, {42, 8},
	} {
		if got := estimate(c.v); got != c.want {
			t.Errorf("estimate(%#v) = %d, want %d", c.v, got, c.want)
		}
	}
}
