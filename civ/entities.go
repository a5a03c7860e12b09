package civ

import "time"

// Domain is a field of civil-affairs work a task belongs to.
type Domain string

// Known domains.
const (
	DomainSocialAssistance     Domain = "SOCIAL_ASSISTANCE"     // 社会救助
	DomainFuneralManagement    Domain = "FUNERAL_MANAGEMENT"    // 殡葬管理
	DomainMarriageRegistration Domain = "MARRIAGE_REGISTRATION" // 婚姻登记
	DomainDisabilityWelfare    Domain = "DISABILITY_WELFARE"    // 残疾人福利
	DomainVagrantRescue        Domain = "VAGRANT_RESCUE"        // 流浪乞讨人员救助管理
	DomainElderlyMeals         Domain = "ELDERLY_MEALS"         // 老年助餐
	DomainElderlyCare          Domain = "ELDERLY_CARE"          // 养老服务
	DomainSocialAffairs        Domain = "SOCIAL_AFFAIRS"        // 社会事务 (general)
)

// AllDomains lists every domain.
var AllDomains = []Domain{
	DomainSocialAssistance, DomainFuneralManagement, DomainMarriageRegistration,
	DomainDisabilityWelfare, DomainVagrantRescue, DomainElderlyMeals,
	DomainElderlyCare, DomainSocialAffairs,
}

// MeetingKind says what sort of gathering a meeting was.
type MeetingKind string

// Known meeting kinds.
const (
	MeetingWorkConference MeetingKind = "WORK_CONFERENCE" // 工作会议
	MeetingTrainingCourse MeetingKind = "TRAINING_COURSE" // 培训班 / 培训会
)

// SiteType is the kind of service site.
type SiteType string

// Known site types. Shanghai's upstream codes (2014, 2015) map onto the
// first two.
const (
	SiteMealPoint            SiteType = "MEAL_POINT"             // 老年助餐点 (Shanghai 2014)
	SiteCommunityCanteen     SiteType = "COMMUNITY_CANTEEN"      // 社区长者食堂 (Shanghai 2015)
	SiteMarriageRegistry     SiteType = "MARRIAGE_REGISTRY"      // 婚姻登记处
	SiteFuneralHome          SiteType = "FUNERAL_HOME"           // 殡仪馆
	SiteCemetery             SiteType = "CEMETERY"               // 公墓
	SiteRescueStation        SiteType = "RESCUE_STATION"         // 救助管理站
	SiteRehabAidCenter       SiteType = "REHAB_AID_CENTER"       // 康复辅助器具服务中心
	SiteElderlyServiceCenter SiteType = "ELDERLY_SERVICE_CENTER" // 综合为老服务中心
)

// AllSiteTypes lists every site type.
var AllSiteTypes = []SiteType{
	SiteMealPoint, SiteCommunityCanteen, SiteMarriageRegistry, SiteFuneralHome,
	SiteCemetery, SiteRescueStation, SiteRehabAidCenter, SiteElderlyServiceCenter,
}

// Domain returns the field of work a site type serves.
func (t SiteType) Domain() Domain {
	switch t {
	case SiteMealPoint, SiteCommunityCanteen:
		return DomainElderlyMeals
	case SiteMarriageRegistry:
		return DomainMarriageRegistration
	case SiteFuneralHome, SiteCemetery:
		return DomainFuneralManagement
	case SiteRescueStation:
		return DomainVagrantRescue
	case SiteRehabAidCenter:
		return DomainDisabilityWelfare
	case SiteElderlyServiceCenter:
		return DomainElderlyCare
	}
	return ""
}

// DatePrecision says how much of a FuzzyDate is known.
type DatePrecision string

// Date precisions, from exact to unknown.
const (
	PrecisionDay     DatePrecision = "DAY"
	PrecisionMonth   DatePrecision = "MONTH"
	PrecisionYear    DatePrecision = "YEAR"
	PrecisionUnknown DatePrecision = "UNKNOWN"
)

// FuzzyDate is a date as the source states it. Sources often give no exact
// day (河北: "日前", recently); the gateway reports that instead of
// inventing one.
type FuzzyDate struct {
	// Date is the first day of the known period (the day itself at DAY
	// precision); zero when Precision is UNKNOWN.
	Date      time.Time
	Precision DatePrecision
	// Text is the source's own wording, e.g. "3月20日", "日前", "至2025年年末".
	Text string
}

// Known reports whether any part of the date is known.
func (d FuzzyDate) Known() bool { return d.Precision != PrecisionUnknown && !d.Date.IsZero() }

// Person is an official named by a source.
type Person struct {
	Name  string // 赵显富
	Title string // 省民政厅党组成员、副厅长
}

// Report says where an item was published.
type Report struct {
	Source    string    // credited source, e.g. 河北省民政厅, 江苏省民政厅官网
	Byline    string    // reporter, when named (本报记者 …)
	Published FuzzyDate // when the report appeared
	Reference string    // identifier of the publication, e.g. the news page
}

// Meeting is a work meeting or training course.
type Meeting struct {
	ID         string // upstream-local id
	Province   ProvinceCode
	Title      string
	Kind       MeetingKind
	Date       FuzzyDate
	RegionCode string // where it was held (GB/T 2260)
	Venue      string // as stated, e.g. 邯郸永年
	Organizer  string // empty when the source does not say
	Speakers   []Person
	Attendees  []string // groups who attended, as stated
	Domains    []Domain
	Summary    string
	Reports    []Report
	UpdatedAt  time.Time
}

// PolicyDocument is a policy document such as an 实施意见.
type PolicyDocument struct {
	ID            string
	Province      ProvinceCode
	Title         string
	ShortTitle    string // 《实施意见》
	IssuingBodies []string
	Issued        FuzzyDate
	Domains       []Domain
	Summary       string
	Reports       []Report
	UpdatedAt     time.Time
}

// OriginKind says what set a task.
type OriginKind string

// Origin kinds.
const (
	OriginMeeting        OriginKind = "MEETING"
	OriginPolicyDocument OriginKind = "POLICY_DOCUMENT"
)

// Target is a quantified target, e.g. 400 community canteens by the end of 2025.
type Target struct {
	Metric   string  // 社区长者食堂数量
	MetricEn string  // community elderly canteens
	Value    float64 // 400
	Unit     string  // 家
	Due      FuzzyDate
	Baseline *Baseline // where known
}

// Baseline is the value a target starts from.
type Baseline struct {
	Value  float64
	Unit   string
	AsOf   FuzzyDate
	Source string // where the figure comes from
}

// Task is a key task set by a meeting or a policy document.
type Task struct {
	ID          string
	Province    ProvinceCode
	Title       string
	Description string
	Domain      Domain
	Due         FuzzyDate
	OriginKind  OriginKind
	OriginID    string // upstream-local id of the meeting or policy document
	Targets     []Target
	UpdatedAt   time.Time
}

// GeoPoint is a WGS-84 coordinate.
type GeoPoint struct {
	Lat float64
	Lng float64
}

// ServiceSite is a place people visit for a civil-affairs service.
type ServiceSite struct {
	ID           string
	Province     ProvinceCode
	Type         SiteType
	Name         string
	Address      string
	RegionCode   string    // county-level or finer GB/T 2260 / NBS code
	Location     *GeoPoint // WGS-84; nil when unknown
	Capacity     *int      // seats, beds or meals a day, as the source states
	Phone        string
	OpeningHours string
	UpdatedAt    time.Time
	// Sample is true for generated rows; real rows carry their source.
	Sample bool
	Source string // provenance of a real row (URL or description)
}

// RegionLevel is the tier of an administrative division.
type RegionLevel string

// Region levels.
const (
	LevelProvince   RegionLevel = "PROVINCE"
	LevelPrefecture RegionLevel = "PREFECTURE"
	LevelCounty     RegionLevel = "COUNTY"
	LevelTown       RegionLevel = "TOWN" // 乡/镇/街道, 9-digit NBS code
)

// Region is an administrative division (GB/T 2260 code, 2024-12-31; towns
// by their NBS 2022 nine-digit code).
type Region struct {
	Code       string
	Name       string
	Level      RegionLevel
	ParentCode string    // empty for a province
	Seat       *GeoPoint // WGS-84 point of the government seat, when known
}

// Entity is any object the gateway can fetch by global ID (the GraphQL
// Node interface and the TaskOrigin union): Meeting, PolicyDocument, Task,
// ServiceSite, Province or Region.
type Entity interface{ isEntity() }

func (Meeting) isEntity()        {}
func (PolicyDocument) isEntity() {}
func (Task) isEntity()           {}
func (ServiceSite) isEntity()    {}
func (Province) isEntity()       {}
func (Region) isEntity()         {}
