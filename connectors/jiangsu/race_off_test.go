//go:build !race

package jiangsu

// testScale is 1 without the race detector (see race_on_test.go).
const testScale = 1
