// Package jiangsu is the connector for 江苏省民政厅's open-data portal (see
// upstreams/jiangsu for the sample). It sends the Bearer token, pages with
// page/rows, decodes the envelope's data field twice (it is JSON inside a
// string), retries errcode 10004 (rate limited) and 10009 through the
// shared client, and parses yyyyMMdd dates.
//
// Service sites come only as a bulk GB18030 CSV file without server-side
// filtering: the connector keeps a parsed snapshot, revalidates it with a
// conditional GET (If-None-Match → 304) once it is older than the cache
// TTL, and filters and pages locally.
//
// It imports civ, connectors, connectors/upstream and connectors/cache only.
package jiangsu
