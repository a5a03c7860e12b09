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
	return fmt.Sprintf("%s… (%d bytes)", strconv.Quote(prefix(s, MaxEcho)), len(s))
}

// MaxMessage is the longest error message the gateway answers with.
const MaxMessage = 512

// Clip bounds an error message the gateway did not word itself (gqlgen's
// and gqlparser's repeat an operation name or an enum value whole) to
// MaxMessage bytes.
func Clip(msg string) string {
	if len(msg) <= MaxMessage {
		return msg
	}
	return fmt.Sprintf("%s… (%d bytes)", prefix(msg, MaxMessage), len(msg))
}

// prefix is s's first n bytes at most, cut at a character boundary.
func prefix(s string, n int) string {
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
