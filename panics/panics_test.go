package panics

import (
	"errors"
	"strings"
	"testing"
)

func boom() (err error) {
	defer Recover(&err)
	var m map[string]int
	m["x"] = 1 // a nil map write panics
	return nil
}

func TestRecoverTurnsAPanicIntoAnError(t *testing.T) {
	err := boom()
	var pe *Error
	if !errors.As(err, &pe) {
		t.Fatalf("err = %v, want *Error", err)
	}
	if !strings.Contains(pe.Error(), "nil map") {
		t.Errorf("message %q does not name the panic", pe.Error())
	}
	if !strings.Contains(string(pe.Stack), "boom") {
		t.Errorf("stack does not show where it panicked:\n%s", pe.Stack)
	}
}

func TestRecoverLeavesAnErrorAlone(t *testing.T) {
	want := errors.New("plain")
	got := func() (err error) {
		defer Recover(&err)
		return want
	}()
	if got != want {
		t.Errorf("err = %v, want %v", got, want)
	}
}
