package jiangsu

import "golang.org/x/sys/unix"

// mapMemory maps size bytes of zeroed anonymous memory, backed only as it
// is written (MAP_NORESERVE: a reservation is not counted against the
// system's commit limit); nil when the system refuses.
func mapMemory(size int) []byte {
	b, err := unix.Mmap(-1, 0, size, unix.PROT_READ|unix.PROT_WRITE, unix.MAP_ANON|unix.MAP_PRIVATE|unix.MAP_NORESERVE)
	if err != nil {
		return nil
	}
	return b
}

// remapMemory grows mapping b to size bytes, moving its pages rather than
// copying them, so a growing column never holds two copies; nil when the
// system refuses (b is then unchanged).
func remapMemory(b []byte, size int) []byte {
	m, err := unix.Mremap(b, size, unix.MREMAP_MAYMOVE)
	if err != nil {
		return nil
	}
	return m
}

func unmapMemory(b []byte) { _ = unix.Munmap(b) }
