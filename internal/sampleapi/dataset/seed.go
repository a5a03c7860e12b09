package dataset

import (
	"time"

	"github.com/civgraph/civgraph/civ"
)

// seedPage identifies the seed page, a March 2024 newspaper page on the
// civil-affairs work of four provinces; it is every seed Report.Reference.
const seedPage = "civil-affairs-news-2024-03"

// seedUpdated is the UpdatedAt of every seed record: the last day of the
// month the page appeared in. It is fixed, not read from a clock, so every
// run serves the same data.
var seedUpdated = time.Date(2024, time.March, 31, 0, 0, 0, 0, time.UTC)

// Bylines printed on the page (without its "■" mark). The page names no
// reporter per item: "本报记者 皮磊" heads the block that holds the Hebei,
// Hubei and Jiangsu items and "本报记者 李庆" stands under the Shanghai
// article, so each is attributed to its items by that layout only.
const (
	bylinePiLei  = "本报记者 皮磊"
	bylineLiQing = "本报记者 李庆"
)

// pageReport credits an item on the seed page. The page carries no date of
// its own beyond its month.
func pageReport(source, byline string) civ.Report {
	return civ.Report{Source: source, Byline: byline, Published: monthDate(2024, time.March, "2024年3月"), Reference: seedPage}
}

func dayDate(y int, m time.Month, d int, text string) civ.FuzzyDate {
	return civ.FuzzyDate{Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay, Text: text}
}

func monthDate(y int, m time.Month, text string) civ.FuzzyDate {
	return civ.FuzzyDate{Date: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionMonth, Text: text}
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

// qingming2024 dates the 2024 清明 arrangements: the festival fell on
// 2024-04-04, but the article only says it is near, so the month is all
// that is claimed; text keeps the article's wording.
func qingming2024(text string) civ.FuzzyDate { return monthDate(2024, time.April, text) }

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
		OriginKind: o.kind, OriginID: o.id, Targets: targets, UpdatedAt: seedUpdated,
	}
}

// seedProvinces returns the seed article's records, one fresh copy per call.
func seedProvinces() map[civ.ProvinceCode]*Province {
	return map[civ.ProvinceCode]*Province{
		civ.Hebei: seedHebei(), civ.Shanghai: seedShanghai(), civ.Jiangsu: seedJiangsu(), civ.Hubei: seedHubei(),
	}
}
