// Package shanghai is the connector for 上海市民政局 on the public data
// platform (internal/sampleapi/shanghai is its sample server). It POSTs a JSON body
// of filters plus limit/offset to /interface/{resourceNo}/{interfaceNo}
// with the token header, reads any Offset/Limit window from the covering
// pages of 100, and decodes the answer twice: the envelope
// {"code":"000000","message":…,"data":"…"} and the JSON string in data,
// {state, total, data}. Code 100004 "busy" and HTTP 429 (honouring
// Retry-After) are retried by the shared client; 100001 becomes
// SOURCE_AUTH_FAILED and 100002 BAD_USER_INPUT. Rows are mapped with
// GCJ-02 coordinates converted to WGS-84, epoch-millisecond times, dates
// with their precision code and wording, and numeric code tables (orgType
// 2014 助餐点, 2015 社区长者食堂; see codes.go).
//
// It imports civ, geo, connectors, connectors/kit, connectors/httpclient and
// connectors/cache; it must not import internal/sampleapi/ (the wire format is its
// own), federation or anything above.
package shanghai
