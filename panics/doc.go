// Package panics turns a panic in a goroutine that serves a request (a
// province's fan-out, a page fetch, a shared cache load) into an error that
// carries the panic's value and stack, so one broken connector answers one
// coded error instead of killing the process: a panic in a goroutine that
// nobody recovers ends the program, and singleflight re-panics beyond
// recovery.
//
// It is a leaf: it imports nothing of ours, so connectors, federation and
// gateway can all use it.
package panics
