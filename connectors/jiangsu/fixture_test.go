package jiangsu_test

import (
	"fmt"
	"time"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors/sourcetest"
	"github.com/civgraph/civgraph/internal/sampleapi/dataset"
)

// fixture builds a few hundred Jiangsu rows of every kind that between them
// use every wire form: dates at each precision and unknown ones with
// wording, sub-second and unknown update times, missing and present
// coordinates, capacities and baselines, sample and real sites, county and
// township codes, and site names GB18030 needs four bytes for (𠀀, 𪚥) or
// that CSV must quote (commas, quotes, line breaks).
func fixture() *dataset.Dataset {
	const meetings, documents, tasks, sites = 230, 170, 310, 260
	regions := []string{"320100", "320102", "320102001", "321100", "321181", "320412106"}
	names := []string{"𠀀字社区长者食堂", "㐀乡，\"幸福\"助餐点", "东台市婚姻登记中心", "清明山墓区\n二期", "𪚥号殡仪馆"}
	updated := time.Date(2024, time.April, 2, 9, 30, 15, 0, time.UTC)
	p := &dataset.Province{}
	for i := range meetings {
		p.Meetings = append(p.Meetings, civ.Meeting{
			ID: fmt.Sprintf("JS-MTG-%04d", i), Province: civ.Jiangsu,
			Title: title("会议", i), Kind: []civ.MeetingKind{civ.MeetingWorkConference, civ.MeetingTrainingCourse}[i%2],
			Date: fuzzy(i), RegionCode: regions[i%len(regions)], Venue: "镇江丹阳",
			Organizer: []string{"", "江苏省民政厅"}[i%2],
			Speakers:  []civ.Person{{Name: "王小华", Title: "省民政厅党组成员、副厅长"}}[:i%2],
			Attendees: []string{"各设区市民政局分管负责同志"}[:i%2],
			Domains:   civ.AllDomains[i%4 : i%4+1+i%3],
			Summary:   fmt.Sprintf("第%d次会议纪要", i),
			Reports:   []civ.Report{{Source: "江苏省民政厅官网", Byline: "皮磊", Published: fuzzy(i + 1), Reference: "https://example.org/" + fmt.Sprint(i)}}[:i%2],
			UpdatedAt: updated.Add(time.Duration(i) * time.Hour),
		})
	}
	for i := range documents {
		p.PolicyDocuments = append(p.PolicyDocuments, civ.PolicyDocument{
			ID: fmt.Sprintf("JS-DOC-%04d", i), Province: civ.Jiangsu,
			Title: title("实施意见", i), ShortTitle: "《实施意见》", IssuingBodies: []string{"江苏省民政厅", "江苏省财政厅"}[:i%3],
			Issued: fuzzy(i + 2), Domains: civ.AllDomains[(i+2)%5 : (i+2)%5+1],
			Summary: "关于加强社会事务工作", UpdatedAt: updated.Add(time.Duration(i) * 1500 * time.Millisecond),
		})
	}
	for i := range tasks {
		t := civ.Task{
			ID: fmt.Sprintf("JS-TASK-%04d", i), Province: civ.Jiangsu,
			Title: title("任务", i), Description: "落实落细", Domain: civ.AllDomains[i%len(civ.AllDomains)],
			Due: fuzzy(i + 3), OriginKind: civ.OriginMeeting, OriginID: fmt.Sprintf("JS-MTG-%04d", i%7),
			UpdatedAt: updated.Add(-time.Duration(i) * time.Minute),
		}
		if i%3 == 0 {
			t.OriginKind, t.OriginID = civ.OriginPolicyDocument, fmt.Sprintf("JS-DOC-%04d", i%5)
		}
		for j := range i % 3 {
			tg := civ.Target{Metric: "社区长者食堂数量", MetricEn: "community canteens", Value: float64(100+i+j) + 0.25, Unit: "家", Due: fuzzy(i + j)}
			if j == 1 {
				tg.Baseline = &civ.Baseline{Value: 87.5, Unit: "家", AsOf: fuzzy(i + 2), Source: "2023年统计公报"}
			}
			t.Targets = append(t.Targets, tg)
		}
		p.Tasks = append(p.Tasks, t)
	}
	for i := range sites {
		s := civ.ServiceSite{
			ID: fmt.Sprintf("JS-SITE-%04d", i), Province: civ.Jiangsu, Type: civ.AllSiteTypes[i%len(civ.AllSiteTypes)],
			Name: title(names[i%len(names)], i), Address: fmt.Sprintf("常州市武进区横山桥镇%d号，\"东\"门", i), RegionCode: regions[i%len(regions)],
			Phone: "0519-8888" + fmt.Sprintf("%04d", i), OpeningHours: "08:30-17:30",
			UpdatedAt: updated.AddDate(0, 0, i), Sample: i%2 == 0,
		}
		if i%3 != 0 {
			s.Location = &civ.GeoPoint{Lat: 31.7 + float64(i)/1000, Lng: 119.9 + float64(i)/997}
		}
		if i%4 != 0 {
			capacity := 20 + i
			s.Capacity = &capacity
		}
		if !s.Sample {
			s.Source = "https://mzt.jiangsu.gov.cn/"
		}
		if i%11 == 0 {
			s.UpdatedAt = time.Time{} // unknown
		}
		p.ServiceSites = append(p.ServiceSites, s)
	}
	return dataset.New(map[civ.ProvinceCode]*dataset.Province{civ.Jiangsu: p})
}

// title and fuzzy are the shared fixture forms.
var (
	title = sourcetest.Title
	fuzzy = sourcetest.FuzzyDate
)
