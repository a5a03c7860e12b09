package panics

import (
	"fmt"
	"runtime/debug"
)

// Error is a recovered panic. Its message names only the panic's value;
// the stack is for the log, never for a client.
type Error struct {
	Value any
	Stack []byte
}

func (e *Error) Error() string { return fmt.Sprintf("panic: %v", e.Value) }

// Recover, deferred directly (`defer panics.Recover(&err)`), stops a panic
// of the calling function and stores it in *err as an *Error.
func Recover(err *error) {
	if v := recover(); v != nil {
		*err = &Error{Value: v, Stack: debug.Stack()}
	}
}
