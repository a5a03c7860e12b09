package hubei_test

import (
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// fixture builds a few hundred Hubei rows of every kind that between them
// use every wire form: dates at each precision and unknown ones with
// wording, missing and present coordinates, capacities and baselines,
// sample and real sites, county and township codes.
func fixture() *dataset.Dataset {
	const meetings, documents, tasks, sites = 230, 170, 310, 260
	regions := []string{"420100", "420102", "420102001", "420500", "420503", "421000"}
	updated := time.Date(2024, time.April, 2, 9, 30, 15, 0, time.UTC)
	p := &dataset.Province{}
	for i := range meetings {
		p.Meetings = append(p.Meetings, civ.Meeting{
			ID: fmt.Sprintf("HUB-MTG-%04d", i), Province: civ.Hubei,
			Title: title("会议", i), Kind: []civ.MeetingKind{civ.MeetingWorkConference, civ.MeetingTrainingCourse}[i%2],
			Date: fuzzy(i), RegionCode: regions[i%len(regions)], Venue: "武汉",
			Organizer: []string{"", "湖北省民政厅"}[i%2],
			Speakers:  []civ.Person{{Name: "赵显富", Title: "省民政厅党组成员、副厅长"}}[:i%2],
			Attendees: []string{"各市、州民政局分管局长"}[:i%2],
			Domains:   civ.AllDomains[i%4 : i%4+1+i%3],
			Summary:   fmt.Sprintf("第%d次会议纪要", i),
			Reports:   []civ.Report{{Source: "湖北省民政厅", Byline: "皮磊", Published: fuzzy(i + 1), Reference: "https://example.org/" + fmt.Sprint(i)}}[:i%2],
			UpdatedAt: updated.Add(time.Duration(i) * time.Hour),
		})
	}
	for i := range documents {
		p.PolicyDocuments = append(p.PolicyDocuments, civ.PolicyDocument{
			ID: fmt.Sprintf("HUB-DOC-%04d", i), Province: civ.Hubei,
			Title: title("实施意见", i), ShortTitle: "《实施意见》", IssuingBodies: []string{"湖北省民政厅", "湖北省财政厅"}[:i%3],
			Issued: fuzzy(i + 2), Domains: civ.AllDomains[(i+2)%5 : (i+2)%5+1],
			Summary: "关于加强社会事务工作", UpdatedAt: updated,
		})
	}
	for i := range tasks {
		t := civ.Task{
			ID: fmt.Sprintf("HUB-TASK-%04d", i), Province: civ.Hubei,
			Title: title("任务", i), Description: "落实落细", Domain: civ.AllDomains[i%len(civ.AllDomains)],
			Due: fuzzy(i + 3), OriginKind: civ.OriginMeeting, OriginID: fmt.Sprintf("HUB-MTG-%04d", i%7),
			UpdatedAt: updated.Add(-time.Duration(i) * time.Minute),
		}
		if i%3 == 0 {
			t.OriginKind, t.OriginID = civ.OriginPolicyDocument, fmt.Sprintf("HUB-DOC-%04d", i%5)
		}
		for j := range i % 3 {
			tg := civ.Target{Metric: "社区长者食堂数量", MetricEn: "community canteens", Value: float64(100 + i + j), Unit: "家", Due: fuzzy(i + j)}
			if j == 1 {
				tg.Baseline = &civ.Baseline{Value: 87.5, Unit: "家", AsOf: fuzzy(i + 2), Source: "2023年统计公报"}
			}
			t.Targets = append(t.Targets, tg)
		}
		p.Tasks = append(p.Tasks, t)
	}
	for i := range sites {
		s := civ.ServiceSite{
			ID: fmt.Sprintf("HUB-SITE-%04d", i), Province: civ.Hubei, Type: civ.AllSiteTypes[i%len(civ.AllSiteTypes)],
			Name: title("服务点", i), Address: fmt.Sprintf("武汉市江岸区%d号", i), RegionCode: regions[i%len(regions)],
			Phone: "027-8888" + fmt.Sprintf("%04d", i), OpeningHours: "08:30-17:30",
			UpdatedAt: updated.AddDate(0, 0, i), Sample: i%2 == 0,
		}
		if i%3 != 0 {
			s.Location = &civ.GeoPoint{Lat: 30.5 + float64(i)/1000, Lng: 114.3 + float64(i)/997}
		}
		if i%4 != 0 {
			capacity := 20 + i
			s.Capacity = &capacity
		}
		if !s.Sample {
			s.Source = "https://mzt.hubei.gov.cn/"
		}
		if i%11 == 0 {
			s.UpdatedAt = time.Time{} // unknown
		}
		p.ServiceSites = append(p.ServiceSites, s)
	}
	return dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Hubei: p})
}

// title and fuzzy are the shared fixture forms.
var (
	title = sourcetest.Title
	fuzzy = sourcetest.FuzzyDate
)
