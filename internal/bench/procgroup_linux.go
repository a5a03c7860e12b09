package bench

import (
	"os/exec"
	"syscall"
)

// groupProcess runs cmd in a process group of its own, killed by the
// kernel should this process die first (node's cluster workers exit when
// their parent's channel closes).
func groupProcess(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}

// followParent has the kernel end cmd should the benchmark itself be
// killed, unless cmd already has process attributes of its own.
func followParent(cmd *exec.Cmd) {
	if cmd.SysProcAttr == nil {
		cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	}
}

// signalGroup sends s to every process of the group pid leads.
func signalGroup(pid int, s syscall.Signal) error { return syscall.Kill(-pid, s) }
