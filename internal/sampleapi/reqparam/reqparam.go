// Package reqparam holds the small parameter checks every sample upstream
// makes the same way, whatever its protocol calls the parameters.
//
// It imports nothing of ours.
package reqparam

import "strings"

// List splits a comma-separated parameter; absent means no values.
func List(v string) []string {
	if v == "" {
		return nil
	}
	return strings.Split(v, ",")
}

// Digits reports whether s holds only ASCII digits (an empty s does: an
// absent code is no wrong code).
func Digits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
