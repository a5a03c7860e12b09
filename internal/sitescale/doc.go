// Command sitescale is a bounded run, not a test: it builds civgraph,
// starts the sample upstreams with N generated sites per province
// (civgraph upstreams --sample-sites N) and a gateway pointed at them in
// a second process, asks the gateway a fixed set of service-site queries
// (Jiangsu's: pages, counts, keyword, region, type and sample filters),
// and prints each query's median latency, the errors and the gateway's
// resident memory (VmRSS and its peak, VmHWM).
// It exits non-zero when any request failed.
//
// It imports internal/embedded (the upstreams' environment) only; it
// talks to civgraph over its CLI and HTTP, as an operator would.
//
//	go run ./internal/sitescale -sites 10000,1000000
//
// With several sizes, all stacks run side by side and each query is asked
// of them in turn; it prints each query's latency at the largest size
// over its latency at the smallest, measured in the same run.
package main
