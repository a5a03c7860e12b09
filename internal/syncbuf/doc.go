// Package syncbuf is a byte buffer that several goroutines may write to
// and read from at once: the sink tests give a logger or a child
// process's output while the code under test keeps writing.
//
// It imports only the standard library, and only tests import it.
package syncbuf
