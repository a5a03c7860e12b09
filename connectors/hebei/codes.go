package hebei

import "github.com/civgraph/civgraph/civ"

// The platform's code tables (pinyin initials), used in rows and in the
// filter parameters.

// domains are the 业务领域 codes.
var domains = map[string]civ.Domain{
	"SHJZ":  civ.DomainSocialAssistance,     // 社会救助
	"BZGL":  civ.DomainFuneralManagement,    // 殡葬管理
	"HYDJ":  civ.DomainMarriageRegistration, // 婚姻登记
	"CJRFL": civ.DomainDisabilityWelfare,    // 残疾人福利
	"LLQT":  civ.DomainVagrantRescue,        // 流浪乞讨人员救助管理
	"LNZC":  civ.DomainElderlyMeals,         // 老年助餐
	"YLFW":  civ.DomainElderlyCare,          // 养老服务
	"SHSW":  civ.DomainSocialAffairs,        // 社会事务
	"ETFL":  civ.DomainChildWelfare,         // 儿童福利
}

// siteTypes are the 场所类型 codes.
var siteTypes = map[string]civ.SiteType{
	"ZCD":   civ.SiteMealPoint,            // 老年助餐点
	"ZZST":  civ.SiteCommunityCanteen,     // 社区长者食堂
	"HYDJC": civ.SiteMarriageRegistry,     // 婚姻登记处
	"BYG":   civ.SiteFuneralHome,          // 殡仪馆
	"GM":    civ.SiteCemetery,             // 公墓
	"JZGLZ": civ.SiteRescueStation,        // 救助管理站
	"KFFJ":  civ.SiteRehabAidCenter,       // 康复辅助器具服务中心
	"WLFW":  civ.SiteElderlyServiceCenter, // 综合为老服务中心
	"YLJG":  civ.SiteElderlyCareHome,      // 养老机构
	"ETFLY": civ.SiteChildWelfareHome,     // 儿童福利院
}

// confidences are the 可信度 codes of a real row's source; "" is none.
var confidences = map[string]civ.Confidence{
	"G": civ.ConfidenceHigh, "Z": civ.ConfidenceMedium, "ZD": civ.ConfidenceLowMedium, "D": civ.ConfidenceLow, "": "",
}

// kinds are the 会议类型 codes.
var kinds = map[string]civ.MeetingKind{"GZHY": civ.MeetingWorkConference, "PXB": civ.MeetingTrainingCourse}

// origins are the 来源类型 codes of tasks.
var origins = map[string]civ.OriginKind{"HY": civ.OriginMeeting, "ZCWJ": civ.OriginPolicyDocument}

// precisions are the 精确度 codes of dates; "" is a date that states nothing.
var precisions = map[string]civ.DatePrecision{
	"D": civ.PrecisionDay, "M": civ.PrecisionMonth, "Y": civ.PrecisionYear, "U": civ.PrecisionUnknown, "": "",
}

// codeOf finds the code of v in a code table.
func codeOf[V comparable](table map[string]V, v V) (string, bool) {
	for code, x := range table {
		if x == v {
			return code, true
		}
	}
	return "", false
}
