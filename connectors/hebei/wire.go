package hebei

// The wire format, shared by the list endpoints. Field names are the
// initials of their Chinese names.

// sjd is a date with its precision: 时间 (time), 精度 (precision: D, M, Y or
// U for unknown), 描述 (the source's wording).
type sjd struct {
	Sj string `json:"sj"` // 时间 "2024-03-20 00:00:00", empty when unknown
	Jd string `json:"jd"` // 精度 D/M/Y/U
	Ms string `json:"ms"` // 描述, e.g. 日前
}

type ry struct {
	Xm string `json:"xm"` // 姓名 name
	Zw string `json:"zw"` // 职务 title
}

type bd struct {
	Ly   string `json:"ly"`   // 来源 credited source
	Jz   string `json:"jz"`   // 记者 byline
	Fbsj sjd    `json:"fbsj"` // 发布时间 published
	Yz   string `json:"yz"`   // 引证 reference
}

type hy struct { // 会议 meeting
	ID   string   `json:"id"`
	Hymc string   `json:"hymc"` // 会议名称 title
	Hylx string   `json:"hylx"` // 会议类型 kind: GZHY 工作会议, PXB 培训班
	Hysj sjd      `json:"hysj"` // 会议时间 date
	Xzqh string   `json:"xzqh"` // 行政区划代码 region
	Hydd string   `json:"hydd"` // 会议地点 venue
	Zbdw string   `json:"zbdw"` // 主办单位 organizer
	Jhr  []ry     `json:"jhr"`  // 讲话人 speakers
	Chry []string `json:"chry"` // 出席人员 attendees
	Ywly []string `json:"ywly"` // 业务领域 domains
	Nrzy string   `json:"nrzy"` // 内容摘要 summary
	Bd   []bd     `json:"bd"`   // 报道 reports
	Gxsj string   `json:"gxsj"` // 更新时间 updated
}

type zcwj struct { // 政策文件 policy document
	ID   string   `json:"id"`
	Wjbt string   `json:"wjbt"` // 文件标题 title
	Jc   string   `json:"jc"`   // 简称 short title
	Fwjg []string `json:"fwjg"` // 发文机关 issuing bodies
	Fwsj sjd      `json:"fwsj"` // 发文时间 issued
	Ywly []string `json:"ywly"`
	Nrzy string   `json:"nrzy"`
	Bd   []bd     `json:"bd"`
	Gxsj string   `json:"gxsj"`
}

type jx struct { // 基线 baseline
	Z  float64 `json:"z"`  // 值 value
	Dw string  `json:"dw"` // 单位 unit
	Sj sjd     `json:"sj"` // 时间 as of
	Ly string  `json:"ly"` // 来源 source
}

type mb struct { // 目标 target
	Zb   string  `json:"zb"`   // 指标 metric
	Zbyw string  `json:"zbyw"` // 指标英文 metric in English
	Z    float64 `json:"z"`    // 值 value
	Dw   string  `json:"dw"`   // 单位 unit
	Qx   sjd     `json:"qx"`   // 期限 due
	Jx   *jx     `json:"jx"`   // 基线 baseline, null when unknown
}

type rw struct { // 任务 task
	ID   string `json:"id"`
	Rwmc string `json:"rwmc"` // 任务名称 title
	Rwnr string `json:"rwnr"` // 任务内容 description
	Ywly string `json:"ywly"` // 业务领域 domain
	Qx   sjd    `json:"qx"`   // 期限 due
	Lylx string `json:"lylx"` // 来源类型 origin kind: HY 会议, ZCWJ 政策文件
	Lyid string `json:"lyid"` // 来源ID origin id
	Mb   []mb   `json:"mb"`   // 目标 targets
	Gxsj string `json:"gxsj"`
}

type fwcs struct { // 服务场所 service site
	ID   string   `json:"id"`
	Cslx string   `json:"cslx"` // 场所类型 site type
	Csmc string   `json:"csmc"` // 场所名称 name
	Dz   string   `json:"dz"`   // 地址 address
	Xzqh string   `json:"xzqh"` // 行政区划代码 region
	Jd   *float64 `json:"jd"`   // 经度 longitude (WGS-84), null when unknown
	Wd   *float64 `json:"wd"`   // 纬度 latitude
	Gm   *int     `json:"gm"`   // 规模 capacity
	Dh   string   `json:"dh"`   // 电话 phone
	Kfsj string   `json:"kfsj"` // 开放时间 opening hours
	Gxsj string   `json:"gxsj"` // 更新时间 updated
	Slsj bool     `json:"slsj"` // 示例数据 sample row
	Sjly string   `json:"sjly"` // 数据来源 provenance
}
