// Package bench is civgraph's load benchmark (civgraph bench): it starts
// the sample upstreams and gateways as child processes of the running
// binary, drives load at them over loopback with vegeta's library, and
// prints for each scenario throughput, latency percentiles, allocations per
// request and peak RSS beside two baselines measured in the same run — a
// plain net/http handler serving the gateway's very answer bytes, in a
// process of its own as the gateway (raw.go), and the upstream called
// directly — then PASS or FAIL per performance target,
// judged only from ratios of figures taken in that run. A few scenarios
// add the peer, Hive Gateway over the same upstream process (peer.go: its
// pinned npm packages in peer/, installed with npm ci outside the
// repository; node processes in groups of their own).
//
// Children are separate processes so that the gateway's allocations (read
// from its diagnostics listener, debug.listen) and its RSS are its own,
// not the load generator's or the upstreams'.
//
// The package may import config (to name settings) and the sample APIs'
// published constants; it must not import the gateway, server, federation
// or connectors: it measures them only from outside, over HTTP.
package bench
