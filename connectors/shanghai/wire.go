package shanghai

// The wire format of Shanghai's public data platform, as the connector
// reads it. Field names are the platform's; enumerations are numeric codes
// (codes.go); every time is epoch milliseconds; coordinates are GCJ-02.

// wireDate is a date as the source states it.
type wireDate struct {
	Time      *int64 `json:"time"`      // epoch ms of 00:00 China time on the period's first day; null when not known
	Precision int    `json:"precision"` // precisions: 3 日, 2 月, 1 年, 9 不详, 0 not stated
	Text      string `json:"text"`      // 原文, the source's wording (日前, 至2025年年末)
}

type wirePerson struct {
	Name string `json:"name"`
	Post string `json:"post"` // 职务, title
}

type wireReport struct {
	Source      string   `json:"source"` // 来源, credited source
	Author      string   `json:"author"` // 记者, byline
	PublishDate wireDate `json:"publishDate"`
	Reference   string   `json:"reference"` // 出处, the publication
}

type wireMeeting struct {
	ID          string       `json:"id"`
	MeetingName string       `json:"meetingName"`
	MeetingType int          `json:"meetingType"` // meetingTypes
	MeetingDate wireDate     `json:"meetingDate"`
	AreaCode    string       `json:"areaCode"` // 行政区划代码 of the venue
	Venue       string       `json:"venue"`
	Organizer   string       `json:"organizer"`
	Speakers    []wirePerson `json:"speakers"`
	Attendees   []string     `json:"attendees"`
	Businesses  []int        `json:"businessTypes"` // businessTypes: domains covered
	Summary     string       `json:"summary"`
	Reports     []wireReport `json:"reports"`
	UpdateTime  *int64       `json:"updateTime"`
}

type wireDocument struct {
	ID         string       `json:"id"`
	DocName    string       `json:"docName"`
	ShortName  string       `json:"shortName"` // 简称
	IssuedBy   []string     `json:"issuedBy"`  // 发文机关
	IssueDate  wireDate     `json:"issueDate"`
	Businesses []int        `json:"businessTypes"`
	Summary    string       `json:"summary"`
	Reports    []wireReport `json:"reports"`
	UpdateTime *int64       `json:"updateTime"`
}

type wireBaseline struct {
	Value  float64  `json:"value"`
	Unit   string   `json:"unit"`
	AsOf   wireDate `json:"asOf"`
	Source string   `json:"source"`
}

type wireTarget struct {
	Indicator   string        `json:"indicator"` // 指标, the metric
	IndicatorEn string        `json:"indicatorEn"`
	Value       float64       `json:"value"`
	Unit        string        `json:"unit"`
	Deadline    wireDate      `json:"deadline"`
	Baseline    *wireBaseline `json:"baseline"`
}

type wireTask struct {
	ID           string       `json:"id"`
	TaskName     string       `json:"taskName"`
	Content      string       `json:"content"`
	BusinessType int          `json:"businessType"` // businessTypes
	Deadline     wireDate     `json:"deadline"`
	OriginType   int          `json:"originType"` // originTypes
	OriginID     string       `json:"originId"`
	Targets      []wireTarget `json:"targets"`
	UpdateTime   *int64       `json:"updateTime"`
}

type wireSite struct {
	ID            string   `json:"id"`
	OrgType       int      `json:"orgType"` // orgTypes: 2014 助餐点, 2015 社区长者食堂 …
	OrgName       string   `json:"orgName"`
	Address       string   `json:"address"`
	AreaCode      string   `json:"areaCode"`
	Lng           *float64 `json:"lng"` // GCJ-02
	Lat           *float64 `json:"lat"` // GCJ-02
	Capacity      *int     `json:"capacity"`
	Phone         string   `json:"phone"`
	BusinessHours string   `json:"businessHours"`
	UpdateTime    *int64   `json:"updateTime"`
	IsSample      bool     `json:"isSample"`   // generated, not a real place
	DataSource    string   `json:"dataSource"` // provenance of a real row

	OrgTypeText    string   `json:"orgTypeText"`    // the source's wording of the type
	CapacityApprox bool     `json:"capacityApprox"` // the capacity is an estimate or a bound
	CapacityText   string   `json:"capacityText"`   // the source's wording of the capacity
	CapacityUnit   string   `json:"capacityUnit"`   // what capacity counts: a civ.CapacityUnit name
	SourceKind     string   `json:"sourceKind"`     // what the source is
	FactDate       wireDate `json:"factDate"`       // when the source's facts held
	Credibility    int      `json:"credibility"`    // credibilities; 0 none
	Remark         string   `json:"remark"`         // caveats recorded with the row
	Facts          string   `json:"facts"`          // what the source states, as recorded
}

// request is the POST body: the filters the platform applies plus the page.
type request struct {
	Limit         int      `json:"limit"`
	Offset        int      `json:"offset"`
	ID            string   `json:"id,omitempty"`
	StartTime     *int64   `json:"startTime,omitempty"` // epoch ms of the first day (China time)
	EndTime       *int64   `json:"endTime,omitempty"`   // epoch ms of the last day
	BusinessType  int      `json:"businessType,omitempty"`
	OrgType       int      `json:"orgType,omitempty"`
	AreaCode      string   `json:"areaCode,omitempty"`
	Keyword       string   `json:"keyword,omitempty"`
	OriginID      string   `json:"originId,omitempty"`
	IDs           []string `json:"ids,omitempty"`
	OriginIDs     []string `json:"originIds,omitempty"`
	IsSample      *bool    `json:"isSample,omitempty"` // generated rows only (true) or real rows only (false)
	BusinessTypes []int    `json:"businessTypes,omitempty"`
	OrgTypes      []int    `json:"orgTypes,omitempty"`
	AreaCodes     []string `json:"areaCodes,omitempty"`
	// The targets' due range (epoch ms of the days, China time) and metric.
	TargetStartTime *int64 `json:"targetStartTime,omitempty"`
	TargetEndTime   *int64 `json:"targetEndTime,omitempty"`
	TargetMetric    string `json:"targetMetric,omitempty"`
	IncludeUndated  bool   `json:"includeUndated,omitempty"` // rows with an unknown date pass the date range
	// OrderBy sorts by one of the interface's fields (meetingDate,
	// issueDate, deadline; orgName, updateTime, distance from the circle's
	// centre), OrderType asc or desc; ties by id.
	OrderBy   string `json:"orderBy,omitempty"`
	OrderType string `json:"orderType,omitempty"`
	// A circle, GCJ-02 centre and radius in metres, and a GCJ-02 box as
	// "minLng,minLat;maxLng,maxLat" (the platform's map conventions).
	CenterLng *float64 `json:"centerLng,omitempty"`
	CenterLat *float64 `json:"centerLat,omitempty"`
	Radius    *float64 `json:"radius,omitempty"`
	Rectangle string   `json:"rectangle,omitempty"`
}
