package shanghai_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/shanghai"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	sampleshanghai "github.com/civgraph/civgraph/internal/sampleapi/shanghai"
)

var fastRetries = httpclient.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond, RetryAfterMax: 5 * time.Millisecond}

// same compares domain values: nil and empty slices alike, locations
// within a metre (they cross the wire as GCJ-02 and are converted back).
var same = sourcetest.WithinAMetre

// start serves h on loopback and returns its base URL.
var start = sourcetest.Serve

// startShanghai serves the sample platform over ds under /shanghai, as the
// embedded default mounts it, and returns the connector's base URL.
func startShanghai(t *testing.T, ds *dataset.Dataset, opts sampleshanghai.Options, n *atomic.Int32) string {
	t.Helper()
	return sourcetest.Mount(t, "/shanghai", sampleshanghai.New(ds, opts), n)
}

func newClient(t *testing.T, url, token string, policy cache.Policy, opts ...kit.Option) *shanghai.Client {
	t.Helper()
	c, err := shanghai.New(shanghai.Config{BaseURL: url, Token: token, HTTP: fastRetries, Cache: policy}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// demoClient is a connector over the sample platform serving ds.
func demoClient(t *testing.T, ds *dataset.Dataset) *shanghai.Client {
	t.Helper()
	return newClient(t, startShanghai(t, ds, sampleshanghai.Options{}, nil), sampleshanghai.DemoToken, cache.Policy{})
}

// wantCode fails unless err is an UpstreamError of code for Shanghai.
func wantCode(t *testing.T, err error, code connectors.Code) *connectors.UpstreamError {
	t.Helper()
	return sourcetest.WantCode(t, err, civ.Shanghai, code)
}

var ctx = context.Background()

// Fixture sizes: a few hundred rows, so that windows of 7 and 100 cross
// many upstream pages of 100.
const (
	nMeetings  = 110
	nDocuments = 140
	nTasks     = 305
	nSites     = 370
)

var regions = []string{"310101", "310100", "310115", "310000", "310101002", "", "310115125"}

// fuzzy cycles through every date form the wire must carry.
func fuzzy(i int) civ.FuzzyDate {
	day := time.Date(2023, time.June, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*5)
	switch i % 6 {
	case 0:
		return civ.FuzzyDate{Date: day, Precision: civ.PrecisionDay, Text: fmt.Sprintf("%d月%d日", day.Month(), day.Day())}
	case 1:
		return civ.FuzzyDate{Date: time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionMonth, Text: "本月"}
	case 2:
		return civ.FuzzyDate{Date: time.Date(day.Year(), time.January, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionYear, Text: "年内"}
	case 3:
		return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}
	case 4:
		return civ.FuzzyDate{} // a date the source does not mention at all
	}
	return civ.FuzzyDate{Date: day, Precision: civ.PrecisionDay}
}

// generated builds a dataset of generated Shanghai rows covering every
// field form: every precision, nil and known coordinates and capacities,
// empty and nested lists, keywords in mixed case.
func generated() *dataset.Dataset {
	p := &dataset.Province{}
	words := []string{"社区长者食堂", "社会救助ABC", "婚姻登记", "助餐abc"}
	updated := func(i int) time.Time {
		return time.Date(2024, time.January, 1, 8, 30, 15, 0, time.UTC).Add(time.Duration(i*37) * time.Hour)
	}
	for i := range nMeetings {
		m := civ.Meeting{
			ID: fmt.Sprintf("SH-MTG-%04d", i), Province: civ.Shanghai, Title: fmt.Sprintf("%s工作会议%d", words[i%4], i),
			Kind: civ.MeetingWorkConference, Date: fuzzy(i), RegionCode: regions[i%len(regions)], Venue: "黄浦",
			Domains: []civ.Domain{civ.AllDomains[i%len(civ.AllDomains)]}, Summary: "摘要" + words[(i+1)%4], UpdatedAt: updated(i),
		}
		if i%2 == 1 {
			m.Kind = civ.MeetingTrainingCourse
			m.Organizer = "上海市民政局"
			m.Speakers = []civ.Person{{Name: "张三", Title: "副局长"}, {Name: "李四"}}
			m.Attendees = []string{"各区民政局"}
			m.Domains = append(m.Domains, civ.DomainElderlyCare)
			m.Reports = []civ.Report{{Source: "上海市民政局", Byline: "记者", Published: fuzzy(i + 1), Reference: "page"}}
		}
		p.Meetings = append(p.Meetings, m)
	}
	for i := range nDocuments {
		p.PolicyDocuments = append(p.PolicyDocuments, civ.PolicyDocument{
			ID: fmt.Sprintf("SH-DOC-%04d", i), Province: civ.Shanghai, Title: fmt.Sprintf("关于%s的实施意见%d", words[i%4], i),
			ShortTitle: "《实施意见》", IssuingBodies: []string{"上海市民政局", "上海市财政局"}[:i%2+1], Issued: fuzzy(i + 2),
			Domains: []civ.Domain{civ.AllDomains[(i+3)%len(civ.AllDomains)]}, Summary: "要点", UpdatedAt: updated(i + 5),
		})
	}
	for i := range nTasks {
		t := civ.Task{
			ID: fmt.Sprintf("SH-TASK-%04d", i), Province: civ.Shanghai, Title: fmt.Sprintf("%s任务%d", words[i%4], i),
			Description: "内容" + words[(i+2)%4], Domain: civ.AllDomains[i%len(civ.AllDomains)], Due: fuzzy(i + 3),
			OriginKind: civ.OriginMeeting, OriginID: p.Meetings[i%7].ID, UpdatedAt: updated(i),
		}
		if i%3 == 0 {
			t.OriginKind, t.OriginID = civ.OriginPolicyDocument, p.PolicyDocuments[i%5].ID
		}
		if i%4 == 0 {
			t.Targets = []civ.Target{
				{Metric: "社区长者食堂数量", MetricEn: "community elderly canteens", Value: 400, Unit: "家", Due: fuzzy(i)},
				{Metric: "老年助餐服务能力（日均）", MetricEn: "meals a day", Value: float64(i) + 0.5, Unit: "客/日", Due: fuzzy(i + 2),
					Baseline: &civ.Baseline{Value: 200000, Unit: "客/日", AsOf: fuzzy(i + 1), Source: "统计"}},
			}
		}
		p.Tasks = append(p.Tasks, t)
	}
	for i := range nSites {
		s := civ.ServiceSite{
			ID: fmt.Sprintf("SH-SITE-%04d", i), Province: civ.Shanghai, Type: civ.AllSiteTypes[i%len(civ.AllSiteTypes)],
			Name: fmt.Sprintf("%s服务点%d", words[i%4], i), Address: fmt.Sprintf("示例路%d号", i),
			RegionCode: regions[i%len(regions)], Phone: "021-00000000", OpeningHours: "10:30-13:00",
			UpdatedAt: updated(i), Sample: i%2 == 0,
		}
		if i%5 != 0 {
			// Six decimals, as the dataset keeps them, across Shanghai.
			s.Location = &civ.GeoPoint{Lat: 30.7 + float64(i%97)*0.009, Lng: 121.0 + float64(i%89)*0.01}
		}
		if i%3 != 0 {
			s.Capacity = new(i * 2)
		}
		if i%7 == 0 {
			s.UpdatedAt = time.Time{}
		}
		if !s.Sample {
			s.Source = "https://mzj.sh.gov.cn/example"
		}
		p.ServiceSites = append(p.ServiceSites, s)
	}
	return dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Shanghai: p})
}
