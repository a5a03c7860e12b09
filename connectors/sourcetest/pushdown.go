package sourcetest

import (
	"bytes"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
)

// Exchange is one request a connector made of its upstream and the
// answer's body.
type Exchange struct {
	Request  string // method, URI and body: what the upstream was asked
	Response []byte
}

// Log records exchanges with an upstream.
type Log struct {
	mu        sync.Mutex
	exchanges []Exchange
}

// Wrap records every exchange h serves.
func (l *Log) Wrap(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		rec := &teeWriter{ResponseWriter: w}
		h.ServeHTTP(rec, r)
		l.mu.Lock()
		defer l.mu.Unlock()
		l.exchanges = append(l.exchanges, Exchange{Request: r.Method + " " + r.URL.RequestURI() + "\n" + string(body), Response: rec.body.Bytes()})
	})
}

// Len is the number of exchanges so far, a mark for Since.
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.exchanges)
}

// Since returns the exchanges after mark.
func (l *Log) Since(mark int) []Exchange {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]Exchange(nil), l.exchanges[mark:]...)
}

type teeWriter struct {
	http.ResponseWriter
	body bytes.Buffer
}

func (w *teeWriter) Write(b []byte) (int, error) {
	w.body.Write(b)
	return w.ResponseWriter.Write(b)
}

// checkPushDown proves what e's Capabilities say of field. A declared
// field must reach every request the connector makes for a filter on it
// (no request equals one of the unfiltered walk), and the upstream's
// answers must hold no row the filter excludes. An undeclared field must
// not reach the upstream (every request is one of the unfiltered walk's):
// the connector applies it itself. Either way the rows must be the
// reference semantics' rows.
// unfiltered holds the requests of an unfiltered walk.
func checkPushDown[T any](t *testing.T, s suite, e entity[T], field connectors.FilterField, unfiltered map[string]bool) {
	if _, sites := any(e.rows).([]civ.ServiceSite); !sites && (field == connectors.FilterNear || field == connectors.FilterBox) {
		t.Skip("only service sites have a location; the schema offers near and bbox on them alone")
	}
	f := probe(e, field)
	mark := s.log.Len()
	want := Matching(e.rows, func(r T) bool { return e.match(f, r) })
	checkWalk(t, e, f, 100, want, s.h.Same)
	exchanges := s.log.Since(mark)
	if !e.pushed.Has(field) {
		for _, x := range exchanges {
			if !unfiltered[x.Request] {
				t.Fatalf("%s is not declared pushed down, yet the filter %+v changed the upstream request:\n%s", field, f, x.Request)
			}
		}
		return
	}
	if len(exchanges) == 0 {
		t.Fatalf("%s is declared pushed down, but the filter %+v reached no upstream", field, f)
	}
	for _, x := range exchanges {
		if unfiltered[x.Request] {
			t.Fatalf("%s is declared pushed down, but a request for the filter %+v does not carry it:\n%s", field, f, x.Request)
		}
	}
	for _, r := range e.rows {
		if e.match(f, r) {
			continue
		}
		for _, x := range exchanges {
			if containsID(x.Response, e.id(r)) {
				t.Fatalf("%s is declared pushed down, but the upstream answered the filter %+v with row %s, which does not match", field, f, e.id(r))
			}
		}
	}
}

// requestsOf returns the requests made of the upstream while do runs.
func requestsOf(t *testing.T, log *Log, do func()) map[string]bool {
	t.Helper()
	mark := log.Len()
	do()
	out := map[string]bool{}
	for _, x := range log.Since(mark) {
		out[x.Request] = true
	}
	return out
}

// containsID reports whether id stands in body as a whole token, not as
// the prefix of a longer id.
func containsID(body []byte, id string) bool {
	for rest := body; ; {
		i := bytes.Index(rest, []byte(id))
		if i < 0 {
			return false
		}
		rest = rest[i+len(id):]
		if len(rest) == 0 || !isIDByte(rest[0]) {
			return true
		}
	}
}

func isIDByte(b byte) bool {
	return b == '-' || b == '_' || '0' <= b && b <= '9' || 'A' <= b && b <= 'Z' || 'a' <= b && b <= 'z'
}

// capitals are the four provinces' capitals (WGS-84): Shijiazhuang,
// Shanghai, Nanjing, Wuhan.
var capitals = []civ.GeoPoint{{Lat: 38.0428, Lng: 114.5149}, {Lat: 31.2304, Lng: 121.4737}, {Lat: 32.0603, Lng: 118.7969}, {Lat: 30.5928, Lng: 114.3055}}

// probe picks a filter on field alone, preferring a value that keeps some
// of e's rows and drops others, so the proof can see both.
func probe[T any](e entity[T], field connectors.FilterField) civ.Filter {
	var candidates []civ.Filter
	var days []civ.Filter
	for _, d := range []time.Time{day(2024, 3, 1), day(2024, 9, 15), day(2023, 9, 1), day(2025, 1, 1), day(2023, 1, 1)} {
		days = append(days, civ.Filter{From: d})
	}
	switch field {
	case connectors.FilterID:
		if len(e.rows) > 0 {
			candidates = append(candidates, civ.Filter{ID: e.id(e.rows[len(e.rows)/2])})
		}
		candidates = append(candidates, civ.Filter{ID: "NO-SUCH-ID"})
	case connectors.FilterFrom:
		candidates = days
	case connectors.FilterTo:
		for _, d := range days {
			candidates = append(candidates, civ.Filter{To: d.From})
		}
	case connectors.FilterDomain:
		for _, d := range civ.AllDomains {
			candidates = append(candidates, civ.Filter{Domain: d})
		}
	case connectors.FilterSiteType:
		for _, st := range civ.AllSiteTypes {
			candidates = append(candidates, civ.Filter{SiteType: st})
		}
	case connectors.FilterRegionCode:
		for _, code := range []string{"130400", "130408", "420100", "420000", "320400", "320000", "310100", "310115", "310000", "130000"} {
			candidates = append(candidates, civ.Filter{RegionCode: code})
		}
	case connectors.FilterKeyword:
		for _, k := range []string{"社区", "养老", "助餐", "服务", "会议"} {
			candidates = append(candidates, civ.Filter{Keyword: k})
		}
	case connectors.FilterIDs:
		if len(e.rows) > 0 {
			candidates = append(candidates, civ.Filter{IDs: []string{e.id(e.rows[0]), "NO-SUCH-ID", e.id(e.rows[len(e.rows)/2])}})
		}
		candidates = append(candidates, civ.Filter{IDs: []string{"NO-SUCH-ID"}})
	case connectors.FilterOriginIDs:
		var tasks []civ.Task
		for _, r := range e.rows {
			if x, ok := any(r).(civ.Task); ok {
				tasks = append(tasks, x)
			}
		}
		candidates = append(candidates, civ.Filter{OriginIDs: originIDs(tasks)})
	case connectors.FilterDomains:
		for i := range civ.AllDomains {
			candidates = append(candidates, civ.Filter{Domains: []civ.Domain{civ.AllDomains[i], civ.AllDomains[(i+3)%len(civ.AllDomains)]}})
		}
	case connectors.FilterSiteTypes:
		for i := range civ.AllSiteTypes {
			candidates = append(candidates, civ.Filter{SiteTypes: []civ.SiteType{civ.AllSiteTypes[i], civ.AllSiteTypes[(i+2)%len(civ.AllSiteTypes)]}})
		}
	case connectors.FilterRegions:
		for _, codes := range [][]string{{"130400", "420100"}, {"320400", "310115"}, {"310100", "130000"}, {"420000", "320000"}} {
			candidates = append(candidates, civ.Filter{RegionCodes: codes})
		}
	case connectors.FilterTargetFrom, connectors.FilterTargetTo:
		for _, d := range days {
			d := d.From
			if field == connectors.FilterTargetFrom {
				candidates = append(candidates, civ.Filter{TargetDueFrom: &d})
			} else {
				candidates = append(candidates, civ.Filter{TargetDueTo: &d})
			}
		}
	case connectors.FilterTargetKey:
		for _, k := range []string{"食堂", "助餐", "canteen", "meals"} {
			candidates = append(candidates, civ.Filter{TargetMetric: k})
		}
	case connectors.FilterUndated:
		// Alone it changes nothing; with a range it lets undated rows in.
		for _, d := range days {
			candidates = append(candidates, civ.Filter{IncludeUndated: true, From: d.From})
		}
	case connectors.FilterSample:
		for _, sample := range []bool{false, true} {
			candidates = append(candidates, civ.Filter{Sample: &sample})
		}
	case connectors.FilterNear:
		for _, c := range capitals {
			for _, km := range []float64{5, 30, 100} {
				candidates = append(candidates, civ.Filter{Near: &civ.GeoCircle{Center: c, RadiusKm: km}})
			}
		}
	case connectors.FilterBox:
		for _, c := range capitals {
			for _, d := range []float64{0.05, 0.3, 1} {
				candidates = append(candidates, civ.Filter{Box: &civ.GeoBox{SouthWest: civ.GeoPoint{Lat: c.Lat - d, Lng: c.Lng - d}, NorthEast: civ.GeoPoint{Lat: c.Lat + d, Lng: c.Lng + d}}})
			}
		}
	case connectors.FilterOriginID:
		var tasks []civ.Task
		for _, r := range e.rows {
			if x, ok := any(r).(civ.Task); ok {
				tasks = append(tasks, x)
			}
		}
		if len(tasks) > 0 {
			candidates = append(candidates, civ.Filter{OriginID: tasks[len(tasks)/2].OriginID})
		}
		candidates = append(candidates, civ.Filter{OriginID: "NO-SUCH-ORIGIN"})
	}
	best, bestScore := candidates[0], -1
	for _, c := range candidates {
		n := len(Matching(e.rows, func(r T) bool { return e.match(c, r) }))
		score := 0
		switch {
		case n > 0 && n < len(e.rows):
			score = 2
		case n > 0:
			score = 1
		}
		if score > bestScore {
			best, bestScore = c, score
		}
	}
	return best
}
