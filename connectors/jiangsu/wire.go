package jiangsu

// The JSON rows of Jiangsu's open-data portal, as found inside the
// envelope's data string. Dates are yyyyMMdd, yyyyMM or yyyy by precision
// ("" when unknown) next to the source's wording; times are yyyyMMddHHmmss
// in China Standard Time (see decode.go). The bulk site file's columns are
// in csv.go.

type wdate struct {
	Value   string `json:"value"`   // 20240321 | 202403 | 2024 | ""
	Wording string `json:"wording"` // the source's text
}

type wperson struct {
	Name  string `json:"name"`
	Title string `json:"post"` // 职务, the official's position
}

type wreport struct {
	Source    string `json:"source"`
	Byline    string `json:"author"`   // 作者, the reporter
	Published wdate  `json:"pub_date"` // 发布日期
	Reference string `json:"ref"`      // the report's page or identifier
}

type wmeeting struct {
	ID         string    `json:"meeting_id"`
	Title      string    `json:"meeting_name"`
	Kind       string    `json:"meeting_type"` // civ.MeetingKind code
	Date       wdate     `json:"meeting_date"`
	RegionCode string    `json:"region_code"` // GB/T 2260 code of the venue
	Venue      string    `json:"venue"`
	Organizer  string    `json:"organizer"`
	Speakers   []wperson `json:"speakers"`
	Attendees  []string  `json:"attendees"` // 参会人员, groups as stated
	Domains    []string  `json:"fields"`    // 业务领域, civ.Domain codes
	Summary    string    `json:"summary"`
	Reports    []wreport `json:"reports"`
	Updated    string    `json:"update_time"` // 更新时间, yyyyMMddHHmmss CST
}

type wdocument struct {
	ID            string    `json:"doc_id"`
	Title         string    `json:"doc_title"`
	ShortTitle    string    `json:"short_title"`
	IssuingBodies []string  `json:"issuers"`    // 发文单位
	Issued        wdate     `json:"issue_date"` // 印发日期
	Domains       []string  `json:"fields"`     // 业务领域, civ.Domain codes
	Summary       string    `json:"summary"`
	Reports       []wreport `json:"reports"`
	Updated       string    `json:"update_time"`
}

type wbaseline struct {
	Value  float64 `json:"value"`
	Unit   string  `json:"unit"`
	AsOf   wdate   `json:"as_of"` // 基数截至日期
	Source string  `json:"source"`
}

type wtarget struct {
	Metric   string     `json:"metric"`
	MetricEn string     `json:"metric_en"` // the metric in English
	Value    float64    `json:"value"`
	Unit     string     `json:"unit"`
	Due      wdate      `json:"due_date"`
	Baseline *wbaseline `json:"baseline"` // null when the source gives none
}

type wtask struct {
	ID          string    `json:"task_id"`
	Title       string    `json:"task_name"`
	Description string    `json:"content"` // 任务内容
	Domain      string    `json:"field"`   // 业务领域, one civ.Domain code
	Due         wdate     `json:"due_date"`
	OriginKind  string    `json:"origin_type"` // MEETING or POLICY_DOCUMENT
	OriginID    string    `json:"origin_id"`   // id of the meeting or document that set it
	Targets     []wtarget `json:"targets"`
	Updated     string    `json:"update_time"`
}
