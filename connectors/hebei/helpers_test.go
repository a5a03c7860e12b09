package hebei_test

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/connectors/cache"
	"github.com/civgraph/civgraph/connectors/hebei"
	"github.com/civgraph/civgraph/connectors/httpclient"
	"github.com/civgraph/civgraph/connectors/kit"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
	samplehebei "github.com/civgraph/civgraph/internal/sampleapi/hebei"
)

var fastRetries = httpclient.Config{RetryMax: 3, RetryWaitMin: time.Millisecond, RetryWaitMax: 2 * time.Millisecond}

// same compares domain values: nil and empty slices alike, coordinates
// within a millionth of a degree (Hebei serves WGS-84, so nothing is
// converted and the values come back exact in practice).
var same = sourcetest.ExactPoints

// start serves h on loopback and returns its base URL.
var start = sourcetest.Serve

// startHebei serves the sample upstream over ds under /hebei, as the
// embedded default mounts it, and returns the connector's base URL.
func startHebei(t *testing.T, ds *dataset.Dataset, opts samplehebei.Options, n *atomic.Int32) string {
	t.Helper()
	return sourcetest.Mount(t, "/hebei", samplehebei.New(ds, opts), n)
}

func newClient(t *testing.T, url, key string, policy cache.Policy, opts ...kit.Option) *hebei.Client {
	t.Helper()
	c, err := hebei.New(hebei.Config{BaseURL: url, AppKey: key, HTTP: fastRetries, Cache: policy}, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// demoClient is a connector over the sample upstream serving ds.
func demoClient(t *testing.T, ds *dataset.Dataset) *hebei.Client {
	t.Helper()
	return newClient(t, startHebei(t, ds, samplehebei.Options{}, nil), samplehebei.DemoAppKey, cache.Policy{})
}

// wantCode fails unless err is an UpstreamError of code for Hebei.
func wantCode(t *testing.T, err error, code connectors.Code) *connectors.UpstreamError {
	t.Helper()
	return sourcetest.WantCode(t, err, civ.Hebei, code)
}

var ctx = context.Background()

// Fixture sizes: a few hundred rows, so that windows of 7 and 100 cross
// many upstream pages of 100.
const (
	nMeetings  = 120
	nDocuments = 130
	nTasks     = 310
	nSites     = 360
)

var regions = []string{"130408", "130400", "130102", "130100", "130000", "130408100", "", "131100"}

// fuzzy cycles through every date form the wire must carry.
func fuzzy(i int) civ.FuzzyDate {
	day := time.Date(2023, time.June, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, i*5)
	switch i % 5 {
	case 0:
		return civ.FuzzyDate{Date: day, Precision: civ.PrecisionDay, Text: fmt.Sprintf("%d月%d日", day.Month(), day.Day())}
	case 1:
		return civ.FuzzyDate{Date: time.Date(day.Year(), day.Month(), 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionMonth, Text: "本月"}
	case 2:
		return civ.FuzzyDate{Date: time.Date(day.Year(), time.January, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionYear, Text: "年内"}
	case 3:
		return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: "日前"}
	}
	return civ.FuzzyDate{Date: day, Precision: civ.PrecisionDay}
}

// generated builds a dataset of generated Hebei rows covering every field
// form: every precision, nil and known coordinates and capacities, empty
// and nested lists, keywords in mixed case.
func generated() *dataset.Dataset {
	p := &dataset.Province{}
	words := []string{"社区养老", "社会救助ABC", "婚姻登记", "助餐abc"}
	updated := func(i int) time.Time {
		return time.Date(2024, time.January, 1, 8, 30, 0, 0, time.UTC).Add(time.Duration(i*37) * time.Hour)
	}
	for i := range nMeetings {
		m := civ.Meeting{
			ID: fmt.Sprintf("HEB-MTG-%04d", i), Province: civ.Hebei, Title: fmt.Sprintf("%s工作会议%d", words[i%4], i),
			Kind: civ.MeetingWorkConference, Date: fuzzy(i), RegionCode: regions[i%len(regions)], Venue: "石家庄",
			Domains: []civ.Domain{civ.AllDomains[i%len(civ.AllDomains)]}, Summary: "摘要" + words[(i+1)%4], UpdatedAt: updated(i),
		}
		if i%2 == 1 {
			m.Kind = civ.MeetingTrainingCourse
			m.Organizer = "河北省民政厅"
			m.Speakers = []civ.Person{{Name: "张三", Title: "副厅长"}}
			m.Attendees = []string{"各市民政局"}
			m.Domains = append(m.Domains, civ.DomainElderlyCare)
			m.Reports = []civ.Report{{Source: "河北省民政厅", Byline: "记者", Published: fuzzy(i + 1), Reference: "page"}}
		}
		p.Meetings = append(p.Meetings, m)
	}
	for i := range nDocuments {
		p.PolicyDocuments = append(p.PolicyDocuments, civ.PolicyDocument{
			ID: fmt.Sprintf("HEB-DOC-%04d", i), Province: civ.Hebei, Title: fmt.Sprintf("关于%s的实施意见%d", words[i%4], i),
			ShortTitle: "《实施意见》", IssuingBodies: []string{"河北省民政厅", "河北省财政厅"}[:i%3%2+1], Issued: fuzzy(i + 2),
			Domains: []civ.Domain{civ.AllDomains[(i+3)%len(civ.AllDomains)]}, Summary: "要点", UpdatedAt: updated(i + 5),
		})
	}
	for i := range nTasks {
		t := civ.Task{
			ID: fmt.Sprintf("HEB-TASK-%04d", i), Province: civ.Hebei, Title: fmt.Sprintf("%s任务%d", words[i%4], i),
			Description: "内容" + words[(i+2)%4], Domain: civ.AllDomains[i%len(civ.AllDomains)], Due: fuzzy(i + 3),
			OriginKind: civ.OriginMeeting, OriginID: p.Meetings[i%7].ID, UpdatedAt: updated(i),
		}
		if i%3 == 0 {
			t.OriginKind, t.OriginID = civ.OriginPolicyDocument, p.PolicyDocuments[i%5].ID
		}
		if i%4 == 0 {
			t.Targets = []civ.Target{
				{Metric: "长者食堂数量", MetricEn: "canteens", Value: float64(i) + 0.5, Unit: "家", Due: fuzzy(i)},
				{Metric: "助餐点", MetricEn: "meal points", Value: 2000, Unit: "个", Due: fuzzy(i + 2),
					Baseline: &civ.Baseline{Value: 1500, Unit: "个", AsOf: fuzzy(i + 1), Source: "统计"}},
			}
		}
		if i%8 == 0 {
			t.Targets[1].Baseline.AsOf = civ.FuzzyDate{} // a figure with no date at all
		}
		p.Tasks = append(p.Tasks, t)
	}
	for i := range nSites {
		s := civ.ServiceSite{
			ID: fmt.Sprintf("HEB-SITE-%04d", i), Province: civ.Hebei, Type: civ.AllSiteTypes[i%len(civ.AllSiteTypes)],
			Name: fmt.Sprintf("%s服务点%d", words[i%4], i), Address: fmt.Sprintf("示例路%d号", i),
			RegionCode: regions[i%len(regions)], Phone: "0311-00000000", OpeningHours: "08:00-17:00",
			UpdatedAt: updated(i), Sample: i%2 == 0,
		}
		if i%5 != 0 {
			s.Location = &civ.GeoPoint{Lat: 38 + float64(i)/1000, Lng: 114.5 + float64(i)/997}
		}
		if i%3 != 0 {
			s.Capacity = new(i * 2)
		}
		if i%7 == 0 {
			s.UpdatedAt = time.Time{}
		}
		if !s.Sample {
			s.Source = "https://example.gov.cn/site"
		}
		p.ServiceSites = append(p.ServiceSites, s)
	}
	return dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Hebei: p})
}
