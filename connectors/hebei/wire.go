package hebei

// The wire format of the list endpoints, as internal/sampleapi/hebei serves it
// (the field names and codes are that sample's choices, not a published
// Hebei format). Field names are the pinyin initials of their Chinese names.
//
// A date is three flat fields: <x> the time ("2024-03-20 00:00:00" in
// China Standard Time, "" when unknown), <x>jqd its precision (精确度: D
// day, M month, Y year, U unknown; at M and Y the time is the first day of
// the period) and <x>ms the source's wording (描述, e.g. 日前, 2024年3月).

type ry struct { // 人员 person
	Xm string `json:"xm"` // 姓名 name
	Zw string `json:"zw"` // 职务 title
}

type bd struct { // 报道 report
	Ly      string `json:"ly"`      // 来源 credited source
	Jz      string `json:"jz"`      // 记者 byline
	Fbsj    string `json:"fbsj"`    // 发布时间 published
	Fbsjjqd string `json:"fbsjjqd"` // 发布时间精确度
	Fbsjms  string `json:"fbsjms"`  // 发布时间描述
	Yz      string `json:"yz"`      // 引证 reference
}

type hy struct { // 会议 meeting
	ID      string   `json:"id"`
	Hymc    string   `json:"hymc"`    // 会议名称 title
	Hylx    string   `json:"hylx"`    // 会议类型 kind: GZHY 工作会议, PXB 培训班
	Hysj    string   `json:"hysj"`    // 会议时间 date
	Hysjjqd string   `json:"hysjjqd"` // 会议时间精确度
	Hysjms  string   `json:"hysjms"`  // 会议时间描述, e.g. 日前
	Xzqh    string   `json:"xzqh"`    // 行政区划代码 region
	Hydd    string   `json:"hydd"`    // 会议地点 venue
	Zbdw    string   `json:"zbdw"`    // 主办单位 organizer
	Jhr     []ry     `json:"jhr"`     // 讲话人 speakers
	Chry    []string `json:"chry"`    // 出席人员 attendees
	Ywly    []string `json:"ywly"`    // 业务领域代码 domain codes
	Nrzy    string   `json:"nrzy"`    // 内容摘要 summary
	Bd      []bd     `json:"bd"`      // 报道 reports
	Gxsj    string   `json:"gxsj"`    // 更新时间 updated
}

type zcwj struct { // 政策文件 policy document
	ID      string   `json:"id"`
	Wjbt    string   `json:"wjbt"`    // 文件标题 title
	Jc      string   `json:"jc"`      // 简称 short title
	Fwjg    []string `json:"fwjg"`    // 发文机关 issuing bodies
	Fwsj    string   `json:"fwsj"`    // 发文时间 issued
	Fwsjjqd string   `json:"fwsjjqd"` // 发文时间精确度
	Fwsjms  string   `json:"fwsjms"`  // 发文时间描述
	Ywly    []string `json:"ywly"`    // 业务领域代码 domain codes
	Nrzy    string   `json:"nrzy"`    // 内容摘要 summary
	Bd      []bd     `json:"bd"`      // 报道 reports
	Gxsj    string   `json:"gxsj"`    // 更新时间 updated
}

type jx struct { // 基线 baseline
	Z       float64 `json:"z"`       // 值 value
	Dw      string  `json:"dw"`      // 单位 unit
	Jzsj    string  `json:"jzsj"`    // 截至时间 as of
	Jzsjjqd string  `json:"jzsjjqd"` // 截至时间精确度
	Jzsjms  string  `json:"jzsjms"`  // 截至时间描述
	Ly      string  `json:"ly"`      // 来源 source of the figure
}

type mb struct { // 目标 target
	Zb    string  `json:"zb"`    // 指标 metric
	Zbyw  string  `json:"zbyw"`  // 指标英文 metric in English
	Z     float64 `json:"z"`     // 值 value
	Dw    string  `json:"dw"`    // 单位 unit
	Qx    string  `json:"qx"`    // 期限 due
	Qxjqd string  `json:"qxjqd"` // 期限精确度
	Qxms  string  `json:"qxms"`  // 期限描述, e.g. 至2025年年末
	Jx    *jx     `json:"jx"`    // 基线 baseline, null when unknown
}

type rw struct { // 任务 task
	ID      string `json:"id"`
	Rwmc    string `json:"rwmc"`    // 任务名称 title
	Rwnr    string `json:"rwnr"`    // 任务内容 description
	Ywly    string `json:"ywly"`    // 业务领域代码 domain code
	Wcqx    string `json:"wcqx"`    // 完成期限 due
	Wcqxjqd string `json:"wcqxjqd"` // 完成期限精确度
	Wcqxms  string `json:"wcqxms"`  // 完成期限描述
	Lylx    string `json:"lylx"`    // 来源类型 origin kind: HY 会议, ZCWJ 政策文件
	Lyid    string `json:"lyid"`    // 来源ID origin id
	Mb      []mb   `json:"mb"`      // 目标 targets
	Gxsj    string `json:"gxsj"`    // 更新时间 updated
}

type fwcs struct { // 服务场所 service site
	ID   string   `json:"id"`
	Cslx string   `json:"cslx"` // 场所类型代码 site type code
	Csmc string   `json:"csmc"` // 场所名称 name
	Dz   string   `json:"dz"`   // 地址 address
	Xzqh string   `json:"xzqh"` // 行政区划代码 region
	Jd   *float64 `json:"jd"`   // 经度 longitude (WGS-84), null when unknown
	Wd   *float64 `json:"wd"`   // 纬度 latitude (WGS-84), null when unknown
	Gm   *int     `json:"gm"`   // 规模 capacity, null when unknown
	Dh   string   `json:"dh"`   // 电话 phone
	Kfsj string   `json:"kfsj"` // 开放时间 opening hours
	Gxsj string   `json:"gxsj"` // 更新时间 updated
	Sfsl bool     `json:"sfsl"` // 是否示例 generated sample row
	Sjly string   `json:"sjly"` // 数据来源 provenance of a real row

	Lxms    string `json:"lxms"`    // 类型描述 the source's wording of the site type
	Gmsfgs  bool   `json:"gmsfgs"`  // 规模是否估算 capacity is an estimate or a bound
	Gmms    string `json:"gmms"`    // 规模描述 the source's wording of the capacity
	Gmdw    string `json:"gmdw"`    // 规模单位 what gm counts: SEATS, BEDS or MEALS_PER_DAY; "" without gm
	Lyxz    string `json:"lyxz"`    // 来源性质 kind of source
	Ssrq    string `json:"ssrq"`    // 事实日期 when the source's facts held
	Ssrqjqd string `json:"ssrqjqd"` // 事实日期精确度
	Ssrqms  string `json:"ssrqms"`  // 事实日期描述
	Kxd     string `json:"kxd"`     // 可信度 confidence code: G 高, Z 中, ZD 中低, D 低, "" none
	Bz      string `json:"bz"`      // 备注 caveats
	Ssjl    string `json:"ssjl"`    // 事实记录 what the source states, as recorded
}
