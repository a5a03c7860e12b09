package civ

import "fmt"

// ProvinceCode names one of the four provinces the gateway federates.
type ProvinceCode string

// The provinces in their canonical order (by GB/T 2260 code). Cross-province
// lists are concatenated in this order.
const (
	Hebei    ProvinceCode = "HEBEI"
	Shanghai ProvinceCode = "SHANGHAI"
	Jiangsu  ProvinceCode = "JIANGSU"
	Hubei    ProvinceCode = "HUBEI"
)

// AllProvinces lists every province in canonical order (ascending admin code).
var AllProvinces = []ProvinceCode{Hebei, Shanghai, Jiangsu, Hubei}

// Province is a province and the civil-affairs department that publishes its data.
type Province struct {
	Code         ProvinceCode
	AdminCode    string // GB/T 2260 six-digit code, e.g. "130000"
	Name         string // e.g. 河北省
	NameEn       string
	Department   string // e.g. 河北省民政厅
	DepartmentEn string
}

var provinces = map[ProvinceCode]Province{
	Hebei:    {Code: Hebei, AdminCode: "130000", Name: "河北省", NameEn: "Hebei", Department: "河北省民政厅", DepartmentEn: "Department of Civil Affairs of Hebei Province"},
	Shanghai: {Code: Shanghai, AdminCode: "310000", Name: "上海市", NameEn: "Shanghai", Department: "上海市民政局", DepartmentEn: "Shanghai Municipal Civil Affairs Bureau"},
	Jiangsu:  {Code: Jiangsu, AdminCode: "320000", Name: "江苏省", NameEn: "Jiangsu", Department: "江苏省民政厅", DepartmentEn: "Department of Civil Affairs of Jiangsu Province"},
	Hubei:    {Code: Hubei, AdminCode: "420000", Name: "湖北省", NameEn: "Hubei", Department: "湖北省民政厅", DepartmentEn: "Department of Civil Affairs of Hubei Province"},
}

// ProvinceInfo returns the static description of a province.
func ProvinceInfo(code ProvinceCode) (Province, bool) {
	p, ok := provinces[code]
	return p, ok
}

// ProvinceByAdminCode finds the province whose GB/T 2260 code prefix (first
// two digits) matches the given region code.
func ProvinceByAdminCode(adminCode string) (Province, bool) {
	if len(adminCode) < 2 {
		return Province{}, false
	}
	for _, p := range provinces {
		if p.AdminCode[:2] == adminCode[:2] {
			return p, true
		}
	}
	return Province{}, false
}

// IsValid reports whether c is one of the four known provinces.
func (c ProvinceCode) IsValid() bool {
	_, ok := provinces[c]
	return ok
}

// ParseProvinceCode validates s as a province code.
func ParseProvinceCode(s string) (ProvinceCode, error) {
	c := ProvinceCode(s)
	if !c.IsValid() {
		return "", fmt.Errorf("unknown province %q", s)
	}
	return c, nil
}
