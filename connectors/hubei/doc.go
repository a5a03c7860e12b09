// Package hubei is the connector for 湖北省民政厅's government service
// gateway ("ebus/TIF" style; internal/sampleapi/hubei is its sample and documents
// the protocol — only the signing follows public evidence, the rest is the
// sample's own, as no Hubei documentation was found). It POSTs {"pageNo","pageSize":100,…filters} to
// /ebus/mz/{meetings,documents,tasks,sites}/query and serves any
// Offset/Limit window from the covering pages; every filter is pushed down.
//
// Every attempt, retries included, is signed afresh — new timestamp and
// nonce — so the gateway's skew and replay checks never reject a retry.
// Busy answers (code 10001 inside HTTP 200), 429 and 5xx are retried.
// Dates such as 2024年3月20日, 2024年3月 and 2024年 are parsed with their
// precision; times such as 2024年3月31日 08:00:00 are China Standard Time;
// coordinates arrive as WGS-84 and are kept as they are.
//
// It imports civ, connectors, connectors/kit, connectors/httpclient and
// connectors/cache only; never the sample upstream, the federation or the GraphQL layers.
package hubei
