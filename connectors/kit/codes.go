package kit

import "fmt"

// CodesOf maps each of vs to its code in table (code → value), for a
// multi-value filter an upstream takes as codes; a value with no code
// cannot be asked.
func CodesOf[K, V comparable](table map[K]V, vs []V) ([]K, error) {
	var out []K
	for _, v := range vs {
		found := false
		for code, x := range table {
			if x == v {
				out, found = append(out, code), true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("no code for %v", v)
		}
	}
	return out, nil
}
