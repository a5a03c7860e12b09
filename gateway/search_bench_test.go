package gateway

import (
	"testing"
)

// BenchmarkSearch measures a first page of search hits over every type
// and province, answered from the connectors' caches (what a search box
// typing on costs once the candidates are cached), next to the same
// page of a list with the same keyword, and reports the ratio.
//
//	go test ./gateway -run '^$' -bench BenchmarkSearch -benchtime 200x
func BenchmarkSearch(b *testing.B) {
	g, _ := cachedGateway(b)
	const search = `{"query":"{ search(text: \"长者 食堂\", first: 20) { totalCount edges { score snippet { field text highlights { start end } } node { __typename ... on ServiceSite { id name } ... on Task { id title } } } } }"}`
	const list = `{"query":"{ serviceSites(filter: {keyword: \"长者 食堂\"}, first: 20) { totalCount edges { node { id name } } } }"}`
	var searchNs, listNs float64
	b.Run("search", func(b *testing.B) {
		for b.Loop() {
			serveBody(b, g.handler, search)
		}
		searchNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	b.Run("list", func(b *testing.B) {
		for b.Loop() {
			serveBody(b, g.handler, list)
		}
		listNs = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
	})
	if listNs > 0 {
		b.Logf("cached search page %.2f ms, cached keyword list page %.2f ms: search/list %.1f×", searchNs/1e6, listNs/1e6, searchNs/listNs)
	}
}
