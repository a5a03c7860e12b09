package server

import (
	"expvar"
	"net/http"
	"net/http/pprof"
)

// DebugHandler serves Go's profiles under /debug/pprof/ and the runtime's
// counters (memstats: allocations, GC, heap) at /debug/vars. It belongs on
// its own listener (debug.listen), never on the public one: profiles show
// the program's internals and a CPU profile costs while it runs.
func DebugHandler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	mux.Handle("/debug/vars", expvar.Handler())
	return mux
}
