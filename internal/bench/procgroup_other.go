//go:build !linux

package bench

import (
	"os"
	"os/exec"
	"syscall"
)

// Elsewhere than Linux there is no parent-death signal, and the peer's
// process is signalled alone: a worker of a multi-process peer may
// outlive it. The benchmark's figures (RSS from /proc) are Linux's anyway.

func groupProcess(*exec.Cmd) {}

func followParent(*exec.Cmd) {}

func signalGroup(pid int, s syscall.Signal) error {
	p, err := os.FindProcess(pid)
	if err != nil {
		return err
	}
	return p.Signal(s)
}
