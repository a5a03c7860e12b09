package dataset_test

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/regions"
)

const date = "2006-01-02"

func TestMeetingDates(t *testing.T) {
	ds := loadDefault(t)
	cases := []struct {
		p         civ.ProvinceCode
		precision civ.DatePrecision
		day, text string
		organizer string
		region    string
		speaker   civ.Person
	}{
		{civ.Hebei, civ.PrecisionUnknown, "0001-01-01", "日前", "", "130408", civ.Person{}},
		{civ.Hubei, civ.PrecisionDay, "2024-03-20", "3月20日", "湖北省民政厅", "420100", civ.Person{Name: "赵显富", Title: "省民政厅党组成员、副厅长"}},
		{civ.Jiangsu, civ.PrecisionDay, "2024-03-21", "3月21日", "江苏省民政厅", "321181", civ.Person{Name: "王小华", Title: "省民政厅党组成员、副厅长"}},
	}
	for _, c := range cases {
		t.Run(string(c.p), func(t *testing.T) {
			ms := ds.Province(c.p).Meetings
			if len(ms) != 1 {
				t.Fatalf("%d meetings, want 1", len(ms))
			}
			m := ms[0]
			if m.Date.Precision != c.precision || m.Date.Date.Format(date) != c.day || m.Date.Text != c.text {
				t.Errorf("date = %+v, want %s %s %q", m.Date, c.precision, c.day, c.text)
			}
			if m.Organizer != c.organizer || m.RegionCode != c.region {
				t.Errorf("organizer %q region %s, want %q %s", m.Organizer, m.RegionCode, c.organizer, c.region)
			}
			if (c.speaker == civ.Person{}) != (len(m.Speakers) == 0) || len(m.Speakers) > 0 && m.Speakers[0] != c.speaker {
				t.Errorf("speakers = %v, want %v", m.Speakers, c.speaker)
			}
			if len(m.Reports) != 1 || m.Reports[0].Reference != "civil-affairs-news-2024-03" ||
				m.Reports[0].Published.Known() {
				t.Errorf("reports = %+v, want the seed page, its publication date unknown", m.Reports)
			}
			if _, ok := regions.Default().Lookup(m.RegionCode); !ok {
				t.Errorf("region %s is not a known division", m.RegionCode)
			}
		})
	}
	if ms := ds.Province(civ.Shanghai).Meetings; len(ms) != 0 {
		t.Errorf("Shanghai has meetings %v; the article reports none", ms)
	}
}

func TestShanghaiDocument(t *testing.T) {
	docs := loadDefault(t).Province(civ.Shanghai).PolicyDocuments
	if len(docs) != 1 {
		t.Fatalf("%d documents, want 1", len(docs))
	}
	d := docs[0]
	if d.Title != "关于推进本市老年助餐服务高质量发展的实施意见" || d.ShortTitle != "《实施意见》" ||
		!slices.Equal(d.IssuingBodies, []string{"上海市民政局", "上海市财政局", "上海市市场监督管理局"}) {
		t.Errorf("document = %+v", d)
	}
	if d.Issued.Known() || d.Issued.Text != "日前" || d.Reports[0].Byline != "本报记者 李庆" {
		t.Errorf("issued %+v, byline %q; want unknown 日前 and 李庆", d.Issued, d.Reports[0].Byline)
	}
}

// TestShanghaiTargets checks the article's three figures and that their
// baselines match the shared counts file, qualifiers kept.
func TestShanghaiTargets(t *testing.T) {
	baselines := readBaselines(t)
	var task civ.Task
	for _, tk := range loadDefault(t).Province(civ.Shanghai).Tasks {
		if len(tk.Targets) > 0 {
			if task.ID != "" {
				t.Fatalf("targets on %s and %s, want one task", task.ID, tk.ID)
			}
			task = tk
		}
	}
	if task.OriginID != "SH-DOC-2024-001" || fuzzy(task.Due) != "2025-01-01 YEAR 至2025年年末" {
		t.Fatalf("task %s from %s due %s", task.ID, task.OriginID, fuzzy(task.Due))
	}
	cases := []struct {
		metric string
		value  float64
		unit   string
		csv    string // metric column of the baseline in site_counts_and_targets.csv
	}{
		{"社区长者食堂数量", 400, "家", "社区长者食堂 built"},
		{"老年助餐点数量", 2000, "个", "老年助餐点 built"},
		{"老年助餐服务能力（日均）", 250000, "客/日", "daily meal supply capacity"},
	}
	if len(task.Targets) != len(cases) {
		t.Fatalf("%d targets, want %d", len(task.Targets), len(cases))
	}
	for i, c := range cases {
		t.Run(c.metric, func(t *testing.T) {
			tg := task.Targets[i]
			if tg.Metric != c.metric || tg.MetricEn == "" || tg.Value != c.value || tg.Unit != c.unit || tg.Due != task.Due {
				t.Fatalf("target = %+v", tg)
			}
			want := baselines[c.csv]
			b := tg.Baseline
			if b == nil || b.Value != want.value || b.Unit != c.unit || b.AsOf.Known() || b.AsOf.Text != want.asOf {
				t.Fatalf("baseline = %+v, want %+v in %s", b, want, c.unit)
			}
			if !strings.HasPrefix(b.Source, want.source) || want.qualifier != "" && !strings.Contains(b.Source, want.qualifier) {
				t.Errorf("baseline source %q lacks %q or qualifier %q", b.Source, want.source, want.qualifier)
			}
		})
	}
}

type baseline struct {
	value                   float64
	asOf, source, qualifier string
}

// readBaselines reads the Shanghai "actual" rows of the counts file.
func readBaselines(t *testing.T) map[string]baseline {
	t.Helper()
	f, err := os.Open("data/site_counts_and_targets.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]baseline{}
	var prevKind string
	for _, r := range rows[1:] {
		if r[8] == "same" { // the file's ditto: as the row above
			r[8] = prevKind
		}
		prevKind = r[8]
		// scope,region_code,metric,value,unit,as_of,kind,source_url,source_kind,confidence
		if r[1] != "310000" || r[6] != "actual" {
			continue
		}
		v, err := strconv.ParseFloat(r[3], 64)
		if err != nil {
			t.Fatal(err)
		}
		b := baseline{value: v, asOf: r[5], source: r[8] + ", " + r[7]}
		for _, q := range []string{"约", "超"} {
			if strings.Contains(r[4], q) {
				b.qualifier = q
			}
		}
		out[r[2]] = b
	}
	return out
}

func TestTasks(t *testing.T) {
	ds := loadDefault(t)
	wantDomains := map[civ.ProvinceCode][]civ.Domain{
		civ.Hebei:    {civ.DomainSocialAssistance},
		civ.Shanghai: {civ.DomainElderlyMeals},
		civ.Jiangsu:  {civ.DomainFuneralManagement, civ.DomainMarriageRegistration, civ.DomainDisabilityWelfare, civ.DomainVagrantRescue},
		civ.Hubei:    {civ.DomainVagrantRescue, civ.DomainDisabilityWelfare, civ.DomainFuneralManagement, civ.DomainMarriageRegistration},
	}
	wantCount := map[civ.ProvinceCode]int{civ.Hebei: 6, civ.Shanghai: 6, civ.Jiangsu: 5, civ.Hubei: 5}
	for _, p := range civ.AllProvinces {
		t.Run(string(p), func(t *testing.T) {
			pd := ds.Province(p)
			origins := map[string]civ.OriginKind{}
			for _, m := range pd.Meetings {
				origins[m.ID] = civ.OriginMeeting
			}
			for _, d := range pd.PolicyDocuments {
				origins[d.ID] = civ.OriginPolicyDocument
			}
			if len(pd.Tasks) != wantCount[p] {
				t.Errorf("%d tasks, want %d", len(pd.Tasks), wantCount[p])
			}
			covered := map[civ.Domain]bool{}
			for _, task := range pd.Tasks {
				covered[task.Domain] = true
				if kind, ok := origins[task.OriginID]; !ok || kind != task.OriginKind || task.Province != p {
					t.Errorf("task %s: origin %s %q does not resolve in %s", task.ID, task.OriginKind, task.OriginID, p)
				}
				if !slices.Contains(wantDomains[p], task.Domain) {
					t.Errorf("task %s: domain %s", task.ID, task.Domain)
				}
				if len(task.Targets) > 0 && p != civ.Shanghai {
					t.Errorf("task %s has targets; the article states none for %s", task.ID, p)
				}
			}
			if len(covered) != len(wantDomains[p]) {
				t.Errorf("tasks cover %v, want %v", covered, wantDomains[p])
			}
		})
	}
}

func TestDueDates(t *testing.T) {
	tasks := map[string]civ.Task{}
	for _, p := range civ.AllProvinces {
		for _, task := range loadDefault(t).Province(p).Tasks {
			tasks[task.ID] = task
		}
	}
	cases := map[string]string{
		"HEB-TASK-001": "2024-01-01 YEAR 2024年",
		"HUB-TASK-004": "2024-01-01 YEAR 2024年",
		"HUB-TASK-005": "2024-01-01 YEAR 今年清明节",
		"JS-TASK-005":  "2024-01-01 YEAR 2024年清明",
		"SH-TASK-001":  "2025-01-01 YEAR 至2025年年末",
		"SH-TASK-002":  "UNKNOWN",
	}
	for id, want := range cases {
		if got := fuzzy(tasks[id].Due); got != want {
			t.Errorf("%s due %q, want %q", id, got, want)
		}
	}
}

func TestSortedUniqueIDs(t *testing.T) {
	ds := loadDefault(t)
	for _, p := range civ.AllProvinces {
		pd := ds.Province(p)
		check := func(kind string, ids []string) {
			if !slices.IsSorted(ids) || len(slices.Compact(slices.Clone(ids))) != len(ids) {
				t.Errorf("%s %s IDs not sorted and unique: %v", p, kind, ids)
			}
		}
		check("meeting", ids(pd.Meetings, func(m civ.Meeting) string { return m.ID }))
		check("document", ids(pd.PolicyDocuments, func(d civ.PolicyDocument) string { return d.ID }))
		check("task", ids(pd.Tasks, func(task civ.Task) string { return task.ID }))
		check("site", ids(pd.ServiceSites, func(s civ.ServiceSite) string { return s.ID }))
	}
}

func ids[T any](rows []T, id func(T) string) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = id(r)
	}
	return out
}
