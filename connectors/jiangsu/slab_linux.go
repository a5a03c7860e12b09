package jiangsu

import "syscall"

// mapMemory maps size bytes of zeroed anonymous memory, backed only as it
// is written (MAP_NORESERVE: a reservation is not counted against the
// system's commit limit); nil when the system refuses.
func mapMemory(size int) []byte {
	b, err := syscall.Mmap(-1, 0, size, syscall.PROT_READ|syscall.PROT_WRITE,
		syscall.MAP_ANON|syscall.MAP_PRIVATE|syscall.MAP_NORESERVE)
	if err != nil {
		return nil
	}
	return b
}

func unmapMemory(b []byte) { _ = syscall.Munmap(b) }
