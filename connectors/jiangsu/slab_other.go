//go:build !linux

package jiangsu

// Without anonymous mappings a slab's arrays are ordinary slices.
func mapMemory(int) []byte { return nil }

func remapMemory([]byte, int) []byte { return nil }

func unmapMemory([]byte) {}
