package sampleapi_test

import (
	"crypto/rand"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	"github.com/civgraph/civgraph/internal/sampleapi/hebei"
	"github.com/civgraph/civgraph/internal/sampleapi/hubei"
	"github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

// The sizes BenchmarkSitePageScale compares: the bench's default sites
// per province and its scale scenario's.
const (
	smallSites = 10_000
	largeSites = 1_000_000
)

// scaleData holds the datasets of both sizes, loaded once (the large one
// takes seconds and about 2 GB).
var scaleData = sync.OnceValues(func() ([2]*dataset.Dataset, error) {
	var out [2]*dataset.Dataset
	for i, n := range []int{smallSites, largeSites} {
		ds, err := dataset.Load(dataset.Options{SampleSitesPerProvince: n})
		if err != nil {
			return out, err
		}
		out[i] = ds
	}
	return out, nil
})

// sitePage is the request for one page of 20 service sites, as the
// province's connector makes it; query adds the upstream's own sort or
// filter parameters.
type sitePage func(h http.Handler, query string) *http.Request

var sitePages = map[civ.ProvinceCode]struct {
	handler func(*dataset.Dataset) http.Handler // Shanghai's answer nests its page as a JSON string
	request sitePage
	byName  string // the query sorting by site name
}{
	civ.Hebei: {func(ds *dataset.Dataset) http.Handler { return hebei.New(ds, hebei.Options{}) },
		func(_ http.Handler, q string) *http.Request {
			r := httptest.NewRequest(http.MethodGet, hebei.PathServiceSites+"?pageNum=1&pageSize=20"+q, nil)
			r.Header.Set("appKey", hebei.DemoAppKey)
			return r
		}, "&orderByColumn=csmc"},
	civ.Hubei: {func(ds *dataset.Dataset) http.Handler { return hubei.New(ds, hubei.Options{}) },
		func(_ http.Handler, q string) *http.Request {
			r := httptest.NewRequest(http.MethodPost, "/ebus/mz/sites/query", strings.NewReader(`{"pageNo":1,"pageSize":20`+q+`}`))
			ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), rand.Text()
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("x-tif-paasid", hubei.DemoPaasID)
			r.Header.Set("x-tif-timestamp", ts)
			r.Header.Set("x-tif-nonce", nonce)
			r.Header.Set("x-tif-signature", hubei.Signature(ts, hubei.DemoToken, nonce))
			return r
		}, `,"sortField":"siteName"`},
	civ.Shanghai: {func(ds *dataset.Dataset) http.Handler { return shanghai.New(ds, shanghai.Options{}) },
		func(_ http.Handler, q string) *http.Request {
			r := httptest.NewRequest(http.MethodPost, shanghai.PathServiceSites, strings.NewReader(`{"limit":20,"offset":0`+q+`}`))
			r.Header.Set("Content-Type", "application/json")
			r.Header.Set("token", shanghai.DemoToken)
			return r
		}, `,"orderBy":"orgName"`},
}

// BenchmarkSitePageScale times a page of 20 sites from each sample
// upstream at 10,000 and at 1,000,000 sites per province in the same
// iterations and reports both and their ratio (large/small), for the
// unfiltered page the bench's scale scenario asks for and for the same
// page sorted by name.
func BenchmarkSitePageScale(b *testing.B) {
	data, err := scaleData()
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range []civ.ProvinceCode{civ.Hebei, civ.Hubei, civ.Shanghai} {
		sp := sitePages[p]
		hs := [2]http.Handler{sp.handler(data[0]), sp.handler(data[1])}
		for _, c := range []struct{ name, query string }{{"page", ""}, {"by-name", sp.byName}} {
			b.Run(strings.ToLower(string(p))+"/"+c.name, func(b *testing.B) {
				var took [2]time.Duration
				totals := [2]string{}
				for i, ds := range data {
					totals[i] = `"total":` + strconv.Itoa(len(ds.Province(p).ServiceSites))
				}
				for _, h := range hs {
					// The first sorted request builds the order's index once.
					h.ServeHTTP(httptest.NewRecorder(), sp.request(h, c.query))
				}
				for b.Loop() {
					for i, h := range hs {
						req := sp.request(h, c.query)
						rec := httptest.NewRecorder()
						start := time.Now()
						h.ServeHTTP(rec, req)
						took[i] += time.Since(start)
						if rec.Code != http.StatusOK || !strings.Contains(strings.ReplaceAll(rec.Body.String(), `\"`, `"`), totals[i]) {
							b.Fatalf("%d sites: HTTP %d, no %s in the answer", []int{smallSites, largeSites}[i], rec.Code, totals[i])
						}
					}
				}
				small, large := took[0].Seconds()*1e3/float64(b.N), took[1].Seconds()*1e3/float64(b.N)
				b.ReportMetric(small, "ms/page-10k")
				b.ReportMetric(large, "ms/page-1M")
				b.ReportMetric(large/small, "large/small")
			})
		}
	}
}
