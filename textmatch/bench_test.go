package textmatch_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/textmatch"
)

// benchRows are site-like rows: a name and an address, most without the
// query's words.
func benchRows(n int) [][2]string {
	districts := []string{"徐汇区", "浦东新区", "静安区", "黄浦区", "闵行区", "江汉区", "鼓楼区", "桥西区"}
	kinds := []string{"社区长者食堂", "老年助餐点", "婚姻登记处", "综合为老服务中心", "殡仪馆", "养老院", "救助管理站"}
	rows := make([][2]string, n)
	for i := range rows {
		d, k := districts[i%len(districts)], kinds[(i/len(districts))%len(kinds)]
		rows[i] = [2]string{fmt.Sprintf("%s第%d%s（示例）", d, i, k), fmt.Sprintf("%s%d号路%d弄", d, i%997, i%31)}
	}
	return rows
}

// BenchmarkKeyword compares, over the same 100,000 rows, a scan with
// Match on every row against the index's candidates confirmed by Match,
// and prints the ratio. The old substring filter is there for scale.
func BenchmarkKeyword(b *testing.B) {
	rows := benchRows(100_000)
	ix := textmatch.NewIndex()
	for _, r := range rows {
		ix.Add(r[0], r[1])
	}
	for _, query := range []string{"长者 食堂", "婚姻登记", "助餐"} {
		q := textmatch.Compile(query)
		var scan, indexed, substring float64
		b.Run("scan/"+query, func(b *testing.B) {
			for b.Loop() {
				n := 0
				for _, r := range rows {
					if q.Match(r[0], r[1]) {
						n++
					}
				}
			}
			scan = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		})
		b.Run("index/"+query, func(b *testing.B) {
			for b.Loop() {
				cands, _ := ix.Candidates(q)
				n := 0
				for _, c := range cands {
					if q.Match(rows[c][0], rows[c][1]) {
						n++
					}
				}
			}
			indexed = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		})
		b.Run("substring/"+query, func(b *testing.B) {
			k := strings.ToLower(query)
			for b.Loop() {
				n := 0
				for _, r := range rows {
					if strings.Contains(strings.ToLower(r[0]), k) || strings.Contains(strings.ToLower(r[1]), k) {
						n++
					}
				}
			}
			substring = float64(b.Elapsed().Nanoseconds()) / float64(b.N)
		})
		if indexed > 0 && substring > 0 {
			b.Logf("%s over %d rows: scan %.1f ms, index %.2f ms (%.0f× faster), substring scan %.1f ms (scan/substring %.1f×)",
				query, len(rows), scan/1e6, indexed/1e6, scan/indexed, substring/1e6, scan/substring)
		}
	}
}
