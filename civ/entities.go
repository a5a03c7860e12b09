package civ

import (
	"fmt"
	"math"
	"slices"
	"time"
)

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
	DomainChildWelfare         Domain = "CHILD_WELFARE"         // 儿童福利
)

// AllDomains lists every domain.
var AllDomains = []Domain{
	DomainSocialAssistance, DomainFuneralManagement, DomainMarriageRegistration,
	DomainDisabilityWelfare, DomainVagrantRescue, DomainElderlyMeals,
	DomainElderlyCare, DomainSocialAffairs, DomainChildWelfare,
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

// Known site types: this project's classification. The orgType codes 2014
// 助餐点, 2015 社区长者食堂 and 2011 综合为老服务中心, seen in the front-end
// code of a Shanghai elderly-service dashboard, map onto MealPoint,
// CommunityCanteen and ElderlyServiceCenter; no official code list was
// found for the others.
const (
	SiteMealPoint            SiteType = "MEAL_POINT"             // 老年助餐点 (Shanghai 2014)
	SiteCommunityCanteen     SiteType = "COMMUNITY_CANTEEN"      // 社区长者食堂 (Shanghai 2015)
	SiteMarriageRegistry     SiteType = "MARRIAGE_REGISTRY"      // 婚姻登记处
	SiteFuneralHome          SiteType = "FUNERAL_HOME"           // 殡仪馆
	SiteCemetery             SiteType = "CEMETERY"               // 公墓
	SiteRescueStation        SiteType = "RESCUE_STATION"         // 救助管理站
	SiteRehabAidCenter       SiteType = "REHAB_AID_CENTER"       // 康复辅助器具服务中心
	SiteElderlyServiceCenter SiteType = "ELDERLY_SERVICE_CENTER" // 综合为老服务中心
	SiteElderlyCareHome      SiteType = "ELDERLY_CARE_HOME"      // 养老机构: 养老院, 社会福利院
	SiteChildWelfareHome     SiteType = "CHILD_WELFARE_HOME"     // 儿童福利院, 儿童临时看护中心
)

// AllSiteTypes lists every site type.
var AllSiteTypes = []SiteType{
	SiteMealPoint, SiteCommunityCanteen, SiteMarriageRegistry, SiteFuneralHome,
	SiteCemetery, SiteRescueStation, SiteRehabAidCenter, SiteElderlyServiceCenter,
	SiteElderlyCareHome, SiteChildWelfareHome,
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
	case SiteElderlyServiceCenter, SiteElderlyCareHome:
		return DomainElderlyCare
	case SiteChildWelfareHome:
		return DomainChildWelfare
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
	// DataAge is set by the federation from the answer's provenance;
	// nil when unknown.
	DataAge *DataAge
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
	// DataAge is set by the federation from the answer's provenance;
	// nil when unknown.
	DataAge *DataAge
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
	// DataAge is set by the federation from the answer's provenance;
	// nil when unknown.
	DataAge *DataAge
}

// GeoPoint is a WGS-84 coordinate.
type GeoPoint struct {
	Lat float64
	Lng float64
}

// CoordinateDecimals is how many decimals of a degree a coordinate keeps
// when it leaves the gateway: 1e-5° is about 1.1 m of latitude, finer than
// any of the sources (map-display points, generated points, GCJ-02 points
// whose conversion is itself only good to about a metre). More digits
// would only be conversion noise passed off as precision.
const CoordinateDecimals = 5

// RoundedLat is Lat kept to CoordinateDecimals; the GraphQL GeoPoint.lat
// field is bound to it, so every coordinate a client sees is rounded here
// and nowhere else.
func (p GeoPoint) RoundedLat() float64 { return roundDegrees(p.Lat) }

// RoundedLng is Lng kept to CoordinateDecimals (see RoundedLat).
func (p GeoPoint) RoundedLng() float64 { return roundDegrees(p.Lng) }

func roundDegrees(v float64) float64 {
	const scale = 1e5 // 10^CoordinateDecimals
	return math.Round(v*scale) / scale
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
	// DataAge is set by the federation from the answer's provenance;
	// nil when unknown.
	DataAge *DataAge
	// DistanceKm is the distance from the centre of the request's Near
	// filter, set when the request has one; nil otherwise.
	DistanceKm *float64

	// TypeText is the source's own wording of the kind of site, which Type
	// classifies, e.g. 公墓 (含骨灰堂); empty where the upstream gives only Type.
	TypeText string
	// CapacityApproximate is true when the source states Capacity as an
	// estimate or a bound ("about 80 seats", "200+ beds").
	CapacityApproximate bool
	// CapacityText is the source's own wording of the capacity; for a
	// generated row it ends in the sample marker.
	CapacityText string
	// CapacityUnit is what Capacity counts; empty when there is no
	// capacity. Figures in different units cannot be summed.
	CapacityUnit CapacityUnit
	// Provenance is what the record rests on; nil when the upstream
	// records nothing. Rows may share one value, so it is read-only.
	Provenance *SiteProvenance
}

// ProvenanceValue returns s's provenance, or the zero value when there is
// none.
func (s ServiceSite) ProvenanceValue() SiteProvenance {
	if s.Provenance == nil {
		return SiteProvenance{}
	}
	return *s.Provenance
}

// Capacity is a site's capacity as clients see it: the figure, whether the
// source states it as an estimate or a bound, and the source's wording.
type Capacity struct {
	Value       int
	Unit        CapacityUnit
	Approximate bool
	Text        string
}

// CapacityUnit is what a capacity figure counts.
type CapacityUnit string

// Capacity units.
const (
	UnitSeats       CapacityUnit = "SEATS"         // dining seats
	UnitBeds        CapacityUnit = "BEDS"          // beds
	UnitMealsPerDay CapacityUnit = "MEALS_PER_DAY" // meals served a day
)

// AllCapacityUnits lists every unit.
var AllCapacityUnits = []CapacityUnit{UnitSeats, UnitBeds, UnitMealsPerDay}

// ParseCapacityUnit validates s as a CapacityUnit; "" (no capacity) is
// accepted as itself.
func ParseCapacityUnit(s string) (CapacityUnit, error) {
	if s == "" || slices.Contains(AllCapacityUnits, CapacityUnit(s)) {
		return CapacityUnit(s), nil
	}
	return "", fmt.Errorf("unknown capacity unit %q", s)
}

// Confidence is how far a real record's source can be trusted, as graded
// when the record was collected: first-hand official pages and publishers
// high, reposts and mirrors medium, anonymous or unverified pages lower.
type Confidence string

// Confidence grades, from most to least trusted.
const (
	ConfidenceHigh      Confidence = "HIGH"
	ConfidenceMedium    Confidence = "MEDIUM"
	ConfidenceLowMedium Confidence = "LOW_MEDIUM"
	ConfidenceLow       Confidence = "LOW"
)

// AllConfidences lists every grade.
var AllConfidences = []Confidence{ConfidenceHigh, ConfidenceMedium, ConfidenceLowMedium, ConfidenceLow}

// SiteProvenance says what a service site's record rests on. A generated
// row has Kind "generated", no FactDate and no Confidence.
type SiteProvenance struct {
	Kind       string     // what the source is, e.g. "news (新华网河北频道), first-hand publisher"
	FactDate   FuzzyDate  // when the source's facts held; its Text is the collector's wording
	Confidence Confidence // empty for generated rows
	Notes      string     // caveats recorded with the row
	Facts      string     // what the source states about the site, as recorded (free text)
}

// NewSiteProvenance returns &p, or nil when p records nothing, so that a
// row without provenance reads back as one.
func NewSiteProvenance(p SiteProvenance) *SiteProvenance {
	if p == (SiteProvenance{}) {
		return nil
	}
	return &p
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

// DataAge tells a client how old a row's data is: when the gateway fetched
// it from the province's upstream and whether it was served stale (the
// upstream failed or was not called, and a cached copy past its freshness
// was used).
type DataAge struct {
	FetchedAt  time.Time
	AgeSeconds int // at the time of the answer
	Stale      bool
}

// IsEntity marks the types an Apollo Federation router may fetch from the
// gateway by key in its subgraph mode (the _Entity union, whose members
// gqlgen's federation runtime asks for this method).
func (Meeting) IsEntity()        {}
func (PolicyDocument) IsEntity() {}
func (Task) IsEntity()           {}
func (ServiceSite) IsEntity()    {}
func (Province) IsEntity()       {}
func (Region) IsEntity()         {}
