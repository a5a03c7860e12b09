// Package shanghai is the connector for 上海市民政局 on the public data
// platform (see upstreams/shanghai for the sample). It POSTs filters with
// limit/offset and the token header, decodes the data field twice (JSON
// inside a string), honours HTTP 429 Retry-After through the shared
// client, converts GCJ-02 coordinates to WGS-84, reads epoch-millisecond
// times and maps numeric organisation types (2014 助餐点, 2015 社区长者食堂).
//
// It imports civ, geo, connectors, connectors/upstream and connectors/cache only.
package shanghai
