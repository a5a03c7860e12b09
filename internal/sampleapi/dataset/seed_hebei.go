package dataset

import "github.com/civgraph/civgraph/civ"

// seedHebei: 2024年河北省社会救助工作会议 in 邯郸永年, reported only as 日前
// (recently) and credited 据河北省民政厅. The article names no organizer.
// The national document it cites (国务院办公厅转发民政部等10部门《关于加强
// 低收入人口动态监测做好分层分类社会救助工作的意见》) is not Hebei's own, so it
// is told in the summary rather than served as a Hebei policy document.
func seedHebei() *Province {
	o := origin{civ.Hebei, civ.OriginMeeting, "HEB-MTG-2024-001"}
	sa := civ.DomainSocialAssistance
	return &Province{
		Meetings: []civ.Meeting{{
			ID: o.id, Province: civ.Hebei,
			Title: "2024年河北省社会救助工作会议",
			Kind:  civ.MeetingWorkConference,
			Date:  unknownDate("日前"),
			// 永年区 of 邯郸市.
			RegionCode: "130408", Venue: "河北邯郸永年",
			// As the article lists them: "各市（含定州、辛集市）民政局、雄安新区
			// 公共服务局分管负责同志，社会救助科（处）相关负责同志、业务骨干和部分县
			// （市、区）民政局负责同志参加会议".
			Attendees: []string{
				"各市（含定州、辛集市）民政局、雄安新区公共服务局分管负责同志",
				"社会救助科（处）相关负责同志、业务骨干",
				"部分县（市、区）民政局负责同志",
			},
			Domains: []civ.Domain{sa},
			Summary: "会议认真总结2023年工作，安排部署2024年重点任务。会议指出，2023年全省社会救助系统全力保民生、兜底线、强服务，" +
				"扎实做好困难群众基本生活保障工作。会议强调，全省社救系统要以宣传贯彻落实国务院办公厅转发民政部等10部门" +
				"《关于加强低收入人口动态监测做好分层分类社会救助工作的意见》为统领，按照“保基本、兜底线、救急难、可持续”的总体思路，" +
				"深入推进社会救助制度改革创新。",
			// Credited （据河北省民政厅）; no reporter is named.
			Reports: []civ.Report{pageReport("河北省民政厅", "")},
		}},
		Tasks: []civ.Task{
			o.task("HEB-TASK-001", "健全完善分层分类救助体系", "推进多层次救助，丰富完善层次衔接和梯度延伸。", sa, year2024),
			o.task("HEB-TASK-002", "抓好低收入人口动态监测", "加强部门间信息共享，健全完善主动发现机制。", sa, year2024),
			o.task("HEB-TASK-003", "巩固拓展脱贫攻坚成果", "配合农业农村部门持续巩固拓展脱贫攻坚成果，坚决守住不发生规模性返贫的底线。", sa, year2024),
			o.task("HEB-TASK-004", "推进社会救助扩围增效民生工程", "扎实推进社会救助扩围增效民生工程，不断提高社会救助工作质量。", sa, year2024),
			o.task("HEB-TASK-005", "提升社会救助服务效能", "全面提升社会救助服务效能，建立健全政府救助与慈善帮扶衔接机制。", sa, year2024),
			o.task("HEB-TASK-006", "开展社会救助领域综合治理", "持续开展社会救助领域综合治理，扎实做好社会救助领域信访矛盾化解和隐患排查工作，全面提升突发事件应对处置能力。", sa, year2024),
		},
	}
}
