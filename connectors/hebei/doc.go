// Package hebei is the connector for 河北省民政厅's data middle-platform API
// (internal/sampleapi/hebei is its sample server; no Hebei documentation
// was found, so the protocol is that sample's, in the generic 数据中台 style). It sends the appKey header, reads
// any Offset/Limit window from the covering pageNum/pageSize pages of 100,
// unwraps the {code, msg, success, data:{list, total}} envelope — code 5003
// "system busy" is retried by the shared client, 1001 becomes
// SOURCE_AUTH_FAILED, 1002 BAD_USER_INPUT — and maps the pinyin-initial
// fields, code tables and "2006-01-02 15:04:05" CST times (each date with
// its precision and wording) to civ values.
//
// It imports civ, connectors, connectors/kit, connectors/httpclient and
// connectors/cache; it must not import internal/sampleapi/ (the wire format
// is its own), federation or anything above.
package hebei
