package main

import (
	"log/slog"
	"math"
	"runtime/debug"

	"github.com/civgraph/civgraph/config"
)

// applyRuntime sets the collector's pace (runtime.gc_percent) and soft
// memory limit (runtime.memory_limit) of this process and logs what is in
// force and where it came from. GOGC and GOMEMLIMIT, when set, win: the
// runtime has already read them, so their setting is left as it is.
func applyRuntime(c config.RuntimeConfig, getenv func(string) string, logger *slog.Logger) {
	attrs := make([]any, 0, 8)
	if v := getenv("GOGC"); v != "" {
		attrs = append(attrs, "gc_percent", v, "gc_percent_from", "GOGC")
	} else {
		debug.SetGCPercent(c.GCPercent)
		attrs = append(attrs, "gc_percent", c.GCPercent, "gc_percent_from", "runtime.gc_percent")
	}
	if getenv("GOMEMLIMIT") != "" {
		attrs = append(attrs, "memory_limit", debug.SetMemoryLimit(-1), "memory_limit_from", "GOMEMLIMIT")
	} else {
		limit := c.MemoryLimit
		if limit == 0 {
			limit = math.MaxInt64 // the runtime's "no limit"
		}
		debug.SetMemoryLimit(limit)
		attrs = append(attrs, "memory_limit", c.MemoryLimit, "memory_limit_from", "runtime.memory_limit")
	}
	logger.Info("go runtime settings", attrs...)
}
