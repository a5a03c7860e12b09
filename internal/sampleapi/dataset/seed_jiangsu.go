package dataset

import (
	"time"

	"github.com/civgraph/civgraph/civ"
)

// seedJiangsu: 2024年全省社会事务工作会议 in 镇江丹阳 on 3月21日, credited 据江苏
// 省民政厅官网消息. The body calls it a 工作会议; the page headline calls it
// a 培训会 held (举办) by 江苏省民政厅, which is where the organizer and the
// headline kept in the summary come from.
func seedJiangsu() *Province {
	o := origin{civ.Jiangsu, civ.OriginMeeting, "JS-MTG-2024-001"}
	return &Province{
		Meetings: []civ.Meeting{{
			ID: o.id, Province: civ.Jiangsu,
			Title: "2024年全省社会事务工作会议",
			Kind:  civ.MeetingWorkConference,
			Date:  dayDate(2024, time.March, 21, "3月21日"),
			// 丹阳市 of 镇江市.
			RegionCode: "321181", Venue: "镇江丹阳",
			Organizer: "江苏省民政厅",
			Speakers:  []civ.Person{{Name: "王小华", Title: "省民政厅党组成员、副厅长"}},
			// "各设区市民政局分管负责同志、社会事务处负责同志及残疾人福利工作职能处室
			// 负责同志，厅社会事务处有关人员参加会议": the first group are all the
			// city bureaus' staff; only the last are the provincial 厅's.
			Attendees: []string{
				"各设区市民政局分管负责同志、社会事务处负责同志及残疾人福利工作职能处室负责同志",
				"厅社会事务处有关人员",
			},
			Domains: []civ.Domain{civ.DomainFuneralManagement, civ.DomainMarriageRegistration, civ.DomainDisabilityWelfare, civ.DomainVagrantRescue},
			Summary: "版面标题：江苏省民政厅举办2024年全省社会事务工作培训会。会议总结2023年工作，分析面临形势，研究部署2024年重点任务；" +
				"省民政厅党组成员、副厅长王小华出席会议并讲话。会议就全省救助管理区域性中心试点工作进行了动员部署，就切实做好2024年清明祭扫工作进行了专题安排，" +
				"并围绕残疾人福利和救助管理工作、殡葬管理和婚姻登记工作、救助管理区域性中心试点工作进行了业务培训。" +
				"会上，6个设区市民政局作了经验交流发言，7个设区市民政局作了书面交流。",
			// 本报记者 皮磊 stands under this item's headline; its text opens
			// 据江苏省民政厅官网消息.
			Reports: []civ.Report{pageReport("江苏省民政厅官网", bylinePiLei)},
		}},
		Tasks: []civ.Task{
			o.task("JS-TASK-001", "积极深化殡葬改革", "加快推进殡仪馆、公益性公墓等殡葬基础设施建设，扎实抓好殡葬领域突出问题整治规范工作，健全殡葬领域综合监管。", civ.DomainFuneralManagement, year2024),
			o.task("JS-TASK-002", "提升婚姻管理服务质效", "放大婚俗改革示范区创建成效，完善标准规范，打造更多新场景新模式，不断优化结婚登记颁证、集体婚礼、婚姻家庭辅导等公共服务。", civ.DomainMarriageRegistration, year2024),
			o.task("JS-TASK-003", "创新完善残疾人福利制度", "加强残疾人两项补贴精准化管理，完善补贴标准动态调整机制，深入实施“精康融合行动”，推动康复辅助器具区域综合服务中心建设。", civ.DomainDisabilityWelfare, year2024),
			o.task("JS-TASK-004", "提升流浪乞讨人员救助管理服务水平", "开展救助管理区域性中心试点，持续加强信息技术深度应用，拓宽社会力量参与途径和方式。", civ.DomainVagrantRescue, year2024),
			o.task("JS-TASK-005", "做好2024年清明祭扫工作", "就切实做好2024年清明祭扫工作进行了专题安排。", civ.DomainFuneralManagement, qingming2024("2024年清明")),
		},
	}
}
