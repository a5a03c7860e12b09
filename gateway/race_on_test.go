//go:build race

package gateway_test

// raceSlowdown: the race detector slows every goroutine several times
// over, so wall-time bounds in tests stretch by this factor under it.
const raceSlowdown = 10
