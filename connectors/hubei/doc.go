// Package hubei is the connector for 湖北省民政厅's government service
// gateway (see upstreams/hubei for the sample). Every attempt, retries
// included, is signed afresh — new timestamp and nonce — so the gateway's
// skew and replay checks never reject a retry. Dates such as 2024年3月20日
// are parsed with their precision.
//
// It imports civ, connectors, connectors/upstream and connectors/cache only.
package hubei
