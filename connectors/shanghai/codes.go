package shanghai

import "github.com/civgraph/civgraph/civ"

// The platform's code tables. 2011, 2014 and 2015 are orgType codes found
// in public front-end code of a Shanghai elderly-service dashboard (综合为老
// 服务中心, 助餐点, 社区长者食堂); 3001–3007 and the other tables are the
// sample platform's own choices, not published ones.
var orgTypes = map[int]civ.SiteType{
	2011: civ.SiteElderlyServiceCenter, // 综合为老服务中心
	2014: civ.SiteMealPoint,            // 助餐点
	2015: civ.SiteCommunityCanteen,     // 社区长者食堂
	3001: civ.SiteMarriageRegistry,     // 婚姻登记处
	3002: civ.SiteFuneralHome,          // 殡仪馆
	3003: civ.SiteCemetery,             // 公墓
	3004: civ.SiteRescueStation,        // 救助管理站
	3005: civ.SiteRehabAidCenter,       // 康复辅助器具服务中心
	3006: civ.SiteElderlyCareHome,      // 养老机构
	3007: civ.SiteChildWelfareHome,     // 儿童福利机构
}

// businessTypes are the 业务类别 codes of domains.
var businessTypes = map[int]civ.Domain{
	1: civ.DomainSocialAssistance,     // 社会救助
	2: civ.DomainFuneralManagement,    // 殡葬管理
	3: civ.DomainMarriageRegistration, // 婚姻登记
	4: civ.DomainDisabilityWelfare,    // 残疾人福利
	5: civ.DomainVagrantRescue,        // 流浪乞讨人员救助管理
	6: civ.DomainElderlyMeals,         // 老年助餐
	7: civ.DomainElderlyCare,          // 养老服务
	8: civ.DomainSocialAffairs,        // 社会事务
	9: civ.DomainChildWelfare,         // 儿童福利
}

// credibilities grade a real row's source; 0 is none (generated rows).
var credibilities = map[int]civ.Confidence{
	0: "", 1: civ.ConfidenceHigh, 2: civ.ConfidenceMedium, 3: civ.ConfidenceLowMedium, 4: civ.ConfidenceLow,
}

// meetingTypes are the 会议类型 codes.
var meetingTypes = map[int]civ.MeetingKind{1: civ.MeetingWorkConference, 2: civ.MeetingTrainingCourse}

// originTypes are the codes of what set a task: 1 会议, 2 政策文件.
var originTypes = map[int]civ.OriginKind{1: civ.OriginMeeting, 2: civ.OriginPolicyDocument}

// precisions are the 日期精度 codes; 0 is a date that states nothing.
var precisions = map[int]civ.DatePrecision{
	0: "", 1: civ.PrecisionYear, 2: civ.PrecisionMonth, 3: civ.PrecisionDay, 9: civ.PrecisionUnknown,
}

// codeOf finds v's code in a code table.
func codeOf[V comparable](table map[int]V, v V) (int, bool) {
	for code, x := range table {
		if x == v {
			return code, true
		}
	}
	return 0, false
}
