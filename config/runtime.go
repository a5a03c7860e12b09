package config

import "fmt"

// Defaults of the Go runtime's collector. An uncached page allocates about
// 300 KB, so the collector's pace is a large part of its CPU cost, while
// the live heap is small: the caches' bounds (112 MiB by default) and what
// requests in flight hold; the Jiangsu snapshot is off the heap. At 400
// (Go's default is 100) an uncached page costs about a fifth less CPU (see
// BENCHMARKS.md), and the heap may grow to five times what is live; the
// soft memory limit caps that growth well above what the default caches
// hold, so that it is never what paces the collector when they are full.
const (
	DefaultGCPercent         = 400
	DefaultMemoryLimit int64 = 384 << 20
	MinMemoryLimit     int64 = 16 << 20 // below it the collector would run nearly all the time
	// memoryHeadroom is what requests in flight and the runtime itself
	// may need beside the caches, for the memory limit warning.
	memoryHeadroom int64 = 64 << 20
)

// RuntimeConfig tunes the Go runtime. The GOGC and GOMEMLIMIT environment
// variables, when set, win over these keys, as Go's own documentation
// leads an operator to expect.
type RuntimeConfig struct {
	GCPercent   int   `yaml:"gc_percent" doc:"how far the heap may grow past what the last collection found live before the next one, in percent (Go's GOGC; -1: only runtime.memory_limit starts collections); the GOGC environment variable, when set, wins"`
	MemoryLimit int64 `yaml:"memory_limit" doc:"soft limit of the memory the Go runtime holds, in bytes: near it the collector runs more often, whatever runtime.gc_percent says (Go's GOMEMLIMIT; 0: none); set it to about 80% of the container's memory; the GOMEMLIMIT environment variable, when set, wins"`
}

func (r RuntimeConfig) validate() []error {
	var errs []error
	switch {
	case r.GCPercent == -1 && r.MemoryLimit == 0:
		errs = append(errs, fmt.Errorf("runtime.gc_percent: -1 needs runtime.memory_limit, or the heap grows without bound"))
	case r.GCPercent == 0 || r.GCPercent < -1:
		errs = append(errs, fmt.Errorf("runtime.gc_percent: must be positive, or -1, got %d", r.GCPercent))
	}
	if r.MemoryLimit != 0 && r.MemoryLimit < MinMemoryLimit {
		errs = append(errs, fmt.Errorf("runtime.memory_limit: must be 0 (none) or at least %d, got %d", MinMemoryLimit, r.MemoryLimit))
	}
	return errs
}

// runtimeWarnings warns of a memory limit that full caches would reach:
// the collector would then run nearly all the time (the runtime caps it at
// about half the CPU), a slowdown rather than a failure, so it is valid.
func (c Config) runtimeWarnings() []string {
	caches := c.Cache.MaxBytes + c.Cache.MemoMaxBytes + c.ResponseCache.MaxBytes
	if c.Runtime.MemoryLimit == 0 || c.Runtime.MemoryLimit >= caches+memoryHeadroom {
		return nil
	}
	return []string{fmt.Sprintf("runtime.memory_limit (%d bytes) leaves less than %d bytes beside what cache.max_bytes, cache.memo_max_bytes and response_cache.max_bytes may hold (%d bytes): once they fill, the collector runs nearly all the time; raise runtime.memory_limit or lower those bounds",
		c.Runtime.MemoryLimit, memoryHeadroom, caches)}
}
