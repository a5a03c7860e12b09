package compare

import (
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/civgraph/civgraph/civ"
	"github.com/civgraph/civgraph/connectors"
	"github.com/civgraph/civgraph/federation"
	"github.com/civgraph/civgraph/population"
)

// Metric is what a comparison measures.
type Metric string

// The metrics.
const (
	SiteCount    Metric = "SITE_COUNT"    // service sites
	Capacity     Metric = "CAPACITY"      // sum of site capacities, per unit
	MeetingCount Metric = "MEETING_COUNT" // meetings
	TaskCount    Metric = "TASK_COUNT"    // tasks
	TargetValue  Metric = "TARGET_VALUE"  // sum of target values, per unit, with baselines
)

// GroupBy is what a comparison's rows are grouped by, within each province.
type GroupBy string

// The groupings.
const (
	ByProvince   GroupBy = "PROVINCE"
	ByPrefecture GroupBy = "PREFECTURE" // a province's direct divisions: prefectures, and county-level units directly under it
	ByCounty     GroupBy = "COUNTY"
	BySiteType   GroupBy = "SITE_TYPE"
	ByDomain     GroupBy = "DOMAIN"
	ByMonth      GroupBy = "MONTH"
)

// allowed lists the groupings each metric supports: tasks and targets
// belong to a province as a whole, sites have no month, targets no site
// type.
var allowed = map[Metric][]GroupBy{
	SiteCount:    {ByProvince, ByPrefecture, ByCounty, BySiteType, ByDomain},
	Capacity:     {ByProvince, ByPrefecture, ByCounty, BySiteType, ByDomain},
	MeetingCount: {ByProvince, ByPrefecture, ByCounty, ByDomain, ByMonth},
	TaskCount:    {ByProvince, ByDomain, ByMonth},
	TargetValue:  {ByProvince, ByDomain},
}

// Bounds of one comparison.
const (
	// MaxGroups bounds the groups of one comparison (over all its
	// provinces), so its upstream calls are bounded before any is made:
	// the counties of the largest province (Hebei, 167) fit, those of all
	// four (383) do not.
	MaxGroups = 200
	// MaxMonths bounds a MONTH grouping's range.
	MaxMonths = 36
	// MaxRowsRead bounds the rows a capacity or target comparison reads
	// from one province: 20 pages of 100, which the query limits must
	// assume it takes (every real site of a province fits many times over;
	// thousands of generated ones do not).
	MaxRowsRead = 2000
	// Concurrency bounds the source calls one comparison runs at once.
	Concurrency = 8
)

// ErrTooLarge marks a comparison refused for its size before any upstream
// was asked (COMPARISON_TOO_LARGE).
var ErrTooLarge = errors.New("comparison too large")

// Source is what a comparison asks of the federation.
type Source interface {
	Provinces() []civ.ProvinceCode
	Count(ctx context.Context, kind federation.Kind, p civ.ProvinceCode, f civ.Filter) federation.Tally
	ReadSites(ctx context.Context, p civ.ProvinceCode, f civ.Filter, limit int) ([]civ.ServiceSite, federation.Tally)
	ReadTasks(ctx context.Context, p civ.ProvinceCode, f civ.Filter, limit int) ([]civ.Task, federation.Tally)
}

var _ Source = (*federation.Federation)(nil)

// Divisions is the division tree groups are drawn from.
type Divisions interface {
	Lookup(code string) (civ.Region, bool)
	Children(code string) []civ.Region
	Counties(p civ.ProvinceCode) []civ.Region
}

// Population gives a region's residents aged 60 and over.
type Population interface {
	Lookup(code string) (population.Figure, bool)
}

// Comparer runs comparisons.
type Comparer struct {
	src Source
	div Divisions
	pop Population
}

// New returns a Comparer over src, drawing region groups from div and
// per-10,000 figures from pop.
func New(src Source, div Divisions, pop Population) *Comparer {
	return &Comparer{src: src, div: div, pop: pop}
}

// Request is one comparison.
type Request struct {
	Metric    Metric
	GroupBy   GroupBy
	Provinces []civ.ProvinceCode // empty: every province with a source
	// Scope confines the comparison to one region (Region.stats): its
	// code is pushed down with every group. Empty: none.
	Scope  string
	Filter civ.Filter
}

// State is how a row's province answered.
type State string

// Row states.
const (
	Fresh  State = "FRESH"
	Stale  State = "STALE" // served from cache after the upstream failed
	Failed State = "FAILED"
)

// Row is one group of one province.
type Row struct {
	Province civ.ProvinceCode
	Key      string // province code, region code, site type, domain or YYYY-MM
	Label    string // Chinese name of the group
	Region   *civ.Region
	SiteType civ.SiteType
	Domain   civ.Domain
	Month    string
	// Unit is what Value counts for capacity (a civ.CapacityUnit) and
	// target values (the target's unit, e.g. 家); empty for counts.
	Unit string
	// Value is nil when the province failed (Err says why).
	Value *float64
	// Rank (1 = largest) and Share are among the rows of the same unit
	// that have a value; nil without a value.
	Rank  *int
	Share *float64
	// SampleCount is how many rows in Value are generated sample rows; nil
	// when unknown (the count failed).
	SampleCount *int
	// Baseline and Change (Value − Baseline) for target values, when every
	// target summed states a baseline in the same unit.
	Baseline, Change *float64
	// Elderly is the reference population of the row's region, and
	// PerTenThousandElderly Value per 10,000 of it; nil where the metric is
	// not about services for residents or no figure is cited.
	Elderly               *population.Figure
	PerTenThousandElderly *float64
	State                 State
	Age                   *civ.DataAge
	Err                   *connectors.UpstreamError
	// UndatedExcluded counts rows matching everything else that the date
	// range left out because their date is unknown; RegionUnknownExcluded
	// counts rows of the row's province (or scope) whose region is not
	// known below it, so that no region group holds them. nil when not
	// known (a count failed).
	UndatedExcluded, RegionUnknownExcluded *int
}

// Total is the whole of one unit that shares are of.
type Total struct {
	Unit  string
	Value float64
	// Provinces whose every row of this unit has a value.
	Provinces []civ.ProvinceCode
}

// Result is a comparison's answer.
type Result struct {
	Metric  Metric
	GroupBy GroupBy
	Sample  *bool // which rows were counted: nil both, false real only, true samples only
	Rows    []Row
	Totals  []Total
	// Excluded lists the provinces with a row that has no value: shares
	// and totals leave them (or those rows) out.
	Excluded []civ.ProvinceCode
	// SourceCalls and RowsRead are what the comparison cost: calls to the
	// provinces' sources (cached answers included) and rows they carried.
	SourceCalls, RowsRead int
}

// Compare runs req.
func (c *Comparer) Compare(ctx context.Context, req Request) (Result, error) {
	pl, err := c.plan(req)
	if err != nil {
		return Result{}, err
	}
	var rows []Row
	var calls, read int
	switch req.Metric {
	case Capacity, TargetValue:
		rows, calls, read = c.runReads(ctx, pl)
	default:
		rows, calls, read = c.runCounts(ctx, pl)
	}
	c.addPopulation(pl, rows)
	res := Result{Metric: req.Metric, GroupBy: req.GroupBy, Sample: req.Filter.Sample, Rows: rows, SourceCalls: calls, RowsRead: read}
	res.Totals, res.Excluded = rankAndShare(res.Rows)
	return res, nil
}

// invalid is a bad request, reported as BAD_USER_INPUT.
func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: %s", federation.ErrInvalidInput, fmt.Sprintf(format, args...))
}

func tooLarge(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrTooLarge, fmt.Sprintf(format, args...))
}

// kindOf is the entity a metric counts or reads.
func kindOf(m Metric) federation.Kind {
	switch m {
	case MeetingCount:
		return federation.KindMeeting
	case TaskCount, TargetValue:
		return federation.KindTask
	}
	return federation.KindServiceSite
}

// Allowed reports whether metric can be grouped by g.
func Allowed(m Metric, g GroupBy) bool { return slices.Contains(allowed[m], g) }
