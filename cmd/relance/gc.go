package main

import (
	"os"
	"runtime/debug"
)

// The collector's settings for a process that allocates for every message
// it sends: the heap may grow to gcPercent % above the live data before a
// collection (Go's default is 100), under a soft limit of memLimit that
// keeps the send path below its 200 MB (BENCHMARKS.md has both runs).
// GOGC and GOMEMLIMIT, when set, win.
const (
	gcPercent = 300
	memLimit  = 160 << 20
)

func tuneGC() {
	if os.Getenv("GOGC") == "" {
		debug.SetGCPercent(gcPercent)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		debug.SetMemoryLimit(memLimit)
	}
}
