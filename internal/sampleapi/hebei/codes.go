package hebei

import "github.com/civgraph/civgraph/civ"

// The platform's code tables (pinyin initials). Both the rows and the
// filter parameters use them. No Hebei code table is published: these are
// this project's sample choices, made in the style of the platform's
// pinyin field names.

// domainCodes are the 业务领域 codes.
var domainCodes = map[civ.Domain]string{
	civ.DomainSocialAssistance:     "SHJZ",  // 社会救助
	civ.DomainFuneralManagement:    "BZGL",  // 殡葬管理
	civ.DomainMarriageRegistration: "HYDJ",  // 婚姻登记
	civ.DomainDisabilityWelfare:    "CJRFL", // 残疾人福利
	civ.DomainVagrantRescue:        "LLQT",  // 流浪乞讨人员救助管理
	civ.DomainElderlyMeals:         "LNZC",  // 老年助餐
	civ.DomainElderlyCare:          "YLFW",  // 养老服务
	civ.DomainSocialAffairs:        "SHSW",  // 社会事务
	civ.DomainChildWelfare:         "ETFL",  // 儿童福利
}

// siteTypeCodes are the 场所类型 codes.
var siteTypeCodes = map[civ.SiteType]string{
	civ.SiteMealPoint:            "ZCD",   // 老年助餐点
	civ.SiteCommunityCanteen:     "ZZST",  // 社区长者食堂
	civ.SiteMarriageRegistry:     "HYDJC", // 婚姻登记处
	civ.SiteFuneralHome:          "BYG",   // 殡仪馆
	civ.SiteCemetery:             "GM",    // 公墓
	civ.SiteRescueStation:        "JZGLZ", // 救助管理站
	civ.SiteRehabAidCenter:       "KFFJ",  // 康复辅助器具服务中心
	civ.SiteElderlyServiceCenter: "WLFW",  // 综合为老服务中心
	civ.SiteElderlyCareHome:      "YLJG",  // 养老机构
	civ.SiteChildWelfareHome:     "ETFLY", // 儿童福利院
}

// confidenceCodes are the 可信度 codes of a real row's source.
var confidenceCodes = map[civ.Confidence]string{
	civ.ConfidenceHigh: "G", civ.ConfidenceMedium: "Z", civ.ConfidenceLowMedium: "ZD", civ.ConfidenceLow: "D",
}

var kindCodes = map[civ.MeetingKind]string{
	civ.MeetingWorkConference: "GZHY", // 工作会议
	civ.MeetingTrainingCourse: "PXB",  // 培训班
}

var originCodes = map[civ.OriginKind]string{
	civ.OriginMeeting:        "HY",   // 会议
	civ.OriginPolicyDocument: "ZCWJ", // 政策文件
}

var precisionCodes = map[civ.DatePrecision]string{
	civ.PrecisionDay: "D", civ.PrecisionMonth: "M", civ.PrecisionYear: "Y", civ.PrecisionUnknown: "U",
}

// inverse builds the code → value table of a value → code table.
func inverse[K comparable](m map[K]string) map[string]K {
	out := make(map[string]K, len(m))
	for k, v := range m {
		out[v] = k
	}
	return out
}

var (
	domainByCode   = inverse(domainCodes)
	siteTypeByCode = inverse(siteTypeCodes)
)

func domainCodeList(ds []civ.Domain) []string {
	out := make([]string, len(ds))
	for i, d := range ds {
		out[i] = domainCodes[d]
	}
	return out
}
