// Package jiangsu is the connector for 江苏省民政厅's open-data portal (see
// internal/sampleapi/jiangsu for the sample and the wire format).
//
// Meetings, policy documents and tasks come from the paged JSON API
// (GET /opendata/api?resid=…&page=…&rows=100 with "Authorization: Bearer
// <token>") with every filter pushed down. The envelope's data field is a
// JSON array inside a string, so it is decoded twice. Business errors come
// inside HTTP 200: errcode 10004 (rate limited), 10005 and 10009 are
// retried by the shared upstream client; 10001–10003 become
// SOURCE_AUTH_FAILED, 10004 after retries SOURCE_RATE_LIMITED, 10008
// BAD_USER_INPUT. Dates are yyyyMMdd, yyyyMM or yyyy by precision ("" when
// unknown); times yyyyMMddHHmmss in China Standard Time.
//
// Service sites come only as a bulk GB18030 CSV file without server-side
// filtering. The connector parses it as it streams (Config.BulkMaxBytes
// bounds it; a larger file is SOURCE_BAD_RESPONSE, never retried) into a
// compact columnar snapshot (snapshot.go, strtab.go), held outside the
// Go heap (slab.go), indexed once per download (index.go, grid.go,
// textindex.go): by id, region, site type, sample flag, location and the
// text runs of names and addresses, and presorted for every site order,
// keyword matches kept per snapshot (text.go);
// a query is compiled against it (plan.go) and its window cut at about
// the window's cost (query.go). It keeps the snapshot with its
// ETag, revalidates it with a conditional GET (If-None-Match → 304) once
// it is older than the cache TTL, coalesces concurrent refreshes, serves
// the old snapshot flagged stale when a refresh fails, and remembers an
// unusable file by ETag until revalidation, so it is not downloaded again
// meanwhile. Its Capabilities declare no push-down for sites: the
// upstream filters nothing; the connector answers every filter, Near and
// Box included, and every site order itself (DistanceKm is the
// federation's to set).
//
// It imports civ, geo, textmatch, connectors, connectors/kit,
// connectors/httpclient, connectors/cache and golang.org/x/sys/unix only,
// never the gateway's GraphQL, federation or server packages.
package jiangsu
