package shanghai

// The wire format of Shanghai's public data platform. Times are epoch
// milliseconds; a date carries the epoch milliseconds of its first day
// (China Standard Time midnight) with its precision; coordinates are GCJ-02.

type sdate struct {
	Time      *int64 `json:"time"`      // epoch ms of the first day; null when unknown
	Precision string `json:"precision"` // DAY, MONTH, YEAR or UNKNOWN
	Text      string `json:"text"`
}

type sperson struct {
	Name string `json:"name"`
	Post string `json:"post"`
}

type sreport struct {
	Source    string `json:"source"`
	Author    string `json:"author"`
	Published sdate  `json:"publishDate"`
	Reference string `json:"reference"`
}

type smeeting struct {
	ID         string    `json:"id"`
	Title      string    `json:"hymc"`
	Kind       string    `json:"hylx"`
	Date       sdate     `json:"hyrq"`
	AreaCode   string    `json:"areaCode"`
	Venue      string    `json:"hydd"`
	Organizer  string    `json:"zbdw"`
	Speakers   []sperson `json:"speakers"`
	Attendees  []string  `json:"attendees"`
	Domains    []string  `json:"domains"`
	Summary    string    `json:"summary"`
	Reports    []sreport `json:"reports"`
	UpdateTime *int64    `json:"updateTime"`
}

type sdocument struct {
	ID            string    `json:"id"`
	Title         string    `json:"wjmc"`
	ShortTitle    string    `json:"wjjc"`
	IssuingBodies []string  `json:"fwjg"`
	Issued        sdate     `json:"fwrq"`
	Domains       []string  `json:"domains"`
	Summary       string    `json:"summary"`
	Reports       []sreport `json:"reports"`
	UpdateTime    *int64    `json:"updateTime"`
}

type sbaseline struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	AsOf   sdate   `json:"asOf"`
	Source string  `json:"source"`
}

type starget struct {
	Metric   string     `json:"metric"`
	MetricEn string     `json:"metricEn"`
	Value    float64    `json:"value"`
	Unit     string     `json:"unit"`
	Due      sdate      `json:"due"`
	Baseline *sbaseline `json:"baseline"`
}

type stask struct {
	ID          string    `json:"id"`
	Title       string    `json:"rwmc"`
	Description string    `json:"rwnr"`
	Domain      string    `json:"domain"`
	Due         sdate     `json:"due"`
	OriginType  string    `json:"originType"`
	OriginID    string    `json:"originId"`
	Targets     []starget `json:"targets"`
	UpdateTime  *int64    `json:"updateTime"`
}

type ssite struct {
	ID           string   `json:"id"`
	OrgType      int      `json:"orgType"` // 2014 助餐点, 2015 社区长者食堂, …
	OrgName      string   `json:"orgName"`
	Address      string   `json:"address"`
	AreaCode     string   `json:"areaCode"`
	Lng          *float64 `json:"lng"` // GCJ-02
	Lat          *float64 `json:"lat"`
	Capacity     *int     `json:"capacity"`
	Phone        string   `json:"phone"`
	OpeningHours string   `json:"openingHours"`
	UpdateTime   *int64   `json:"updateTime"`
	Sample       bool     `json:"sample"`
	Source       string   `json:"source"`
}

// request is the POST body: filters plus limit/offset.
type request struct {
	Limit     *int   `json:"limit"`
	Offset    int    `json:"offset"`
	ID        string `json:"id,omitempty"`
	StartDate string `json:"startDate,omitempty"` // yyyy-MM-dd
	EndDate   string `json:"endDate,omitempty"`
	Domain    string `json:"domain,omitempty"`
	OrgType   int    `json:"orgType,omitempty"`
	AreaCode  string `json:"areaCode,omitempty"`
	Keyword   string `json:"keyword,omitempty"`
	OriginID  string `json:"originId,omitempty"`
	// SiteKind restricts non-site resources by site type (always empty
	// there); it keeps the filter semantics identical across resources.
	SiteKind string `json:"siteKind,omitempty"`
}

// orgTypes are the platform's organisation type codes. 2011, 2014 and
// 2015 are the published elderly-service codes; 30xx are this platform's
// own codes for the other civil-affairs sites.
var orgTypes = map[string]int{
	"ELDERLY_SERVICE_CENTER": 2011,
	"MEAL_POINT":             2014,
	"COMMUNITY_CANTEEN":      2015,
	"MARRIAGE_REGISTRY":      3001,
	"FUNERAL_HOME":           3002,
	"CEMETERY":               3003,
	"RESCUE_STATION":         3004,
	"REHAB_AID_CENTER":       3005,
}
