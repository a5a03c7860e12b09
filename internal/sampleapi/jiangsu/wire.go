package jiangsu

// The wire format of Jiangsu's open-data portal (see doc.go for the
// date and time forms). The field names are the portal's own.

type wdate struct {
	Value   string `json:"value"`   // 20240321 | 202403 | 2024 | ""
	Wording string `json:"wording"` // the source's text
}

type wperson struct {
	Name  string `json:"name"`
	Title string `json:"post"`
}

type wreport struct {
	Source    string `json:"source"`
	Byline    string `json:"author"`
	Published wdate  `json:"pub_date"`
	Reference string `json:"ref"`
}

type wmeeting struct {
	ID         string    `json:"meeting_id"`
	Title      string    `json:"meeting_name"`
	Kind       string    `json:"meeting_type"`
	Date       wdate     `json:"meeting_date"`
	RegionCode string    `json:"region_code"`
	Venue      string    `json:"venue"`
	Organizer  string    `json:"organizer"`
	Speakers   []wperson `json:"speakers"`
	Attendees  []string  `json:"attendees"`
	Domains    []string  `json:"fields"`
	Summary    string    `json:"summary"`
	Reports    []wreport `json:"reports"`
	Updated    string    `json:"update_time"`
}

type wdocument struct {
	ID            string    `json:"doc_id"`
	Title         string    `json:"doc_title"`
	ShortTitle    string    `json:"short_title"`
	IssuingBodies []string  `json:"issuers"`
	Issued        wdate     `json:"issue_date"`
	Domains       []string  `json:"fields"`
	Summary       string    `json:"summary"`
	Reports       []wreport `json:"reports"`
	Updated       string    `json:"update_time"`
}

type wbaseline struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	AsOf   wdate   `json:"as_of"`
	Source string  `json:"source"`
}

type wtarget struct {
	Metric   string     `json:"metric"`
	MetricEn string     `json:"metric_en"`
	Value    float64    `json:"value"`
	Unit     string     `json:"unit"`
	Due      wdate      `json:"due_date"`
	Baseline *wbaseline `json:"baseline"`
}

type wtask struct {
	ID          string    `json:"task_id"`
	Title       string    `json:"task_name"`
	Description string    `json:"content"`
	Domain      string    `json:"field"`
	Due         wdate     `json:"due_date"`
	OriginKind  string    `json:"origin_type"`
	OriginID    string    `json:"origin_id"`
	Targets     []wtarget `json:"targets"`
	Updated     string    `json:"update_time"`
}

// siteColumns is the header of the bulk service-site file: the site's own
// columns, then its provenance (type_text the source's wording of the
// type, capacity_approx 1 when the capacity is an estimate or a bound,
// capacity_text its wording, capacity_unit what it counts (a
// civ.CapacityUnit name), source_kind, fact_date and fact_date_text when
// the source's facts held, confidence a civ.Confidence name or empty,
// notes, facts).
var siteColumns = []string{"site_id", "site_type", "name", "address", "region_code", "lng", "lat", "capacity", "phone", "opening_hours", "update_time", "sample", "source",
	"type_text", "capacity_approx", "capacity_text", "source_kind", "fact_date", "fact_date_text", "confidence", "notes", "facts",
	"capacity_unit"}
