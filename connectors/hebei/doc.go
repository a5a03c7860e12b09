// Package hebei is the connector for 河北省民政厅's data middle-platform
// API (see upstreams/hebei for the sample server). It sends the appKey
// header, pages with pageNum/pageSize, unwraps the {code,msg,success,data}
// envelope — retrying code 5003 "system busy" through the shared client —
// and maps pinyin-initial fields and "2006-01-02 15:04:05" times to civ.
//
// It imports civ, connectors, connectors/upstream and connectors/cache only.
package hebei
