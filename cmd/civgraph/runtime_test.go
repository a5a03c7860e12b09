package main

import (
	"bytes"
	"log/slog"
	"math"
	"runtime/debug"
	"strings"
	"testing"

	"github.com/civgraph/civgraph/config"
)

func TestApplyRuntime(t *testing.T) {
	gc, limit := debug.SetGCPercent(100), debug.SetMemoryLimit(-1)
	t.Cleanup(func() { debug.SetGCPercent(gc); debug.SetMemoryLimit(limit) })

	env := func(vars map[string]string) func(string) string { return func(k string) string { return vars[k] } }
	for _, c := range []struct {
		name        string
		cfg         config.RuntimeConfig
		env         map[string]string
		wantGC      int
		wantLimit   int64
		wantLogged  []string
		presetGC    int
		presetLimit int64
	}{
		{"from the config", config.RuntimeConfig{GCPercent: 250, MemoryLimit: 64 << 20}, nil, 250, 64 << 20,
			[]string{"gc_percent=250", "gc_percent_from=runtime.gc_percent", "memory_limit=67108864"}, 100, math.MaxInt64},
		{"no memory limit", config.RuntimeConfig{GCPercent: 300}, nil, 300, math.MaxInt64,
			[]string{"memory_limit=0", "memory_limit_from=runtime.memory_limit"}, 100, 32 << 20},
		{"the environment wins", config.RuntimeConfig{GCPercent: 250, MemoryLimit: 64 << 20}, map[string]string{"GOGC": "123", "GOMEMLIMIT": "96MiB"}, 123, 96 << 20,
			[]string{"gc_percent=123", "gc_percent_from=GOGC", "memory_limit=100663296", "memory_limit_from=GOMEMLIMIT"}, 123, 96 << 20},
	} {
		t.Run(c.name, func(t *testing.T) {
			// The preset stands for what the runtime read from GOGC and
			// GOMEMLIMIT at start.
			debug.SetGCPercent(c.presetGC)
			debug.SetMemoryLimit(c.presetLimit)
			var log bytes.Buffer
			applyRuntime(c.cfg, env(c.env), slog.New(slog.NewTextHandler(&log, nil)))
			if got := debug.SetGCPercent(c.presetGC); got != c.wantGC {
				t.Errorf("gc percent = %d, want %d", got, c.wantGC)
			}
			if got := debug.SetMemoryLimit(-1); got != c.wantLimit {
				t.Errorf("memory limit = %d, want %d", got, c.wantLimit)
			}
			for _, w := range c.wantLogged {
				if !strings.Contains(log.String(), w) {
					t.Errorf("log %q lacks %q", log.String(), w)
				}
			}
		})
	}
}
