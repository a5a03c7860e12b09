// Package httpcache makes persisted GraphQL GET answers cacheable over
// HTTP: a strong ETag over the body, Cache-Control with the max-age the
// GraphQL layer allows for the data used, and 304 Not Modified to a
// matching If-None-Match.
//
// The GraphQL layer decides (Allow) from inside the request; this package
// only buffers, hashes and writes headers. It imports nothing of civgraph
// and must stay that way.
package httpcache
