package dataset

import (
	"time"

	"github.com/civgraph/civgraph/civ"
)

// seedHubei: 全省社会事务工作培训班, held by 湖北省民政厅 in 武汉 on 3月20日,
// with the 2024 tasks it set and its 清明 arrangements.
func seedHubei() *Province {
	o := origin{civ.Hubei, civ.OriginMeeting, "HUB-MTG-2024-001"}
	return &Province{
		Meetings: []civ.Meeting{{
			ID: o.id, Province: civ.Hubei,
			Title: "全省社会事务工作培训班",
			Kind:  civ.MeetingTrainingCourse,
			Date:  dayDate(2024, time.March, 20, "3月20日"),
			// 武汉市.
			RegionCode: "420100", Venue: "武汉",
			Organizer: "湖北省民政厅",
			Speakers:  []civ.Person{{Name: "赵显富", Title: "省民政厅党组成员、副厅长"}},
			Attendees: []string{
				"全省各市、州、县（市、区）民政局分管局长",
				"市、州、直管市及神农架林区社会事务科长",
				// The units that gave exchange speeches.
				"宜昌市、孝感市、恩施州、天门市、潜江市、武汉市武昌区、襄阳市襄城区、荆州市公安县民政局社会事务分管负责人（交流发言）",
			},
			Domains: []civ.Domain{civ.DomainVagrantRescue, civ.DomainDisabilityWelfare, civ.DomainFuneralManagement, civ.DomainMarriageRegistration},
			Summary: "总结交流2023年社会事务工作经验，对2024年各项重点工作进行安排，并就今年清明节祭扫服务保障工作作出部署。" +
				"省民政厅党组成员、副厅长赵显富出席开班式并讲话。社会事务处有关负责同志针对基层工作中的难点、痛点、堵点问题作了剖析解答；" +
				"宜昌市、孝感市、恩施州、天门市、潜江市、武汉市武昌区、襄阳市襄城区、荆州市公安县民政局社会事务分管负责人分别作交流发言。",
			// Credited （湖北省民政厅）; no reporter is named.
			Reports: []civ.Report{pageReport("湖北省民政厅", "")},
		}},
		Tasks: []civ.Task{
			o.task("HUB-TASK-001", "做好流浪乞讨人员服务管理", "以安全管理为红线，进一步做好生活无着的流浪乞讨人员服务管理工作，保证机构和服务对象安全。", civ.DomainVagrantRescue, year2024),
			o.task("HUB-TASK-002", "残疾人两项补贴精准发放", "以残疾人两项补贴精准发放为底线，落实落细残疾人福利工作，提升人民群众满意度。", civ.DomainDisabilityWelfare, year2024),
			o.task("HUB-TASK-003", "稳妥推进殡葬综合改革", "以公益性公墓建设为主线，稳妥推进殡葬综合改革，发展惠民殡葬，宣传倡导殡葬新风尚。", civ.DomainFuneralManagement, year2024),
			o.task("HUB-TASK-004", "提升婚姻登记服务水平", "以婚俗改革为彩线，持续提升婚姻登记的服务水平，切实加强婚姻登记机关的规范化和信息化建设。", civ.DomainMarriageRegistration, year2024),
			o.task("HUB-TASK-005", "做好清明节祭扫服务保障", "清明在即，各级民政部门要加强宣传引导，落实值班值守，切实做好各项安全管理工作，打造文明、平安、有序的清明节祭扫环境。", civ.DomainFuneralManagement, qingming2024("今年清明节")),
		},
	}
}
