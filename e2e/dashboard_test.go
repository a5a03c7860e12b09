package e2e_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	pngenc "image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// dashboardReport is what e2e/dashboard.mjs prints.
type dashboardReport struct {
	External      []string `json:"external"`
	Failed        []string `json:"failed"`
	ConsoleErrors []string `json:"consoleErrors"`
	PageErrors    []string `json:"pageErrors"`
	GraphQLBodies []string `json:"graphqlBodies"`
	Bars          []struct {
		Category string `json:"category"`
		Value    any    `json:"value"`
	} `json:"bars"`
	MissingMarks   []string   `json:"missingMarks"`
	Status         string     `json:"status"`
	Table          [][]string `json:"table"`
	CSV            string     `json:"csv"`
	CSVName        string     `json:"csvName"`
	CanteenClicks  int        `json:"canteenClicks"`
	CanteenRows    [][]string `json:"canteenRows"`
	CanteenGroupBy string     `json:"canteenGroupBy"`
	CanteenMap     struct {
		States  map[string]string `json:"states"`
		Symbols []string          `json:"symbols"`
		Missing []string          `json:"missing"`
	} `json:"canteenMap"`
	WebfontSlices    int                 `json:"webfontSlices"`
	WebfontReady     bool                `json:"webfontReady"`
	ChoroplethShot   string              `json:"choroplethShot"`
	ChoroplethPixels map[string][][2]int `json:"choroplethPixels"`
	ChoroplethValues map[string]any      `json:"choroplethValues"`
	ChoroplethStates map[string]string   `json:"choroplethStates"`
	MapSites         int                 `json:"mapSites"`
	MapPoints        int                 `json:"mapPoints"`
	MapStatus        string              `json:"mapStatus"`
	MapDrawn         [][4]float64        `json:"mapDrawn"`
	MapOutlines      int                 `json:"mapOutlines"`
	MapShot          string              `json:"mapShot"`
	MapInside        [][2]int            `json:"mapInside"`
	MapOutside       [][2]int            `json:"mapOutside"`
	Card             string              `json:"card"`
	NearSites        int                 `json:"nearSites"`
	NearStatus       string              `json:"nearStatus"`
	BBoxSites        int                 `json:"bboxSites"`
	BBoxSamples      int                 `json:"bboxSamples"`
	BBoxStatus       string              `json:"bboxStatus"`
	BBoxDrawn        [][4]float64        `json:"bboxDrawn"`
	BBoxRequeried    string              `json:"bboxRequeried"`
	Timings          map[string]int      `json:"timings"`
	Error            string              `json:"error"`
}

// artifactDir is where the screenshots go: $CIVGRAPH_ARTIFACTS_DIR, else
// the older $E2E_SCREENSHOT_DIR, else e2e/artifacts (gitignored; CI keeps
// it).
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("CIVGRAPH_ARTIFACTS_DIR")
	if dir == "" {
		dir = os.Getenv("E2E_SCREENSHOT_DIR")
	}
	if dir == "" {
		dir = "artifacts"
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

var built struct {
	sync.Mutex
	bin string
}

// TestMain removes the binary buildCivgraph left.
func TestMain(m *testing.M) {
	code := m.Run()
	if built.bin != "" {
		_ = os.RemoveAll(filepath.Dir(built.bin))
	}
	os.Exit(code)
}

// buildCivgraph builds cmd/civgraph once per test run (the tests share the
// binary; the machine's builds are slow) and returns its path.
func buildCivgraph(t *testing.T, root string) string {
	t.Helper()
	built.Lock()
	defer built.Unlock()
	if built.bin != "" {
		return built.bin
	}
	dir, err := os.MkdirTemp("", "civgraph-e2e-")
	if err != nil {
		t.Fatal(err)
	}
	bin := filepath.Join(dir, "civgraph")
	build := exec.Command("go", "build", "-o", bin, "./cmd/civgraph")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build ./cmd/civgraph: %v\n%s", err, out)
	}
	built.bin = bin
	return bin
}

// startUpstreams runs the sample upstreams with faults (a civgraph
// upstreams --faults spec) and returns the environment pointing a gateway
// at them.
func startUpstreams(t *testing.T, root, faults string) []string {
	t.Helper()
	cmd := exec.Command(buildCivgraph(t, root), "upstreams", "--listen", "127.0.0.1:0", "--faults", faults)
	cmd.Dir = root
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
	lines := make(chan string, 64)
	go func() {
		defer close(lines)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			lines <- sc.Text()
		}
	}()
	var env []string
	bases := 0
	deadline := time.After(30 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("civgraph upstreams exited; printed %v", env)
			}
			if strings.HasPrefix(l, "CIVGRAPH_SOURCES_") {
				env = append(env, l)
				if strings.Contains(l, "_BASE_URL=") {
					bases++
				}
			}
		case <-time.After(300 * time.Millisecond):
			if bases == 4 { // printed in one go: a pause means it is done
				return env
			}
		case <-deadline:
			t.Fatalf("civgraph upstreams printed no environment within 30s: %v", env)
		}
	}
}

// dashboardOperations reads the page's trusted-document manifest.
func dashboardOperations(t *testing.T, root string) map[string]string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(root, "server/dashboard/operations.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	return m
}

// persistedQuery runs the manifest's operation named name by its hash, as
// the page does, and decodes data into out.
func persistedQuery(t *testing.T, base string, ops map[string]string, name string, vars map[string]any, out any) {
	t.Helper()
	hash := ""
	for h, body := range ops {
		if strings.HasPrefix(body, "query "+name+"(") || strings.HasPrefix(body, "query "+name+" ") {
			hash = h
		}
	}
	if hash == "" {
		t.Fatalf("operation %s not in the manifest", name)
	}
	body, _ := json.Marshal(map[string]any{"operationName": name, "variables": vars,
		"extensions": map[string]any{"persistedQuery": map[string]any{"version": 1, "sha256Hash": hash}}})
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodPost, base+"graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var resp struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&resp); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		t.Fatalf("%s: %v: %s", name, err, resp.Data)
	}
}

var tileRequests atomic.Int64

// tileServer serves a plain 256×256 PNG for every /z/x/y.png on loopback,
// standing in for a tile server on the local network.
func tileServer(t *testing.T) *httptest.Server {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 256, 256))
	draw.Draw(img, img.Bounds(), &image.Uniform{C: color.RGBA{R: 0xe8, G: 0xee, B: 0xe0, A: 0xff}}, image.Point{}, draw.Src)
	var png bytes.Buffer
	if err := pngenc.Encode(&png, img); err != nil {
		t.Fatal(err)
	}
	tilePath := regexp.MustCompile(`^/\d+/\d+/\d+\.png$`)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !tilePath.MatchString(r.URL.Path) {
			http.NotFound(w, r)
			return
		}
		tileRequests.Add(1)
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write(png.Bytes())
	}))
	t.Cleanup(srv.Close)
	return srv
}

type compareRow struct {
	Key      string   `json:"key"`
	Label    string   `json:"label"`
	Value    *float64 `json:"value"`
	State    string   `json:"state"`
	Province struct {
		Code string `json:"code"`
	} `json:"province"`
}

func TestDashboardWithProvinceDown(t *testing.T) {
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	requirePrerequisites(t, root)
	if _, err := os.Stat(filepath.Join(root, "web/node_modules/echarts/dist/echarts.min.js")); err != nil {
		t.Fatalf("echarts not installed: run npm ci --prefix web (%v)", err)
	}
	env := startUpstreams(t, root, "hubei=outage")
	// Trusted documents only: the pages must work through their
	// manifest's persisted operations and nothing else.
	env = append(env,
		"CIVGRAPH_GRAPHQL_TRUSTED_DOCUMENTS_FILE="+filepath.Join(root, "server/dashboard/operations.json"),
		"CIVGRAPH_GRAPHQL_TRUSTED_DOCUMENTS_ONLY=true")
	tiles := tileServer(t)
	env = append(env, "CIVGRAPH_PLAYGROUND_MAP_TILE_URL="+tiles.URL+"/{z}/{x}/{y}.png")
	base := startGateway(t, root, env...)
	ops := dashboardOperations(t, root)
	dir := artifactDir(t)

	var r dashboardReport
	runScript(t, 90*time.Second, []string{"FONTCONFIG_FILE=" + fontconfigWithoutCJK(t)}, &r, "dashboard.mjs", base, dir)
	t.Logf("screenshots in %s; browser steps done at (ms) %v", dir, r.Timings)
	if r.Error != "" {
		t.Fatalf("browser run failed: %s\nconsole: %v %v", r.Error, r.ConsoleErrors, r.PageErrors)
	}
	if len(r.External) > 0 || len(r.Failed) > 0 || len(r.PageErrors) > 0 || len(r.ConsoleErrors) > 0 {
		t.Errorf("external %v, failed %v, page errors %v, console errors %v", r.External, r.Failed, r.PageErrors, r.ConsoleErrors)
	}
	for _, b := range r.GraphQLBodies {
		if strings.Contains(b, `"query"`) {
			t.Errorf("the page sent a document instead of a persisted operation's hash: %.120s", b)
		}
	}

	// One bar per province, with the values of the same query sent directly.
	var direct struct {
		Compare struct {
			Rows              []compareRow `json:"rows"`
			ExcludedProvinces []string     `json:"excludedProvinces"`
		} `json:"compare"`
	}
	persistedQuery(t, base, ops, "DashboardCompare", map[string]any{
		"metric": "SITE_COUNT", "groupBy": "PROVINCE",
		"provinces": []string{"HEBEI", "HUBEI", "JIANGSU", "SHANGHAI"}, "filter": map[string]any{"sample": false},
	}, &direct)
	if len(direct.Compare.Rows) != 4 || len(r.Bars) != 4 {
		t.Fatalf("want 4 provinces, API rows %d, bars %d: %+v", len(direct.Compare.Rows), len(r.Bars), r.Bars)
	}
	if len(direct.Compare.ExcludedProvinces) != 1 || direct.Compare.ExcludedProvinces[0] != "HUBEI" {
		t.Fatalf("Hubei is down, but the API excludes %v", direct.Compare.ExcludedProvinces)
	}
	for _, row := range direct.Compare.Rows {
		var bar *struct {
			Category string `json:"category"`
			Value    any    `json:"value"`
		}
		for i := range r.Bars {
			if strings.HasPrefix(r.Bars[i].Category, row.Label) {
				bar = &r.Bars[i]
			}
		}
		if bar == nil {
			t.Errorf("no bar for %s (%s): %+v", row.Province.Code, row.Label, r.Bars)
			continue
		}
		if row.Value == nil {
			if bar.Value != "-" {
				t.Errorf("%s did not answer, but its bar reads %v", row.Label, bar.Value)
			}
			if !strings.Contains(strings.Join(r.MissingMarks, "|"), row.Label) {
				t.Errorf("%s is not marked missing on the chart: %v", row.Label, r.MissingMarks)
			}
			continue
		}
		if v, ok := bar.Value.(float64); !ok || v != *row.Value {
			t.Errorf("%s: bar %v, API %v", row.Label, bar.Value, *row.Value)
		}
	}
	hubei := false
	for _, tr := range r.Table[1:] {
		if strings.Contains(tr[1], "湖北") {
			hubei = true
			if !strings.Contains(tr[4], "缺失") || !strings.Contains(tr[7], "缺失") {
				t.Errorf("Hubei's table row does not say it is missing: %q", tr)
			}
		}
	}
	if !hubei || !strings.Contains(r.Status, "湖北") {
		t.Errorf("table or status lacks Hubei: status %q", r.Status)
	}
	checkChoropleth(t, &r, direct.Compare.Rows)

	// The CSV parses back to the table.
	if !strings.HasPrefix(r.CSV, "\ufeff") || !strings.HasSuffix(r.CSVName, ".csv") {
		t.Errorf("CSV %q lacks the UTF-8 BOM", r.CSVName)
	}
	recs, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(r.CSV, "\ufeff"))).ReadAll()
	if err != nil {
		t.Fatalf("CSV does not parse: %v", err)
	}
	if len(recs) != len(r.Table) {
		t.Fatalf("CSV has %d records, the table %d rows", len(recs), len(r.Table))
	}
	for i := range recs {
		if strings.Join(recs[i], "\x00") != strings.Join(r.Table[i], "\x00") {
			t.Errorf("CSV record %d %q, table row %q", i, recs[i], r.Table[i])
		}
	}
	for _, f := range []string{"compare-chart-export.png", "compare-map-export.png"} {
		if st, err := os.Stat(filepath.Join(dir, f)); err != nil || st.Size() < 1000 {
			t.Errorf("PNG export %s missing or empty: %v", f, err)
		}
	}

	// The per-prefecture canteen question: one click from a fresh page.
	if r.CanteenClicks > 3 || r.CanteenGroupBy != "PREFECTURE" {
		t.Errorf("canteen question took %d clicks, level %s", r.CanteenClicks, r.CanteenGroupBy)
	}
	var canteens struct {
		Compare struct {
			Rows []compareRow `json:"rows"`
		} `json:"compare"`
	}
	persistedQuery(t, base, ops, "DashboardCompare", map[string]any{
		"metric": "SITE_COUNT", "groupBy": "PREFECTURE", "provinces": []string{"HEBEI", "HUBEI", "JIANGSU", "SHANGHAI"},
		"filter": map[string]any{"sample": false, "siteTypes": []string{"COMMUNITY_CANTEEN"}},
	}, &canteens)
	if len(r.CanteenRows) != len(canteens.Compare.Rows) {
		t.Errorf("canteen table has %d rows, the API %d", len(r.CanteenRows), len(canteens.Compare.Rows))
	}
	// On the map below province level, Hubei's outline is drawn "no data"
	// and its prefectures are missing marks, none a symbol of any size.
	if r.CanteenMap.States["HUBEI"] != "FAILED" {
		t.Errorf("canteen map draws Hubei as %q, want FAILED", r.CanteenMap.States["HUBEI"])
	}
	isSymbol := map[string]bool{}
	for _, k := range r.CanteenMap.Symbols {
		isSymbol[k] = true
	}
	isMissing := map[string]bool{}
	for _, k := range r.CanteenMap.Missing {
		isMissing[k] = true
	}
	nulls := 0
	for _, row := range canteens.Compare.Rows {
		if row.Value != nil {
			continue
		}
		nulls++
		if isSymbol[row.Key] || !isMissing[row.Key] {
			t.Errorf("canteen map: %s (%s) did not answer but is not a missing mark", row.Label, row.Key)
		}
	}
	if nulls == 0 || len(r.CanteenMap.Symbols) == 0 {
		t.Errorf("canteen map: %d rows without a value, %d symbols", nulls, len(r.CanteenMap.Symbols))
	}
	for _, row := range canteens.Compare.Rows {
		if row.Value == nil {
			continue
		}
		found := false
		for _, tr := range r.CanteenRows {
			if tr[2] == row.Label && tr[4] == strconv.FormatFloat(*row.Value, 'f', -1, 64) {
				found = true
			}
		}
		if !found {
			t.Errorf("canteen table lacks %s = %v", row.Label, *row.Value)
		}
	}

	// Chinese from the shipped webfont (no system CJK font is visible).
	if !r.WebfontReady || r.WebfontSlices == 0 {
		t.Errorf("the webfont was not used: ready %v, %d slices fetched", r.WebfontReady, r.WebfontSlices)
	}

	// The map shows Shanghai's real sites: every one the API returns that
	// has a place to be drawn (its own location or its region's seat).
	var sites struct {
		ServiceSites struct {
			TotalCount int `json:"totalCount"`
			Edges      []struct {
				Node struct {
					Location *latLng `json:"location"`
					Region   *struct {
						Seat *latLng `json:"seat"`
					} `json:"region"`
				} `json:"node"`
			} `json:"edges"`
		} `json:"serviceSites"`
	}
	persistedQuery(t, base, ops, "MapSites", map[string]any{
		"filter": map[string]any{"regionCodes": []string{"310000"}, "sample": false}, "first": 100,
	}, &sites)
	shapes := outlines(t, base)
	drawable := 0
	for _, e := range sites.ServiceSites.Edges {
		at := e.Node.Location
		if at == nil && e.Node.Region != nil {
			at = e.Node.Region.Seat
		}
		if at == nil {
			continue
		}
		drawable++
		if !insideRings(shapes["SHANGHAI"], at.Lng, at.Lat) {
			t.Errorf("a Shanghai site is placed at %v, outside Shanghai's drawn outline", *at)
		}
	}
	checkMapOutlines(t, &r, shapes)
	checkSeatsInOutlines(t, base, ops, shapes)
	if sites.ServiceSites.TotalCount > 100 {
		t.Fatalf("Shanghai has %d real sites, more than this test's one page", sites.ServiceSites.TotalCount)
	}
	if drawable == 0 || r.MapSites != drawable {
		t.Errorf("map draws %d sites, the API has %d drawable of %d (status %q)", r.MapSites, drawable, sites.ServiceSites.TotalCount, r.MapStatus)
	}
	if r.MapPoints < 1 || r.MapPoints > r.MapSites {
		t.Errorf("map shows %d points for %d sites", r.MapPoints, r.MapSites)
	}
	// Near a point (dashboard.mjs's NEAR), sample rows included.
	var near struct {
		ServiceSites struct {
			TotalCount int `json:"totalCount"`
		} `json:"serviceSites"`
	}
	persistedQuery(t, base, ops, "MapSites", map[string]any{
		"filter": map[string]any{"near": map[string]any{"lat": 31.2304, "lng": 121.4737, "radiusKm": 3}, "sample": nil}, "first": 1,
	}, &near)
	if near.ServiceSites.TotalCount == 0 || r.NearSites != near.ServiceSites.TotalCount {
		t.Errorf("map draws %d sites near the point, the API has %d (status %q)", r.NearSites, near.ServiceSites.TotalCount, r.NearStatus)
	}
	checkMapBox(t, &r, base, ops)
	if n := tileRequests.Load(); n == 0 {
		t.Error("the map asked the configured tile server for no tile")
	}
	for _, want := range []string{"来源 Source", "示例数据 Sample data", "数据年龄 Data age"} {
		if !strings.Contains(r.Card, want) {
			t.Errorf("site card lacks %q: %q", want, r.Card)
		}
	}
	if !regexp.MustCompile(`否（真实记录）`).MatchString(r.Card) {
		t.Errorf("a real site's card does not say it is real: %q", r.Card)
	}
}

type latLng struct {
	Lat float64 `json:"lat"`
	Lng float64 `json:"lng"`
}

// checkChoropleth compares the choropleth's fills, read from the canvas,
// with the API's values: every province drawn; those that answered
// filled on the colour ramp (light = low) in the order of their values;
// one that did not answer hatched in the "no data" grey, its area holding
// no value, never a zero.
func checkChoropleth(t *testing.T, r *dashboardReport, rows []compareRow) {
	t.Helper()
	type fill struct {
		color []int
		value any
	}
	shot := decodePNG(t, r.ChoroplethShot)
	fills := map[string]fill{}
	for code, pts := range r.ChoroplethPixels {
		if len(pts) < 50 {
			t.Errorf("choropleth: %s sampled at %d pixels only", code, len(pts))
			continue
		}
		fills[code] = fill{commonestColor(shot, pts), r.ChoroplethValues[code]}
	}
	luminance := func(c []int) float64 { return 0.2126*float64(c[0]) + 0.7152*float64(c[1]) + 0.0722*float64(c[2]) }
	type answered struct {
		code  string
		value float64
		lum   float64
	}
	var drawn []answered
	for _, row := range rows {
		code := row.Province.Code
		f, ok := fills[code]
		if !ok {
			t.Errorf("choropleth: %s not drawn", code)
			continue
		}
		if row.Value == nil {
			grey := abs(f.color[0]-f.color[1]) <= 4 && abs(f.color[1]-f.color[2]) <= 4 && f.color[0] >= 200
			if !grey || f.value != "-" || r.ChoroplethStates[code] != "FAILED" {
				t.Errorf("choropleth: %s did not answer, but is drawn %v with value %v, state %q (want the no-data grey, no value, FAILED)", code, f.color, f.value, r.ChoroplethStates[code])
			}
			continue
		}
		if v, ok := f.value.(float64); !ok || v != *row.Value {
			t.Errorf("choropleth: %s holds %v, the API %v", code, f.value, *row.Value)
		}
		if f.color[2] < f.color[0]+20 {
			t.Errorf("choropleth: %s filled %v, not a colour of the blue ramp", code, f.color)
		}
		drawn = append(drawn, answered{code, *row.Value, luminance(f.color)})
	}
	sort.Slice(drawn, func(i, j int) bool { return drawn[i].value < drawn[j].value })
	for i := 1; i < len(drawn); i++ {
		a, b := drawn[i-1], drawn[i]
		if (a.value < b.value && a.lum <= b.lum) || (a.value == b.value && math.Abs(a.lum-b.lum) > 3) {
			t.Errorf("choropleth: %s (%v) is filled darker than or like %s (%v): luminance %.1f vs %.1f", a.code, a.value, b.code, b.value, a.lum, b.lum)
		}
	}
	if len(drawn) < 2 {
		t.Errorf("choropleth: only %d provinces with values to compare", len(drawn))
	}
}

// checkMapOutlines checks that the map draws every ring of the shipped
// outlines, Shanghai's inside visibly apart from the outside (here over
// the test's plain tiles), and Shanghai's sites (real rows only) inside
// Shanghai's outline.
func checkMapOutlines(t *testing.T, r *dashboardReport, shapes map[string][][][2]float64) {
	t.Helper()
	rings := 0
	for _, rs := range shapes {
		rings += len(rs)
	}
	if r.MapOutlines != rings {
		t.Errorf("map draws %d outline rings, boundaries.json has %d", r.MapOutlines, rings)
	}
	if len(r.MapInside) < 50 || len(r.MapOutside) < 20 {
		t.Fatalf("map: %d pixels sampled inside Shanghai's outline, %d outside: too few", len(r.MapInside), len(r.MapOutside))
	}
	shot := decodePNG(t, r.MapShot)
	if in, out := commonestColor(shot, r.MapInside), commonestColor(shot, r.MapOutside); fmt.Sprint(in) == fmt.Sprint(out) {
		t.Errorf("map: Shanghai's outline is not drawn: the same colour %v inside and outside it", in)
	}
	for _, p := range r.MapDrawn {
		if p[2] == 1 && !insideRings(shapes["SHANGHAI"], p[0], p[1]) {
			t.Errorf("map: a Shanghai site is drawn at %v, outside Shanghai's outline", p)
		}
		if p[3] != 0 {
			t.Errorf("map: real rows only, but a point at %v counts %v sample sites", p, p[3])
		}
	}
}

// checkMapBox checks the map within a rectangle (dashboard.mjs's BBOX,
// sample rows included) against the API: the same sites, as many of them
// marked sample, every point inside the box; and a zoom asks again for
// the new visible area.
func checkMapBox(t *testing.T, r *dashboardReport, base string, ops map[string]string) {
	t.Helper()
	box := map[string]any{"south": 31.1, "west": 121.3, "north": 31.35, "east": 121.6}
	count := func(sample any) int {
		var out struct {
			ServiceSites struct {
				TotalCount int `json:"totalCount"`
			} `json:"serviceSites"`
		}
		persistedQuery(t, base, ops, "MapSites", map[string]any{"filter": map[string]any{"bbox": box, "sample": sample}, "first": 1}, &out)
		return out.ServiceSites.TotalCount
	}
	all, samples := count(nil), count(true)
	if all == 0 || all > 1000 || r.BBoxSites != all {
		t.Errorf("map draws %d sites within the box, the API has %d (status %q)", r.BBoxSites, all, r.BBoxStatus)
	}
	if r.BBoxSamples != samples {
		t.Errorf("map counts %d sample sites within the box, the API %d", r.BBoxSamples, samples)
	}
	got := 0.0
	for _, p := range r.BBoxDrawn {
		got += p[3]
		if p[0] < 121.3 || p[0] > 121.6 || p[1] < 31.1 || p[1] > 31.35 {
			t.Errorf("map: a point at %v lies outside the box", p)
		}
	}
	if int(got) != r.BBoxSamples {
		t.Errorf("map: the clusters count %v sample sites, the page %d", got, r.BBoxSamples)
	}
	if !strings.Contains(r.BBoxRequeried, `"west":121.4`) || !strings.Contains(r.BBoxRequeried, `"east":121.5`) {
		t.Errorf("after a zoom to 121.4–121.5°E the map did not ask for that area: %q", r.BBoxRequeried)
	}
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func decodePNG(t *testing.T, path string) image.Image {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := pngenc.Decode(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return img
}

// commonestColor is the commonest [r, g, b] at the given pixels: a fill,
// whatever labels, borders or hatching lines cross it.
func commonestColor(img image.Image, pts [][2]int) []int {
	counts := map[[3]int]int{}
	var best [3]int
	for _, p := range pts {
		r, g, b, _ := img.At(p[0], p[1]).RGBA()
		c := [3]int{int(r >> 8), int(g >> 8), int(b >> 8)}
		counts[c]++
		if counts[c] > counts[best] {
			best = c
		}
	}
	return best[:]
}

// checkSeatsInOutlines checks the outlines are WGS-84 as the API is: the
// seat of every province and prefecture (regions, WGS-84) lies inside its
// own province's outline and no other's. A shifted datum (GCJ-02 moves
// points by up to 700 m) would still pass; a projection or swapped axes
// would not.
func checkSeatsInOutlines(t *testing.T, base string, ops map[string]string, shapes map[string][][][2]float64) {
	t.Helper()
	type region struct {
		Code string  `json:"code"`
		Name string  `json:"name"`
		Seat *latLng `json:"seat"`
	}
	var regs struct {
		Provinces []struct {
			Code   string `json:"code"`
			Region struct {
				region
				Children []region `json:"children"`
			} `json:"region"`
		} `json:"provinces"`
	}
	persistedQuery(t, base, ops, "DashboardRegions", map[string]any{}, &regs)
	seats := 0
	for _, p := range regs.Provinces {
		for _, r := range append([]region{p.Region.region}, p.Region.Children...) {
			if r.Seat == nil {
				continue
			}
			seats++
			for code, rings := range shapes {
				in := insideRings(rings, r.Seat.Lng, r.Seat.Lat)
				if in && code != p.Code {
					t.Errorf("%s %s: seat %v inside %s's outline", r.Code, r.Name, *r.Seat, code)
				}
				if !in && code == p.Code {
					t.Errorf("%s %s: seat %v outside its own province's outline", r.Code, r.Name, *r.Seat)
				}
			}
		}
	}
	if seats < 40 {
		t.Errorf("only %d seats to check", seats)
	}
}
