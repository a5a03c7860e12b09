package dataset

import (
	"time"

	"civgraph/civ"
)

// The seed page: a March 2024 newspaper page on four provinces'
// civil-affairs work (reference kept in Report.Reference).
const seedPage = "civil-affairs-news-2024-03"

// seedUpdated is when the seed records were last revised: the end of the
// month the page appeared in. No clock is read, so the data is the same on
// every run.
var seedUpdated = time.Date(2024, 3, 31, 0, 0, 0, 0, time.UTC)

func dayDate(y int, m time.Month, d int, text string) civ.FuzzyDate {
	return civ.FuzzyDate{Date: time.Date(y, m, d, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionDay, Text: text}
}

func monthDate(y int, m time.Month, text string) civ.FuzzyDate {
	return civ.FuzzyDate{Date: time.Date(y, m, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionMonth, Text: text}
}

func yearDate(y int, text string) civ.FuzzyDate {
	return civ.FuzzyDate{Date: time.Date(y, 1, 1, 0, 0, 0, 0, time.UTC), Precision: civ.PrecisionYear, Text: text}
}

// unknownDate is a date the source does not give; only its wording is kept.
func unknownDate(text string) civ.FuzzyDate {
	return civ.FuzzyDate{Precision: civ.PrecisionUnknown, Text: text}
}

// pageReport credits a report on the seed page. The page prints two
// bylines: "本报记者 皮磊" heads the block with the Hebei, Hubei and Jiangsu
// items and "本报记者 李庆" stands under the Shanghai article; they are
// attributed by that layout.
func pageReport(source, byline string) civ.Report {
	return civ.Report{Source: source, Byline: byline, Published: monthDate(2024, time.March, "2024年3月"), Reference: seedPage}
}

var year2024 = yearDate(2024, "2024年")

// seedHebei: 2024年河北省社会救助工作会议, reported only as 日前 (recently).
func seedHebei() *Province {
	const mtg = "HEB-MTG-2024-001"
	task := func(id, title, desc string) civ.Task {
		return civ.Task{ID: id, Province: civ.Hebei, Title: title, Description: desc, Domain: civ.DomainSocialAssistance,
			Due: year2024, OriginKind: civ.OriginMeeting, OriginID: mtg, UpdatedAt: seedUpdated}
	}
	return &Province{
		Meetings: []civ.Meeting{{
			ID: mtg, Province: civ.Hebei,
			Title:      "2024年河北省社会救助工作会议",
			Kind:       civ.MeetingWorkConference,
			Date:       unknownDate("日前"),
			RegionCode: "130408", Venue: "河北邯郸永年",
			Attendees: []string{
				"各市（含定州、辛集市）民政局分管负责同志",
				"雄安新区公共服务局分管负责同志",
				"社会救助科（处）相关负责同志、业务骨干",
				"部分县（市、区）民政局负责同志",
			},
			Domains: []civ.Domain{civ.DomainSocialAssistance},
			Summary: "会议总结2023年工作，安排部署2024年重点任务。会议强调，全省社救系统要以宣传贯彻落实国务院办公厅转发民政部等10部门" +
				"《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》为统领，按照“保基本、兜底线、救急难、可持续”的总体思路，深入推进社会救助制度改革创新。",
			Reports:   []civ.Report{pageReport("河北省民政厅", "本报记者 皮磊")},
			UpdatedAt: seedUpdated,
		}},
		Tasks: []civ.Task{
			task("HEB-TASK-001", "健全完善分层分类救助体系", "推进多层次救助，丰富完善层次衔接和梯度延伸。"),
			task("HEB-TASK-002", "抓好低收入人口动态监测", "加强部门间信息共享，健全完善主动发现机制。"),
			task("HEB-TASK-003", "巩固拓展脱贫攻坚成果", "配合农业农村部门持续巩固拓展脱贫攻坚成果，坚决守住不发生规模性返贫的底线。"),
			task("HEB-TASK-004", "推进社会救助扩围增效民生工程", "扎实推进社会救助扩围增效民生工程，不断提高社会救助工作质量。"),
			task("HEB-TASK-005", "提升社会救助服务效能", "全面提升社会救助服务效能，建立健全政府救助与慈善帮扶衔接机制。"),
			task("HEB-TASK-006", "开展社会救助领域综合治理", "持续开展社会救助领域综合治理，扎实做好社会救助领域信访矛盾化解和隐患排查工作，全面提升突发事件应对处置能力。"),
		},
	}
}

// seedHubei: 全省社会事务工作培训班, 2024-03-20 in Wuhan.
func seedHubei() *Province {
	const mtg = "HUB-MTG-2024-001"
	task := func(id, title, desc string, d civ.Domain, due civ.FuzzyDate) civ.Task {
		return civ.Task{ID: id, Province: civ.Hubei, Title: title, Description: desc, Domain: d,
			Due: due, OriginKind: civ.OriginMeeting, OriginID: mtg, UpdatedAt: seedUpdated}
	}
	return &Province{
		Meetings: []civ.Meeting{{
			ID: mtg, Province: civ.Hubei,
			Title:      "全省社会事务工作培训班",
			Kind:       civ.MeetingTrainingCourse,
			Date:       dayDate(2024, time.March, 20, "3月20日"),
			RegionCode: "420100", Venue: "武汉",
			Organizer: "湖北省民政厅",
			Speakers:  []civ.Person{{Name: "赵显富", Title: "省民政厅党组成员、副厅长"}},
			Attendees: []string{
				"全省各市、州、县（市、区）民政局分管局长",
				"市、州、直管市及神农架林区社会事务科长",
				"交流发言：宜昌市、孝感市、恩施州、天门市、潜江市、武汉市武昌区、襄阳市襄城区、荆州市公安县民政局社会事务分管负责人",
			},
			Domains: []civ.Domain{civ.DomainVagrantRescue, civ.DomainDisabilityWelfare, civ.DomainFuneralManagement, civ.DomainMarriageRegistration},
			Summary: "总结交流2023年社会事务工作经验，对2024年各项重点工作进行安排，并就今年清明节祭扫服务保障工作作出部署。" +
				"社会事务处有关负责同志针对基层工作中的难点、痛点、堵点问题作了剖析解答。",
			Reports:   []civ.Report{pageReport("湖北省民政厅", "本报记者 皮磊")},
			UpdatedAt: seedUpdated,
		}},
		Tasks: []civ.Task{
			task("HUB-TASK-001", "做好流浪乞讨人员服务管理", "以安全管理为红线，进一步做好生活无着的流浪乞讨人员服务管理工作，保证机构和服务对象安全。", civ.DomainVagrantRescue, year2024),
			task("HUB-TASK-002", "残疾人两项补贴精准发放", "以残疾人两项补贴精准发放为底线，落实落细残疾人福利工作，提升人民群众满意度。", civ.DomainDisabilityWelfare, year2024),
			task("HUB-TASK-003", "稳妥推进殡葬综合改革", "以公益性公墓建设为主线，稳妥推进殡葬综合改革，发展惠民殡葬，宣传倡导殡葬新风尚。", civ.DomainFuneralManagement, year2024),
			task("HUB-TASK-004", "提升婚姻登记服务水平", "以婚俗改革为彩线，持续提升婚姻登记的服务水平，切实加强婚姻登记机关的规范化和信息化建设。", civ.DomainMarriageRegistration, year2024),
			task("HUB-TASK-005", "做好清明节祭扫服务保障", "清明在即，各级民政部门要加强宣传引导，落实值班值守，切实做好各项安全管理工作，打造文明、平安、有序的清明节祭扫环境。", civ.DomainFuneralManagement, monthDate(2024, time.April, "清明在即")),
		},
	}
}

// seedJiangsu: 2024年全省社会事务工作会议, 2024-03-21 in Danyang (Zhenjiang).
func seedJiangsu() *Province {
	const mtg = "JS-MTG-2024-001"
	task := func(id, title, desc string, d civ.Domain, due civ.FuzzyDate) civ.Task {
		return civ.Task{ID: id, Province: civ.Jiangsu, Title: title, Description: desc, Domain: d,
			Due: due, OriginKind: civ.OriginMeeting, OriginID: mtg, UpdatedAt: seedUpdated}
	}
	return &Province{
		Meetings: []civ.Meeting{{
			ID: mtg, Province: civ.Jiangsu,
			Title:      "2024年全省社会事务工作会议",
			Kind:       civ.MeetingWorkConference,
			Date:       dayDate(2024, time.March, 21, "3月21日"),
			RegionCode: "321181", Venue: "镇江丹阳",
			Speakers: []civ.Person{{Name: "王小华", Title: "省民政厅党组成员、副厅长"}},
			Attendees: []string{
				"各设区市民政局分管负责同志",
				"社会事务处负责同志及残疾人福利工作职能处室负责同志",
				"厅社会事务处有关人员",
				"6个设区市民政局作经验交流发言，7个设区市民政局作书面交流",
			},
			Domains: []civ.Domain{civ.DomainFuneralManagement, civ.DomainMarriageRegistration, civ.DomainDisabilityWelfare, civ.DomainVagrantRescue},
			Summary: "总结2023年工作，分析面临形势，研究部署2024年重点任务；就全省救助管理区域性中心试点工作进行动员部署，就2024年清明祭扫工作进行专题安排，" +
				"并围绕残疾人福利和救助管理、殡葬管理和婚姻登记、救助管理区域性中心试点进行业务培训。（版面标题：江苏省民政厅举办2024年全省社会事务工作培训会）",
			Reports:   []civ.Report{pageReport("江苏省民政厅官网", "本报记者 皮磊")},
			UpdatedAt: seedUpdated,
		}},
		Tasks: []civ.Task{
			task("JS-TASK-001", "积极深化殡葬改革", "加快推进殡仪馆、公益性公墓等殡葬基础设施建设，扎实抓好殡葬领域突出问题整治规范工作，健全殡葬领域综合监管。", civ.DomainFuneralManagement, year2024),
			task("JS-TASK-002", "提升婚姻管理服务质效", "放大婚俗改革示范区创建成效，完善标准规范，打造更多新场景新模式，不断优化结婚登记颁证、集体婚礼、婚姻家庭辅导等公共服务。", civ.DomainMarriageRegistration, year2024),
			task("JS-TASK-003", "创新完善残疾人福利制度", "加强残疾人两项补贴精准化管理，完善补贴标准动态调整机制，深入实施“精康融合行动”，推动康复辅助器具区域综合服务中心建设。", civ.DomainDisabilityWelfare, year2024),
			task("JS-TASK-004", "提升流浪乞讨人员救助管理服务水平", "开展救助管理区域性中心试点，持续加强信息技术深度应用，拓宽社会力量参与途径和方式。", civ.DomainVagrantRescue, year2024),
			task("JS-TASK-005", "做好2024年清明祭扫工作", "会议就切实做好2024年清明祭扫工作进行了专题安排。", civ.DomainFuneralManagement, monthDate(2024, time.April, "2024年清明")),
		},
	}
}

// seedShanghai: 《关于推进本市老年助餐服务高质量发展的实施意见》, issued 日前.
func seedShanghai() *Province {
	const doc = "SH-DOC-2024-001"
	// "至2025年年末" (by the end of 2025): the last day of 2025.
	endOf2025 := dayDate(2025, time.December, 31, "至2025年年末")
	atIssue := unknownDate("《实施意见》印发时")
	// The other tasks carry no deadline of their own in the source.
	notStated := unknownDate("未注明")
	baselineSource := "中新网报道（记者 殷立勤）转载，见 site_counts_and_targets.csv"
	task := func(id, title, desc string, due civ.FuzzyDate, targets ...civ.Target) civ.Task {
		return civ.Task{ID: id, Province: civ.Shanghai, Title: title, Description: desc, Domain: civ.DomainElderlyMeals,
			Due: due, OriginKind: civ.OriginPolicyDocument, OriginID: doc, Targets: targets, UpdatedAt: seedUpdated}
	}
	return &Province{
		PolicyDocuments: []civ.PolicyDocument{{
			ID: doc, Province: civ.Shanghai,
			Title:         "关于推进本市老年助餐服务高质量发展的实施意见",
			ShortTitle:    "《实施意见》",
			IssuingBodies: []string{"上海市民政局", "上海市财政局", "上海市市场监督管理局"},
			Issued:        unknownDate("日前"),
			Domains:       []civ.Domain{civ.DomainElderlyMeals},
			Summary: "为推动老年助餐服务高质量发展，三部门联合印发《实施意见》：至2025年年末，全市社区长者食堂达到400家、老年助餐点达到2000个，" +
				"老年助餐服务能力达到日均25万客；助餐服务提质增效取得新进展，形成一批优质老年助餐服务品牌，服务监管更有力度，老年人获得感、满意度持续提升。",
			Reports:   []civ.Report{pageReport("本报", "本报记者 李庆")},
			UpdatedAt: seedUpdated,
		}},
		Tasks: []civ.Task{
			task("SH-TASK-001", "老年助餐服务发展目标", "至2025年年末，全市社区长者食堂达到400家、老年助餐点达到2000个，老年助餐服务能力达到日均25万客。", endOf2025,
				civ.Target{Metric: "社区长者食堂", MetricEn: "community elderly canteens", Value: 400, Unit: "家", Due: endOf2025,
					Baseline: &civ.Baseline{Value: 350, Unit: "家", AsOf: atIssue, Source: baselineSource}},
				civ.Target{Metric: "老年助餐点", MetricEn: "elderly meal points", Value: 2000, Unit: "个", Due: endOf2025,
					Baseline: &civ.Baseline{Value: 1500, Unit: "个（约）", AsOf: atIssue, Source: baselineSource}},
				civ.Target{Metric: "老年助餐服务能力", MetricEn: "elderly meals served per day (capacity)", Value: 250000, Unit: "客/日", Due: endOf2025,
					Baseline: &civ.Baseline{Value: 200000, Unit: "客/日（超）", AsOf: atIssue, Source: baselineSource}},
			),
			task("SH-TASK-002", "扩大丰富老年助餐服务供给", "重点建设社区长者食堂，合理布局老年助餐点，优化老年助餐配送服务；鼓励社区工作者、社区志愿者、物业公司服务人员等力量规范安全地参与送餐服务。", notStated),
			task("SH-TASK-003", "着力提升老年助餐服务质量", "老年助餐服务场所在硬件设施、场地环境、餐食供应等方面体现适老化特点；建立全市统一的老年助餐服务质量监测机制，引入群众满意度测评，对监测结果为优秀的社区长者食堂和运营商给予表扬和激励。", notStated),
			task("SH-TASK-004", "进一步强化老年助餐服务管理", "市民政局建立市级老年助餐服务管理信息平台，对外提供服务查询、点评、申请等功能，对内提供服务管理、数据统计等功能；鼓励社区长者食堂通过智慧化手段实现智能称量、智能结算、线上点单等智慧服务功能。", notStated),
			task("SH-TASK-005", "加大扶持保障力度", "落实建设补贴，加大运营扶持，给予老年人用餐优惠；各区建立老年助餐服务运营补贴机制；落实社区长者食堂税费优惠政策和水电煤气等公用事业费执行居民生活类价格。", notStated),
			task("SH-TASK-006", "明确部门职责、调动社会力量", "民政部门牵头做好政策制定、统筹协调、布点要求、标准规范和服务监管；财政部门落实各类奖补资金、加强资金监管；市场监管部门依法加强食品安全、经营监管；调动社会力量参与老年助餐服务的积极性。", notStated),
		},
	}
}
