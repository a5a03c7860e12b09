//go:build race

package jiangsu

// testScale shrinks the generated registers of the index tests under the
// race detector, which slows them tenfold; the properties they check do
// not depend on the size.
const testScale = 4
