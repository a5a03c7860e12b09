package config

import "reflect"

// Diff lists the keys whose values differ between a and b, in
// declaration order; it names credentials, never their values.
func Diff(a, b Config) []string {
	sa, sb := settings(&a), settings(&b)
	var out []string
	for i := range sa {
		if !reflect.DeepEqual(sa[i].value.Interface(), sb[i].value.Interface()) {
			out = append(out, sa[i].key())
		}
	}
	return out
}
