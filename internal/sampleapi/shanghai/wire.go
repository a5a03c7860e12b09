package shanghai

import "github.com/civgraph/civgraph/civ"

// The platform's wire format. Field names are the platform's camelCase
// English ones; enumerations are numeric codes; every time is epoch
// milliseconds (a number); every date is a wireDate; coordinates are
// GCJ-02. Rows omit what the source does not state (null or absent).

// wireDate is a date as a source states it: the first day of its period,
// its precision and the source's own wording.
type wireDate struct {
	// Time is the epoch ms of 00:00 China Standard Time on the first day
	// of the period (the day itself at precision 3, the 1st of the month
	// at 2, 1 January at 1); absent when nothing of the date is known.
	Time *int64 `json:"time,omitempty"`
	// Precision is a code of precisionCodes: 3 日, 2 月, 1 年, 9 不详,
	// 0 not stated at all.
	Precision int    `json:"precision"`
	Text      string `json:"text,omitempty"` // 原文, e.g. 日前, 至2025年年末
}

type wirePerson struct {
	Name string `json:"name"`
	Post string `json:"post,omitempty"` // 职务
}

type wireReport struct {
	Source      string   `json:"source"`           // 来源, credited source
	Author      string   `json:"author,omitempty"` // 记者
	PublishDate wireDate `json:"publishDate"`
	Reference   string   `json:"reference,omitempty"` // 出处, the publication
}

type wireMeeting struct {
	ID          string       `json:"id"`
	MeetingName string       `json:"meetingName"`
	MeetingType int          `json:"meetingType"` // meetingTypeCodes
	MeetingDate wireDate     `json:"meetingDate"`
	AreaCode    string       `json:"areaCode,omitempty"` // 行政区划代码 of the venue
	Venue       string       `json:"venue,omitempty"`
	Organizer   string       `json:"organizer,omitempty"`
	Speakers    []wirePerson `json:"speakers,omitempty"`
	Attendees   []string     `json:"attendees,omitempty"`
	Businesses  []int        `json:"businessTypes,omitempty"` // businessCodes
	Summary     string       `json:"summary,omitempty"`
	Reports     []wireReport `json:"reports,omitempty"`
	UpdateTime  *int64       `json:"updateTime,omitempty"` // epoch ms
}

type wireDocument struct {
	ID         string       `json:"id"`
	DocName    string       `json:"docName"`
	ShortName  string       `json:"shortName,omitempty"` // 简称, e.g. 《实施意见》
	IssuedBy   []string     `json:"issuedBy,omitempty"`  // 发文机关
	IssueDate  wireDate     `json:"issueDate"`
	Businesses []int        `json:"businessTypes,omitempty"`
	Summary    string       `json:"summary,omitempty"`
	Reports    []wireReport `json:"reports,omitempty"`
	UpdateTime *int64       `json:"updateTime,omitempty"`
}

type wireBaseline struct {
	Value  float64  `json:"value"`
	Unit   string   `json:"unit,omitempty"`
	AsOf   wireDate `json:"asOf"`
	Source string   `json:"source,omitempty"`
}

type wireTarget struct {
	Indicator   string        `json:"indicator"`             // 指标
	IndicatorEn string        `json:"indicatorEn,omitempty"` // the indicator in English
	Value       float64       `json:"value"`
	Unit        string        `json:"unit,omitempty"`
	Deadline    wireDate      `json:"deadline"`
	Baseline    *wireBaseline `json:"baseline,omitempty"`
}

type wireTask struct {
	ID           string       `json:"id"`
	TaskName     string       `json:"taskName"`
	Content      string       `json:"content,omitempty"`
	BusinessType int          `json:"businessType"` // businessCodes
	Deadline     wireDate     `json:"deadline"`
	OriginType   int          `json:"originType"` // originCodes
	OriginID     string       `json:"originId"`
	Targets      []wireTarget `json:"targets,omitempty"`
	UpdateTime   *int64       `json:"updateTime,omitempty"`
}

type wireSite struct {
	ID            string   `json:"id"`
	OrgType       int      `json:"orgType"` // orgTypeCodes: 2014 助餐点, 2015 社区长者食堂 …
	OrgName       string   `json:"orgName"`
	Address       string   `json:"address,omitempty"`
	AreaCode      string   `json:"areaCode,omitempty"`
	Lng           *float64 `json:"lng,omitempty"` // GCJ-02
	Lat           *float64 `json:"lat,omitempty"` // GCJ-02
	Capacity      *int     `json:"capacity,omitempty"`
	Phone         string   `json:"phone,omitempty"`
	BusinessHours string   `json:"businessHours,omitempty"`
	UpdateTime    *int64   `json:"updateTime,omitempty"`
	IsSample      bool     `json:"isSample,omitempty"`   // generated, not a real place
	DataSource    string   `json:"dataSource,omitempty"` // provenance of a real row

	OrgTypeText    string   `json:"orgTypeText,omitempty"`    // the source's wording of the type
	CapacityApprox bool     `json:"capacityApprox,omitempty"` // the capacity is an estimate or a bound
	CapacityText   string   `json:"capacityText,omitempty"`   // the source's wording of the capacity
	CapacityUnit   string   `json:"capacityUnit,omitempty"`   // what capacity counts: a civ.CapacityUnit name
	SourceKind     string   `json:"sourceKind,omitempty"`     // what the source is
	FactDate       wireDate `json:"factDate"`                 // when the source's facts held
	Credibility    int      `json:"credibility,omitempty"`    // credibilityCodes; 0 none
	Remark         string   `json:"remark,omitempty"`         // caveats recorded with the row
	Facts          string   `json:"facts,omitempty"`          // what the source states, as recorded
}

// Code tables. 2011, 2014 and 2015 are orgType codes found in public
// front-end code of a Shanghai elderly-service dashboard (2011 综合为老服务
// 中心, 2014 助餐点, 2015 社区长者食堂; see API_CONVENTIONS.md); 3001–3007,
// the business, meeting, origin, precision and credibility codes are this
// project's sample choices, not published tables.
var (
	orgTypeCodes = map[int]civ.SiteType{
		2011: civ.SiteElderlyServiceCenter,
		2014: civ.SiteMealPoint,
		2015: civ.SiteCommunityCanteen,
		3001: civ.SiteMarriageRegistry,
		3002: civ.SiteFuneralHome,
		3003: civ.SiteCemetery,
		3004: civ.SiteRescueStation,
		3005: civ.SiteRehabAidCenter,
		3006: civ.SiteElderlyCareHome,
		3007: civ.SiteChildWelfareHome,
	}
	// businessCodes are the 业务类别 codes of domains.
	businessCodes = map[int]civ.Domain{
		1: civ.DomainSocialAssistance,
		2: civ.DomainFuneralManagement,
		3: civ.DomainMarriageRegistration,
		4: civ.DomainDisabilityWelfare,
		5: civ.DomainVagrantRescue,
		6: civ.DomainElderlyMeals,
		7: civ.DomainElderlyCare,
		8: civ.DomainSocialAffairs,
		9: civ.DomainChildWelfare,
	}
	// credibilityCodes grade a real row's source: 1 高, 2 中, 3 中低, 4 低.
	credibilityCodes = map[int]civ.Confidence{
		1: civ.ConfidenceHigh, 2: civ.ConfidenceMedium, 3: civ.ConfidenceLowMedium, 4: civ.ConfidenceLow,
	}
	meetingTypeCodes = map[int]civ.MeetingKind{1: civ.MeetingWorkConference, 2: civ.MeetingTrainingCourse}
	originCodes      = map[int]civ.OriginKind{1: civ.OriginMeeting, 2: civ.OriginPolicyDocument}
	precisionCodes   = map[int]civ.DatePrecision{
		0: "", 1: civ.PrecisionYear, 2: civ.PrecisionMonth, 3: civ.PrecisionDay, 9: civ.PrecisionUnknown,
	}
)

// codeOf finds v's code in a code table; ok is false when it has none.
func codeOf[V comparable](table map[int]V, v V) (int, bool) {
	for code, x := range table {
		if x == v {
			return code, true
		}
	}
	return 0, false
}
