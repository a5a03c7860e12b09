package dataset

import "github.com/civgraph/civgraph/civ"

// seedShanghai: 《关于推进本市老年助餐服务高质量发展的实施意见》, issued 日前
// by three municipal bodies, with its key tasks. The article is the page's
// own reporting (本报), so that is its credited source.
func seedShanghai() *Province {
	o := origin{civ.Shanghai, civ.OriginPolicyDocument, "SH-DOC-2024-001"}
	meals := civ.DomainElderlyMeals
	// 至2025年年末 names a year, not a day: year precision with the
	// article's wording, which says the end of it.
	endOf2025 := yearDate(2025, "至2025年年末")
	// The article gives the goals a deadline but none for each key task.
	undated := unknownDate("")
	return &Province{
		PolicyDocuments: []civ.PolicyDocument{{
			ID: o.id, Province: civ.Shanghai,
			Title:         "关于推进本市老年助餐服务高质量发展的实施意见",
			ShortTitle:    "《实施意见》",
			IssuingBodies: []string{"上海市民政局", "上海市财政局", "上海市市场监督管理局"},
			Issued:        unknownDate("日前"),
			Domains:       []civ.Domain{meals},
			Summary: "版面标题：上海印发意见推进养老助餐服务高质量发展。为推动老年助餐服务高质量发展，上海市民政局、上海市财政局、" +
				"上海市市场监督管理局联合印发《实施意见》：至2025年年末，全市社区长者食堂达到400家、老年助餐点达到2000个，" +
				"老年助餐服务能力达到日均25万客；助餐服务提质增效取得新进展，形成一批优质老年助餐服务品牌，服务监管更有力度，" +
				"老年人对助餐服务的获得感、满意度持续提升。",
			Reports: []civ.Report{pageReport("本报", bylineLiQing)},
		}},
		Tasks: []civ.Task{
			o.task("SH-TASK-001", "老年助餐服务发展目标",
				"至2025年年末，全市社区长者食堂达到400家、老年助餐点达到2000个，老年助餐服务能力达到日均25万客。助餐服务提质增效取得新进展，"+
					"形成一批优质老年助餐服务品牌，服务监管更有力度，老年人对助餐服务的获得感、满意度持续提升。",
				meals, endOf2025, shanghaiTargets(endOf2025)...),
			o.task("SH-TASK-002", "扩大丰富老年助餐服务供给",
				"重点建设社区长者食堂，合理布局老年助餐点，优化老年助餐配送服务。鼓励社区工作者、社区志愿者、物业公司服务人员等力量，规范安全地参与送餐服务。",
				meals, undated),
			o.task("SH-TASK-003", "着力提升老年助餐服务质量",
				"老年助餐服务场所应在硬件设施、场地环境、餐食供应等方面体现适老化特点。建立全市统一的老年助餐服务质量监测机制，由市民政部门组织开展监测，"+
					"引入群众满意度测评，对监测结果为优秀的社区长者食堂和运营商给予表扬和激励。",
				meals, undated),
			o.task("SH-TASK-004", "进一步强化老年助餐服务管理",
				"市民政局建立市级老年助餐服务管理信息平台，对外提供服务查询、点评、申请等功能；对内提供服务管理、数据统计等功能。"+
					"鼓励社区长者食堂通过智慧化手段实现智能称量、智能结算、线上点单等智慧服务功能，为老年人用餐提供便利。",
				meals, undated),
			o.task("SH-TASK-005", "加大扶持保障力度",
				"一是落实建设补贴，二是加大运营扶持，三是给予老年人用餐优惠。各区应建立老年助餐服务运营补贴机制，结合供餐能力、实际服务数量、服务质量评价结果、"+
					"老年人满意度等因素给予运营补贴。落实社区长者食堂税费优惠政策和水电煤气等公用事业费执行居民生活类价格。"+
					"社会力量举办的社区长者食堂、长者餐桌以及认定为社区长者食堂的养老机构食堂可享受运营补贴。",
				meals, undated),
			// The article gives this task no heading of its own; its title is
			// the article's sentence that closes it.
			o.task("SH-TASK-006", "调动社会力量参与老年助餐服务的积极性",
				"民政部门牵头做好本市老年助餐服务的政策制定、统筹协调、布点要求、标准规范和服务监管等工作；财政部门落实老年助餐服务的各类奖补资金，"+
					"加强资金监管；市场监管部门依法加强老年助餐服务的食品安全、经营监管等。同时，要调动社会力量参与老年助餐服务的积极性，"+
					"让更多老年人享受到优质助餐服务。",
				meals, undated),
		},
	}
}

// shanghaiTargets are the three figures the 实施意见 sets. Their baselines
// are not in the article: they come from data/site_counts_and_targets.csv
// (a mirror of a 中新网 report), whose 约/超 qualifiers are kept in
// Baseline.Source so that Unit stays comparable with the target's.
func shanghaiTargets(due civ.FuzzyDate) []civ.Target {
	const baselineSource = "mirror of 中新网 report (记者 殷立勤), https://www.dongmanai.cn/06201043.html"
	atIssue := unknownDate("at issue of the 实施意见")
	return []civ.Target{
		{
			Metric: "社区长者食堂数量", MetricEn: "community elderly canteens", Value: 400, Unit: "家", Due: due,
			Baseline: &civ.Baseline{Value: 350, Unit: "家", AsOf: atIssue, Source: baselineSource + "; stated as 350家"},
		},
		{
			Metric: "老年助餐点数量", MetricEn: "elderly meal points", Value: 2000, Unit: "个", Due: due,
			Baseline: &civ.Baseline{Value: 1500, Unit: "个", AsOf: atIssue, Source: baselineSource + "; stated as 约1500个 (about)"},
		},
		{
			Metric: "老年助餐服务能力（日均）", MetricEn: "elderly meal service capacity, meals a day", Value: 250000, Unit: "客/日", Due: due,
			Baseline: &civ.Baseline{Value: 200000, Unit: "客/日", AsOf: atIssue, Source: baselineSource + "; stated as 超20万客/日 (over)"},
		},
	}
}
