package bench

import (
	"crypto/rand"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/internal/sampleapi"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
	samplehubei "github.com/civgraph/civgraph/internal/sampleapi/hubei"
	samplejiangsu "github.com/civgraph/civgraph/internal/sampleapi/jiangsu"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"

	vegeta "github.com/tsenart/vegeta/v12/lib"
)

// upstreamTargeter calls province ps' sample APIs directly, in turn, for
// a page of rows service sites: the request a connector makes for such a
// page (Jiangsu publishes its sites only as a bulk file; its direct call
// is the conditional GET that revalidates it). Hubei's requests are signed
// afresh each time, as its gateway refuses a reused nonce.
func upstreamTargeter(base string, ps []civ.ProvinceCode, rows int) vegeta.Targeter {
	n := strconv.Itoa(rows)
	var i uint64
	return func(t *vegeta.Target) error {
		p := ps[i%uint64(len(ps))]
		i++
		url := base + sampleapi.Prefix[p]
		h := http.Header{}
		*t = vegeta.Target{Method: http.MethodGet, Header: h}
		switch p {
		case civ.Hebei:
			t.URL = url + samplehebei.PathServiceSites + "?pageNum=1&pageSize=" + n
			h.Set("appKey", samplehebei.DemoAppKey)
		case civ.Hubei:
			t.Method, t.URL = http.MethodPost, url+"/ebus/mz/sites/query"
			t.Body = []byte(`{"pageNo":1,"pageSize":` + n + `}`)
			ts, nonce := strconv.FormatInt(time.Now().Unix(), 10), rand.Text()
			h.Set("Content-Type", "application/json")
			h.Set("x-tif-paasid", samplehubei.DemoPaasID)
			h.Set("x-tif-timestamp", ts)
			h.Set("x-tif-nonce", nonce)
			h.Set("x-tif-signature", samplehubei.Signature(ts, samplehubei.DemoToken, nonce))
		case civ.Jiangsu:
			t.URL = url + samplejiangsu.BulkSitesPath
			h.Set("Authorization", "Bearer "+samplejiangsu.DemoToken)
			h.Set("If-None-Match", "*")
		case civ.Shanghai:
			t.Method, t.URL = http.MethodPost, url+sampleshanghai.PathServiceSites
			t.Body = []byte(`{"limit":` + n + `,"offset":0}`)
			h.Set("Content-Type", "application/json")
			h.Set("token", sampleshanghai.DemoToken)
		}
		return nil
	}
}

// provinceOf names the province a direct upstream URL belongs to.
func provinceOf(base string) func(url string) string {
	return func(url string) string {
		rest := strings.TrimPrefix(url, base)
		for _, p := range civ.AllProvinces {
			if strings.HasPrefix(rest, sampleapi.Prefix[p]+"/") {
				return string(p)
			}
		}
		return "?"
	}
}
