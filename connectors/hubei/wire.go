package hubei

// The wire format of Hubei's gateway. Dates are written the Chinese way:
// "2024年3月20日" (day), "2024年3月" (month), "2024年" (year), or "" when
// the source gives none; wording carries the source's own text.

type fuzzyDate struct {
	Value   string `json:"value"`   // 2024年3月20日 | 2024年3月 | 2024年 | ""
	Wording string `json:"wording"` // e.g. 日前
}

type official struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

type report struct {
	Source    string    `json:"source"`
	Byline    string    `json:"byline"`
	Published fuzzyDate `json:"published"`
	Reference string    `json:"reference"`
}

type meeting struct {
	ID         string     `json:"meetingId"`
	Title      string     `json:"meetingName"`
	Kind       string     `json:"meetingType"`
	Date       fuzzyDate  `json:"meetingDate"`
	RegionCode string     `json:"areaCode"` // 行政区划代码, GB/T 2260
	Venue      string     `json:"venue"`
	Organizer  string     `json:"organizer"`
	Speakers   []official `json:"speakers"`
	Attendees  []string   `json:"attendees"`
	Domains    []string   `json:"businessFields"` // 业务领域: civ.Domain names
	Summary    string     `json:"summary"`
	Reports    []report   `json:"reports"`
	Updated    string     `json:"updateTime"` // 2024年3月31日 08:00:00
}

type document struct {
	ID            string    `json:"docId"`
	Title         string    `json:"docTitle"`
	ShortTitle    string    `json:"shortTitle"`
	IssuingBodies []string  `json:"issuers"`
	Issued        fuzzyDate `json:"issueDate"`
	Domains       []string  `json:"businessFields"`
	Summary       string    `json:"summary"`
	Reports       []report  `json:"reports"`
	Updated       string    `json:"updateTime"`
}

type baseline struct {
	Value  float64   `json:"value"`
	Unit   string    `json:"unit"`
	AsOf   fuzzyDate `json:"asOf"`
	Source string    `json:"source"`
}

type target struct {
	Metric   string    `json:"metric"`
	MetricEn string    `json:"metricEn"`
	Value    float64   `json:"value"`
	Unit     string    `json:"unit"`
	Due      fuzzyDate `json:"deadline"`
	Baseline *baseline `json:"baseline"`
}

type task struct {
	ID          string    `json:"taskId"`
	Title       string    `json:"taskName"`
	Description string    `json:"content"`
	Domain      string    `json:"businessField"` // 业务领域: a civ.Domain name
	Due         fuzzyDate `json:"deadline"`
	OriginKind  string    `json:"sourceType"` // 任务来源: MEETING or POLICY_DOCUMENT
	OriginID    string    `json:"sourceId"`   // meetingId or docId of the source
	Targets     []target  `json:"targets"`
	Updated     string    `json:"updateTime"`
}

type site struct {
	ID           string   `json:"siteId"`
	Type         string   `json:"siteType"`
	Name         string   `json:"siteName"`
	Address      string   `json:"address"`
	RegionCode   string   `json:"areaCode"`
	Lng          *float64 `json:"lng"` // WGS-84
	Lat          *float64 `json:"lat"`
	Capacity     *int     `json:"capacity"`
	Phone        string   `json:"phone"`
	OpeningHours string   `json:"openingHours"`
	Updated      string   `json:"updateTime"`
	Sample       bool     `json:"sampleData"` // generated row, not a real site
	Source       string   `json:"dataSource"` // provenance of a real row

	TypeText            string    `json:"siteTypeText"`        // the source's wording of the type
	CapacityApproximate bool      `json:"capacityApproximate"` // the source gives an estimate or a bound
	CapacityText        string    `json:"capacityText"`        // the source's wording of the capacity
	CapacityUnit        string    `json:"capacityUnit"`        // what capacity counts: a civ.CapacityUnit name, "" for none
	SourceKind          string    `json:"sourceKind"`          // what the source is
	FactDate            fuzzyDate `json:"factDate"`            // when the source's facts held
	Confidence          string    `json:"confidence"`          // a civ.Confidence name, "" for none
	Notes               string    `json:"notes"`               // caveats recorded with the row
	Facts               string    `json:"facts"`               // what the source states, as recorded
}

// query is the POST body of every list endpoint.
type query struct {
	PageNo     int      `json:"pageNo"`
	PageSize   int      `json:"pageSize"`
	ID         string   `json:"id,omitempty"`
	StartDate  string   `json:"startDate,omitempty"` // 2024-03-01
	EndDate    string   `json:"endDate,omitempty"`
	Domain     string   `json:"businessField,omitempty"`
	SiteType   string   `json:"siteType,omitempty"`
	RegionCode string   `json:"areaCode,omitempty"`
	Keyword    string   `json:"keyword,omitempty"`
	SourceID   string   `json:"sourceId,omitempty"`
	IDs        []string `json:"ids,omitempty"`
	SourceIDs  []string `json:"sourceIds,omitempty"`
	SampleData *bool    `json:"sampleData,omitempty"` // generated rows only (true) or real rows only (false)
	Domains    []string `json:"businessFields,omitempty"`
	SiteTypes  []string `json:"siteTypes,omitempty"`
	AreaCodes  []string `json:"areaCodes,omitempty"`
	// The targets' due range (YYYY-MM-DD) and metric.
	TargetDueStart string `json:"targetDueStart,omitempty"`
	TargetDueEnd   string `json:"targetDueEnd,omitempty"`
	TargetMetric   string `json:"targetMetric,omitempty"`
	IncludeUndated bool   `json:"includeUndated,omitempty"` // rows with an unknown date pass the date range
	// SortField sorts by one of the endpoint's fields (meetingDate,
	// issueDate, deadline; siteName, updateTime, distance from the near
	// circle's centre), SortOrder ASC (default) or DESC; ties by id.
	SortField string `json:"sortField,omitempty"`
	SortOrder string `json:"sortOrder,omitempty"`
	// Near is a circle (WGS-84 centre, radius in km); BBox a WGS-84 box
	// as [minLng, minLat, maxLng, maxLat]: sites within them.
	Near *nearQuery `json:"near,omitempty"`
	BBox []float64  `json:"bbox,omitempty"`
}

// nearQuery is a circle in a query.
type nearQuery struct {
	Lng      float64 `json:"lng"`
	Lat      float64 `json:"lat"`
	RadiusKm float64 `json:"radiusKm"`
}
