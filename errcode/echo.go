package errcode

import (
	"fmt"
	"strconv"
	"unicode/utf8"
)

// MaxEcho is how many bytes of a client-sent value an error message
// repeats.
const MaxEcho = 64

// Echo quotes a client-sent value (an ID, a cursor, a date) for an error
// message: whole when short, else its first MaxEcho bytes, cut at a
// character boundary, and its full length. A megabyte argument must not
// come back as a megabyte error, once per list item or alias.
func Echo(s string) string {
	if len(s) <= MaxEcho {
		return strconv.Quote(s)
	}
	cut := MaxEcho
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(s[:cut]), len(s))
}
