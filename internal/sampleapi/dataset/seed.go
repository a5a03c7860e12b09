package dataset

import (
	"time"

	"github.com/civgraph/civgraph/civ"
)

// seedPage identifies the seed page, a March 2024 newspaper page on the
// civil-affairs work of four provinces; it is every seed Report.Reference.
const seedPage = "civil-affairs-news-2024-03"

// Seed records have no UpdatedAt: the page states none, and a constant
// passed off as one would be a date nobody reported.

// Bylines printed on the page (without its "■" mark). "本报记者 皮磊" stands
// under the headline of the Jiangsu item and "本报记者 李庆" under the
// Shanghai article; the Hebei and Hubei items carry no reporter, only
// their credits （据河北省民政厅） and （湖北省民政厅）.
const (
	bylinePiLei  = "本报记者 皮磊"
	bylineLiQing = "本报记者 李庆"
)

// pageReport credits an item on the seed page. The page prints no date:
// "2024-03" is only in its identifier (seedPage, the Reference), so the
// publication date is reported as unknown rather than as the page's text.
func pageReport(source, byline string) civ.Report {
	return civ.Report{Source: source, Byline: byline, Published: unknownDate(""), Reference: seedPage}
}

func dayDate(y int, m time.Month, d int, text string) civ.FuzzyDate {
	return civ.FuzzyDate{Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay, Text: text}
}

func yearDate(y int, text string) civ.FuzzyDate {
	return civ.FuzzyDate{Date: time.Date(y, time.January, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionYear, Text: text}
}

// unknownDate is a date the source does not give; only its wording, if
// any, is kept.
func unknownDate(text string) civ.FuzzyDate {
	return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: text}
}

// year2024 is the due date of the tasks the meetings set "for 2024".
var year2024 = yearDate(2024, "2024年")

// qingming2024 dates the 2024 清明 arrangements with the article's
// wording. The article names the year (2024年清明, 今年清明节 at a 2024
// meeting) but no deadline within it — the festival's day is not a due
// date it states — so the year is all that is claimed.
func qingming2024(text string) civ.FuzzyDate { return yearDate(2024, text) }

// origin is the meeting or document that sets a group of tasks.
type origin struct {
	province civ.ProvinceCode
	kind     civ.OriginKind
	id       string
}

// task builds one key task set by o.
func (o origin) task(id, title, desc string, d civ.Domain, due civ.FuzzyDate, targets ...civ.Target) civ.Task {
	return civ.Task{
		ID: id, Province: o.province, Title: title, Description: desc, Domain: d, Due: due,
		OriginKind: o.kind, OriginID: o.id, Targets: targets,
	}
}

// seedProvinces returns the seed article's records, one fresh copy per call.
func seedProvinces() map[civ.ProvinceCode]*Province {
	return map[civ.ProvinceCode]*Province{
		civ.Hebei: seedHebei(), civ.Shanghai: seedShanghai(), civ.Jiangsu: seedJiangsu(), civ.Hubei: seedHubei(),
	}
}
