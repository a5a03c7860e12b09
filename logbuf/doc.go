// Package logbuf gathers log lines in a bounded buffer and writes them to
// their destination in batches: one write system call per batch instead of
// one per line, which under load is most of what an access log costs.
//
// A line waits at most the flush interval (a timer armed by the first line
// into an empty buffer, so an idle process wakes for nothing), less when
// the buffer fills, and none once Flush or Close is called; a slog handler
// wrapped by FlushAt flushes after every record at or above a level, so
// errors are written at once. The trade-off: a process killed without
// running Close (SIGKILL, a runtime crash) loses the lines of at most one
// interval. An interval of 0 writes every line through as it comes.
//
// The package imports only the standard library.
package logbuf
