package gateway

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/civgraph/civgraph/config"
)

// The execution-path benchmarks run the queries of `civgraph bench`'s
// cached-4-exec, page-100 and nested scenarios through the handler, with
// the connectors' caches warm and the whole-response cache off, so that
// allocs/op and the profiles show the gateway's own execution and
// encoding only:
//
//	go test ./gateway -run '^$' -bench ExecPath -benchmem -benchtime 300x

const execSiteFields = `id name type address region { code name } location { lat lng } capacity sample`

func BenchmarkExecPathPage20(b *testing.B) {
	benchExec(b, `{ serviceSites(first: 20) { totalCount edges { cursor node { `+execSiteFields+` } } pageInfo { hasNextPage endCursor } } }`)
}

func BenchmarkExecPathPage100(b *testing.B) {
	benchExec(b, `{ serviceSites(first: 100) { totalCount edges { cursor node { `+execSiteFields+` } } pageInfo { hasNextPage endCursor } } }`)
}

func BenchmarkExecPathNested(b *testing.B) {
	benchExec(b, `{ tasks(first: 20) { totalCount edges { node { id title due { text } province { code name } origin { ... on Meeting { id title } ... on PolicyDocument { id title } } targets { metric value unit } } } } }`)
}

// BenchmarkExecPathCold is the cold-4 query with the connectors' caches
// off (TTL 0): every request goes to the four upstreams.
func BenchmarkExecPathCold(b *testing.B) {
	benchExecTTL(b, `{ serviceSites(first: 20) { totalCount edges { cursor node { `+execSiteFields+` } } pageInfo { hasNextPage endCursor } } }`, 0)
}

func benchExec(b *testing.B, query string) { benchExecTTL(b, query, time.Hour) }

func benchExecTTL(b *testing.B, query string, ttl time.Duration) {
	cfg := config.Default()
	cfg.GraphQL.CursorSecret = "bench"
	cfg.ResponseCache.MaxBytes = 0
	for _, s := range []*config.SourceConfig{&cfg.Sources.Hebei.SourceConfig, &cfg.Sources.Hubei.SourceConfig, &cfg.Sources.Jiangsu.SourceConfig, &cfg.Sources.Shanghai.SourceConfig} {
		s.CacheTTL = ttl
	}
	UseSampleUpstreams(b, &cfg)
	g, err := New(context.Background(), cfg, nil)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { _ = g.Close() })
	q, _ := json.Marshal(query)
	body := `{"query":` + string(q) + `}`
	serveBody(b, g.handler, body) // warm the connectors' caches
	b.ReportAllocs()
	for b.Loop() {
		serveBody(b, g.handler, body)
	}
}
